// Cloudflare Workers entry point: the same app over PostgreSQL through Hyperdrive, a client per request.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { ExecutionContext } from 'hono';
import type { JWK } from 'jose';
import postgres from 'postgres';
import { type Config, ConfigError, parseConfig } from '../config/config';
import { importKeyEncryptionKey } from '../crypto/key-encryption';
import { createTokenVerifier, localKeys, remoteKeys, type TokenVerifier } from '../crypto/token-verifier';
import type { Database } from '../db/database';
import * as schema from '../db/schema';
import { Problem } from '../domain/problem';
import { buildApp } from '../http/app';
import type { AppServices } from '../http/context';
import { earlyProblemResponse } from '../http/early-response';
import { isOddPath } from '../http/middleware/request-guards';
import { jsonLinesLogger, type Logger } from '../services/logger';
import { runPeriodicJobs } from '../services/periodic-jobs';

/** What a cron trigger hands `scheduled` (the subset used here). */
interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

interface HyperdriveBinding {
  connectionString: string;
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
  if (problems.length > 0 || !config || !verifyToken || !keyEncryptionKey) return new ConfigError(problems);
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
  );
  return { config, keyEncryptionKey, verifyToken, logger, app };
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
function openDatabase(connectionString: string): { db: Database; end: () => Promise<void> } {
  const client = postgres(connectionString, { max: 5, fetch_types: false, onnotice: () => {} });
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
    const database = openDatabase(r.config.databaseUrl!);
    try {
      return await r.app.fetch(request, { services: servicesFor(r, database.db) }, ctx);
    } finally {
      ctx.waitUntil(database.end());
    }
  },

  async scheduled(_event: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const r = await readyOrReport(env);
    if (r instanceof ConfigError) return;
    const database = openDatabase(r.config.databaseUrl!);
    try {
      const report = await runPeriodicJobs(servicesFor(r, database.db));
      r.logger.info('periodic jobs', { periodic: report });
    } finally {
      ctx.waitUntil(database.end());
    }
  },
};
