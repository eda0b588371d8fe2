// A desk's live efficiency figures for a period, from its own records: the evidence behind metric-backed
// criteria of the evaluation grid.
import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { accessRequests, datasets, desks, grants } from '../db/schema';
import { catalogueCompleteness } from '../domain/desk-metrics';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps } from './deps';

export interface DeskMetrics {
  deskId: string;
  period: { from: string; to: string };
  applicationsSubmitted: number;
  decisions: number;
  medianWorkingDaysToDecision: number | null;
  p90WorkingDaysToDecision: number | null;
  shareDecidedWithinDeadline: number | null;
  approvalRate: number | null;
  /** Median calendar days from an approval in the period to its team's first visa (approvals with one). */
  medianDaysApprovalToFirstVisa: number | null;
  /** Mean share of recommended HealthDCAT-AP properties filled, over the desk's published datasets today. */
  catalogueCompleteness: number | null;
  publishedDatasets: number;
}

const DECIDED = ['approved', 'rejected', 'revoked', 'expired'];
const APPROVED = ['approved', 'revoked', 'expired'];

const roundTo = (x: number | null, digits: number) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** Figures for applications submitted, and decisions taken, in [from, to) (dates, UTC). */
export async function deskMetrics(
  deps: Deps,
  deskId: string,
  from: string,
  to: string,
): Promise<Outcome<DeskMetrics>> {
  if (from >= to)
    return fail('validation_failed', 'the period is empty', [
      { pointer: '/from', message: 'must be before to' },
    ]);
  const [desk] = await deps.db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  // Counted and ranked in SQL, in one pass over the desk's applications: no rows cross the wire for them.
  // percentile_disc is the nearest-rank rule of percentile() in src/domain/desk-metrics.ts; deadlines are
  // calendar dates (UTC), as toIsoDate writes them.
  const inPeriod = (column: typeof accessRequests.submittedAt | typeof accessRequests.decidedAt) =>
    sql`(${column} >= ${start.toISOString()}::timestamptz and ${column} < ${end.toISOString()}::timestamptz)`;
  const decidedIn = sql`(${inArray(accessRequests.state, DECIDED)} and ${inPeriod(accessRequests.decidedAt)})`;
  const days = accessRequests.workingDaysToDecision;
  const [figures] = await deps.db
    .select({
      submitted: sql<number>`count(*) filter (where ${inPeriod(accessRequests.submittedAt)})::int`,
      decisions: sql<number>`count(*) filter (where ${decidedIn})::int`,
      median: sql<
        number | null
      >`percentile_disc(0.5) within group (order by ${days}) filter (where ${decidedIn})`,
      p90: sql<
        number | null
      >`percentile_disc(0.9) within group (order by ${days}) filter (where ${decidedIn})`,
      withinDeadline: sql<number>`count(*) filter (where ${decidedIn}
        and to_char(${accessRequests.decidedAt} at time zone 'UTC', 'YYYY-MM-DD') <= ${accessRequests.deadline})::int`,
      approved: sql<number>`count(*) filter (where ${decidedIn} and ${inArray(accessRequests.state, APPROVED)})::int`,
    })
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.deskId, deskId),
        sql`(${inPeriod(accessRequests.submittedAt)} or ${inPeriod(accessRequests.decidedAt)})`,
      ),
    );
  const decisions = figures?.decisions ?? 0;
  const perApproval = deps.db
    .select({
      days: sql<number>`extract(epoch from min(${grants.firstVisaAt}) - ${accessRequests.decidedAt}) / 86400`.as(
        'days',
      ),
    })
    .from(accessRequests)
    .innerJoin(grants, eq(grants.requestId, accessRequests.id))
    .where(
      and(
        eq(accessRequests.deskId, deskId),
        inArray(accessRequests.state, APPROVED),
        gte(accessRequests.decidedAt, start),
        lt(accessRequests.decidedAt, end),
        isNotNull(grants.firstVisaAt),
      ),
    )
    .groupBy(accessRequests.id, accessRequests.decidedAt)
    .as('per_approval');
  const [toFirstVisa] = await deps.db
    .select({ median: sql<string | null>`percentile_disc(0.5) within group (order by ${perApproval.days})` })
    .from(perApproval);
  const published = await deps.db
    .select({ descriptor: datasets.descriptor })
    .from(datasets)
    .where(and(eq(datasets.deskId, deskId), eq(datasets.status, 'published')))
    // A fixed order, so that the mean is summed as computeFigures sums it (floating-point sums depend on it).
    .orderBy(datasets.id);
  const ratio = (n: number | undefined) => (decisions && n !== undefined ? n / decisions : null);
  return succeed({
    deskId,
    period: { from, to },
    applicationsSubmitted: figures?.submitted ?? 0,
    decisions,
    medianWorkingDaysToDecision: figures?.median ?? null,
    p90WorkingDaysToDecision: figures?.p90 ?? null,
    shareDecidedWithinDeadline: ratio(figures?.withinDeadline),
    approvalRate: ratio(figures?.approved),
    medianDaysApprovalToFirstVisa: roundTo(
      toFirstVisa?.median == null ? null : Number(toFirstVisa.median),
      2,
    ),
    catalogueCompleteness: catalogueCompleteness(published.map((p) => p.descriptor)) ?? null,
    publishedDatasets: published.length,
  });
}

/** One decision taken in the period, as the desk's figures page draws and exports it. */
export interface DeskDecisionRecord {
  requestId: string;
  submittedAt: string | null;
  decidedAt: string;
  /** The calendar month of the decision, UTC (YYYY-MM). */
  month: string;
  outcome: 'approved' | 'rejected';
  workingDaysToDecision: number | null;
  deadline: string | null;
  withinDeadline: boolean;
}

export interface DeskFigures {
  metrics: DeskMetrics;
  /** The desk's decision deadline today, in working days (each application keeps its own date). */
  decisionDeadlineDays: number;
  /** Every decision taken in [from, to), oldest first: the records behind the figures' decisions. */
  decisionRecords: DeskDecisionRecord[];
  /** Decisions by working days to decision, in bins of `width` days starting at 0; every bin, empty or not. */
  workingDaysHistogram: { width: number; bins: { from: number; to: number; count: number }[] };
  /** Decisions per calendar month of the period (UTC), every month listed. */
  months: { month: string; decisions: number; approved: number; rejected: number }[];
}

/** The months (YYYY-MM) that [from, to) touches. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = new Date(`${to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const end = last.toISOString().slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    months.push(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/** Bins of equal width from 0 through `upper` inclusive: at most about a dozen, never narrower than a day. */
export function histogram(values: number[], upper: number): DeskFigures['workingDaysHistogram'] {
  const width = Math.max(1, Math.ceil((upper + 1) / 12));
  const count = Math.floor(upper / width) + 1;
  const bins = Array.from({ length: count }, (_, i) => ({
    from: i * width,
    to: i * width + width - 1,
    count: 0,
  }));
  for (const v of values) bins[Math.min(count - 1, Math.floor(v / width))]!.count += 1;
  return { width, bins };
}

/**
 * The desk's figures for a period with what charts need beyond them: each decision, the distribution of
 * working days to decision, and decisions per month. The totals are deskMetrics' own.
 */
export async function deskFigures(
  deps: Deps,
  deskId: string,
  from: string,
  to: string,
): Promise<Outcome<DeskFigures>> {
  const metrics = await deskMetrics(deps, deskId, from, to);
  if (!metrics.ok) return metrics;
  const [desk] = await deps.db
    .select({ days: desks.decisionDeadlineDays })
    .from(desks)
    .where(eq(desks.id, deskId));
  const rows = await deps.db
    .select({
      id: accessRequests.id,
      state: accessRequests.state,
      submittedAt: accessRequests.submittedAt,
      decidedAt: accessRequests.decidedAt,
      days: accessRequests.workingDaysToDecision,
      deadline: accessRequests.deadline,
    })
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.deskId, deskId),
        inArray(accessRequests.state, DECIDED),
        gte(accessRequests.decidedAt, new Date(`${from}T00:00:00Z`)),
        lt(accessRequests.decidedAt, new Date(`${to}T00:00:00Z`)),
      ),
    )
    .orderBy(accessRequests.decidedAt, accessRequests.id);
  const decisionRecords: DeskDecisionRecord[] = rows.map((r) => {
    const decided = (r.decidedAt as Date).toISOString();
    return {
      requestId: r.id,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      decidedAt: decided,
      month: decided.slice(0, 7),
      outcome: APPROVED.includes(r.state) ? 'approved' : 'rejected',
      workingDaysToDecision: r.days,
      deadline: r.deadline,
      withinDeadline: r.deadline !== null && decided.slice(0, 10) <= r.deadline,
    };
  });
  const deadlineDays = desk?.days ?? 30;
  const days = decisionRecords.flatMap((r) =>
    r.workingDaysToDecision === null ? [] : [r.workingDaysToDecision],
  );
  const months = monthsOf(from, to).map((month) => {
    const of = decisionRecords.filter((r) => r.month === month);
    const approved = of.filter((r) => r.outcome === 'approved').length;
    return { month, decisions: of.length, approved, rejected: of.length - approved };
  });
  return succeed({
    metrics: metrics.value,
    decisionDeadlineDays: deadlineDays,
    decisionRecords,
    workingDaysHistogram: histogram(days, Math.max(deadlineDays, ...days)),
    months,
  });
}
