// Opening the database on Node: PGlite in a local folder (embedded default) or PostgreSQL through postgres.js.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from '../db/database';
import * as schema from '../db/schema';

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

export function openPostgres(url: string, options: { max?: number } = {}): OpenDatabase {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Prepared statements are per connection; keep them (they are safe without a transaction pooler).
    prepare: true,
  });
  const db = drizzlePostgres(preparingEveryQuery(client), { schema }) as unknown as Database;
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
 * Drizzle asks postgres.js not to prepare a query unless it is given a name, so every statement would be
 * parsed and planned again. postgres.js names and caches prepared statements per connection by their
 * text; this view of the client (and of each transaction's connection) lets it do so for every query.
 */
function preparingEveryQuery(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'unsafe')
        return (query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: true,
          });
      if (property === 'begin')
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: postgres.TransactionSql) =>
            body(preparingEveryQuery(tx) as postgres.TransactionSql),
          );
        };
      if (property === 'savepoint')
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return ((target as postgres.TransactionSql).savepoint as (...a: unknown[]) => unknown)(
            ...args,
            (tx: postgres.TransactionSql) => body(preparingEveryQuery(tx) as postgres.TransactionSql),
          );
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** PGlite in `dataDir` (created if missing), or in memory when dataDir is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<OpenDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(join(dataDir, 'pgdata')) : await PGlite.create();
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: () => ping(db),
    close: () => client.close(),
  };
}

async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
