// A real Node server whose statement outlasts the statement timeout (it waits on a row another session
// keeps locked, with no lock timeout to end it sooner): the request answers 503 with Retry-After within
// the bound, instead of hanging for as long as the lock is held.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startNode } from '../../scripts/desk-processes';
import { sampleDescriptor } from '../fixtures-descriptor';
import { type Cast, call, castOf } from './desk-writes';
import { createThrowawayCluster, type ThrowawayCluster } from './throwaway-cluster';

const STATEMENT_TIMEOUT_MS = 800;
let cluster: ThrowawayCluster;
let server: RunningDesk;
let dataDir: string;
let cast: Cast;

beforeAll(async () => {
  cluster = createThrowawayCluster();
  cluster.psql('create database slow');
  dataDir = mkdtempSync(join(tmpdir(), 'phoenix-faults-timeout-'));
  const port = 20_000 + Math.floor(Math.random() * 9000);
  server = await startNode({
    databaseUrl: cluster.url('slow'),
    dataDir,
    port,
    publicBaseUrl: `http://127.0.0.1:${port}`,
    env: {
      PHOENIX_SEED_DEMO: 'true',
      PHOENIX_LOCK_TIMEOUT_MS: '0',
      PHOENIX_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    },
  });
  cast = await castOf(server.base, dataDir);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  cluster?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a statement that outlasts the statement timeout', () => {
  it('answers 503 with Retry-After within the bound, not a hung request', async () => {
    const created = await call(server.base, '/v1/datasets', {
      method: 'POST',
      token: cast.editor,
      json: { providerId: cast.foch, descriptor: sampleDescriptor('Registre verrouillé') },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const etag = created.headers.get('etag')!;

    const holder = postgres(cluster.url('slow'), { max: 1, onnotice: () => {} });
    const locked = await holder.reserve();
    await locked`begin`;
    await locked`select id from datasets where id = ${id} for update`;
    const edit = () =>
      call(server.base, `/v1/datasets/${id}`, {
        method: 'PUT',
        token: cast.editor,
        headers: { 'if-match': etag },
        json: { descriptor: sampleDescriptor('Registre verrouillé (révisé)') },
      });
    const started = performance.now();
    const res = await Promise.race([
      edit(),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
    ]);
    const elapsedMs = performance.now() - started;
    await locked`rollback`;
    locked.release();
    await holder.end();

    console.log(
      JSON.stringify({ statementTimeout: { status: res?.status, elapsedMs: Math.round(elapsedMs) } }),
    );
    expect(res?.status).toBe(503);
    expect(res?.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(res?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(STATEMENT_TIMEOUT_MS + 2000);
    // The lock gone, the same edit goes through.
    expect((await edit()).status).toBe(200);
  });
});
