// The figures an evaluation is signed with: recomputed from their inputs, they are the desk's metrics exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/domain/canonical-json';
import { computeFigures } from '../../src/domain/evaluation-figures';
import { deskMetrics } from '../../src/services/desk-metrics';
import { evaluationFigures } from '../../src/services/evaluation-figures';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;
let deskId: string;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  deskId = ids.desks.get('guichet-pasteur')!;
});
afterAll(() => desk.close());

const admin = () => desk.token('demo-desk-admin-pasteur');

async function readVisas(at: string) {
  clock.set(at);
  const res = await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  expect(res.status).toBe(200);
}

async function post(path: string, json?: unknown) {
  const res = await desk.request(path, { method: 'POST', token: await admin(), ...(json ? { json } : {}) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Submits at `submitAt`, optionally asks for changes and gets them back, and decides at `decideAt`. */
async function application(
  submitAt: string,
  decideAt: string | null,
  outcome: 'approved' | 'rejected',
  changes?: { askedAt: string; backAt: string },
): Promise<string> {
  clock.set(submitAt);
  const id = await draftApplication(desk, ids, { submit: true });
  await post(`/v1/access-requests/${id}/start-review`);
  if (changes) {
    clock.set(changes.askedAt);
    await post(`/v1/access-requests/${id}/request-changes`, { reason: 'precise the cohort' });
    clock.set(changes.backAt);
    const back = await desk.request(`/v1/access-requests/${id}/submit`, {
      method: 'POST',
      token: await desk.token('demo-requester-cesp'),
    });
    expect(back.status).toBe(200);
  }
  if (decideAt) {
    clock.set(decideAt);
    await post(`/v1/access-requests/${id}/decision`, { outcome, rationale: 'decided' });
  }
  return id;
}

describe('evaluation figures', () => {
  it('equal the desk metrics on real records: percentiles by nearest rank, days to first visa rounded', async () => {
    // Eleven decisions: p90 is the 10th of 11 by nearest rank (ceil(0.9 × 11) = 10).
    const plan: [string, string, 'approved' | 'rejected'][] = [
      ['2026-03-02T09:00:00Z', '2026-03-03T10:00:00Z', 'approved'],
      ['2026-03-02T09:00:00Z', '2026-03-05T10:00:00Z', 'rejected'],
      ['2026-03-02T09:00:00Z', '2026-03-06T10:00:00Z', 'approved'],
      ['2026-03-02T09:00:00Z', '2026-03-09T10:00:00Z', 'rejected'],
      ['2026-03-02T09:00:00Z', '2026-03-12T10:00:00Z', 'approved'],
      ['2026-03-02T09:00:00Z', '2026-03-18T10:00:00Z', 'rejected'],
      ['2026-03-02T09:00:00Z', '2026-03-24T10:00:00Z', 'rejected'],
      ['2026-03-02T09:00:00Z', '2026-04-03T10:00:00Z', 'rejected'],
      ['2026-03-02T09:00:00Z', '2026-04-20T10:00:00Z', 'rejected'], // past the deadline
      ['2026-03-02T09:00:00Z', '2026-05-04T10:00:00Z', 'rejected'],
    ];
    for (const [submit, decide, outcome] of plan) await application(submit, decide, outcome);
    // A pause for changes moves the deadline and is left out of the working days.
    await application('2026-03-04T09:00:00Z', '2026-04-14T10:00:00Z', 'approved', {
      askedAt: '2026-03-10T09:00:00Z',
      backAt: '2026-03-20T09:00:00Z',
    });
    // Still open, submitted in the period.
    clock.set('2026-05-05T09:00:00Z');
    await draftApplication(desk, ids, { submit: true });
    // First visas a third of a day and more after approvals: rounded to two decimals.
    await readVisas('2026-03-03T18:00:00Z');
    await readVisas('2026-03-07T04:00:00Z');
    clock.set('2026-06-02T09:00:00Z');
    for (const [from, to] of [
      ['2026-03-01', '2026-06-01'],
      ['2026-03-04', '2026-03-25'],
      ['2026-04-01', '2026-05-05'],
      ['2025-01-01', '2025-02-01'],
    ] as const) {
      const metrics = await deskMetrics(desk.services, deskId, from, to);
      const figures = await evaluationFigures(desk.services, deskId, from, to);
      if (!metrics.ok || !figures.ok) throw new Error('no figures');
      expect(figures.value.values).toStrictEqual(metrics.value);
      expect(computeFigures(figures.value.inputs)).toStrictEqual(metrics.value);
      expect(figures.value.inputsSha256).toBe(await sha256Hex(canonicalJson(figures.value.inputs)));
      expect(figures.value.count).toBe(figures.value.inputs.applications.length);
    }
    const all = await evaluationFigures(desk.services, deskId, '2026-03-01', '2026-06-01');
    if (!all.ok) throw all.problem;
    const v = all.value.values;
    expect(v.decisions).toBe(11);
    expect(v.p90WorkingDaysToDecision).toBeGreaterThan(v.medianWorkingDaysToDecision!);
    expect(v.medianDaysApprovalToFirstVisa).toBe(0.33); // rank 1 of [1/3, 3/4], rounded
    expect(v.shareDecidedWithinDeadline).toBeCloseTo(9 / 11);
    // Every decided application names the entries its times come from.
    const decided = all.value.inputs.applications.filter((a) => a.outcome !== null);
    expect(decided.every((a) => a.entries.submitted && a.entries.decided)).toBe(true);
    const paused = decided.find((a) => a.completeAt !== a.submittedAt)!;
    expect(paused.entries.completed).not.toBe(paused.entries.submitted);
    expect(paused.completeAt).toBe('2026-03-20T09:00:00.000Z');
  });
});
