// Operations the OpenAPI document declares as needing a bearer token refuse anonymous callers first, before
// their parameters or body are validated: nothing about the request is answered to someone unidentified.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Problem } from '../../domain/problem';
import type { AppEnv } from '../context';

/** `METHOD /path/:param` keys of the operations that declare a security requirement. */
export type SecuredOperations = ReadonlySet<string>;

export const operationKey = (method: string, openApiPath: string) =>
  `${method.toUpperCase()} ${openApiPath.replaceAll(/\{([^}]+)\}/g, ':$1')}`;

/** From the app's OpenAPI registry: every route whose `security` names at least one scheme. */
export function securedOperations(
  definitions: ReadonlyArray<{ type: string; route?: { method: string; path: string; security?: object[] } }>,
): Set<string> {
  const secured = new Set<string>();
  for (const d of definitions) {
    if (d.type !== 'route' || !d.route) continue;
    // An empty requirement object ({}) would make the token optional; only fully bearer routes count.
    const security = d.route.security ?? [];
    if (security.length > 0 && security.every((s) => Object.keys(s).length > 0))
      secured.add(operationKey(d.route.method, d.route.path));
  }
  return secured;
}

export function requireCaller(secured: () => SecuredOperations): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The last matched route is the operation's handler; middlewares come before it.
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    if (!c.get('identity') && secured().has(operationKey(method, routePath(c, -1))))
      throw new Problem('unauthenticated', 'a bearer token is required');
    await next();
  };
}
