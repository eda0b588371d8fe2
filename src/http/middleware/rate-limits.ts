// Limits per caller and per address, answered 429 with Retry-After: failed authentications (guessing tokens),
// writes (floods of votes or drafts) and costly reads (free-text search, the whole catalogue).
import type { Context, MiddlewareHandler } from 'hono';
import { Problem } from '../../domain/problem';
import type { AppEnv } from '../context';
import type { RateLimitRule } from '../rate-limit';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function clientAddress(c: Context<AppEnv>): string {
  return c.get('services').clientAddress?.(c) ?? 'unknown';
}

/** Counts one event; throws 429 when it is over the budget. */
export async function enforce(c: Context<AppEnv>, rule: RateLimitRule, key: string): Promise<void> {
  const verdict = await c.get('services').rateLimiter.hit(rule, key);
  if (verdict.limited) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterSeconds));
    throw new Problem('rate_limited', `too many requests; retry in ${seconds} s`, undefined, {
      'retry-after': String(seconds),
    });
  }
}

/** Whether a read is costly enough to count: free-text search, or the whole catalogue at once. */
function isCostlyRead(c: Context<AppEnv>): boolean {
  if (c.req.method !== 'GET') return false;
  if (c.req.path === '/v1/catalog') return true;
  return c.req.path === '/v1/datasets' && !!c.req.query('q');
}

/** After authentication: the caller's writes, and costly reads by address. */
export const rateLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (WRITES.has(c.req.method)) {
    const caller = c.get('principal')?.userId ?? c.get('identity')?.subject;
    await enforce(c, 'writes', caller ? `caller:${caller}` : `address:${clientAddress(c)}`);
  } else if (isCostlyRead(c)) {
    await enforce(c, 'searches', `address:${clientAddress(c)}`);
  }
  await next();
};
