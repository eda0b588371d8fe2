// Resolves the bearer token, if any, into a Principal with the memberships the desk stores.
//
// Routes that act on the caller's own records only, and never on their roles, take the verified identity
// alone and skip loading memberships; `requirePrincipal` refuses (401) on them, so a mistake fails closed.
import type { MiddlewareHandler } from 'hono';
import { Problem } from '../../domain/problem';
import { loadPrincipal } from '../../services/identity';
import type { AppEnv } from '../context';
import { clientAddress, enforce } from './rate-limits';

const IDENTITY_ONLY_ROUTES = new Set(['/v1/me/visas']);

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  c.set('principal', undefined);
  c.set('identity', undefined);
  if (header === undefined) return next();
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(header.trim());
  // A token that is present but unusable is an error even on public routes: it never degrades to anonymous.
  // Failed authentications count against the address: guessing tokens is answered 429 once over budget.
  const refuse = async (detail: string) => {
    await enforce(c, 'authFailures', `address:${clientAddress(c)}`);
    throw new Problem('unauthenticated', detail);
  };
  if (!match || match[1]!.length > 8192) return refuse('malformed Authorization header');
  const services = c.get('services');
  const identity = await services.verifyToken(match[1]!);
  if (!identity) return refuse('invalid or expired token');
  c.set('identity', { issuer: identity.issuer, subject: identity.subject });
  if (!IDENTITY_ONLY_ROUTES.has(c.req.path))
    c.set('principal', await loadPrincipal(services, identity.issuer, identity.subject));
  await next();
};
