// A desk of its own for each test file: PGlite in memory by default, a fresh PostgreSQL database when
// PHOENIX_TEST_DATABASE_URL is set (as .ci/run does), always through the same app factory as production.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { type OpenDatabase, openPglite, openPostgres } from '../src/adapters/node-database';
import { createNodeDesk, type NodeDesk } from '../src/adapters/node-desk';
import { type DatabaseTimeouts, DEV_ISSUER, parseConfig } from '../src/config/config';
import { type DevIssuerKey, generateDevIssuerKey, mintDevToken } from '../src/crypto/dev-issuer';
import { newKeyEncryptionKey } from '../src/crypto/key-encryption';
import { seedDemo } from '../src/demo/seed';
import type { Logger } from '../src/services/logger';

export const TEST_DATABASE_URL = process.env.PHOENIX_TEST_DATABASE_URL;
export const onPostgres = !!TEST_DATABASE_URL;

export interface TestDesk extends NodeDesk {
  devIssuerKey: DevIssuerKey;
  /** The desk's own PostgreSQL database, for a second connection (undefined on PGlite). */
  databaseUrl: string | undefined;
  /** A dev-issuer token for `subject`. */
  token(subject: string): Promise<string>;
  /** `fetch`-like call into the app, with JSON helpers. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /**
   * Seeds the demo cast, its people known to `issuer` (the dev issuer unless given, e.g. an OpenID provider's);
   * returns the ids of its organisations by slug.
   */
  seed(issuer?: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Creates an empty database of its own on the test server and returns its URL and a dropper. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  const base = new URL(TEST_DATABASE_URL!);
  const name = `${base.pathname.slice(1)}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** Test suites send many writes from one caller in a second; the rate-limit suite sets its own budgets. */
const NO_RATE_LIMITS = {
  PHOENIX_RATE_LIMIT_WRITES: '0',
  PHOENIX_RATE_LIMIT_AUTH_FAILURES: '0',
  PHOENIX_RATE_LIMIT_SEARCHES: '0',
};

export async function createTestDesk(
  options: {
    now?: () => Date;
    env?: Record<string, string>;
    timeouts?: DatabaseTimeouts;
    logger?: Logger;
  } = {},
): Promise<TestDesk> {
  let database: OpenDatabase;
  let dropDatabase = async () => {};
  let databaseUrl: string | undefined;
  if (onPostgres) {
    const fresh = await freshPostgresDatabase();
    databaseUrl = fresh.url;
    database = openPostgres(fresh.url, options.timeouts ? { timeouts: options.timeouts } : {});
    dropDatabase = fresh.drop;
  } else {
    database = await openPglite(undefined);
  }
  const config = parseConfig({
    PUBLIC_BASE_URL: 'http://desk.test',
    PHOENIX_DATA_DIR: '/nonexistent-phoenix-test-dir',
    // Quiet unless a test captures the log through `options.logger` or a developer asks (LOG_LEVEL=debug).
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...NO_RATE_LIMITS,
    ...options.env,
  });
  const devIssuerKey = await generateDevIssuerKey();
  const desk = await createNodeDesk(config, {
    database,
    devIssuerKey,
    keyEncryptionKey: newKeyEncryptionKey(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const token = (subject: string) =>
    mintDevToken(devIssuerKey, { subject, audience: config.devIssuer!.audience });
  return {
    ...desk,
    devIssuerKey,
    databaseUrl,
    token,
    async request(path, init = {}) {
      const { token: bearer, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      let body = rest.body;
      if (json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(json);
      }
      // Real clients frame their bodies (RFC 9112); the app trusts that framing, so tests send it too.
      if (!headers.has('content-length') && !headers.has('transfer-encoding')) {
        if (typeof body === 'string')
          headers.set('content-length', String(new TextEncoder().encode(body).length));
        else if (body instanceof Uint8Array) headers.set('content-length', String(body.byteLength));
      }
      return desk.app.request(`http://desk.test${path}`, {
        ...rest,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    },
    async seed(issuer = DEV_ISSUER) {
      await seedDemo(desk.services, issuer);
      const res = await desk.app.request('http://desk.test/v1/organizations');
      const { items } = (await res.json()) as { items: { id: string; slug: string }[] };
      return new Map(items.map((o) => [o.slug, o.id]));
    },
    async close() {
      await database.close();
      await dropDatabase();
    },
  };
}

/**
 * Counts of every table that a failed request must leave untouched. A refused write's own record (the
 * write.denied audit entry and its outbox row, see src/services/denied-writes.ts) is not a change it made.
 */
export async function tableCounts(desk: NodeDesk): Promise<Record<string, number>> {
  const { sql } = await import('drizzle-orm');
  const { rowsOf } = await import('../src/db/database');
  const tables: Record<string, string> = {
    users: '',
    organizations: '',
    memberships: '',
    desks: '',
    datasets: '',
    dataset_revisions: '',
    audit_events: "where action <> 'write.denied'",
    outbox: "where event_type <> 'write.denied'",
    idempotency_keys: '',
  };
  const out: Record<string, number> = {};
  for (const [t, where] of Object.entries(tables)) {
    const [row] = rowsOf<{ n: number | string }>(
      await desk.services.db.execute(sql.raw(`select count(*) as n from ${t} ${where}`)),
    );
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}
