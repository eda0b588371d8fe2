// The rate-limiting port on Node: in-process counters (rate-limiter-flexible's memory store), one per rule.
// Counters are per instance: behind a load balancer each instance applies the budget on its own.

import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppEnv } from '../http/context';
import { RATE_LIMIT_RULES, type RateLimiter, type RateLimits } from '../http/rate-limit';

export function memoryRateLimiter(limits: RateLimits): RateLimiter {
  const counters = new Map(
    RATE_LIMIT_RULES.filter((rule) => limits[rule] > 0).map((rule) => [
      rule,
      new RateLimiterMemory({ points: limits[rule], duration: 60 }),
    ]),
  );
  return {
    async hit(rule, key) {
      const counter = counters.get(rule);
      if (!counter) return { limited: false };
      try {
        await counter.consume(key);
        return { limited: false };
      } catch (e) {
        if (e instanceof RateLimiterRes) return { limited: true, retryAfterSeconds: e.msBeforeNext / 1000 };
        throw e;
      }
    },
  };
}

/** The peer of the request's socket (@hono/node-server passes the incoming message as the env). */
export function socketAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
