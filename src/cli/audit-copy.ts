// An auditor's own copy of one desk's audit log (phoenix-desk-log/1): a signed, cosigned checkpoint, the keys
// to check it with, and every entry of the desk in its tree, page by page with their inclusion proof. Checked
// by the standalone verifier (scripts/verifier) here and wherever the auditor takes it. Given the auditor's
// previous copy, the copy carries the consistency proof from its tree head, and the verifier checks the desk
// still shows every entry it showed then: the one way to catch a desk that hides its latest entries, which
// no gap would reveal.
import { DESK_LOG_FORMAT, verifyDeskLog } from '../../scripts/verifier/desk-log.js';
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
  /** With --previous: the consistency proof (hex) from the previous copy's tree head to this one's. */
  previous?: { treeSize: number; rootHash: string; consistency: string[] };
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

/**
 * Adds to `copy` the desk's consistency proof from the tree of the previous copy to its own, which the
 * verifier checks with --previous (none is needed at the same size, and none exists for a smaller tree).
 */
export async function withConsistency(
  run: Pick<CopyRun, 'deskUrl' | 'fetch'>,
  previous: { checkpoint?: { treeSize?: unknown; rootHash?: unknown } },
  copy: DeskLogCopy,
): Promise<DeskLogCopy> {
  const before = previous.checkpoint;
  if (typeof before?.treeSize !== 'number' || typeof before.rootHash !== 'string') return copy;
  if (before.treeSize < 1 || before.treeSize >= copy.checkpoint.treeSize) return copy;
  const { proof } = (await deskJson(
    run.fetch,
    run.deskUrl,
    `/v1/audit/proofs/consistency?from=${before.treeSize}&to=${copy.checkpoint.treeSize}`,
  )) as { proof: string[] };
  return { ...copy, previous: { treeSize: before.treeSize, rootHash: before.rootHash, consistency: proof } };
}

/** The names and reasons of the checks a copy fails (none for a sound one), against the previous if given. */
export function failedChecks(copy: DeskLogCopy, previous?: unknown): string[] {
  return verifyDeskLog(copy, previous === undefined ? {} : { previous })
    .checks.filter((c) => !c.ok && !c.skipped)
    .map((c) => `${c.name}: ${c.detail}`);
}
