// A desk on a throwaway PostgreSQL database for a bench, with a postgres.js client for its baselines; the
// database and the data folder are removed by `close`.
//
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
//   BENCH_KEEP=1  keeps the database and the data folder, and prints their names
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createNodeDesk, type NodeDesk } from '../src/adapters/node-desk';
import { parseConfig } from '../src/config/config';

export interface BenchDesk {
  /** The database's name, for the bench's report. */
  name: string;
  desk: NodeDesk;
  /** A postgres.js client on the same database, for hand-written baselines. */
  raw: postgres.Sql;
  close(): Promise<void>;
}

export async function openBenchDesk(label: string): Promise<BenchDesk> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `phoenix_bench_${label}_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), `phoenix-bench-${label}-`));
  const raw = postgres(url.toString(), { max: 4, onnotice: () => {} });
  const config = parseConfig({
    DATABASE_URL: url.toString(),
    PHOENIX_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'http://bench.test',
    // One load generator is every caller here: the budgets meant for people would cap the measure.
    PHOENIX_RATE_LIMIT_WRITES: '0',
    PHOENIX_RATE_LIMIT_SEARCHES: '0',
    // The figures are the desk's work; a line per request on the console would only drown the report.
    LOG_LEVEL: 'silent',
  });
  const desk = await createNodeDesk(config);
  return {
    name,
    desk,
    raw,
    async close() {
      await desk.database.close();
      await raw.end();
      if (process.env.BENCH_KEEP) {
        // Kept to look into afterwards (profiling one step without building the data again).
        console.error(`kept: database ${name}, data folder ${dataDir}`);
        await admin.end();
        return;
      }
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
