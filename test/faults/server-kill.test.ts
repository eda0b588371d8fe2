// The Node server killed with SIGKILL in the middle of a burst of writes, then started again on the same
// database: every write it had acknowledged is there with its audit entry, and the audit chain verifies.
// Once on PostgreSQL, once on the embedded PGlite in a data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startNode } from '../../scripts/desk-processes';
import { type OpenDatabase, openPglite, openPostgres } from '../../src/adapters/node-database';
import {
  type Answer,
  call,
  castOf,
  missingAcknowledged,
  NONE_UNPAIRED,
  planWrites,
  tally,
  unpaired,
} from './desk-writes';
import { createThrowawayCluster, type ThrowawayCluster } from './throwaway-cluster';

let cluster: ThrowawayCluster;
const folders: string[] = [];

beforeAll(() => {
  cluster = createThrowawayCluster();
});
afterAll(() => {
  cluster?.destroy();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function start(databaseUrl: string, dataDir: string, port: number): Promise<RunningDesk> {
  return startNode({
    databaseUrl,
    dataDir,
    port,
    publicBaseUrl: `http://127.0.0.1:${port}`,
    // The burst is a few callers writing hundreds of times a minute: far over the budget meant for people.
    env: { PHOENIX_SEED_DEMO: 'true', PHOENIX_RATE_LIMIT_WRITES: '0' },
  });
}

/**
 * Starts a server, fires 120 mixed writes, SIGKILLs the server once a third of them are answered, starts
 * it again on the same database, and returns what was answered and what the restarted desk says.
 */
async function killDuringBurst(databaseUrl: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-faults-kill-'));
  folders.push(dataDir);
  const port = 20_000 + Math.floor(Math.random() * 9000);
  const first = await start(databaseUrl, dataDir, port);
  const cast = await castOf(first.base, dataDir);
  const writes = await planWrites(cast, { edit: 40, vote: 40, evaluation: 40 });
  let answered = 0;
  const burst = Promise.all(
    writes.map((w) =>
      w.send().then((a) => {
        if (a.status) answered++;
        if (answered === 40) first.process.kill('SIGKILL');
        return a;
      }),
    ),
  );
  const answers: Answer[] = await burst;
  await new Promise((r) =>
    first.process.exitCode !== null || first.process.signalCode ? r(null) : first.process.once('exit', r),
  );
  const second = await start(databaseUrl, dataDir, port);
  const verdict = (await (await call(second.base, '/v1/audit/verify', { token: cast.auditor })).json()) as {
    ok: boolean;
    entries: number;
  };
  return { answers, verdict, second, dataDir, killedBy: first.process.signalCode };
}

async function expectKept(
  answers: Answer[],
  database: OpenDatabase,
  verdict: { ok: boolean; entries: number },
  label: string,
) {
  console.log(JSON.stringify({ [label]: tally(answers), auditEntries: verdict.entries }));
  const acknowledged = answers.filter((a) => a.status >= 200 && a.status < 300);
  expect(acknowledged.length).toBeGreaterThanOrEqual(40);
  expect(answers.some((a) => a.status === 0)).toBe(true);
  expect(await missingAcknowledged(database.db, answers)).toEqual([]);
  expect(await unpaired(database.db)).toEqual(NONE_UNPAIRED);
  expect(verdict.ok).toBe(true);
}

describe('the server killed with SIGKILL during a burst of writes', () => {
  it('on PostgreSQL: keeps every acknowledged write once started again', async () => {
    cluster.psql('create database killed');
    const { answers, verdict, second, killedBy } = await killDuringBurst(cluster.url('killed'));
    const database = openPostgres(cluster.url('killed'), { max: 2 });
    try {
      expect(killedBy).toBe('SIGKILL');
      await expectKept(answers, database, verdict, 'kill on PostgreSQL');
    } finally {
      await database.close();
      await second.stop();
    }
  });

  it('on PGlite in a data folder: keeps every acknowledged write once started again', async () => {
    const { answers, verdict, second, dataDir, killedBy } = await killDuringBurst('');
    // The embedded database belongs to one process: read it once the restarted server has stopped.
    await second.stop();
    const database = await openPglite(dataDir);
    try {
      expect(killedBy).toBe('SIGKILL');
      await expectKept(answers, database, verdict, 'kill on PGlite');
    } finally {
      await database.close();
    }
  });
});
