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
    .where(and(eq(datasets.deskId, deskId), eq(datasets.status, 'published')));
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
