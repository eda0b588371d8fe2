// The figures an evaluation is signed with, and the per-application inputs they are computed from, so that
// anyone holding the inputs can recompute them (see the evidence bundle).
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { accessRequests, auditEvents, datasetRevisions, desks, grants } from '../db/schema';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { descriptorCompleteness, RECOMMENDED_CHECKS } from '../domain/desk-metrics';
import {
  type ApplicationInput,
  computeFigures,
  type DatasetInput,
  FIGURES_METHOD,
  FIGURES_METHOD_DESCRIPTION,
  type FiguresInputs,
  type FigureValues,
} from '../domain/evaluation-figures';
import type { Outcome } from '../domain/problem';
import { fail, succeed } from '../domain/problem';
import type { Deps } from './deps';

export { FIGURES_METHOD, FIGURES_METHOD_DESCRIPTION };

export interface EvaluationFigures {
  values: FigureValues;
  method: typeof FIGURES_METHOD;
  /** The inputs the values are computed from (without personal data). */
  inputs: FiguresInputs;
  /** SHA-256 (hex) of the inputs' canonical JSON: what the signed document commits to. */
  inputsSha256: string;
  /** How many applications the inputs hold. */
  count: number;
}

const DECIDED = ['approved', 'rejected', 'revoked', 'expired'];
const APPROVED = ['approved', 'revoked', 'expired'];

/** The time an entry records for its move (its payload's, else the entry's own). */
const recordedAt = (e: { at: string; payload: Record<string, unknown> }, field: string) =>
  typeof e.payload[field] === 'string' ? (e.payload[field] as string) : new Date(e.at).toISOString();

/**
 * The applications of the desk submitted or decided in [from, to) as they stood at `asOf`, with the audit
 * entries backing them. What happened later (a decision, a first visa) is left out, so the same inputs come
 * back whenever they are asked for the same instant.
 */
async function applicationInputs(
  deps: Deps,
  deskId: string,
  start: Date,
  end: Date,
  asOf: Date,
): Promise<ApplicationInput[]> {
  const inPeriod = (column: typeof accessRequests.submittedAt | typeof accessRequests.decidedAt) =>
    and(gte(column, start), lt(column, end), lte(column, asOf));
  const rows = await deps.db
    .select({
      id: accessRequests.id,
      state: accessRequests.state,
      submittedAt: accessRequests.submittedAt,
      decidedAt: accessRequests.decidedAt,
      workingDays: accessRequests.workingDaysToDecision,
      deadline: accessRequests.deadline,
    })
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.deskId, deskId),
        or(inPeriod(accessRequests.submittedAt), inPeriod(accessRequests.decidedAt)),
      ),
    )
    .orderBy(asc(accessRequests.id));
  if (rows.length === 0) return [];
  // The ids as one array parameter each time: a desk's year can hold more applications than a statement
  // takes bound parameters (65 535).
  const ids = `{${rows.map((r) => r.id).join(',')}}`;
  const visas = await deps.db
    .select({ requestId: grants.requestId, first: sql<string | null>`min(${grants.firstVisaAt})` })
    .from(grants)
    .where(and(sql`${grants.requestId} = any(${ids}::uuid[])`, lte(grants.firstVisaAt, asOf)))
    .groupBy(grants.requestId);
  const firstVisas = new Map(visas.map((v) => [v.requestId, v.first]));
  const entries = await deps.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      subjectId: auditEvents.subjectId,
      payload: auditEvents.payload,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, 'access_request'),
        sql`${auditEvents.subjectId} = any(${ids}::text[])`,
        inArray(auditEvents.action, [
          'access_request.submitted',
          'access_request.resubmitted',
          'access_request.approved',
          'access_request.rejected',
        ]),
      ),
    )
    .orderBy(asc(auditEvents.seq));
  // First visas are recorded per user, naming the applications whose grants they were the first of.
  const visaEntries = await deps.db
    .select({ id: auditEvents.id, at: auditEvents.at, payload: auditEvents.payload })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'visas.first_issued'),
        eq(auditEvents.deskId, deskId),
        sql`jsonb_exists_any(${auditEvents.payload} -> 'requests', ${ids}::text[])`,
      ),
    )
    .orderBy(asc(auditEvents.seq));
  const bySubject = new Map<string, typeof entries>();
  for (const e of entries) {
    const mine = bySubject.get(e.subjectId);
    if (mine) mine.push(e);
    else bySubject.set(e.subjectId, [e]);
  }
  const visasByRequest = new Map<string, typeof visaEntries>();
  for (const e of visaEntries)
    for (const request of e.payload.requests as string[]) {
      const mine = visasByRequest.get(request);
      if (mine) mine.push(e);
      else visasByRequest.set(request, [e]);
    }
  const until = asOf.getTime();
  const happened = (e: (typeof entries)[number], field: string) => Date.parse(recordedAt(e, field)) <= until;
  return rows.map((r) => {
    const mine = (bySubject.get(r.id) ?? []).filter((e) =>
      happened(
        e,
        e.action.endsWith('resubmitted')
          ? 'resubmittedAt'
          : e.action.endsWith('submitted')
            ? 'submittedAt'
            : 'decidedAt',
      ),
    );
    const submitted = mine.find((e) => e.action === 'access_request.submitted');
    const completed = mine.findLast(
      (e) => e.action === 'access_request.submitted' || e.action === 'access_request.resubmitted',
    );
    const decidedState = DECIDED.includes(r.state) && r.decidedAt !== null && r.decidedAt.getTime() <= until;
    const decided = decidedState
      ? mine.findLast((e) => e.action === 'access_request.approved' || e.action === 'access_request.rejected')
      : undefined;
    const decidedAt = decidedState ? (r.decidedAt?.toISOString() ?? null) : null;
    const first = firstVisas.get(r.id) ?? null;
    const firstVisaAt = first === null ? null : new Date(first).toISOString();
    return {
      application: r.id,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      completeAt: completed
        ? recordedAt(
            completed,
            completed.action === 'access_request.submitted' ? 'submittedAt' : 'resubmittedAt',
          )
        : null,
      decidedAt,
      outcome: decidedState ? (APPROVED.includes(r.state) ? 'approved' : 'rejected') : null,
      workingDays: decidedState ? r.workingDays : null,
      deadline: decidedState ? r.deadline : null,
      withinDeadline: decidedAt === null ? null : r.deadline !== null && decidedAt.slice(0, 10) <= r.deadline,
      firstVisaAt: decidedState && APPROVED.includes(r.state) ? firstVisaAt : null,
      entries: {
        submitted: submitted?.id ?? null,
        completed: completed?.id ?? null,
        decided: decided?.id ?? null,
        firstVisa:
          firstVisaAt === null
            ? null
            : ((visasByRequest.get(r.id) ?? []).find((e) => recordedAt(e, 'issuedAt') === firstVisaAt)?.id ??
              null),
      },
    } satisfies ApplicationInput;
  });
}

/**
 * The datasets the desk published at `asOf` (each one's last revision by then), with the recommended
 * properties its descriptor left empty.
 */
async function datasetInputs(deps: Deps, deskId: string, asOf: Date): Promise<DatasetInput[]> {
  const latest = await deps.db
    .selectDistinctOn([datasetRevisions.datasetId], {
      id: datasetRevisions.datasetId,
      number: datasetRevisions.number,
      status: datasetRevisions.status,
      deskId: datasetRevisions.deskId,
      descriptor: datasetRevisions.descriptor,
    })
    .from(datasetRevisions)
    .where(lte(datasetRevisions.createdAt, asOf))
    .orderBy(datasetRevisions.datasetId, desc(datasetRevisions.number));
  return latest
    .filter((d) => d.status === 'published' && d.deskId === deskId)
    .map((d) => ({
      dataset: d.id,
      revision: d.number,
      checks: RECOMMENDED_CHECKS,
      missing: descriptorCompleteness(d.descriptor).missing,
    }));
}

/**
 * The figures of a desk for [from, to) with the inputs they are computed from, as the desk's records stood
 * at `asOf` (now by default): asked again for the same instant, they are the same.
 */
export async function evaluationFigures(
  deps: Deps,
  deskId: string,
  from: string,
  to: string,
  asOf: Date = deps.now(),
): Promise<Outcome<EvaluationFigures>> {
  if (from >= to)
    return fail('validation_failed', 'the period is empty', [
      { pointer: '/from', message: 'must be before to' },
    ]);
  const [desk] = await deps.db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  const inputs: FiguresInputs = {
    deskId,
    period: { from, to },
    asOf: asOf.toISOString(),
    applications: await applicationInputs(deps, deskId, start, end, asOf),
    datasets: await datasetInputs(deps, deskId, asOf),
  };
  return succeed({
    values: computeFigures(inputs),
    method: FIGURES_METHOD,
    inputs,
    inputsSha256: await sha256Hex(canonicalJson(inputs)),
    count: inputs.applications.length,
  });
}

/** The audit entry ids the inputs name, for the evidence bundle. */
export function inputEntryIds(inputs: FiguresInputs): string[] {
  return inputs.applications.flatMap((a) =>
    [a.entries.submitted, a.entries.completed, a.entries.decided, a.entries.firstVisa].filter(
      (id): id is string => id !== null,
    ),
  );
}
