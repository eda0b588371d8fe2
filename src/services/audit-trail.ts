// Reading and verifying the audit trail.
import { and, asc, eq, gt, gte, inArray, lt } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import { type ChainedAuditEntry, type ChainVerdict, GENESIS_HASH, verifyChain } from '../domain/audit-chain';
import { append, emptyFrontier, frontierRoot } from '../domain/compact-range';
import { fromHex, leafHash, toHex } from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { latestCheckpoint } from './audit-checkpoints';
import type { Deps, Principal } from './deps';
import { auditedDesks } from './desk-auditors';

/** An entry as the API gives it: chained, with its leaf in the tree (what an inclusion proof names). */
export type AuditEventView = ChainedAuditEntry & { leafIndex: number };

export const toEntry = (r: typeof auditEvents.$inferSelect): AuditEventView => ({
  seq: r.seq,
  id: r.id,
  // timestamptz comes back in the driver's text form; the chain hashes the RFC 3339 form it was written in.
  at: new Date(r.at).toISOString(),
  actorId: r.actorId,
  action: r.action,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  payload: r.payload,
  prevHash: r.prevHash,
  hash: r.hash,
  leafIndex: r.leafIndex,
});

/**
 * A page of the audit trail, in order. Platform admins read all of it; auditors read the entries of the desks
 * their organisations are appointed to audit, and nothing else: naming another desk answers 404.
 */
export async function listAuditEvents(
  deps: Deps,
  p: Principal,
  query: {
    afterSeq: number;
    limit: number;
    deskId?: string | undefined;
    action?: string | undefined;
    /** Entries at or after this instant (RFC 3339). */
    from?: string | undefined;
    /** Entries before this instant (RFC 3339). */
    to?: string | undefined;
  },
): Promise<Outcome<{ items: AuditEventView[]; nextCursor: string | null }>> {
  const audited = await auditedDesks(deps, p);
  if (audited !== 'all' && audited.length === 0)
    return fail('forbidden', 'the audit trail is open to appointed auditors and platform admins');
  if (query.deskId && audited !== 'all' && !audited.includes(query.deskId))
    return fail('not_found', 'no such desk among those you audit');
  const desks = query.deskId ? [query.deskId] : audited;
  const rows = await deps.db
    .select()
    .from(auditEvents)
    .where(
      and(
        gt(auditEvents.seq, query.afterSeq),
        desks === 'all' ? undefined : inArray(auditEvents.deskId, desks),
        query.action ? eq(auditEvents.action, query.action) : undefined,
        query.from ? gte(auditEvents.at, query.from) : undefined,
        query.to ? lt(auditEvents.at, query.to) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.seq))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(toEntry);
  const last = items.at(-1);
  return succeed({ items, nextCursor: rows.length > query.limit && last ? String(last.seq) : null });
}

export type TrailVerdict = ChainVerdict & {
  /** The log against the latest signed checkpoint: its first treeSize entries must give its root. */
  checkpoint: { ok: boolean; treeSize: number; reason?: string } | null;
};

/** The chain, then the latest signed checkpoint: a consistently re-hashed or truncated log fails the second. */
export async function verifyAuditTrail(deps: Deps): Promise<TrailVerdict> {
  const chain = await verifyHashChain(deps);
  const latest = await latestCheckpoint(deps);
  if (!latest) return { ...chain, checkpoint: null };
  const check = await checkAgainst(deps, latest.treeSize, latest.rootHash);
  return {
    ...chain,
    ok: chain.ok && check.ok,
    checkpoint: { treeSize: latest.treeSize, ...check },
  } as TrailVerdict;
}

async function checkAgainst(
  deps: Deps,
  treeSize: number,
  rootHash: string,
): Promise<{ ok: boolean; reason?: string }> {
  let frontier = emptyFrontier();
  let afterSeq = 0;
  while (frontier.size < treeSize) {
    const rows = await deps.db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(gt(auditEvents.seq, afterSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(Math.min(1000, treeSize - frontier.size));
    if (rows.length === 0)
      return { ok: false, reason: `the log has ${frontier.size} entries; the checkpoint signed ${treeSize}` };
    for (const r of rows) frontier = await append(frontier, await leafHash(fromHex(r.hash)));
    afterSeq = rows.at(-1)!.seq;
  }
  return toHex(await frontierRoot(frontier)) === rootHash
    ? { ok: true }
    : { ok: false, reason: 'the first entries no longer give the signed root: history was rewritten' };
}

/** Recomputes the whole chain page by page, so memory stays flat however long the log grows. */
async function verifyHashChain(deps: Deps): Promise<ChainVerdict> {
  let afterSeq = 0;
  let prev = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const rows = await deps.db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, afterSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(1000);
    if (rows.length === 0) return { ok: true, entries, lastHash: prev };
    const verdict = await verifyChain(rows.map(toEntry), prev);
    if (!verdict.ok) return { ...verdict, entries: entries + verdict.entries };
    entries += verdict.entries;
    prev = verdict.lastHash;
    afterSeq = rows.at(-1)!.seq;
  }
}
