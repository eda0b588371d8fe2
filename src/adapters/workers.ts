// Cloudflare Workers entry point: the same app over PostgreSQL through Hyperdrive, a client per request.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { ExecutionContext } from 'hono';
import type { JWK } from 'jose';
import postgres from 'postgres';
import { type Config, ConfigError, type DatabaseTimeouts, parseConfig } from '../config/config';
import { importKeyEncryptionKey } from '../crypto/key-encryption';
import { createTokenVerifier, localKeys, remoteKeys, type TokenVerifier } from '../crypto/token-verifier';
import type { Database } from '../db/database';
import * as schema from '../db/schema';
import { Problem } from '../domain/problem';
import { buildApp } from '../http/app';
import type { AppServices } from '../http/context';
import { earlyProblemResponse } from '../http/early-response';
import { isOddPath } from '../http/middleware/request-guards';
import { RATE_LIMIT_RULES, type RateLimiter, type RateLimitRule } from '../http/rate-limit';
import { jsonLinesLogger, type Logger } from '../services/logger';
import { runPeriodicJobs } from '../services/periodic-jobs';
import { consoleOptionsFor } from '../web';
import { postgresOptions } from './postgres-options';

/** What a cron trigger hands `scheduled` (the subset used here). */
interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

interface HyperdriveBinding {
  connectionString: string;
}

/** Cloudflare's rate-limiting binding (wrangler.toml [[ratelimits]]). */
interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The binding behind each rule; their budgets and periods are set in wrangler.toml. */
const RATE_LIMIT_BINDINGS: Record<RateLimitRule, string> = {
  writes: 'RATE_LIMIT_WRITES',
  authFailures: 'RATE_LIMIT_AUTH_FAILURES',
  searches: 'RATE_LIMIT_SEARCHES',
};
/** The bindings count per period of 60 s (wrangler.toml); they do not say when a key's budget returns. */
const RATE_LIMIT_PERIOD_SECONDS = 60;

function isRateLimitBinding(value: unknown): value is RateLimitBinding {
  return typeof (value as RateLimitBinding | undefined)?.limit === 'function';
}

/** The port over the platform's bindings; undefined (a configuration error) when one is missing. */
function bindingRateLimiter(env: WorkerEnv): RateLimiter | undefined {
  const bindings = RATE_LIMIT_RULES.map((rule) => env[RATE_LIMIT_BINDINGS[rule]]);
  if (!bindings.every(isRateLimitBinding)) return undefined;
  const byRule = new Map(RATE_LIMIT_RULES.map((rule, i) => [rule, bindings[i]!]));
  return {
    async hit(rule, key) {
      const { success } = await byRule.get(rule)!.limit({ key });
      return success ? { limited: false } : { limited: true, retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS };
    },
  };
}

/** The Worker's bindings: Hyperdrive, plain vars and secrets (see wrangler.toml). */
export interface WorkerEnv {
  HYPERDRIVE?: HyperdriveBinding;
  /** Secret, development only: the dev issuer's key as written to dev-issuer.jwk.json by the CLI. */
  DEV_ISSUER_JWK?: string;
  [name: string]: unknown;
}

interface Ready {
  config: Config;
  rateLimiter: RateLimiter;
  keyEncryptionKey: CryptoKey;
  verifyToken: TokenVerifier;
  logger: Logger;
  app: ReturnType<typeof buildApp>;
}

let ready: Promise<Ready | ConfigError> | undefined;
let reported = false;

async function setUp(env: WorkerEnv): Promise<Ready | ConfigError> {
  const vars: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  const problems: string[] = [];
  if (!env.HYPERDRIVE?.connectionString)
    problems.push('HYPERDRIVE: the Hyperdrive binding is missing (wrangler.toml [[hyperdrive]])');
  let config: Config | undefined;
  try {
    config = parseConfig({ ...vars, DATABASE_URL: env.HYPERDRIVE?.connectionString });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  let verifyToken: TokenVerifier | undefined;
  if (config?.oidc) {
    const { issuer, audience, algorithms, jwksUrl } = config.oidc;
    verifyToken = createTokenVerifier({ issuer, audience, algorithms, keys: remoteKeys(jwksUrl) });
  } else if (config?.devIssuer) {
    const publicJwk = devIssuerPublicKey(env.DEV_ISSUER_JWK);
    if (!publicJwk)
      problems.push(
        'DEV_ISSUER_JWK: secret missing or not the JSON of dev-issuer.jwk.json (development only)',
      );
    else {
      verifyToken = createTokenVerifier({
        ...config.devIssuer,
        algorithms: ['ES256'],
        keys: localKeys({ keys: [publicJwk] }),
      });
    }
  }
  const keyEncryptionKey = config?.keyEncryptionKey
    ? await importKeyEncryptionKey(config.keyEncryptionKey)
    : undefined;
  if (config && !keyEncryptionKey) {
    problems.push(
      'PHOENIX_KEY_ENCRYPTION_KEY: secret missing (32 random bytes in base64url; it encrypts signing keys)',
    );
  }
  // Rate limits fail closed: a Worker without its limiters refuses to serve rather than serve unlimited.
  const rateLimiter = bindingRateLimiter(env);
  if (!rateLimiter) {
    const missing = RATE_LIMIT_RULES.map((r) => RATE_LIMIT_BINDINGS[r]).filter(
      (name) => !isRateLimitBinding(env[name]),
    );
    problems.push(`${missing.join(', ')}: rate-limiting binding missing (wrangler.toml [[ratelimits]])`);
  }
  if (problems.length > 0 || !config || !verifyToken || !keyEncryptionKey || !rateLimiter)
    return new ConfigError(problems);
  // Workers keep each console.log call as one log entry: one JSON record per call.
  const logger = jsonLinesLogger({ level: config.logLevel, write: (line) => console.log(line) });
  const app = buildApp(
    config.publicBaseUrl,
    (c) => {
      const services = c.env.services;
      if (!services) throw new Problem('misconfigured', 'request services missing');
      return services;
    },
    logger,
    consoleOptionsFor(config),
  );
  return { config, rateLimiter, keyEncryptionKey, verifyToken, logger, app };
}

function devIssuerPublicKey(secret: string | undefined): JWK | undefined {
  if (!secret) return undefined;
  try {
    const parsed = JSON.parse(secret) as { publicJwk?: JWK };
    return parsed.publicJwk?.kty === 'EC' ? parsed.publicJwk : undefined;
  } catch {
    return undefined;
  }
}

async function readyOrReport(env: WorkerEnv): Promise<Ready | ConfigError> {
  ready ??= setUp(env);
  const r = await ready;
  if (r instanceof ConfigError && !reported) {
    reported = true;
    console.error(r.message);
  }
  return r;
}

/** A postgres.js client for one request or one cron run: Workers cannot share sockets across requests. */
function openDatabase(
  connectionString: string,
  timeouts: DatabaseTimeouts,
): { db: Database; end: () => Promise<void> } {
  const client = postgres(connectionString, {
    ...postgresOptions(timeouts),
    max: 5,
    fetch_types: false,
    onnotice: () => {},
  });
  return { db: drizzle(client, { schema }) as unknown as Database, end: () => client.end({ timeout: 5 }) };
}

function servicesFor(r: Ready, db: Database): AppServices {
  return {
    db,
    now: () => new Date(),
    publicBaseUrl: r.config.publicBaseUrl,
    keyEncryptionKey: r.keyEncryptionKey,
    allowHttpWebhooks: r.config.allowHttpWebhooks,
    verifyToken: r.verifyToken,
    rateLimiter: r.rateLimiter,
    // Set by Cloudflare's edge on every request; a client cannot forge it.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    ping: async () => {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const r = await readyOrReport(env);
    if (r instanceof ConfigError) {
      return earlyProblemResponse(request, new Problem('misconfigured', r.problems.join('; ')), {
        instance: new URL(request.url).pathname,
      });
    }
    if (isOddPath(new URL(request.url).pathname))
      return earlyProblemResponse(request, new Problem('not_found', 'no such resource'), {
        logger: r.logger,
      });
    const database = openDatabase(r.config.databaseUrl!, r.config.databaseTimeouts);
    try {
      return await r.app.fetch(request, { services: servicesFor(r, database.db) }, ctx);
    } finally {
      ctx.waitUntil(database.end());
    }
  },

  async scheduled(_event: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const r = await readyOrReport(env);
    if (r instanceof ConfigError) return;
    const database = openDatabase(r.config.databaseUrl!, r.config.databaseTimeouts);
    try {
      const report = await runPeriodicJobs(servicesFor(r, database.db));
      r.logger.info('periodic jobs', { periodic: report });
    } finally {
      ctx.waitUntil(database.end());
    }
  },
};
