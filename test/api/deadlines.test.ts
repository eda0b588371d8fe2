// Decision deadlines in French working days, paused while changes are requested, with an overdue filter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/domain/working-days';
import { application, type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const clock = handClock('2026-04-30T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

// A desk per test, from the same date: one test's applications and clock never reach another.
beforeEach(async () => {
  clock.set('2026-04-30T09:00:00Z');
  ({ desk, ids } = await seededDesk(clock));
});
afterEach(() => desk.close());

describe('decision deadline', () => {
  it('runs in working days, pauses during changes, flags overdue applications and records time to decision', async () => {
    const requester = await desk.token('demo-requester-cesp');
    const deskAdmin = await desk.token('demo-desk-admin-pasteur');
    const id = await draftApplication(desk, ids);
    const submitted = (await (
      await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token: requester })
    ).json()) as { deadline: string };
    // 30 working days from Thursday 30 April 2026 (1, 8, 14 and 25 May are holidays).
    expect(submitted.deadline).toBe(addWorkingDays('2026-04-30', 30));
    expect(submitted.deadline).toBe('2026-06-17');

    clock.set('2026-05-04T09:00:00Z');
    const changes = await desk.request(`/v1/access-requests/${id}/request-changes`, {
      method: 'POST',
      token: deskAdmin,
      json: { reason: 'Please detail the pseudonymisation.' },
    });
    expect(((await changes.json()) as { state: string }).state).toBe('changes_requested');

    // A week later (Friday 8 May is a holiday): 4 working days of pause.
    clock.set('2026-05-11T09:00:00Z');
    const resubmitted = (await (
      await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token: requester })
    ).json()) as {
      state: string;
      deadline: string;
    };
    expect(resubmitted.state).toBe('in_review');
    expect(resubmitted.deadline).toBe(addWorkingDays('2026-06-17', 4));

    const overdue = async () =>
      (
        (await (await desk.request('/v1/access-requests?overdue=true', { token: deskAdmin })).json()) as {
          items: { id: string }[];
        }
      ).items.map((i) => i.id);
    expect(await overdue()).not.toContain(id);
    clock.set('2026-07-01T09:00:00Z');
    expect(await overdue()).toContain(id);
    const view = (await (await desk.request(`/v1/access-requests/${id}`, { token: deskAdmin })).json()) as {
      overdue: boolean;
    };
    expect(view.overdue).toBe(true);

    const decided = (await (
      await desk.request(`/v1/access-requests/${id}/decision`, {
        method: 'POST',
        token: deskAdmin,
        json: { outcome: 'rejected', rationale: 'Out of scope.' },
      })
    ).json()) as { state: string; workingDaysToDecision: number };
    expect(decided.state).toBe('rejected');
    // From 30 April to 1 July: 40 working days, minus the 4 paused.
    expect(decided.workingDaysToDecision).toBe(36);
  });
});

describe('expiry', () => {
  it('expires an approved application once every grant has ended, from the periodic jobs', async () => {
    const { runPeriodicJobs } = await import('../../src/services/periodic-jobs');
    clock.set('2026-09-01T09:00:00Z');
    const requester = await desk.token('demo-requester-cesp');
    const created = await desk.request('/v1/access-requests', {
      method: 'POST',
      token: requester,
      json: {
        deskId: ids.desks.get('guichet-pasteur'),
        application: application({}, { durationMonths: 3 }),
        datasetIds: [ids.dataset('COVID-19')],
        team: [],
      },
    });
    const { id } = (await created.json()) as { id: string };
    await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token: requester });
    for (const r of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
      await desk.request(`/v1/access-requests/${id}/votes`, {
        method: 'POST',
        token: await desk.token(r),
        json: { choice: 'approve', rationale: 'ok' },
      });
    }
    const state = async () =>
      (
        (await (await desk.request(`/v1/access-requests/${id}`, { token: requester })).json()) as {
          state: string;
        }
      ).state;
    expect(await state()).toBe('approved');
    expect((await runPeriodicJobs(desk.services)).requestsExpired).toBe(0);
    clock.set('2026-12-02T09:00:00Z');
    expect((await runPeriodicJobs(desk.services)).requestsExpired).toBeGreaterThanOrEqual(1);
    expect(await state()).toBe('expired');
  });
});
