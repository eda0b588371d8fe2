// Disputes over a submitted evaluation: an appointed auditor of another partner objects to chosen criteria,
// signed with their organisation's own key (the desk verifies it and adds its receipt), the evaluator answers every objection, then resolves the dispute with a new version (a draft copying the
// scores, which replaces the disputed one when it is submitted and signed).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { rowsOf } from '../db/database';
import { evaluationDisputes, evaluations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, Principal } from './deps';
import { acceptDisputeSignature } from './evaluation-signatures';
import {
  type EvaluationRow,
  type EvaluationView,
  gridOf,
  independentAuditorOrgs,
  ownEvaluation,
  toView,
  visible,
} from './evaluations';

export interface CriterionComment {
  criterion: string;
  comment: string;
}

export interface DisputeView {
  id: string;
  evaluationId: string;
  auditorId: string;
  auditorOrganizationId: string;
  criteria: CriterionComment[];
  openedAt: string;
  answer: CriterionComment[] | null;
  answeredAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The auditor organisation's compact JWS over the dispute, and the key it was made with. */
  signature: string | null;
  signedBy: { organizationId: string; kid: string } | null;
  /** The desk's receipt for `signature`. */
  receipt: string | null;
}

type DisputeRow = typeof evaluationDisputes.$inferSelect;

const toDisputeView = (d: DisputeRow): DisputeView => ({
  id: d.id,
  evaluationId: d.evaluationId,
  auditorId: d.auditorId,
  auditorOrganizationId: d.auditorOrgId,
  criteria: d.criteria,
  openedAt: d.openedAt.toISOString(),
  answer: d.answer,
  answeredAt: d.answeredAt?.toISOString() ?? null,
  resolvedBy: d.resolvedBy,
  resolvedAt: d.resolvedAt?.toISOString() ?? null,
  signature: d.signature,
  signedBy: d.signatureKid ? { organizationId: d.auditorOrgId, kid: d.signatureKid } : null,
  receipt: d.receipt,
});

/** Every comment must name a distinct criterion of the evaluation's grid. */
function checkCriteria(row: EvaluationRow, items: CriterionComment[], field: string) {
  const known = new Set(gridOf(row).groups.flatMap((g) => g.criteria.map((c) => c.id)));
  const seen = new Set<string>();
  const violations = items.flatMap((item, i) => {
    const pointer = `/${field}/${i}/criterion`;
    if (!known.has(item.criterion)) return [{ pointer, message: 'not a criterion of this grid' }];
    if (seen.has(item.criterion)) return [{ pointer, message: 'named twice' }];
    seen.add(item.criterion);
    return [];
  });
  return violations;
}

/** An appointed auditor disputes chosen criteria, with their organisation's signature over the dispute. */
export async function disputeEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
  criteria: CriterionComment[],
  jws: string,
): Promise<Outcome<DisputeView>> {
  const found = await visible(deps, p, id);
  if (!found) return fail('not_found', 'no such evaluation');
  const orgs = independentAuditorOrgs(found);
  if (!orgs.ok) return orgs;
  const violations = checkCriteria(found.row, criteria, 'criteria');
  if (violations.length) return fail('validation_failed', 'disputes name criteria of the grid', violations);
  const signed = await acceptDisputeSignature(deps, p, id, criteria, jws);
  if (!signed.ok) return signed;
  const { row, organizationId, kid, signatureSha256, documentSha256, receipt } = signed.value;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [moved] = await tx
      .update(evaluations)
      .set({ state: 'disputed', version: sql`${evaluations.version} + 1`, updatedAt: now })
      .where(and(eq(evaluations.id, id), eq(evaluations.state, 'submitted')))
      .returning({ id: evaluations.id });
    if (!moved) return fail('conflict', 'the evaluation changed meanwhile');
    const [dispute] = await tx
      .insert(evaluationDisputes)
      .values({
        id: uuidv7(),
        evaluationId: id,
        auditorId: p.userId,
        auditorOrgId: organizationId,
        criteria,
        openedAt: now,
        signature: jws,
        signatureKid: kid,
        receipt,
      })
      .returning();
    audit({
      action: 'evaluation.disputed',
      subjectType: 'evaluation',
      subjectId: id,
      payload: {
        dispute: dispute!.id,
        criteria: criteria.map((c) => c.criterion),
        document: documentSha256,
        signature: signatureSha256,
        organizationId,
        kid,
      },
      deskId: row.deskId,
      audience: [row.evaluatorOrgId],
    });
    return succeed(toDisputeView(dispute!));
  });
}

async function disputeOf(deps: Deps, evaluationId: string): Promise<DisputeRow | undefined> {
  const [d] = await deps.db
    .select()
    .from(evaluationDisputes)
    .where(eq(evaluationDisputes.evaluationId, evaluationId));
  return d;
}

export async function getDispute(deps: Deps, p: Principal, id: string): Promise<Outcome<DisputeView>> {
  if (!(await visible(deps, p, id))) return fail('not_found', 'no such evaluation');
  const d = await disputeOf(deps, id);
  return d ? succeed(toDisputeView(d)) : fail('not_found', 'this evaluation is not disputed');
}

/** The evaluator answers every disputed criterion, once. */
export async function answerDispute(
  deps: Deps,
  p: Principal,
  id: string,
  answer: CriterionComment[],
): Promise<Outcome<DisputeView>> {
  const own = await ownEvaluation(deps, p, id, 'answer disputes over');
  if (!own.ok) return own;
  const row = own.value;
  const dispute = await disputeOf(deps, id);
  if (!dispute || row.state !== 'disputed') return fail('conflict', 'this evaluation has no open dispute');
  const violations = checkCriteria(row, answer, 'answer');
  const answered = new Set(answer.map((a) => a.criterion));
  for (const c of dispute.criteria) {
    if (!answered.has(c.criterion))
      violations.push({ pointer: '/answer', message: `no answer for disputed criterion ${c.criterion}` });
  }
  const disputed = new Set(dispute.criteria.map((c) => c.criterion));
  answer.forEach((a, i) => {
    if (!disputed.has(a.criterion))
      violations.push({ pointer: `/answer/${i}/criterion`, message: 'this criterion is not disputed' });
  });
  if (violations.length) return fail('validation_failed', 'answer each disputed criterion once', violations);
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [updated] = await tx
      .update(evaluationDisputes)
      .set({ answer, answeredBy: p.userId, answeredAt: now })
      .where(and(eq(evaluationDisputes.id, dispute.id), sql`${evaluationDisputes.answer} is null`))
      .returning();
    if (!updated) return fail('conflict', 'the dispute is already answered');
    audit({
      action: 'evaluation.dispute_answered',
      subjectType: 'evaluation',
      subjectId: id,
      payload: { dispute: dispute.id },
      deskId: row.deskId,
      audience: [dispute.auditorOrgId],
    });
    return succeed(toDisputeView(updated));
  });
}

/** Opens the new version that will resolve an answered dispute: a draft with the same desk, grid, period and
 * scores, to change where the answer said so, then submit. */
export async function reviseEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<Outcome<EvaluationView>> {
  const own = await ownEvaluation(deps, p, id, 'revise');
  if (!own.ok) return own;
  const row = own.value;
  const dispute = await disputeOf(deps, id);
  if (!dispute || row.state !== 'disputed') return fail('conflict', 'only a disputed evaluation is revised');
  if (!dispute.answer) return fail('conflict', 'answer the dispute before revising');
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [created] = await tx
      .insert(evaluations)
      .values({
        id: uuidv7(),
        deskId: row.deskId,
        evaluatorOrgId: row.evaluatorOrgId,
        evaluatorId: p.userId,
        gridId: row.gridId,
        gridVersion: row.gridVersion,
        gridHash: row.gridHash,
        periodFrom: row.periodFrom,
        periodTo: row.periodTo,
        scores: row.scores,
        supersedes: row.id,
        createdAt: now,
        updatedAt: now,
      })
      // The unique `supersedes` makes a second revision of the same version impossible.
      .onConflictDoNothing()
      .returning();
    if (!created) return fail('conflict', 'this evaluation already has a new version');
    audit({
      action: 'evaluation.revised',
      subjectType: 'evaluation',
      subjectId: created.id,
      payload: { supersedes: row.id },
      deskId: row.deskId,
    });
    return succeed(toView(created));
  });
}

/** Every version of an evaluation, oldest first, each with its dispute. */
export async function evaluationHistory(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<Outcome<{ version: EvaluationView; dispute: DisputeView | null }[]>> {
  const found = await visible(deps, p, id);
  if (!found) return fail('not_found', 'no such evaluation');
  // The versions form a chain through `supersedes`: walk it in SQL from the oldest ancestor.
  const chain = await deps.db.execute(sql`
    with recursive up as (
      select id, supersedes from ${evaluations} where id = ${id}
      union all select e.id, e.supersedes from ${evaluations} e join up on e.id = up.supersedes
    ), down as (
      select id from up where supersedes is null
      union all select e.id from ${evaluations} e join down on e.supersedes = down.id
    ) select id from down`);
  const ids = rowsOf<{ id: string }>(chain).map((r) => r.id);
  const versions = await deps.db
    .select({ e: evaluations, d: evaluationDisputes })
    .from(evaluations)
    .leftJoin(evaluationDisputes, eq(evaluationDisputes.evaluationId, evaluations.id))
    .where(inArray(evaluations.id, ids))
    .orderBy(asc(evaluations.createdAt), asc(evaluations.id));
  // A draft revision is the evaluator's work in progress: others see it once submitted.
  const own = p.memberships.some((m) => m.organizationId === found.row.evaluatorOrgId);
  return succeed(
    versions
      .filter((v) => own || v.e.state !== 'draft' || p.isPlatformAdmin)
      .map((v) => ({ version: toView(v.e), dispute: v.d ? toDisputeView(v.d) : null })),
  );
}
