// One desk's entries of the audit log with the proof that each is in a signed tree head: what an auditor
// appointed to the desk copies away and checks whole on their own machine (npm run cli -- audit copy).
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { auditEvents, desks } from '../db/schema';
import type { MultiProof } from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { getCheckpoint, proveLeaves } from './audit-checkpoints';
import { type AuditEventView, toEntry } from './audit-trail';
import type { Deps, Principal } from './deps';
import { auditedDesks } from './desk-auditors';

/** The most entries a page holds: one multiproof per page, so a page's proof stays a few hundred nodes. */
export const DESK_LOG_PAGE_LIMIT = 1000;

export interface DeskLogPage {
  deskId: string;
  /** The size of the signed tree head the proof leads to. */
  treeSize: number;
  /** The desk's entries among the tree's first treeSize leaves, in log order, after the cursor. */
  items: AuditEventView[];
  /** One inclusion proof of every item of the page in the tree of treeSize leaves. */
  proof: MultiProof;
  /** The `after` of the next page (a leaf index), or null on the last one. */
  nextCursor: string | null;
}

/**
 * A page of the desk's entries within the tree of `size` leaves, with their inclusion proof. The cursor is a
 * leaf index rather than a deskSeq: entries written before desk sequences existed carry none, yet belong to
 * the copy. Platform admins read any desk; auditors only the desks they are appointed to (404 for others,
 * as for the events list).
 */
export async function deskLogPage(
  deps: Deps,
  p: Principal,
  deskId: string,
  query: { size: number; after?: number | undefined; limit: number },
): Promise<Outcome<DeskLogPage>> {
  const audited = await auditedDesks(deps, p);
  if (audited !== 'all' && audited.length === 0)
    return fail('forbidden', 'the audit trail is open to appointed auditors and platform admins');
  if (audited !== 'all' && !audited.includes(deskId))
    return fail('not_found', 'no such desk among those you audit');
  const [desk] = await deps.db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  // Only a signed tree head: a proof to a root nobody signed proves nothing to the auditor.
  const checkpoint = await getCheckpoint(deps, query.size);
  if (!checkpoint.ok)
    return fail('not_found', checkpoint.problem.message, [
      { pointer: '/size', message: 'not the size of a signed checkpoint (GET /v1/audit/checkpoints)' },
    ]);
  const rows = await deps.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.deskId, deskId),
        lt(auditEvents.leafIndex, query.size),
        query.after === undefined ? undefined : gt(auditEvents.leafIndex, query.after),
      ),
    )
    .orderBy(asc(auditEvents.leafIndex))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items = page.map(toEntry);
  // The rows hold their leaf indices and hashes: the proof need not look them up again.
  const proof = await proveLeaves(deps, page, query.size);
  if (!proof.ok) return proof;
  const last = items.at(-1);
  return succeed({
    deskId,
    treeSize: query.size,
    items,
    proof: proof.value,
    nextCursor: rows.length > query.limit && last ? String(last.leafIndex) : null,
  });
}
