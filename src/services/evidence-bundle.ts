// The evidence bundle of an evaluation: one JSON file holding everything a partner needs to check it offline
// without trusting the desk (scripts/verifier): the signed evaluation and what answers it, the grid, the
// figures' inputs, the keys, and the audit entries behind them with a proof to a signed checkpoint.
import { and, desc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import { auditCosignatures, auditEvents, evaluationDisputes, evaluationFigureInputs } from '../db/schema';
import type { ChainedAuditEntry } from '../domain/audit-chain';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { FIGURES_METHOD, FIGURES_METHOD_DESCRIPTION, type FiguresInputs } from '../domain/evaluation-figures';
import type { MultiProof } from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { type GridDocument, gridDocument } from '../policies/evaluation-grids';
import {
  type CheckpointView,
  getCheckpoint,
  latestCheckpoint,
  makeCheckpoint,
  proveLeaves,
} from './audit-checkpoints';
import type { Deps, Principal } from './deps';
import { evaluationFigures, inputEntryIds } from './evaluation-figures';
import { type EvaluationRow, visible } from './evaluations';
import { type OrganizationKeyView, organizationKeyHistory } from './organization-keys';
import { keyHistory } from './signing-keys';

export const BUNDLE_FORMAT = 'phoenix-evidence-bundle/1';

export type BundleEntry = Omit<ChainedAuditEntry, 'seq'> & { leafIndex: number };

/** A partner's signed statement with the desk's receipt for it (null where the desk gave none). */
export interface SignedStatement {
  signature: string;
  receipt: string | null;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  /** The desk's base URL without its scheme: the origin of its checkpoint notes. */
  origin: string;
  evaluation: { id: string } & SignedStatement;
  countersignatures: SignedStatement[];
  disputes: SignedStatement[];
  grid: GridDocument;
  figures: { method: string; description: typeof FIGURES_METHOD_DESCRIPTION; inputs: FiguresInputs };
  keys: {
    desk: Awaited<ReturnType<typeof keyHistory>>;
    organizations: Record<string, OrganizationKeyView[]>;
  };
  log: {
    entries: BundleEntry[];
    checkpoint: CheckpointView;
    proof: MultiProof;
  };
}

/** A base64url part of a compact JWS, parsed as JSON. */
function jwsPart(jws: string, part: 0 | 1): Record<string, unknown> {
  const b64 = jws.split('.')[part]!.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The payload of a compact JWS (the desk reads statements it stored itself). */
const jwsPayload = (jws: string) => jwsPart(jws, 1);

/** The evaluator organisation's signed evaluation and the desk's receipt for it. */
function signedEvaluation(row: EvaluationRow): SignedStatement {
  return { signature: row.signature!, receipt: row.receipt };
}

/** The countersignature and the signed disputes of the evaluation, each with the desk's receipt. */
async function auditorStatements(
  deps: Deps,
  row: EvaluationRow,
): Promise<{ countersignatures: SignedStatement[]; disputes: SignedStatement[] }> {
  const disputes = await deps.db
    .select({ signature: evaluationDisputes.signature, receipt: evaluationDisputes.receipt })
    .from(evaluationDisputes)
    .where(eq(evaluationDisputes.evaluationId, row.id))
    .orderBy(evaluationDisputes.openedAt);
  return {
    countersignatures: row.countersignature
      ? [{ signature: row.countersignature, receipt: row.countersignatureReceipt }]
      : [],
    disputes: disputes.flatMap((d) => (d.signature ? [{ signature: d.signature, receipt: d.receipt }] : [])),
  };
}

/** The organisation and kid of a partner's statement (the evaluator's or the auditor's, from its payload). */
function signerOf(statement: SignedStatement): { organizationId: string; kid: string } | null {
  const header = jwsPart(statement.signature, 0) as { kid?: string };
  const payload = jwsPayload(statement.signature);
  const organizationId = payload.evaluatorOrganization ?? payload.auditorOrganization;
  return typeof header.kid === 'string' && typeof organizationId === 'string'
    ? { organizationId, kid: header.kid }
    : null;
}

/**
 * The figures' inputs as the evaluation was signed with them: frozen at submission, or, for an evaluation
 * submitted before they were kept, recomputed as of its signing instant.
 */
async function signedInputs(deps: Deps, row: EvaluationRow, signedAt: Date): Promise<Outcome<FiguresInputs>> {
  const [kept] = await deps.db
    .select({ inputs: evaluationFigureInputs.inputs })
    .from(evaluationFigureInputs)
    .where(eq(evaluationFigureInputs.evaluationId, row.id));
  if (kept) return succeed(kept.inputs);
  const figures = await evaluationFigures(deps, row.deskId, row.periodFrom, row.periodTo, signedAt);
  return figures.ok ? succeed(figures.value.inputs) : figures;
}

/** The checkpoint the proof leads to, with its cosignatures: the latest, made now if it misses an entry. */
async function coveringCheckpoint(deps: Deps, lastLeaf: number): Promise<CheckpointView> {
  // The newest head witnesses have cosigned, when one covers the entries: a verifier asks for cosignatures.
  const [cosigned] = await deps.db
    .select({ treeSize: auditCosignatures.treeSize })
    .from(auditCosignatures)
    .where(gt(auditCosignatures.treeSize, lastLeaf))
    .orderBy(desc(auditCosignatures.treeSize))
    .limit(1);
  if (cosigned) {
    const found = await getCheckpoint(deps, cosigned.treeSize);
    if (found.ok) return found.value;
  }
  const latest = await latestCheckpoint(deps);
  return latest && lastLeaf < latest.treeSize ? latest : makeCheckpoint(deps);
}

type KeyRef = { organizationId: string; kid: string };

const ENTRY_COLUMNS = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorId: auditEvents.actorId,
  action: auditEvents.action,
  subjectType: auditEvents.subjectType,
  subjectId: auditEvents.subjectId,
  payload: auditEvents.payload,
  prevHash: auditEvents.prevHash,
  hash: auditEvents.hash,
  leafIndex: auditEvents.leafIndex,
};

/** Audit entries as the bundle gives them. */
async function entriesWhere(deps: Deps, where: SQL | undefined): Promise<BundleEntry[]> {
  const rows = await deps.db.select(ENTRY_COLUMNS).from(auditEvents).where(where);
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/**
 * The organization_key.registered entries of the keys: by organisation first, which the subject index
 * finds, then by kid.
 */
function registrationsOf(deps: Deps, keys: KeyRef[]): Promise<BundleEntry[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return entriesWhere(
    deps,
    and(
      eq(auditEvents.subjectType, 'organization'),
      inArray(auditEvents.subjectId, [...new Set(keys.map((k) => k.organizationId))]),
      eq(auditEvents.action, 'organization_key.registered'),
      or(
        ...keys.map(
          (k) =>
            sql`(${auditEvents.subjectId} = ${k.organizationId} and ${auditEvents.payload} ->> 'kid' = ${k.kid})`,
        ),
      ),
    ),
  );
}

/**
 * The audit entries the bundle needs, in log order: the evaluation's own, the signing keys' registrations and
 * the figures' inputs, each read by an index of its own (one statement OR-ing them scans the whole log).
 */
async function bundleEntries(
  deps: Deps,
  evaluationId: string,
  inputIds: string[],
  keys: KeyRef[],
): Promise<BundleEntry[]> {
  const found = [
    ...(await entriesWhere(
      deps,
      and(
        eq(auditEvents.subjectType, 'evaluation'),
        eq(auditEvents.subjectId, evaluationId),
        inArray(auditEvents.action, [
          'evaluation.submitted',
          'evaluation.countersigned',
          'evaluation.disputed',
        ]),
      ),
    )),
    ...(await registrationsOf(deps, keys)),
  ];
  // The inputs' ids as one array parameter: thousands of bound parameters cost more to send than to read.
  for (let i = 0; i < inputIds.length; i += 20_000)
    found.push(
      ...(await entriesWhere(
        deps,
        sql`${auditEvents.id} = any(${`{${inputIds.slice(i, i + 20_000).join(',')}}`}::uuid[])`,
      )),
    );
  return [...new Map(found.map((e) => [e.id, e])).values()].sort((a, b) => a.leafIndex - b.leafIndex);
}

/** The witnesses' keys that cosigned the checkpoint (read from the cosignatures' headers). */
function cosigningKeys(checkpoint: CheckpointView): KeyRef[] {
  return checkpoint.cosignatures.flatMap((c) => {
    const { kid } = jwsPart(c.signature, 0) as { kid?: string };
    return typeof kid === 'string' ? [{ organizationId: c.organizationId, kid }] : [];
  });
}

/** The evidence bundle of a submitted evaluation, for whoever sees the evaluation. */
export async function evidenceBundle(deps: Deps, p: Principal, id: string): Promise<Outcome<EvidenceBundle>> {
  const found = await visible(deps, p, id);
  if (!found) return fail('not_found', 'no such evaluation');
  const { row } = found;
  if (!row.signature) return fail('conflict', 'a draft evaluation has no evidence yet: submit it first');
  const evaluation = signedEvaluation(row);
  const document = jwsPayload(evaluation.signature);
  const grid = await gridDocument(`${row.gridId}@${row.gridVersion}`);
  if (!grid) return fail('not_found', `grid ${row.gridId}@${row.gridVersion} is not installed`);
  const signedAt = (document.signedAt ?? document.submittedAt) as string;
  const inputs = await signedInputs(deps, row, new Date(signedAt));
  if (!inputs.ok) return inputs;
  const signedFigures = document.figures as { inputs?: { sha256?: string } } | undefined;
  if (signedFigures?.inputs?.sha256 !== (await sha256Hex(canonicalJson(inputs.value))))
    return fail('conflict', 'the figures’ inputs can no longer be reproduced as they were signed');
  const { countersignatures, disputes } = await auditorStatements(deps, row);
  const signers = [evaluation, ...countersignatures, ...disputes].flatMap((s) => signerOf(s) ?? []);
  const entries = await bundleEntries(deps, id, inputEntryIds(inputs.value), signers);
  const checkpoint = await coveringCheckpoint(deps, entries.at(-1)?.leafIndex ?? 0);
  // The witnesses' key registrations, where the checkpoint's tree holds them (a key may be registered later
  // than the head it cosigns).
  const witnesses = cosigningKeys(checkpoint);
  const known = new Set(entries.map((e) => e.id));
  for (const e of await registrationsOf(deps, witnesses))
    if (!known.has(e.id) && e.leafIndex < checkpoint.treeSize) entries.push(e);
  entries.sort((a, b) => a.leafIndex - b.leafIndex);
  const organizations: Record<string, OrganizationKeyView[]> = {};
  for (const { organizationId } of [{ organizationId: row.evaluatorOrgId }, ...signers, ...witnesses])
    organizations[organizationId] ??= await organizationKeyHistory(deps, organizationId);
  const proof = await proveLeaves(deps, entries, checkpoint.treeSize);
  if (!proof.ok) return proof;
  return succeed({
    format: BUNDLE_FORMAT,
    origin: checkpoint.origin,
    evaluation: { id, ...evaluation },
    countersignatures,
    disputes,
    grid,
    figures: { method: FIGURES_METHOD, description: FIGURES_METHOD_DESCRIPTION, inputs: inputs.value },
    keys: { desk: await keyHistory(deps), organizations },
    log: { entries, checkpoint, proof: proof.value },
  });
}
