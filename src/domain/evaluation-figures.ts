// The figures an evaluation is signed with, as a pure function of inputs without personal data, so that anyone
// holding the inputs recomputes the same values (the offline verifier re-implements exactly this).
import { percentile } from './desk-metrics';

/** The name and version of the method the figures are computed with. */
export const FIGURES_METHOD = 'phoenix-figures/1';

/** One application of the desk submitted or decided in the period. */
export interface ApplicationInput {
  /** The access request's id. */
  application: string;
  /** First submission (RFC 3339), or null when never submitted. */
  submittedAt: string | null;
  /** The last time it became complete: its submission or its last resubmission after changes. */
  completeAt: string | null;
  /** The decision time, or null when undecided (withdrawn or still open). */
  decidedAt: string | null;
  outcome: 'approved' | 'rejected' | null;
  /** Working days from submission to decision, pauses for changes excluded. */
  workingDays: number | null;
  /** The decision deadline (a UTC date, YYYY-MM-DD) as it stood at the decision. */
  deadline: string | null;
  /** Whether the decision's UTC date is on or before the deadline. */
  withinDeadline: boolean | null;
  /** The earliest visa of an approved application's grants (RFC 3339), or null. */
  firstVisaAt: string | null;
  /** The audit entries the times and outcome come from (ids). */
  entries: {
    submitted: string | null;
    completed: string | null;
    decided: string | null;
    firstVisa: string | null;
  };
}

/** One dataset published by the desk when the figures were computed. */
export interface DatasetInput {
  dataset: string;
  /** The revision of its descriptor the figures read. */
  revision: number;
  /** Number of recommended HealthDCAT-AP properties checked. */
  checks: number;
  /** The recommended properties the descriptor leaves empty. */
  missing: string[];
}

export interface FiguresInputs {
  deskId: string;
  period: { from: string; to: string };
  /** The instant the records are taken as they stood (RFC 3339). */
  asOf: string;
  applications: ApplicationInput[];
  datasets: DatasetInput[];
}

/** Exactly the fields and values of a desk's metrics (DeskMetrics). */
export interface FigureValues {
  deskId: string;
  period: { from: string; to: string };
  applicationsSubmitted: number;
  decisions: number;
  medianWorkingDaysToDecision: number | null;
  p90WorkingDaysToDecision: number | null;
  shareDecidedWithinDeadline: number | null;
  approvalRate: number | null;
  medianDaysApprovalToFirstVisa: number | null;
  catalogueCompleteness: number | null;
  publishedDatasets: number;
}

/** The method as data: what a reader needs to recompute each figure without the desk's code. */
export const FIGURES_METHOD_DESCRIPTION = {
  id: FIGURES_METHOD,
  period: 'half-open [from, to) in UTC, from at 00:00:00Z',
  figures: {
    applicationsSubmitted: 'applications whose submittedAt is in the period',
    decisions: 'applications with an outcome whose decidedAt is in the period ("decided")',
    medianWorkingDaysToDecision: 'nearest-rank percentile 0.5 of workingDays over decided, nulls left out',
    p90WorkingDaysToDecision: 'nearest-rank percentile 0.9 of workingDays over decided, nulls left out',
    shareDecidedWithinDeadline:
      'decided with a deadline and the UTC date of decidedAt ≤ deadline, / decisions',
    approvalRate: 'decided with outcome approved, / decisions',
    medianDaysApprovalToFirstVisa:
      'nearest-rank percentile 0.5 of (firstVisaAt − decidedAt) in days (86 400 000 ms) over decided approvals with a firstVisaAt, rounded to 2 decimals (Math.round(x × 100) / 100)',
    catalogueCompleteness:
      'mean over datasets, in input order, of (checks − missing count) / checks; null without datasets',
    publishedDatasets: 'number of datasets',
  },
  percentile: 'nearest rank: sort ascending, take the value at rank max(1, ceil(p × n))',
  ratios: 'null when there are no decisions; not rounded',
} as const;

const DAY_MS = 86_400_000;

const roundTo = (x: number | null, digits: number) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** The figures of the inputs: the values a desk's metrics give for the same period and records. */
export function computeFigures(inputs: FiguresInputs): FigureValues {
  const from = Date.parse(`${inputs.period.from}T00:00:00Z`);
  const to = Date.parse(`${inputs.period.to}T00:00:00Z`);
  const inPeriod = (at: string | null) => {
    if (at === null) return false;
    const t = Date.parse(at);
    return t >= from && t < to;
  };
  const decided = inputs.applications.filter((a) => a.outcome !== null && inPeriod(a.decidedAt));
  const decisions = decided.length;
  const days = decided.flatMap((a) => (a.workingDays === null ? [] : [a.workingDays]));
  const within = decided.filter(
    (a) => a.deadline !== null && new Date(a.decidedAt!).toISOString().slice(0, 10) <= a.deadline,
  ).length;
  const approved = decided.filter((a) => a.outcome === 'approved');
  const toFirstVisa = approved.flatMap((a) =>
    a.firstVisaAt === null ? [] : [(Date.parse(a.firstVisaAt) - Date.parse(a.decidedAt!)) / DAY_MS],
  );
  const ratio = (n: number) => (decisions ? n / decisions : null);
  const shares = inputs.datasets.map((d) => (d.checks - d.missing.length) / d.checks);
  return {
    deskId: inputs.deskId,
    period: { from: inputs.period.from, to: inputs.period.to },
    applicationsSubmitted: inputs.applications.filter((a) => inPeriod(a.submittedAt)).length,
    decisions,
    medianWorkingDaysToDecision: percentile(days, 0.5) ?? null,
    p90WorkingDaysToDecision: percentile(days, 0.9) ?? null,
    shareDecidedWithinDeadline: ratio(within),
    approvalRate: ratio(approved.length),
    medianDaysApprovalToFirstVisa: roundTo(percentile(toFirstVisa, 0.5) ?? null, 2),
    catalogueCompleteness: shares.length === 0 ? null : shares.reduce((sum, s) => sum + s, 0) / shares.length,
    publishedDatasets: inputs.datasets.length,
  };
}
