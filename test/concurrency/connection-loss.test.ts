// The desk's PostgreSQL connections terminated again and again during a burst of writes: each write
// answers 201 or 503 with Retry-After, never 500; the process lives on, the pool heals, and every
// acknowledged write is there with its audit entry. PostgreSQL only: PGlite has no connection to lose.
import { inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, datasets } from '../../src/db/schema';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, onPostgres, type TestDesk } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;

beforeAll(async () => {
  if (!onPostgres) return;
  desk = await createTestDesk();
  orgs = await desk.seed();
});
afterAll(() => desk?.close());

describe.skipIf(!onPostgres)('connections lost during writes', () => {
  it('answers 503 with Retry-After for writes whose connection was terminated, and keeps the rest', async () => {
    const editor = await desk.token('demo-editor-foch');
    const providerId = orgs.get('hopital-foch')!;
    const killer = postgres(desk.databaseUrl!, { max: 1, onnotice: () => {} });
    let settled = false;
    let terminated = 0;
    const storm = (async () => {
      while (!settled) {
        await new Promise((r) => setTimeout(r, 15));
        const rows = await killer`select pg_terminate_backend(pid) as done from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`;
        terminated += rows.filter((r) => r.done).length;
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const res = await desk.request('/v1/datasets', {
          method: 'POST',
          token: editor,
          json: { providerId, descriptor: sampleDescriptor(`Cohorte coupure ${i}`) },
        });
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          retryAfter: res.headers.get('retry-after'),
          body: (await res.json()) as { id?: string; code?: string },
        };
      }),
    );
    settled = true;
    await storm;
    await killer.end();

    expect(terminated).toBeGreaterThan(0);
    const refused = answers.filter((a) => a.status !== 201);
    for (const a of refused) {
      expect(a.status).toBe(503);
      expect(a.type).toBe('application/problem+json');
      expect(a.body.code).toBe('unavailable');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.body.id!);
    // The pool reconnects: a write succeeds again at once.
    const after = await desk.request('/v1/datasets', {
      method: 'POST',
      token: editor,
      json: { providerId, descriptor: sampleDescriptor('Cohorte après coupure') },
    });
    expect(after.status).toBe(201);
    acknowledged.push(((await after.json()) as { id: string }).id);

    const db = desk.services.db;
    const stored = await db
      .select({ id: datasets.id })
      .from(datasets)
      .where(inArray(datasets.id, acknowledged));
    expect(stored).toHaveLength(acknowledged.length);
    const audited = await db
      .select({ id: auditEvents.subjectId })
      .from(auditEvents)
      .where(inArray(auditEvents.subjectId, acknowledged));
    expect(new Set(audited.map((a) => a.id)).size).toBe(acknowledged.length);
    const auditor = await desk.token('demo-auditor-evalsante');
    const verified = (await (await desk.request('/v1/audit/verify', { token: auditor })).json()) as {
      ok: boolean;
    };
    expect(verified.ok).toBe(true);
  });
});
