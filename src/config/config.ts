// Desk configuration: parsed once from a plain record of strings (process.env on Node, env vars on Workers).
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../services/logger';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** How long a statement of the desk may wait for a row lock, and run in all; 0 means no limit. */
export interface DatabaseTimeouts {
  lockMs: number;
  statementMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { lockMs: 5000, statementMs: 30_000 };

// PostgreSQL keeps timeouts in a 32-bit integer of milliseconds.
const milliseconds = z.coerce.number().int().min(0).max(2_147_483_647);

/**
 * Whether postgres.js can parse the URL: it accepts a list of hosts (`h1:5432,h2:5432`) and parses the URL
 * with the first one. A URL without the postgres scheme is left to the scheme's own message.
 */
function isParsablePostgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(url)) return true;
  const authority = url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '';
  const hosts = authority.slice(authority.indexOf('@') + 1);
  return URL.canParse(url.replace(hosts, hosts.split(',')[0] ?? ''));
}

const envSchema = z.object({
  PHOENIX_ENV: z.enum(['development', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .refine(isParsablePostgresUrl, 'is not a valid URL (postgres://user:password@host:5432/database)')
    .optional(),
  PHOENIX_DATA_DIR: z.string().min(1).default('./.data'),
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default('phoenix-desk'),
  OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).max(100).optional(),
  PHOENIX_OIDC_ALLOW_HTTP: boolish.optional(),
  OIDC_ALGORITHMS: z
    .string()
    .default('RS256,ES256')
    .transform((s) => s.split(',').map((a) => a.trim()))
    .pipe(z.array(z.enum(['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'])).min(1)),
  PHOENIX_DEV_ISSUER: boolish.optional(),
  PHOENIX_SEED_DEMO: boolish.optional(),
  PHOENIX_WEBHOOK_ALLOW_HTTP: boolish.optional(),
  PHOENIX_BACKGROUND_JOBS: boolish.optional(),
  PHOENIX_RATE_LIMIT_WRITES: z.coerce.number().int().min(0).max(1_000_000).default(120),
  PHOENIX_RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(0).max(1_000_000).default(30),
  PHOENIX_RATE_LIMIT_SEARCHES: z.coerce.number().int().min(0).max(1_000_000).default(300),
  PHOENIX_KEY_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 random bytes in base64url (43 characters)')
    .optional(),
  PHOENIX_LOCK_TIMEOUT_MS: milliseconds.default(DEFAULT_DATABASE_TIMEOUTS.lockMs),
  PHOENIX_STATEMENT_TIMEOUT_MS: milliseconds.default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface DevIssuerConfig {
  issuer: string;
  audience: string;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  algorithms: string[];
  /** The console's client at the provider (code flow with PKCE); without it the console has no sign-in. */
  client?:
    | {
        id: string;
        secret?: string | undefined;
        providerName: string;
        /** The console may reach the provider over plain http (a provider on loopback): never in production. */
        allowHttp: boolean;
      }
    | undefined;
}

export interface Config {
  env: 'development' | 'production';
  port: number;
  publicBaseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Present only in the embedded/development setting: the local token issuer for demo users. */
  devIssuer: DevIssuerConfig | undefined;
  oidc: OidcConfig | undefined;
  seedDemo: boolean;
  /** Encrypts signing keys at rest; in development the Node adapter keeps one in the data folder. */
  keyEncryptionKey: string | undefined;
  /** Plain-http webhook receivers: allowed in development only. */
  allowHttpWebhooks: boolean;
  /** Whether this Node instance runs the timers (periodic jobs, webhook delivery). */
  backgroundJobs: boolean;
  /** Budgets per minute on Node (0 = off): writes per caller, failed authentications and searches per address. */
  rateLimits: { writes: number; authFailures: number; searches: number };
  /** Set on every PostgreSQL connection of the desk, so that a blocked or runaway statement ends. */
  databaseTimeouts: DatabaseTimeouts;
  /** The least severe log records written (access lines are `info`); `silent` writes none. */
  logLevel: LogLevel;
}

export const DEV_ISSUER = 'urn:phoenix-desk:dev-issuer';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and cross-checks the settings; throws ConfigError naming every bad variable at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.PHOENIX_ENV === 'production';
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_JWKS_URL].filter(Boolean).length;
  if (oidcSet === 1) problems.push('OIDC_ISSUER and OIDC_JWKS_URL must be set together');
  const oidc: OidcConfig | undefined =
    e.OIDC_ISSUER && e.OIDC_JWKS_URL
      ? {
          issuer: e.OIDC_ISSUER,
          audience: e.OIDC_AUDIENCE,
          jwksUrl: e.OIDC_JWKS_URL,
          algorithms: e.OIDC_ALGORITHMS,
          client: e.OIDC_CLIENT_ID
            ? {
                id: e.OIDC_CLIENT_ID,
                secret: e.OIDC_CLIENT_SECRET,
                providerName: e.OIDC_PROVIDER_NAME ?? new URL(e.OIDC_ISSUER).host,
                allowHttp: !production && e.PHOENIX_OIDC_ALLOW_HTTP === true,
              }
            : undefined,
        }
      : undefined;
  if (e.OIDC_CLIENT_ID && !oidc) problems.push('OIDC_CLIENT_ID needs OIDC_ISSUER and OIDC_JWKS_URL');
  if (e.OIDC_CLIENT_SECRET && !e.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_SECRET needs OIDC_CLIENT_ID');
  // Sign-in sends the code and the client's secret to the provider: over https only (OpenID Connect Core 3.1.2.1),
  // save for a provider on the same machine, in development, when asked for.
  if (production && e.PHOENIX_OIDC_ALLOW_HTTP)
    problems.push(
      'PHOENIX_OIDC_ALLOW_HTTP: plain-http OpenID providers are refused when PHOENIX_ENV=production',
    );
  else if (oidc?.client && !oidc.client.allowHttp && new URL(oidc.issuer).protocol !== 'https:')
    problems.push(
      'OIDC_ISSUER must be an https URL for console sign-in (PHOENIX_OIDC_ALLOW_HTTP=true allows http outside production)',
    );
  // The dev issuer mints tokens for anyone: it must never coexist with production identity settings.
  const devWanted = e.PHOENIX_DEV_ISSUER ?? (!production && !oidc);
  if (devWanted && (production || oidc)) {
    problems.push(
      'PHOENIX_DEV_ISSUER: the dev issuer is refused when PHOENIX_ENV=production or an OIDC issuer is configured',
    );
  }
  if (production && !oidc) problems.push('PHOENIX_ENV=production requires OIDC_ISSUER and OIDC_JWKS_URL');
  if (production && !e.DATABASE_URL) problems.push('PHOENIX_ENV=production requires DATABASE_URL');
  if (production && !e.PHOENIX_KEY_ENCRYPTION_KEY) {
    problems.push(
      'PHOENIX_ENV=production requires PHOENIX_KEY_ENCRYPTION_KEY (npm run cli -- new-kek prints one)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: e.PHOENIX_ENV,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PHOENIX_DATA_DIR,
    devIssuer: devWanted ? { issuer: DEV_ISSUER, audience: e.OIDC_AUDIENCE } : undefined,
    oidc,
    seedDemo: e.PHOENIX_SEED_DEMO ?? !production,
    keyEncryptionKey: e.PHOENIX_KEY_ENCRYPTION_KEY,
    allowHttpWebhooks: !production && (e.PHOENIX_WEBHOOK_ALLOW_HTTP ?? true),
    backgroundJobs: e.PHOENIX_BACKGROUND_JOBS ?? true,
    rateLimits: {
      writes: e.PHOENIX_RATE_LIMIT_WRITES,
      authFailures: e.PHOENIX_RATE_LIMIT_AUTH_FAILURES,
      searches: e.PHOENIX_RATE_LIMIT_SEARCHES,
    },
    databaseTimeouts: {
      lockMs: e.PHOENIX_LOCK_TIMEOUT_MS,
      statementMs: e.PHOENIX_STATEMENT_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
