// PostgreSQL stopped and started again under a real Node server during a burst of 200 concurrent writes:
// the server answers every write 2xx, 503 with Retry-After, or 409; keeps what it acknowledged, each change
// with its audit entry; says it is degraded while the database is down; serves again soon after the
// database returns, without a restart; and never dies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startNode } from '../../scripts/desk-processes';
import { type OpenDatabase, openPostgres } from '../../src/adapters/node-database';
import {
  type Answer,
  type Cast,
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
let server: RunningDesk;
let dataDir: string;
let database: OpenDatabase;
let cast: Cast;

beforeAll(async () => {
  cluster = createThrowawayCluster();
  cluster.psql('create database desk');
  dataDir = mkdtempSync(join(tmpdir(), 'phoenix-faults-restart-'));
  const port = 20_000 + Math.floor(Math.random() * 9000);
  server = await startNode({
    databaseUrl: cluster.url('desk'),
    dataDir,
    port,
    publicBaseUrl: `http://127.0.0.1:${port}`,
    // The timers run as in production: their failures during the outage must not end the process either.
    // The burst is a few callers writing hundreds of times a minute: far over the budget meant for people.
    env: { PHOENIX_SEED_DEMO: 'true', PHOENIX_BACKGROUND_JOBS: 'true', PHOENIX_RATE_LIMIT_WRITES: '0' },
  });
  cast = await castOf(server.base, dataDir);
  database = openPostgres(cluster.url('desk'), { max: 2 });
}, 180_000);

afterAll(async () => {
  await database?.close();
  await server?.stop();
  cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls `probe` every 100 ms until it holds; returns the milliseconds it took, or Infinity after `limitMs`. */
async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await probe().catch(() => false)) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number.POSITIVE_INFINITY;
}

describe('PostgreSQL restarted during a burst of writes', () => {
  it('keeps every acknowledged write, refuses the rest with 503 or 409, and recovers without a restart', async () => {
    const writes = await planWrites(cast, { edit: 70, vote: 65, evaluation: 65 });
    expect(writes).toHaveLength(200);
    const pid = server.process.pid;

    // PostgreSQL stops once a quarter of the writes are answered: the rest are in flight or still queued.
    let answered = 0;
    let quarter: () => void = () => {};
    const quarterAnswered = new Promise<void>((r) => {
      quarter = r;
    });
    const burst = Promise.all(
      writes.map((w) =>
        w.send().then((a) => {
          if (++answered === 50) quarter();
          return a;
        }),
      ),
    );
    await quarterAnswered;
    cluster.stop();
    const down = performance.now();
    const health = await Promise.race([
      call(server.base, '/healthz').then(async (r) => ({ status: r.status, body: await r.json() })),
      new Promise<{ status: string }>((r) => setTimeout(() => r({ status: 'no answer in 5 s' }), 5000)),
    ]);
    const healthMs = performance.now() - down;
    await new Promise((r) => setTimeout(r, 2000));
    cluster.start();
    const recoveredMs = await within(
      10_000,
      async () => (await call(server.base, '/healthz')).status === 200,
    );
    const answers: Answer[] = await burst;
    // A write after the return succeeds: the pool healed.
    const after = await call(server.base, `/v1/desks/${cast.pasteurDesk}/evaluations`, {
      method: 'POST',
      token: cast.evaluator,
      json: { periodFrom: '2026-07-01', periodTo: '2026-12-31' },
    });
    const verdict = (await (await call(server.base, '/v1/audit/verify', { token: cast.auditor })).json()) as {
      ok: boolean;
      entries: number;
    };

    console.log(
      JSON.stringify({
        restart: tally(answers),
        healthzWhileDown: health,
        healthzAnsweredInMs: Math.round(healthMs),
        servingAgainAfterMs: Math.round(recoveredMs),
        auditEntries: verdict.entries,
      }),
    );
    expect(health).toEqual({ status: 503, body: { status: 'degraded', database: 'down' } });
    expect(recoveredMs).toBeLessThan(5000);
    expect(after.status).toBe(201);
    for (const a of answers.filter((x) => x.status < 200 || x.status >= 300)) {
      expect([503, 409]).toContain(a.status);
      expect(a.contentType).toBe('application/problem+json');
      if (a.status === 503) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(await missingAcknowledged(database.db, answers)).toEqual([]);
    expect(await unpaired(database.db)).toEqual(NONE_UNPAIRED);
    expect(verdict.ok).toBe(true);
    expect(server.process.exitCode).toBeNull();
    expect(server.process.pid).toBe(pid);
    expect(server.output()).not.toMatch(/TypeError|unhandled error/);
  });
});
