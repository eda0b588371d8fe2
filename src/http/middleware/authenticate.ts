// Resolves the bearer token, if any, into a Principal with the memberships the desk stores.
import type { MiddlewareHandler } from 'hono';
import { Problem } from '../../domain/problem';
import { loadPrincipal } from '../../services/identity';
import type { AppEnv } from '../context';

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  if (header === undefined) {
    c.set('principal', undefined);
    return next();
  }
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(header.trim());
  // A token that is present but unusable is an error even on public routes: it never degrades to anonymous.
  if (!match || match[1]!.length > 8192)
    throw new Problem('unauthenticated', 'malformed Authorization header');
  const services = c.get('services');
  const identity = await services.verifyToken(match[1]!);
  if (!identity) throw new Problem('unauthenticated', 'invalid or expired token');
  c.set('principal', await loadPrincipal(services, identity.issuer, identity.subject));
  await next();
};
