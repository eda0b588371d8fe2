// A desk's live figures, computed from its own applications over a period.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { deskFigures, histogram, monthsOf } from '../../src/services/desk-metrics';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
});
afterAll(() => desk.close());

/** The requester (the whole team here) fetches their visas at `at`. */
async function readVisas(at: string) {
  clock.set(at);
  const res = await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  expect(res.status).toBe(200);
}

async function applyAndDecide(submitOn: string, decideOn: string, outcome: 'approved' | 'rejected') {
  clock.set(`${submitOn}T09:00:00Z`);
  const id = await draftApplication(desk, ids, { submit: true });
  await desk.request(`/v1/access-requests/${id}/start-review`, {
    method: 'POST',
    token: await desk.token('demo-desk-admin-pasteur'),
  });
  clock.set(`${decideOn}T09:00:00Z`);
  const decided = await desk.request(`/v1/access-requests/${id}/decision`, {
    method: 'POST',
    token: await desk.token('demo-desk-admin-pasteur'),
    json: { outcome, rationale: 'decided' },
  });
  expect(((await decided.json()) as { state: string }).state).toBe(outcome);
}

describe('desk metrics', () => {
  it('reports time to decision, deadlines kept, approval rate and catalogue completeness', async () => {
    await applyAndDecide('2026-03-02', '2026-03-09', 'approved'); // 5 working days
    await readVisas('2026-03-11T09:00:00Z'); // first visa 2 days after approval
    await applyAndDecide('2026-03-02', '2026-03-16', 'approved'); // 10
    await readVisas('2026-03-20T21:00:00Z'); // 4.5 days after the second approval
    await readVisas('2026-03-25T09:00:00Z'); // later reads change no first visa
    await applyAndDecide('2026-03-02', '2026-05-04', 'rejected'); // past the 30-working-day deadline
    const res = await desk.request(
      `/v1/desks/${ids.desks.get('guichet-pasteur')}/metrics?from=2026-03-01&to=2026-06-01`,
    );
    expect(res.status).toBe(200);
    const m = (await res.json()) as Record<string, number>;
    expect(m.applicationsSubmitted).toBe(3);
    expect(m.decisions).toBe(3);
    expect(m.medianWorkingDaysToDecision).toBe(10);
    expect(m.p90WorkingDaysToDecision).toBeGreaterThan(30);
    expect(m.shareDecidedWithinDeadline).toBeCloseTo(2 / 3);
    expect(m.approvalRate).toBeCloseTo(2 / 3);
    expect(m.medianDaysApprovalToFirstVisa).toBe(2); // nearest rank of [2, 4.5]
    expect(m.catalogueCompleteness).toBeGreaterThan(0.5);
    expect(m.publishedDatasets).toBe(3);
    const empty = (await (
      await desk.request(
        `/v1/desks/${ids.desks.get('guichet-pasteur')}/metrics?from=2025-01-01&to=2025-02-01`,
      )
    ).json()) as Record<string, unknown>;
    expect(empty).toMatchObject({
      decisions: 0,
      medianWorkingDaysToDecision: null,
      approvalRate: null,
      medianDaysApprovalToFirstVisa: null,
    });
    // Only the second approval counts in a period holding only its decision.
    const second = (await (
      await desk.request(
        `/v1/desks/${ids.desks.get('guichet-pasteur')}/metrics?from=2026-03-10&to=2026-03-17`,
      )
    ).json()) as Record<string, unknown>;
    expect(second.medianDaysApprovalToFirstVisa).toBe(4.5);
    // Each grant's first visa is recorded once, and audited once per desk and read.
    const audited = await desk.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'visas.first_issued'));
    expect(audited).toHaveLength(2);
  });

  it('refuses an empty period and answers 404 for an unknown desk', async () => {
    const id = ids.desks.get('guichet-pasteur');
    expect((await desk.request(`/v1/desks/${id}/metrics?from=2026-05-01&to=2026-04-01`)).status).toBe(400);
    expect(
      (
        await desk.request(
          '/v1/desks/01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f/metrics?from=2026-01-01&to=2026-02-01',
        )
      ).status,
    ).toBe(404);
  });

  it('gives each decision, the working days by bins and the months, with the totals of deskMetrics', async () => {
    const figures = await deskFigures(
      desk.services,
      ids.desks.get('guichet-pasteur')!,
      '2026-03-01',
      '2026-06-01',
    );
    if (!figures.ok) throw figures.problem;
    const f = figures.value;
    expect(f.metrics.decisions).toBe(3);
    expect(
      f.decisionRecords.map((r) => [r.month, r.outcome, r.workingDaysToDecision, r.withinDeadline]),
    ).toEqual([
      ['2026-03', 'approved', 5, true],
      ['2026-03', 'approved', 10, true],
      ['2026-05', 'rejected', expect.any(Number), false],
    ]);
    expect(f.months).toEqual([
      { month: '2026-03', decisions: 2, approved: 2, rejected: 0 },
      { month: '2026-04', decisions: 0, approved: 0, rejected: 0 },
      { month: '2026-05', decisions: 1, approved: 0, rejected: 1 },
    ]);
    expect(f.decisionDeadlineDays).toBe(30);
    const counted = f.workingDaysHistogram.bins.reduce((n, b) => n + b.count, 0);
    expect(counted).toBe(f.metrics.decisions);
  });

  it('bins values from 0 through the upper bound and lists the months of a period', () => {
    expect(histogram([0, 5, 10, 31], 30)).toEqual({
      width: 3,
      bins: Array.from({ length: 11 }, (_, i) => ({
        from: i * 3,
        to: i * 3 + 2,
        count: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1][i],
      })),
    });
    expect(histogram([2], 4).width).toBe(1);
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsOf('2026-01-01', '2026-01-02')).toEqual(['2026-01']);
  });
});
