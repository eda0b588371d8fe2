// Every 401 tells the caller how to authenticate, as RFC 6750 §3 asks of a bearer-token resource server.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

export const REALM = 'phoenix-desk';

/**
 * The challenge for a refused request: `error="invalid_token"` when a bearer token was sent (malformed,
 * forged, expired…), none when the request carried no bearer credentials at all (RFC 6750 §3.1: a client
 * that did not know authentication was needed, or tried another scheme, gets no error code).
 */
export function bearerChallenge(request: Request): string {
  const authorization = request.headers.get('authorization');
  const bearerSent = authorization !== null && /^\s*bearer(\s|$)/i.test(authorization);
  return bearerSent ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`;
}

export const challengeBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status === 401) c.res.headers.set('www-authenticate', bearerChallenge(c.req.raw));
};
