// The rate-limiting port: what is limited and per whom. Each runtime brings its own counter (an in-process
// limiter on Node, the platform's rate-limiting bindings on Workers).

/** failed authentications per address; writes per caller (per address when anonymous); costly reads per address. */
export const RATE_LIMIT_RULES = ['authFailures', 'writes', 'searches'] as const;
export type RateLimitRule = (typeof RATE_LIMIT_RULES)[number];

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one event for `key` under `rule` and says whether it exceeds the rule's budget. */
  hit(rule: RateLimitRule, key: string): Promise<RateLimitVerdict>;
}

/** Budgets per minute; 0 turns a rule off. */
export type RateLimits = Record<RateLimitRule, number>;

export const noRateLimits: RateLimiter = { hit: async () => ({ limited: false }) };
