// The evidence bundle of an evaluation: one JSON file holding everything a partner needs to check it offline
// without trusting the desk (scripts/verifier): the signed evaluation and what answers it, the grid, the
// figures' inputs, the keys, and the audit entries behind them with a proof to a signed checkpoint.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import type { ChainedAuditEntry } from '../domain/audit-chain';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { FIGURES_METHOD_DESCRIPTION, type FiguresInputs } from '../domain/evaluation-figures';
import type { MultiProof } from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { type GridDocument, gridDocument } from '../policies/evaluation-grids';
import {
  type CheckpointView,
  latestCheckpoint,
  makeCheckpoint,
  proveInclusionMany,
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

/** Receipt columns of evaluations signed by their organisations (null on rows that have none). */
type Receipts = { receipt?: string | null; countersignatureReceipt?: string | null };

/** The signed evaluation and the desk's receipt for it. */
function signedEvaluation(row: EvaluationRow): SignedStatement {
  return { signature: row.signature!, receipt: (row as Receipts).receipt ?? null };
}

/** The countersignatures and disputes of the evaluation, each with its receipt. */
function auditorStatements(row: EvaluationRow): {
  countersignatures: SignedStatement[];
  disputes: SignedStatement[];
} {
  return {
    countersignatures: row.countersignature
      ? [{ signature: row.countersignature, receipt: (row as Receipts).countersignatureReceipt ?? null }]
      : [],
    disputes: [],
  };
}

/** The organisations whose keys sign in the bundle: the evaluator's and every auditor's that signed. */
function signingOrganizations(document: Record<string, unknown>, statements: SignedStatement[]): string[] {
  const orgs = [document.evaluatorOrganization as string];
  for (const s of statements) {
    const auditor = jwsPayload(s.signature).auditorOrganization;
    if (typeof auditor === 'string') orgs.push(auditor);
  }
  return [...new Set(orgs)];
}

/** The checkpoint the proof leads to, with its cosignatures: the latest, made now if it misses an entry. */
async function coveringCheckpoint(deps: Deps, lastLeaf: number): Promise<CheckpointView> {
  const latest = await latestCheckpoint(deps);
  return latest && lastLeaf < latest.treeSize ? latest : makeCheckpoint(deps);
}

/** One proof that the tree of `treeSize` leaves holds every entry of the bundle. */
function proveEntries(deps: Deps, ids: string[], treeSize: number): Promise<Outcome<MultiProof>> {
  return proveInclusionMany(deps, ids, treeSize);
}

/** The audit entries the bundle needs: the evaluation's own, the key registrations, the figures' inputs. */
async function bundleEntries(
  deps: Deps,
  evaluationId: string,
  inputIds: string[],
  keys: { organizationId: string; kid: string }[],
): Promise<BundleEntry[]> {
  const rows = await deps.db
    .select()
    .from(auditEvents)
    .where(
      or(
        and(
          eq(auditEvents.subjectType, 'evaluation'),
          eq(auditEvents.subjectId, evaluationId),
          inArray(auditEvents.action, [
            'evaluation.submitted',
            'evaluation.countersigned',
            'evaluation.disputed',
          ]),
        ),
        inputIds.length ? inArray(auditEvents.id, inputIds) : undefined,
        ...keys.map(
          (k) =>
            sql`(${auditEvents.action} = 'organization_key.registered' and ${auditEvents.payload} ->> 'organizationId' = ${k.organizationId} and ${auditEvents.payload} ->> 'kid' = ${k.kid})`,
        ),
      ),
    )
    .orderBy(auditEvents.seq);
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    payload: r.payload,
    prevHash: r.prevHash,
    hash: r.hash,
    leafIndex: r.leafIndex,
  }));
}

/** The kids that signed statements of the bundle, by organisation (read from the JWS headers). */
function signingKids(statements: SignedStatement[]): { organizationId: string; kid: string }[] {
  return statements.flatMap((s) => {
    const header = jwsPart(s.signature, 0) as { kid?: string };
    const payload = jwsPayload(s.signature);
    const organizationId = (payload.evaluatorOrganization ?? payload.auditorOrganization) as
      | string
      | undefined;
    return header.kid && organizationId ? [{ organizationId, kid: header.kid }] : [];
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
  const figures = await evaluationFigures(deps, row.deskId, row.periodFrom, row.periodTo, new Date(signedAt));
  if (!figures.ok) return figures;
  const signedFigures = document.figures as { inputs?: { sha256?: string } } | undefined;
  if (signedFigures?.inputs?.sha256 !== (await sha256Hex(canonicalJson(figures.value.inputs))))
    return fail('conflict', 'the figures’ inputs can no longer be reproduced as they were signed');
  const { countersignatures, disputes } = auditorStatements(row);
  const statements = [evaluation, ...countersignatures, ...disputes];
  const organizations: Record<string, OrganizationKeyView[]> = {};
  for (const org of signingOrganizations(document, [...countersignatures, ...disputes]))
    organizations[org] = await organizationKeyHistory(deps, org);
  const entries = await bundleEntries(deps, id, inputEntryIds(figures.value.inputs), signingKids(statements));
  const checkpoint = await coveringCheckpoint(deps, entries.at(-1)?.leafIndex ?? 0);
  for (const c of checkpoint.cosignatures)
    organizations[c.organizationId] ??= await organizationKeyHistory(deps, c.organizationId);
  const proof = await proveEntries(
    deps,
    entries.map((e) => e.id),
    checkpoint.treeSize,
  );
  if (!proof.ok) return proof;
  return succeed({
    format: BUNDLE_FORMAT,
    origin: checkpoint.origin,
    evaluation: { id, ...evaluation },
    countersignatures,
    disputes,
    grid,
    figures: {
      method: figures.value.method,
      description: FIGURES_METHOD_DESCRIPTION,
      inputs: figures.value.inputs,
    },
    keys: { desk: await keyHistory(deps), organizations },
    log: { entries, checkpoint, proof: proof.value },
  });
}
