// Many reviewers voting at the same instant: exactly one decision and one set of grants and visas.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRequestEvents, grants, visas } from '../../src/db/schema';
import { demoIds, draftApplication } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
});
afterAll(() => desk.close());

describe('simultaneous votes', () => {
  it('produce exactly one decision and one set of grants', async () => {
    const ids = await demoIds(desk, await desk.seed());
    const admin = await desk.token('demo-admin');
    const pasteur = ids.orgs.get('institut-pasteur')!;
    const reviewers = Array.from({ length: 10 }, (_, i) => `concurrent-reviewer-${i}`);
    for (const subject of reviewers) {
      const res = await desk.request(`/v1/organizations/${pasteur}/members`, {
        method: 'POST',
        token: admin,
        json: { subject, role: 'reviewer' },
      });
      expect(res.status).toBe(201);
    }
    const requester = await desk.token('demo-requester-cesp');
    const id = await draftApplication(desk, ids, { team: ['demo-researcher-cesp'] });
    expect(
      (await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token: requester })).status,
    ).toBe(200);

    const tokens = await Promise.all(reviewers.map((s) => desk.token(s)));
    const statuses = await Promise.all(
      tokens.map((token) =>
        desk
          .request(`/v1/access-requests/${id}/votes`, {
            method: 'POST',
            token,
            json: { choice: 'approve', rationale: 'ok' },
          })
          .then((r) => r.status),
      ),
    );
    // Votes that arrive after the decision are refused: the review is closed.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const db = desk.services.db;
    const [{ n: decisions } = { n: -1 }] = await db
      .select({ n: count() })
      .from(accessRequestEvents)
      .where(and(eq(accessRequestEvents.requestId, id), eq(accessRequestEvents.type, 'approved')));
    expect(decisions).toBe(1);
    const [{ n: grantRows } = { n: -1 }] = await db
      .select({ n: count() })
      .from(grants)
      .where(eq(grants.requestId, id));
    expect(grantRows).toBe(2);
    // And one visa per grant: later votes wait on the row lock, find the application decided, sign nothing.
    const [{ n: visaRows } = { n: -1 }] = await db
      .select({ n: count() })
      .from(visas)
      .innerJoin(grants, eq(grants.id, visas.grantId))
      .where(eq(grants.requestId, id));
    expect(visaRows).toBe(2);
  });
});
