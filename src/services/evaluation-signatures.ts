// Evaluations signed by the organisations that make them: the desk prepares the exact document (signing
// documents), the partner signs it with its own registered key (compact JWS, ES256, over the document's
// canonical JSON), and the desk verifies that signature against the organisation's keys, stores it and adds
// its own receipt. No code path signs a partner's document with a desk key.
import { and, eq, sql } from 'drizzle-orm';
import { decodeProtectedHeader } from 'jose';
import { signStatement } from '../crypto/signed-statement';
import { evaluationDisputes, evaluationFigureInputs, evaluations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import type { FiguresInputs } from '../domain/evaluation-figures';
import { scoreSheet } from '../domain/evaluation-scoring';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, Principal } from './deps';
import { evaluationFigures } from './evaluation-figures';
import {
  type EvaluationRow,
  type EvaluationView,
  gridOf,
  independentAuditorOrgs,
  ownEvaluation,
  toView,
  visible,
  withFigures,
} from './evaluations';
import { type VerifiedOrganizationSignature, verifyOrganizationJws } from './organization-keys';
import { activeSigningKey } from './signing-keys';

export const EVALUATION_TYP = 'phoenix-evaluation+jws';
export const COUNTERSIGNATURE_TYP = 'phoenix-countersignature+jws';
export const DISPUTE_TYP = 'phoenix-dispute+jws';
export const RECEIPT_TYP = 'phoenix-receipt+jws';

/** How long a prepared document may wait for its signature. */
export const SIGNING_WINDOW_MS = 15 * 60_000;

export interface SigningDocument<D> {
  typ: string;
  document: D;
}

export interface EvaluationDocument {
  evaluation: string;
  desk: string;
  evaluatorOrganization: string;
  grid: { id: string; version: string; sha256: string };
  period: { from: string; to: string };
  supersedes?: string;
  figures: { values: unknown; method: string; inputs: { sha256: string; count: number } };
  scores: EvaluationRow['scores'];
  sheet: { overall: number; coverage: number; groups: unknown };
  signedAt: string;
}

/** The evaluation's document as of now, signed at `signedAt`; refused while it is incomplete. */
async function evaluationDocument(
  deps: Deps,
  row: EvaluationRow,
  signedAt: string,
): Promise<
  Outcome<{ document: EvaluationDocument; overall: number; coverage: number; inputs: FiguresInputs }>
> {
  const grid = gridOf(row);
  const figures = await evaluationFigures(deps, row.deskId, row.periodFrom, row.periodTo, new Date(signedAt));
  if (!figures.ok) return figures;
  const scores = withFigures(grid, row.scores, figures.value.values);
  const sheet = scoreSheet(grid, scores);
  if (!sheet.complete) {
    return fail(
      'validation_failed',
      'the evaluation is incomplete',
      sheet.problems.map((x) => ({ pointer: `/scores/${x.criterion}`, message: x.problem })),
    );
  }
  return succeed({
    document: {
      evaluation: row.id,
      desk: `${deps.publicBaseUrl}/v1/desks/${row.deskId}`,
      evaluatorOrganization: row.evaluatorOrgId,
      grid: { id: row.gridId, version: row.gridVersion, sha256: row.gridHash },
      period: { from: row.periodFrom, to: row.periodTo },
      ...(row.supersedes ? { supersedes: row.supersedes } : {}),
      figures: {
        values: figures.value.values,
        method: figures.value.method,
        inputs: { sha256: figures.value.inputsSha256, count: figures.value.inputs.applications.length },
      },
      scores,
      sheet: { overall: sheet.overall, coverage: sheet.coverage, groups: sheet.groups },
      signedAt,
    },
    overall: sheet.overall,
    coverage: sheet.coverage,
    inputs: figures.value.inputs,
  });
}

async function draftOf(deps: Deps, p: Principal, id: string, act: string): Promise<Outcome<EvaluationRow>> {
  const own = await ownEvaluation(deps, p, id, act);
  if (!own.ok) return own;
  if (own.value.state !== 'draft') return fail('conflict', `the evaluation is already ${own.value.state}`);
  return own;
}

/** What the evaluator's organisation signs to submit the evaluation (its evaluators, a complete draft). */
export async function evaluationSigningDocument(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<Outcome<SigningDocument<EvaluationDocument>>> {
  const row = await draftOf(deps, p, id, 'submit');
  if (!row.ok) return row;
  const built = await evaluationDocument(deps, row.value, deps.now().toISOString());
  if (!built.ok) return built;
  return succeed({ typ: EVALUATION_TYP, document: built.value.document });
}

/** The claims of a compact JWS, read before its signature is checked (to know whose keys to check it with). */
function unverifiedClaims(jws: string): Outcome<Record<string, unknown>> {
  const refuse = (message: string) =>
    fail<Record<string, unknown>>('validation_failed', 'not a signed document', [
      { pointer: '/signature', message },
    ]);
  const parts = jws.split('.');
  if (parts.length !== 3) return refuse('not a compact JWS');
  try {
    decodeProtectedHeader(jws);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(parts[1]!.replaceAll('-', '+').replaceAll('_', '/')), (ch) => ch.charCodeAt(0)),
    );
    const claims = JSON.parse(text) as unknown;
    if (!claims || typeof claims !== 'object' || Array.isArray(claims))
      return refuse('the payload is not a JSON object');
    return succeed(claims as Record<string, unknown>);
  } catch {
    return refuse('the payload is not JSON');
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a signed document says it was made at, if within the signing window: the last 15 minutes, and
 * not in the future (`skewMs` allows for the clock of a client that wrote the instant itself).
 */
function preparedAt(deps: Deps, claims: Record<string, unknown>, field: string, skewMs = 0): Outcome<string> {
  const value = claims[field];
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value)))
    return fail('validation_failed', 'not a document the desk prepared', [
      { pointer: '/signature', message: `the document has no ${field} (an RFC 3339 instant)` },
    ]);
  const age = deps.now().getTime() - Date.parse(value);
  if (age < -skewMs || age > SIGNING_WINDOW_MS)
    return fail(
      'conflict',
      'the signed document is too old or from the future: fetch a new one and sign it',
      [{ pointer: '/signature', message: `${field} must be within the last 15 minutes, not in the future` }],
    );
  return succeed(value);
}

/** The signature verified against the organisation's keys, and over exactly the document the desk rebuilt. */
async function acceptSignature(
  deps: Deps,
  organizationId: string,
  jws: string,
  typ: string,
  document: unknown,
  at: string,
): Promise<
  Outcome<{ verified: VerifiedOrganizationSignature; documentSha256: string; signatureSha256: string }>
> {
  const verified = await verifyOrganizationJws(deps, organizationId, jws, typ, '/signature', new Date(at));
  if (!verified.ok) return verified;
  const expected = canonicalJson(document);
  if (new TextDecoder().decode(verified.value.payload) !== expected)
    return fail(
      'conflict',
      'the evaluation changed since the document was prepared: fetch it again and sign it',
      [
        {
          pointer: '/signature',
          message: 'changed since prepared: the signed document is not the current one',
        },
      ],
    );
  return succeed({
    verified: verified.value,
    documentSha256: await sha256Hex(expected),
    signatureSha256: await sha256Hex(jws),
  });
}

/** The desk's receipt for a partner's signature: the desk's own JWS, saying what it received and when. */
async function receiptFor(
  deps: Deps,
  evaluation: string,
  kind: 'evaluation' | 'countersignature' | 'dispute',
  signatureSha256: string,
  documentSha256: string,
  receivedAt: Date,
): Promise<string> {
  return signStatement(await activeSigningKey(deps), RECEIPT_TYP, {
    evaluation,
    kind,
    signature: signatureSha256,
    document: documentSha256,
    receivedAt: receivedAt.toISOString(),
  });
}

/**
 * Submits the evaluation with its organisation's signature over the document the desk prepared: verified with
 * the organisation's registered keys, stored with the desk's receipt; the evaluation is frozen.
 */
export async function submitEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
  jws: string,
): Promise<Outcome<EvaluationView>> {
  const draft = await draftOf(deps, p, id, 'submit');
  if (!draft.ok) return draft;
  const row = draft.value;
  const claims = unverifiedClaims(jws);
  if (!claims.ok) {
    // An incomplete evaluation is refused for what it lacks first: no signature could submit it.
    const now = await evaluationDocument(deps, row, deps.now().toISOString());
    return now.ok ? claims : now;
  }
  const signedAt = preparedAt(deps, claims.value, 'signedAt');
  if (!signedAt.ok) return signedAt;
  const built = await evaluationDocument(deps, row, signedAt.value);
  if (!built.ok) return built;
  const { document, overall, coverage, inputs } = built.value;
  const accepted = await acceptSignature(
    deps,
    row.evaluatorOrgId,
    jws,
    EVALUATION_TYP,
    document,
    signedAt.value,
  );
  if (!accepted.ok) return accepted;
  const { verified, documentSha256, signatureSha256 } = accepted.value;
  // The desk's key exists before the receipt's time, even when this receipt is its first signature.
  await activeSigningKey(deps);
  const now = deps.now();
  const receipt = await receiptFor(deps, id, 'evaluation', signatureSha256, documentSha256, now);
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const [updated] = await tx
      .update(evaluations)
      .set({
        state: 'submitted',
        scores: document.scores,
        submitted: document as unknown as Record<string, unknown>,
        signature: jws,
        signatureKid: verified.kid,
        receipt,
        version: sql`${evaluations.version} + 1`,
        updatedAt: now,
      })
      // The version guard: scores changed after the document was prepared fail here, not silently.
      .where(
        and(eq(evaluations.id, id), eq(evaluations.state, 'draft'), eq(evaluations.version, row.version)),
      )
      .returning();
    if (!updated) return fail('conflict', 'the evaluation changed meanwhile');
    await tx.insert(evaluationFigureInputs).values({ evaluationId: id, inputs });
    audit({
      action: 'evaluation.submitted',
      subjectType: 'evaluation',
      subjectId: id,
      payload: {
        document: documentSha256,
        signature: signatureSha256,
        organizationId: row.evaluatorOrgId,
        kid: verified.kid,
        overall,
        coverage,
      },
      deskId: row.deskId,
    });
    if (row.supersedes) {
      // The new version resolves the dispute of the one it replaces.
      const [replaced] = await tx
        .update(evaluations)
        .set({ state: 'superseded', version: sql`${evaluations.version} + 1`, updatedAt: now })
        .where(and(eq(evaluations.id, row.supersedes), eq(evaluations.state, 'disputed')))
        .returning({ id: evaluations.id });
      if (!replaced) return fail('conflict', 'the version this one replaces is no longer disputed');
      await tx
        .update(evaluationDisputes)
        .set({ resolvedBy: id, resolvedAt: now })
        .where(eq(evaluationDisputes.evaluationId, row.supersedes));
      audit({
        action: 'evaluation.dispute_resolved',
        subjectType: 'evaluation',
        subjectId: row.supersedes,
        payload: { by: id },
        deskId: row.deskId,
      });
    }
    return succeed(toView(updated));
  });
}

export interface CountersigningDocument {
  evaluation: string;
  evaluationSignature: string;
  auditorOrganization: string;
  countersignedAt: string;
}

export interface DisputeDocument {
  evaluation: string;
  evaluationSignature: string;
  auditorOrganization: string;
  criteria: { criterion: string; comment: string }[];
  disputedAt: string;
}

/**
 * The submitted evaluation an auditor of another partner may vouch for or dispute, and the organisation they
 * act for: `organizationId` when given (one of theirs), else their first appointed organisation.
 */
export async function auditedSubmission(
  deps: Deps,
  p: Principal,
  id: string,
  act: 'countersigned' | 'disputed',
  organizationId?: string,
  pointer = '/organization',
): Promise<Outcome<{ row: EvaluationRow; organizationId: string; evaluationSignature: string }>> {
  const found = await visible(deps, p, id);
  if (!found) return fail('not_found', 'no such evaluation');
  const orgs = independentAuditorOrgs(found);
  if (!orgs.ok) return orgs;
  const { row } = found;
  if (organizationId !== undefined && !orgs.value.includes(organizationId))
    return fail(
      'forbidden',
      'the organisation signing must be one of the caller’s, appointed to audit this desk',
      [{ pointer, message: 'not an organisation the caller audits this desk for' }],
    );
  if (row.state !== 'submitted') return fail('conflict', `a ${row.state} evaluation cannot be ${act}`);
  if (!row.signature) return fail('conflict', 'the evaluation carries no signature of its evaluator');
  return succeed({
    row,
    organizationId: organizationId ?? orgs.value[0]!,
    evaluationSignature: await sha256Hex(row.signature),
  });
}

/** What an appointed auditor's organisation signs to countersign the evaluation. */
export async function countersigningDocument(
  deps: Deps,
  p: Principal,
  id: string,
  organizationId?: string,
): Promise<Outcome<SigningDocument<CountersigningDocument>>> {
  const audited = await auditedSubmission(deps, p, id, 'countersigned', organizationId);
  if (!audited.ok) return audited;
  return succeed({
    typ: COUNTERSIGNATURE_TYP,
    document: {
      evaluation: id,
      evaluationSignature: audited.value.evaluationSignature,
      auditorOrganization: audited.value.organizationId,
      countersignedAt: deps.now().toISOString(),
    },
  });
}

/** The organisation a countersignature or dispute says it is made for, as a string. */
function auditorOrganizationOf(claims: Record<string, unknown>): Outcome<string> {
  const org = claims.auditorOrganization;
  return typeof org === 'string'
    ? succeed(org)
    : fail('validation_failed', 'not a document the desk prepared', [
        { pointer: '/signature', message: 'the document names no auditorOrganization' },
      ]);
}

/** An appointed auditor's organisation countersigns the evaluation with its own key. */
export async function countersignEvaluation(
  deps: Deps,
  p: Principal,
  id: string,
  jws: string,
): Promise<Outcome<EvaluationView>> {
  const claims = unverifiedClaims(jws);
  if (!claims.ok) {
    // Who may countersign, and whether the evaluation awaits it, come before the signature's form.
    const audited = await auditedSubmission(deps, p, id, 'countersigned');
    return audited.ok ? claims : audited;
  }
  const org = auditorOrganizationOf(claims.value);
  if (!org.ok) return org;
  const audited = await auditedSubmission(deps, p, id, 'countersigned', org.value, '/signature');
  if (!audited.ok) return audited;
  const { row, evaluationSignature } = audited.value;
  const at = preparedAt(deps, claims.value, 'countersignedAt');
  if (!at.ok) return at;
  const document: CountersigningDocument = {
    evaluation: id,
    evaluationSignature,
    auditorOrganization: org.value,
    countersignedAt: at.value,
  };
  const accepted = await acceptSignature(deps, org.value, jws, COUNTERSIGNATURE_TYP, document, at.value);
  if (!accepted.ok) return accepted;
  const { verified, documentSha256, signatureSha256 } = accepted.value;
  // The desk's key exists before the receipt's time, even when this receipt is its first signature.
  await activeSigningKey(deps);
  const now = deps.now();
  const receipt = await receiptFor(deps, id, 'countersignature', signatureSha256, documentSha256, now);
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const [updated] = await tx
      .update(evaluations)
      .set({
        state: 'countersigned',
        countersignedBy: p.userId,
        countersignedOrgId: org.value,
        countersignature: jws,
        countersignatureKid: verified.kid,
        countersignatureReceipt: receipt,
        version: sql`${evaluations.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(evaluations.id, id), eq(evaluations.state, 'submitted')))
      .returning();
    if (!updated) return fail('conflict', 'the evaluation changed meanwhile');
    audit({
      action: 'evaluation.countersigned',
      subjectType: 'evaluation',
      subjectId: id,
      payload: {
        document: documentSha256,
        signature: signatureSha256,
        evaluationSignature,
        organizationId: org.value,
        kid: verified.kid,
      },
      deskId: row.deskId,
    });
    return succeed(toView(updated));
  });
}

/**
 * A dispute's signature checked: made by the auditor organisation it names (one the caller audits the desk
 * for), over exactly these criteria, within the signing window. Returns what the dispute stores.
 */
export async function acceptDisputeSignature(
  deps: Deps,
  p: Principal,
  id: string,
  criteria: DisputeDocument['criteria'],
  jws: string,
): Promise<
  Outcome<{
    row: EvaluationRow;
    organizationId: string;
    kid: string;
    signatureSha256: string;
    documentSha256: string;
    receipt: string;
  }>
> {
  const claims = unverifiedClaims(jws);
  if (!claims.ok) {
    const audited = await auditedSubmission(deps, p, id, 'disputed');
    return audited.ok ? claims : audited;
  }
  const org = auditorOrganizationOf(claims.value);
  if (!org.ok) return org;
  const audited = await auditedSubmission(deps, p, id, 'disputed', org.value, '/signature');
  if (!audited.ok) return audited;
  // The auditor's client writes this instant itself: a minute of clock difference is allowed.
  const at = preparedAt(deps, claims.value, 'disputedAt', 60_000);
  if (!at.ok) return at;
  const document: DisputeDocument = {
    evaluation: id,
    evaluationSignature: audited.value.evaluationSignature,
    auditorOrganization: org.value,
    criteria,
    disputedAt: at.value,
  };
  const accepted = await acceptSignature(deps, org.value, jws, DISPUTE_TYP, document, at.value);
  if (!accepted.ok) return accepted;
  const { verified, documentSha256, signatureSha256 } = accepted.value;
  return succeed({
    row: audited.value.row,
    organizationId: org.value,
    kid: verified.kid,
    signatureSha256,
    documentSha256,
    receipt: await activeSigningKey(deps).then(() =>
      receiptFor(deps, id, 'dispute', signatureSha256, documentSha256, deps.now()),
    ),
  });
}
