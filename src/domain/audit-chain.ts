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

export type DeskSequenceVerdict =
  | { ok: true; entries: number; lastSeq: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: { id: string; deskSeq: unknown; reason: string } };

/**
 * Checks one desk's entries, read in order (as GET /v1/audit/events?deskId= gives them, possibly page after
 * page): each carries the next deskSeq and, as deskPrev, the hash of the one before, so an entry left out of
 * what the desk's auditors read shows as a gap. Entries written before desk sequences existed carry none and
 * may only come first. `from` continues a previous page's verdict.
 */
export function verifyDeskSequence(
  entries: Iterable<Pick<ChainedAuditEntry, 'id' | 'payload' | 'hash'>>,
  from: { lastSeq: number; lastHash: string } = { lastSeq: 0, lastHash: GENESIS_HASH },
): DeskSequenceVerdict {
  let { lastSeq, lastHash } = from;
  let count = 0;
  for (const e of entries) {
    count++;
    const { deskSeq, deskPrev } = e.payload;
    const broken = (reason: string) =>
      ({ ok: false, entries: count, brokenAt: { id: e.id, deskSeq, reason } }) as const;
    if (deskSeq === undefined) {
      if (lastSeq > 0) return broken('an entry without deskSeq after the sequence began');
      continue;
    }
    if (deskSeq !== lastSeq + 1)
      return broken(
        typeof deskSeq === 'number' && deskSeq > lastSeq + 1
          ? `gap: deskSeq ${lastSeq + 1}${deskSeq - 1 > lastSeq + 1 ? `–${deskSeq - 1}` : ''} missing`
          : `deskSeq ${String(deskSeq)} does not follow ${lastSeq}`,
      );
    if (deskPrev !== lastHash) return broken("deskPrev is not the hash of the desk's previous entry");
    lastSeq = deskSeq;
    lastHash = e.hash;
  }
  return { ok: true, entries: count, lastSeq, lastHash };
}
