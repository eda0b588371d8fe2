import { describe, expect, it } from 'vitest';
import { type ApplicationInput, computeFigures } from './evaluation-figures';

const app = (over: Partial<ApplicationInput>): ApplicationInput => ({
  application: 'a',
  submittedAt: '2026-01-05T09:00:00.000Z',
  completeAt: '2026-01-05T09:00:00.000Z',
  decidedAt: null,
  outcome: null,
  workingDays: null,
  deadline: null,
  withinDeadline: null,
  firstVisaAt: null,
  entries: { submitted: null, completed: null, decided: null, firstVisa: null },
  ...over,
});

describe('computeFigures', () => {
  it('ranks by nearest rank, compares deadlines by UTC date, and rounds days to first visa to 2 decimals', () => {
    const decided = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3].map((d, i) =>
      app({
        decidedAt: `2026-01-${String(10 + i).padStart(2, '0')}T23:30:00.000Z`,
        outcome: i % 2 ? 'rejected' : 'approved',
        workingDays: d,
        deadline: i < 5 ? `2026-01-${String(10 + i).padStart(2, '0')}` : '2026-01-01',
        firstVisaAt: i === 0 ? '2026-01-11T07:30:00.000Z' : null,
      }),
    );
    const v = computeFigures({
      deskId: 'd',
      period: { from: '2026-01-01', to: '2026-02-01' },
      asOf: '2026-02-02T00:00:00.000Z',
      applications: [...decided, app({ submittedAt: '2026-02-01T00:00:00.000Z' })],
      datasets: [
        { dataset: 'x', revision: 1, checks: 20, missing: [] },
        { dataset: 'y', revision: 1, checks: 20, missing: ['themes', 'keywords', 'purpose'] },
      ],
    });
    expect(v.applicationsSubmitted).toBe(10); // the 1 February submission is outside [from, to)
    expect(v.decisions).toBe(10);
    expect(v.medianWorkingDaysToDecision).toBe(3); // rank ceil(0.5 × 10) = 5 of [1,1,2,3,3,4,5,5,6,9]
    expect(v.p90WorkingDaysToDecision).toBe(6); // rank 9
    expect(v.shareDecidedWithinDeadline).toBe(0.5);
    expect(v.approvalRate).toBe(0.5);
    expect(v.medianDaysApprovalToFirstVisa).toBe(0.33); // 8 hours
    expect(v.catalogueCompleteness).toBe((1 + 17 / 20) / 2);
    expect(v.publishedDatasets).toBe(2);
  });

  it('gives nulls without decisions or datasets', () => {
    const v = computeFigures({
      deskId: 'd',
      period: { from: '2026-01-01', to: '2026-02-01' },
      asOf: '2026-02-02T00:00:00.000Z',
      applications: [],
      datasets: [],
    });
    expect(v).toMatchObject({
      decisions: 0,
      medianWorkingDaysToDecision: null,
      shareDecidedWithinDeadline: null,
      catalogueCompleteness: null,
      medianDaysApprovalToFirstVisa: null,
    });
  });
});
