// An auditor's own copy of one desk's audit log (phoenix-desk-log/1): a signed, cosigned checkpoint, the keys
// to check it with, and every entry of the desk in its tree, page by page with their inclusion proof. Checked
// by the standalone verifier (scripts/verifier) here and wherever the auditor takes it. Given the auditor's
// previous copy, it also checks the desk still shows every entry it showed then, in a tree consistent with
// the earlier one: the one way to catch a desk that hides its latest entries, which no gap would reveal.
import { DESK_LOG_FORMAT, verifyDeskLog } from '../../scripts/verifier/desk-log.js';
import { fromHex, verifyConsistency } from '../domain/merkle';
import type { CheckpointView } from '../services/audit-checkpoints';
import type { AuditEventView } from '../services/audit-trail';
import type { DeskLogPage } from '../services/desk-log';
import type { OrganizationKeyView } from '../services/organization-keys';
import type { KeyPeriod } from '../services/signing-keys';
import { deskJson } from './witness';

export interface DeskLogCopy {
  format: typeof DESK_LOG_FORMAT;
  /** The desk's base URL without its scheme: the origin of its checkpoint notes. */
  origin: string;
  deskId: string;
  /** When the copy was taken (RFC 3339). */
  copiedAt: string;
  keys: {
    desk: { keys: Record<string, unknown>[]; periods: KeyPeriod[] };
    /** The witnesses' key histories, by organisation. */
    organizations: Record<string, OrganizationKeyView[]>;
  };
  checkpoint: CheckpointView;
  pages: { entries: AuditEventView[]; proof: DeskLogPage['proof'] }[];
}

export interface CopyRun {
  deskUrl: string;
  deskId: string;
  /** A bearer token of a platform admin or one of the desk's auditors. */
  token: string;
  /** The tree size of the checkpoint to copy within; the latest when absent. */
  size?: number | undefined;
  now: () => Date;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
}

/** The largest page the desk serves: fewer requests, and one multiproof for many entries. */
const PAGE = 1000;

/** Downloads the copy. Throws when the desk refuses or answers what does not fit together. */
export async function copyDeskLog(run: CopyRun): Promise<DeskLogCopy> {
  const get = (path: string) =>
    deskJson(run.fetch, run.deskUrl, path, { headers: { authorization: `Bearer ${run.token}` } });
  const checkpoint = (await get(
    run.size === undefined ? '/v1/audit/checkpoints/latest' : `/v1/audit/checkpoints/${run.size}`,
  )) as CheckpointView;
  const desk = (await get('/v1/signing-keys')) as DeskLogCopy['keys']['desk'];
  const organizations: Record<string, OrganizationKeyView[]> = {};
  for (const { organizationId } of checkpoint.cosignatures)
    organizations[organizationId] ??= (
      (await get(`/v1/organizations/${organizationId}/keys`)) as { items: OrganizationKeyView[] }
    ).items;
  const pages: DeskLogCopy['pages'] = [];
  let after: string | null = null;
  do {
    const page = (await get(
      `/v1/audit/desks/${run.deskId}/entries?size=${checkpoint.treeSize}&limit=${PAGE}${after === null ? '' : `&after=${after}`}`,
    )) as DeskLogPage;
    pages.push({ entries: page.items, proof: page.proof });
    after = page.nextCursor;
  } while (after !== null);
  return {
    format: DESK_LOG_FORMAT,
    origin: checkpoint.origin,
    deskId: run.deskId,
    copiedAt: run.now().toISOString(),
    keys: { desk, organizations },
    checkpoint,
    pages,
  };
}

/** The names and reasons of the checks a copy fails (none for a sound one). */
export function failedChecks(copy: unknown): string[] {
  return verifyDeskLog(copy)
    .checks.filter((c) => !c.ok && !c.skipped)
    .map((c) => `${c.name}: ${c.detail}`);
}

const entriesOf = (copy: Pick<DeskLogCopy, 'pages'>) => copy.pages.flatMap((p) => p.entries);

/**
 * Whether `copy` extends `previous`: the same desk and log, the earlier tree head consistent with the new one
 * (RFC 9162 consistency proof from the desk), and every entry of the earlier copy still there, unchanged, the
 * desk's new entries following them. Returns what does not hold (nothing when it extends it).
 */
export async function extensionProblems(
  run: Pick<CopyRun, 'deskUrl' | 'fetch'>,
  previous: DeskLogCopy,
  copy: DeskLogCopy,
): Promise<string[]> {
  if (previous.format !== DESK_LOG_FORMAT) return [`the previous copy is not ${DESK_LOG_FORMAT}`];
  const unsound = failedChecks(previous);
  if (unsound.length) return unsound.map((p) => `the previous copy fails ${p}`);
  if (previous.deskId !== copy.deskId) return [`the previous copy is of desk ${previous.deskId}`];
  if (previous.origin !== copy.origin) return [`the previous copy is of the log ${previous.origin}`];
  const before = previous.checkpoint;
  const now = copy.checkpoint;
  if (before.treeSize > now.treeSize)
    return [`the tree shrank: ${before.treeSize} entries then, ${now.treeSize} now`];
  if (before.treeSize === now.treeSize) {
    if (before.rootHash !== now.rootHash)
      return [`two roots for the tree of ${now.treeSize} entries: a fork`];
  } else {
    const consistency = (await deskJson(
      run.fetch,
      run.deskUrl,
      `/v1/audit/proofs/consistency?from=${before.treeSize}&to=${now.treeSize}`,
    )) as { proof: string[] };
    const consistent = await verifyConsistency(
      before.treeSize,
      now.treeSize,
      consistency.proof.map(fromHex),
      fromHex(before.rootHash),
      fromHex(now.rootHash),
    ).catch(() => false);
    if (!consistent)
      return [
        `the tree of ${before.treeSize} entries is not a prefix of the tree of ${now.treeSize}: history was rewritten`,
      ];
  }
  const problems: string[] = [];
  const kept = entriesOf(copy).filter((e) => e.leafIndex < before.treeSize);
  const then = entriesOf(previous);
  for (const [i, old] of then.entries()) {
    const same = kept[i];
    if (!same || same.id !== old.id || same.hash !== old.hash || same.leafIndex !== old.leafIndex) {
      const seq = old.payload.deskSeq;
      problems.push(
        `entry ${old.id} (leaf ${old.leafIndex}${seq === undefined ? '' : `, deskSeq ${seq}`}) of the previous copy is ${same ? 'not in its place' : 'missing'}: the desk withholds entries it showed before`,
      );
      break;
    }
  }
  if (!problems.length && kept.length > then.length)
    problems.push(
      `${kept.length - then.length} entries of the desk within the earlier tree were not in the previous copy`,
    );
  return problems;
}
