// Opening the database on Node: PGlite in a local folder (embedded default) or PostgreSQL through postgres.js.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS } from '../config/config';
import type { Database } from '../db/database';
import * as schema from '../db/schema';
import { type LockHolder, lockDataDir } from './data-dir-lock';
import { postgresOptions } from './postgres-options';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface OpenDatabase {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Serialises migrations when several instances start against the same PostgreSQL at once.
const MIGRATION_LOCK = 727_000;

export function openPostgres(
  url: string,
  options: { max?: number; preparedStatementLimit?: number; timeouts?: DatabaseTimeouts } = {},
): OpenDatabase {
  const client = postgres(url, {
    ...postgresOptions(options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS),
    max: options.max ?? 10,
    onnotice: () => {},
    // Prepared statements are per connection; keep them (they are safe without a transaction pooler).
    prepare: true,
  });
  const preparing = preparingEveryQuery(client, options.preparedStatementLimit ?? PREPARED_STATEMENT_LIMIT);
  const db = drizzlePostgres(preparing, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // One dedicated connection holds the lock for the whole run (a session-level advisory lock).
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(drizzlePostgres(single, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    ping: () => ping(db),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * How many distinct statement texts are prepared. postgres.js keeps a connection's prepared statements for
 * the connection's life, and some texts vary with their input (a filter with n values has n placeholders),
 * so a caller could otherwise make every connection prepare without end. The app's own statements number
 * a few hundred; texts beyond the limit run unprepared, as they did before.
 */
export const PREPARED_STATEMENT_LIMIT = 1000;

/**
 * Drizzle asks postgres.js not to prepare a query unless it is given a name, so every statement would be
 * parsed and planned again. postgres.js names and caches prepared statements per connection by their
 * text; this view of the client (and of each transaction's connection) lets it do so for the first
 * `limit` texts it sees.
 */
function preparingEveryQuery(
  client: postgres.Sql,
  limit: number,
  prepared = new Set<string>(),
): postgres.Sql {
  const shouldPrepare = (query: string) => {
    if (prepared.has(query)) return true;
    if (prepared.size >= limit) return false;
    prepared.add(query);
    return true;
  };
  const within =
    (open: (...a: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return open(...args, (tx: postgres.TransactionSql) =>
        body(preparingEveryQuery(tx, limit, prepared) as never),
      );
    };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'unsafe')
        return (query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: shouldPrepare(query),
          });
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = value.bind(target);
      return property === 'begin' || property === 'savepoint' ? within(bound) : bound;
    },
  });
}

/**
 * PGlite in `dataDir` (created if missing), or in memory when dataDir is undefined. The folder stays locked for
 * this process until close (DataDirInUseError names the holder if another process has it).
 */
export async function openPglite(
  dataDir: string | undefined,
  holder: LockHolder = { what: `node ${basename(process.argv[1] ?? '')}` },
): Promise<OpenDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock = dataDir ? lockDataDir(dataDir, holder) : undefined;
  const client = await (dataDir ? PGlite.create(join(dataDir, 'pgdata')) : PGlite.create()).catch((e) => {
    lock?.release();
    throw e;
  });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: () => ping(db),
    close: () => client.close().finally(() => lock?.release()),
  };
}

/** How long /healthz waits for the database before it says the database is down. */
const PING_TIMEOUT_MS = 3000;

async function ping(db: Database): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      db.execute(sql`select 1`).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
