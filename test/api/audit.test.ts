// The hash-chained audit trail: every change recorded, the chain verified, tampering caught.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;

// A desk per test: one test tampers with the log, which must not decide what the others see.
beforeEach(async () => {
  desk = await createTestDesk();
  await desk.seed();
});
afterEach(() => desk.close());

describe('audit trail', () => {
  it('records every seeded change in a chain that verifies', async () => {
    const auditor = await desk.token('demo-auditor-evalsante');
    const res = await desk.request('/v1/audit/verify', { token: auditor });
    expect(res.status).toBe(200);
    const verdict = (await res.json()) as { ok: boolean; entries: number };
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBeGreaterThan(20);
    const page = await desk.request('/v1/audit/events?limit=5', { token: auditor });
    const { items, nextCursor } = (await page.json()) as {
      items: { seq: number; action: string }[];
      nextCursor: string;
    };
    expect(items).toHaveLength(5);
    expect(nextCursor).toBe(String(items[4]!.seq));
  });

  it('is closed to callers who are not auditors', async () => {
    const res = await desk.request('/v1/audit/verify', { token: await desk.token('demo-editor-foch') });
    expect(res.status).toBe(403);
  });

  it('cannot be rewritten or deleted by the application’s role', async () => {
    await expect(desk.services.db.execute(sql`update audit_events set action = 'forged'`)).rejects.toThrow();
    await expect(desk.services.db.execute(sql`delete from audit_events`)).rejects.toThrow();
  });
});

describe('audit verification', () => {
  it('names the first entry whose content was tampered with', async () => {
    // Only the table owner can lift the guard; this simulates an attacker with owner rights.
    await desk.services.db.execute(
      sql`alter table audit_events disable trigger audit_events_no_update_delete`,
    );
    await desk.services.db.execute(sql`update audit_events set action = 'forged' where seq = 3`);
    await desk.services.db.execute(
      sql`alter table audit_events enable trigger audit_events_no_update_delete`,
    );
    const res = await desk.request('/v1/audit/verify', { token: await desk.token('demo-auditor-evalsante') });
    const verdict = (await res.json()) as { ok: boolean; brokenAt: { seq: number; reason: string } };
    expect(verdict.ok).toBe(false);
    expect(verdict.brokenAt.seq).toBe(3);
    expect(verdict.brokenAt.reason).toMatch(/hash/);
  });
});
