// A write that meets a row locked by another connection, or a statement that runs too long, ends within the
// configured bound as a 503 the client may retry, instead of holding its request (and a connection) open.
// PostgreSQL only: PGlite has one session, so no other connection can hold a lock, and its statements run
// to their end inside WebAssembly, where the server's timeout timers never fire.
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseTimeouts } from '../../src/config/config';
import { type DemoIds, demoIds, draftApplication } from '../access-fixtures';
import { createTestDesk, onPostgres, type TestDesk } from '../harness';

let desk: TestDesk | undefined;
let holder: postgres.Sql | undefined;
afterEach(async () => {
  await holder?.end({ timeout: 1 });
  await desk?.close();
  holder = desk = undefined;
});

async function deskWith(timeouts: DatabaseTimeouts): Promise<DemoIds> {
  desk = await createTestDesk({ timeouts });
  return demoIds(desk, await desk.seed());
}

/** A desk with `timeouts`, a submitted application, and another connection holding its row's lock. */
async function voteOnLockedApplication(timeouts: DatabaseTimeouts) {
  const ids = await deskWith(timeouts);
  const id = await draftApplication(desk!, ids, { submit: true });
  holder = postgres(desk!.databaseUrl!, { max: 1, onnotice: () => {} });
  const reserved = await holder.reserve();
  await reserved`begin`;
  await reserved`select id from access_requests where id = ${id} for update`;
  const release = async () => {
    await reserved`rollback`;
    reserved.release();
  };
  // However the desk behaves, the lock goes after 15 s, so a desk without bounds answers late, not never.
  const guard = setTimeout(() => void release(), 15_000);
  const reviewer = await desk!.token('demo-reviewer-pasteur');
  const vote = () =>
    desk!.request(`/v1/access-requests/${id}/votes`, {
      method: 'POST',
      token: reviewer,
      json: { choice: 'approve', rationale: 'complete and proportionate' },
    });
  const started = performance.now();
  const res = await vote();
  const elapsedMs = performance.now() - started;
  clearTimeout(guard);
  await release().catch(() => {});
  return { res, elapsedMs, vote };
}

async function expectRetryLater(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await res.json()) as { code: string }).code).toBe('unavailable');
}

describe.skipIf(!onPostgres)('database timeouts', () => {
  it('answers 503 with Retry-After when a row stays locked past the lock timeout, and accepts the retry', async () => {
    const { res, elapsedMs, vote } = await voteOnLockedApplication({ lockMs: 300, statementMs: 30_000 });
    await expectRetryLater(res);
    expect(elapsedMs).toBeLessThan(3000);
    expect((await vote()).status).toBe(200);
  });

  it('answers 503 when a statement runs past the statement timeout', async () => {
    // No lock timeout: the blocked statement is ended by the statement timeout alone.
    const { res, elapsedMs } = await voteOnLockedApplication({ lockMs: 0, statementMs: 400 });
    await expectRetryLater(res);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('sets both timeouts on every connection of the desk', async () => {
    await deskWith({ lockMs: 1234, statementMs: 56_789 });
    if (!desk) throw new Error('no desk');
    const { sql } = await import('drizzle-orm');
    const { rowsOf } = await import('../../src/db/database');
    const [row] = rowsOf<{ lock: string; statement: string }>(
      await desk.services.db.execute(
        sql`select current_setting('lock_timeout') as lock, current_setting('statement_timeout') as statement`,
      ),
    );
    expect(row).toEqual({ lock: '1234ms', statement: '56789ms' });
  });
});
