// Desk evaluations: a partner's evaluator scores a desk for a period against a versioned grid, with evidence;
// metric-backed criteria come from the desk's own figures; the evaluator's organisation signs it with its own
// key to submit it, and an auditor of another partner appointed to audit the desk countersigns it or disputes
// it with theirs (evaluation-signatures.ts, evaluation-disputes.ts); a dispute is resolved by a new version.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { desks, evaluations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { levelFor } from '../domain/desk-metrics';
import type { EvaluationGrid, MetricId } from '../domain/evaluation-grid';
import { type ScoreSheet, type Scores, scoreSheet } from '../domain/evaluation-scoring';
import { fail, type Outcome, succeed } from '../domain/problem';
import { radarSvg } from '../domain/radar-chart';
import { toIsoDate } from '../domain/working-days';
import { evaluationGrid } from '../policies/evaluation-grids';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';
import { auditorOrgsOf } from './desk-auditors';
import { type DeskMetrics, deskMetrics } from './desk-metrics';

export type EvaluationRow = typeof evaluations.$inferSelect;
type Row = EvaluationRow;

export interface EvaluationView {
  id: string;
  deskId: string;
  evaluatorOrganizationId: string;
  grid: { id: string; version: string; hash: string };
  period: { from: string; to: string };
  state: 'draft' | 'submitted' | 'countersigned' | 'disputed' | 'superseded';
  /** The version this one replaces after a dispute. */
  supersedes: string | null;
  version: number;
  scores: Scores;
  sheet: ScoreSheet;
  /** The evaluator organisation's compact JWS over the submitted document. */
  signature: string | null;
  signedBy: SignerView | null;
  /** The desk's receipt for `signature` (a JWS of the desk's key). */
  receipt: string | null;
  countersignature: string | null;
  countersignedBy: SignerView | null;
  countersignatureReceipt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Which organisation signed, with which of its registered keys. */
export interface SignerView {
  organizationId: string;
  kid: string;
}

export function gridOf(row: Pick<Row, 'gridId' | 'gridVersion'>): EvaluationGrid {
  const grid = evaluationGrid(row.gridId, row.gridVersion);
  if (!grid) throw new Error(`grid ${row.gridId}@${row.gridVersion} is not installed`);
  return grid;
}

export const toView = (row: Row): EvaluationView => ({
  id: row.id,
  deskId: row.deskId,
  evaluatorOrganizationId: row.evaluatorOrgId,
  grid: { id: row.gridId, version: row.gridVersion, hash: row.gridHash },
  period: { from: row.periodFrom, to: row.periodTo },
  state: row.state as EvaluationView['state'],
  supersedes: row.supersedes,
  version: row.version,
  scores: row.scores,
  sheet: scoreSheet(gridOf(row), row.scores),
  signature: row.signature,
  signedBy: row.signatureKid ? { organizationId: row.evaluatorOrgId, kid: row.signatureKid } : null,
  receipt: row.receipt,
  countersignature: row.countersignature,
  countersignedBy:
    row.countersignedOrgId && row.countersignatureKid
      ? { organizationId: row.countersignedOrgId, kid: row.countersignatureKid }
      : null,
  countersignatureReceipt: row.countersignatureReceipt,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Who sees an evaluation: the evaluator's organisation, the desk's admins, platform admins, and — once it is
 * submitted — auditors of the partner organisations appointed to audit the desk. The row comes with the
 * caller's appointed auditor organisations (empty for everyone else).
 */
export async function visible(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<{ row: Row; auditorOrgs: string[] } | undefined> {
  const [found] = await deps.db
    .select({ row: evaluations, operatorId: desks.operatorId })
    .from(evaluations)
    .innerJoin(desks, eq(desks.id, evaluations.deskId))
    .where(eq(evaluations.id, id));
  if (!found) return undefined;
  const { row } = found;
  const auditorOrgs = row.state === 'draft' ? [] : await auditorOrgsOf(deps, p, row.deskId);
  const ok =
    p.memberships.some((m) => m.organizationId === row.evaluatorOrgId) ||
    hasRole(p, found.operatorId, 'desk_admin') ||
    p.isPlatformAdmin ||
    auditorOrgs.length > 0;
  return ok ? { row, auditorOrgs } : undefined;
}

export async function openEvaluation(
  deps: Deps,
  p: Principal,
  deskId: string,
  input: { gridId: string; gridVersion: string; periodFrom: string; periodTo: string },
): Promise<Outcome<EvaluationView>> {
  const orgs = orgsWithRole(p, 'evaluator');
  if (orgs.length === 0)
    return fail('forbidden', 'only evaluators of a partner organisation open evaluations');
  const grid = evaluationGrid(input.gridId, input.gridVersion);
  if (!grid)
    return fail('validation_failed', 'unknown grid', [
      { pointer: '/gridId', message: `no grid ${input.gridId}@${input.gridVersion}` },
    ]);
  if (input.periodFrom >= input.periodTo) {
    return fail('validation_failed', 'the period is empty', [
      { pointer: '/periodFrom', message: 'must be before periodTo' },
    ]);
  }
  const [desk] = await deps.db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [row] = await tx
      .insert(evaluations)
      .values({
        id: uuidv7(),
        deskId,
        evaluatorOrgId: orgs[0]!,
        evaluatorId: p.userId,
        gridId: grid.id,
        gridVersion: grid.version,
        gridHash: await sha256Hex(canonicalJson(grid)),
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        scores: {},
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    audit({
      action: 'evaluation.opened',
      subjectType: 'evaluation',
      subjectId: row!.id,
      payload: { grid: `${grid.id}@${grid.version}` },
      deskId,
    });
    return succeed(toView(row!));
  });
}

export async function getEvaluation(deps: Deps, p: Principal, id: string): Promise<Outcome<EvaluationView>> {
  const found = await visible(deps, p, id);
  return found ? succeed(toView(found.row)) : fail('not_found', 'no such evaluation');
}

/** The draft an evaluator of the evaluating organisation may work on, or why not. */
export async function ownEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
  act: string,
): Promise<Outcome<Row>> {
  const row = (await visible(deps, p, id))?.row;
  if (!row) return fail('not_found', 'no such evaluation');
  if (!p.memberships.some((m) => m.organizationId === row.evaluatorOrgId && m.role === 'evaluator')) {
    return fail('forbidden', `only evaluators of the evaluating organisation ${act} it`);
  }
  return succeed(row);
}

export async function scoreEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
  expectedVersion: number,
  scores: Scores,
): Promise<Outcome<EvaluationView>> {
  const own = await ownEvaluation(deps, p, id, 'score');
  if (!own.ok) return own;
  const row = own.value;
  const known = new Set(gridOf(row).groups.flatMap((g) => g.criteria.map((c) => c.id)));
  const unknown = Object.keys(scores).filter((k) => !known.has(k));
  if (unknown.length)
    return fail(
      'validation_failed',
      'unknown criteria',
      unknown.map((k) => ({ pointer: `/scores/${k}`, message: 'not a criterion of this grid' })),
    );
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const [updated] = await tx
      .update(evaluations)
      .set({ scores, version: sql`${evaluations.version} + 1`, updatedAt: deps.now() })
      .where(
        and(eq(evaluations.id, id), eq(evaluations.version, expectedVersion), eq(evaluations.state, 'draft')),
      )
      .returning();
    if (!updated) {
      return row.state !== 'draft'
        ? fail('conflict', `a ${row.state} evaluation is immutable`)
        : fail('precondition_failed', `the evaluation is at version ${row.version}, not ${expectedVersion}`);
    }
    audit({
      action: 'evaluation.scored',
      subjectType: 'evaluation',
      subjectId: id,
      payload: { criteria: Object.keys(scores).length },
      deskId: row.deskId,
    });
    return succeed(toView(updated));
  });
}

/** The field of the desk's figures each metric of the grid reads. */
export const METRIC_FIELDS: Partial<Record<MetricId, keyof DeskMetrics>> = {
  median_working_days_to_decision: 'medianWorkingDaysToDecision',
  p90_working_days_to_decision: 'p90WorkingDaysToDecision',
  share_decided_within_deadline: 'shareDecidedWithinDeadline',
  approval_rate: 'approvalRate',
  applications_count: 'applicationsSubmitted',
  catalogue_completeness: 'catalogueCompleteness',
  median_days_approval_to_first_visa: 'medianDaysApprovalToFirstVisa',
};

/** Fills metric-backed criteria from the desk's figures: computed level shown, evaluator's level kept if justified. */
export function withFigures(grid: EvaluationGrid, scores: Scores, figures: DeskMetrics): Scores {
  const out: Scores = { ...scores };
  for (const c of grid.groups.flatMap((g) => g.criteria)) {
    if (!c.metric) continue;
    const field = METRIC_FIELDS[c.metric.id];
    const value = field ? (figures[field] as number | null) : null;
    const level = value === null ? null : levelFor(c.metric, value);
    const given = out[c.id];
    if (given) out[c.id] = { ...given, computed: { value, level } };
    else if (level !== null) out[c.id] = { level, evidence: [], computed: { value, level } };
  }
  return out;
}

/**
 * The caller's auditor organisations that may vouch for or dispute an evaluation: appointed to audit its desk,
 * and never the evaluator's own (four eyes across organisations).
 */
export function independentAuditorOrgs(found: { row: Row; auditorOrgs: string[] }): Outcome<string[]> {
  if (found.auditorOrgs.length === 0)
    return fail('forbidden', 'only auditors appointed to audit this desk countersign or dispute');
  const others = found.auditorOrgs.filter((o) => o !== found.row.evaluatorOrgId);
  if (others.length === 0)
    return fail('forbidden', 'an auditor of another partner organisation must countersign or dispute');
  return succeed(others);
}

export interface Scorecard {
  deskId: string;
  latest: {
    evaluationId: string;
    grid: string;
    period: { from: string; to: string };
    overall: number;
    coverage: number;
    groups: ScoreSheet['groups'];
  } | null;
  live: DeskMetrics;
  trend: { evaluationId: string; period: { from: string; to: string }; overall: number }[];
}

/** Public: the latest countersigned evaluation, the desk's figures over the last year, and the trend. */
export async function deskScorecard(deps: Deps, deskId: string): Promise<Outcome<Scorecard>> {
  const today = deps.now();
  const to = toIsoDate(new Date(today.getTime() + 86_400_000));
  const from = toIsoDate(new Date(today.getTime() - 365 * 86_400_000));
  const live = await deskMetrics(deps, deskId, from, to);
  if (!live.ok) return live;
  const rows = await deps.db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.deskId, deskId), eq(evaluations.state, 'countersigned')))
    .orderBy(asc(evaluations.periodTo), asc(evaluations.id));
  const trend = rows.map((r) => ({
    evaluationId: r.id,
    period: { from: r.periodFrom, to: r.periodTo },
    overall: scoreSheet(gridOf(r), r.scores).overall,
  }));
  const last = rows.at(-1);
  const sheet = last ? scoreSheet(gridOf(last), last.scores) : undefined;
  return succeed({
    deskId,
    latest:
      last && sheet
        ? {
            evaluationId: last.id,
            grid: `${last.gridId}@${last.gridVersion}`,
            period: { from: last.periodFrom, to: last.periodTo },
            overall: sheet.overall,
            coverage: sheet.coverage,
            groups: sheet.groups,
          }
        : null,
    live: live.value,
    trend,
  });
}

/** A radar chart of the evaluation's group scores, with the desk's previous evaluation overlaid. */
export async function evaluationChart(
  deps: Deps,
  p: Principal,
  id: string,
  lang: 'fr' | 'en',
): Promise<Outcome<string>> {
  const row = (await visible(deps, p, id))?.row;
  if (!row) return fail('not_found', 'no such evaluation');
  const grid = gridOf(row);
  const sheet = scoreSheet(grid, row.scores);
  const [previous] = await deps.db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.deskId, row.deskId),
        inArray(evaluations.state, ['submitted', 'countersigned']),
        lt(evaluations.periodTo, row.periodTo),
        eq(evaluations.gridId, row.gridId),
        eq(evaluations.gridVersion, row.gridVersion),
      ),
    )
    .orderBy(desc(evaluations.periodTo))
    .limit(1);
  const axes = grid.groups.map((g, i) => ({ label: g.title[lang], score: sheet.groups[i]?.score ?? 0 }));
  const before = previous ? scoreSheet(grid, previous.scores).groups.map((g) => g.score) : undefined;
  const title = `${grid.title[lang]} — ${row.periodFrom} → ${row.periodTo} (${sheet.overall}/100)`;
  return succeed(radarSvg(title, axes, before));
}
