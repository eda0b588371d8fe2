// Hash-chain maths of the audit log: each entry's hash covers its content and the previous entry's hash.
import { canonicalJson, sha256Hex } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

export interface ChainedAuditEntry extends AuditEntryContent {
  seq: number;
  prevHash: string;
  hash: string;
}

export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): Promise<string> {
  return sha256Hex(
    `${prevHash}\n${canonicalJson({
      id: entry.id,
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      payload: entry.payload,
    })}`,
  );
}

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: { seq: number; id: string; reason: string } };

/** Recomputes the chain in order; names the first entry whose link or hash does not hold. */
export async function verifyChain(entries: Iterable<ChainedAuditEntry>, startHash = GENESIS_HASH) {
  let prev = startHash;
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.prevHash !== prev) {
      return {
        ok: false,
        entries: count,
        brokenAt: { seq: e.seq, id: e.id, reason: 'prev_hash does not match the previous entry' },
      } satisfies ChainVerdict;
    }
    const expected = await hashAuditEntry(prev, e);
    if (expected !== e.hash) {
      return {
        ok: false,
        entries: count,
        brokenAt: { seq: e.seq, id: e.id, reason: 'hash does not match the entry content' },
      } satisfies ChainVerdict;
    }
    prev = e.hash;
  }
  return { ok: true, entries: count, lastHash: prev } satisfies ChainVerdict;
}
