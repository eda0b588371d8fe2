// Response headers every answer carries, and those that keep personal data out of caches.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

/** Reads of the caller's own applications, grants and visas: never stored by a browser or a proxy. */
const PERSONAL_PATHS = /^\/v1\/(access-requests|grants|me)(\/|$)/;

/**
 * Sets the headers on a response the app or an adapter is about to send:
 * - `X-Content-Type-Options: nosniff`, so no answer (JSON, Turtle, a problem) is ever run as script or page;
 * - `Referrer-Policy: no-referrer`, so desk URLs (which name datasets and applications) never leak in links;
 * - `Cache-Control: no-store` on personal-data routes and on every answer to a request that carried a token,
 *   whatever the route: what a caller may see depends on who they are, so no shared or browser cache may
 *   keep it (RFC 9111 §5.2.2.5).
 */
export function applySecurityHeaders(headers: Headers, request: Request): void {
  headers.set('x-content-type-options', 'nosniff');
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'no-referrer');
  const path = new URL(request.url).pathname;
  if (request.headers.has('authorization') || PERSONAL_PATHS.test(path))
    headers.set('cache-control', 'no-store');
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  applySecurityHeaders(c.res.headers, c.req.raw);
};
