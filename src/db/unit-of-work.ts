// One transaction per state change: the business rows, their audit entries and outbox rows commit together.
import { type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from '../domain/audit-chain';
import type { Outcome } from '../domain/problem';
import { type Database, rowsOf, type Tx } from './database';
import { auditEvents, outbox } from './schema';

export interface AuditNote {
  action: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  /** The desk concerned, if any: written into the hashed payload, so its auditors can read the entry. */
  deskId?: string | null | undefined;
  /** Organisations concerned, whose webhook subscriptions are notified. */
  audience?: string[];
}

/** A write statement built with drizzle (an insert, update or delete), not yet sent. */
export interface QueuedWrite {
  getSQL(): SQL;
}

export interface Work {
  tx: Tx;
  /** Records an audit entry (and its outbox event) to be written in this same transaction. */
  audit(note: AuditNote): void;
  /**
   * Queues a write whose result the work does not read. Queued writes go to the database at the end, in
   * one statement with the audit entries: they cannot see each other's rows, so queue none that another
   * queued write (or a later read in the work) depends on.
   */
  write(query: QueuedWrite): void;
}

// A stable key for the advisory lock that serialises appends to the hash chain.
const AUDIT_CHAIN_LOCK = 727_001;

class RolledBack<T> extends Error {
  constructor(readonly outcome: Outcome<T>) {
    super('rolled back');
  }
}

/**
 * Runs `work` in one transaction. A failed Outcome rolls everything back and is returned as is;
 * a thrown error rolls back and propagates.
 */
export async function inTransaction<T>(
  db: Database,
  actorId: string | null,
  now: () => Date,
  work: (w: Work) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  try {
    return await db.transaction(async (tx) => {
      const notes: AuditNote[] = [];
      const writes: SQL[] = [];
      const outcome = await work({
        tx,
        audit: (n) => notes.push(n),
        write: (q) => writes.push(q.getSQL()),
      });
      if (!outcome.ok) throw new RolledBack(outcome);
      if (notes.length > 0) writes.push(...(await auditWrites(tx, actorId, now(), notes)));
      await writeTogether(tx, writes);
      return outcome;
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.outcome as Outcome<T>;
    throw e;
  }
}

/** Sends writes as one statement: all but the last become data-modifying WITH queries. */
async function writeTogether(tx: Tx, writes: SQL[]): Promise<void> {
  if (writes.length === 0) return;
  const last = writes.at(-1)!;
  const before = writes.slice(0, -1).map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`);
  await tx.execute(before.length ? sql`with ${sql.join(before, sql`, `)} ${last}` : last);
}

/** The desk an entry is about: named by the note, or already in its payload (what desk_id is made from). */
function deskOf(note: AuditNote): string | undefined {
  const inPayload = note.payload?.deskId;
  return note.deskId ?? (typeof inPayload === 'string' ? inPayload : undefined);
}

interface ChainTip {
  head: { hash: string; leafIndex: number } | null;
  desks: { deskId: string; deskSeq: number; hash: string }[];
}

/**
 * The chained audit entries and their outbox rows, as two writes; hashing needs the chain's head first. An
 * entry about a desk carries in its hashed payload its number in that desk's sequence (deskSeq: 1, 2, 3…)
 * and the hash of the desk's previous entry (deskPrev), so a desk's auditors, who read only its entries, can
 * tell none is missing.
 */
async function auditWrites(tx: Tx, actorId: string | null, at: Date, notes: AuditNote[]): Promise<SQL[]> {
  const deskIds = [...new Set(notes.flatMap((n) => deskOf(n) ?? []))];
  // Takes the chain's lock and reads the heads in one statement (migration 0021).
  const [row] = rowsOf<{ tip: ChainTip | string }>(
    await tx.execute(
      sql`select audit_chain_tip(${AUDIT_CHAIN_LOCK}, ${`{${deskIds.join(',')}}`}::uuid[]) as tip`,
    ),
  );
  const tip: ChainTip = typeof row!.tip === 'string' ? JSON.parse(row!.tip) : row!.tip;
  let prevHash = tip.head?.hash ?? GENESIS_HASH;
  let leafIndex = tip.head ? Number(tip.head.leafIndex) + 1 : 0;
  const desks = new Map(tip.desks.map((d) => [d.deskId, { seq: Number(d.deskSeq), hash: d.hash }]));
  const chained = [];
  for (const note of notes) {
    let payload = note.payload ?? {};
    const deskId = deskOf(note);
    if (deskId) {
      const last = desks.get(deskId) ?? { seq: 0, hash: GENESIS_HASH };
      payload = { ...payload, deskId, deskSeq: last.seq + 1, deskPrev: last.hash };
    }
    const entry: AuditEntryContent = {
      id: uuidv7(),
      at: at.toISOString(),
      actorId,
      action: note.action,
      subjectType: note.subjectType,
      subjectId: note.subjectId,
      payload,
    };
    const hash = await hashAuditEntry(prevHash, entry);
    if (deskId) desks.set(deskId, { seq: payload.deskSeq as number, hash });
    chained.push({ entry, prevHash, hash, leafIndex, note });
    prevHash = hash;
    leafIndex += 1;
  }
  // Rows of a multi-row INSERT take their sequence numbers in list order, so the chain order and the seq
  // order stay the same.
  const entries = tx
    .insert(auditEvents)
    .values(chained.map(({ entry, prevHash, hash, leafIndex }) => ({ ...entry, prevHash, hash, leafIndex })));
  const events = tx.insert(outbox).values(
    chained.map(({ entry, note }) => ({
      id: entry.id,
      eventType: entry.action,
      createdAt: at,
      audience: [...new Set(note.audience ?? [])],
      // Subscribers get the note's payload; the log's own bookkeeping (deskSeq, deskPrev) stays in the log.
      payload: {
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        at: entry.at,
        ...note.payload,
        ...(note.deskId ? { deskId: note.deskId } : {}),
      },
    })),
  );
  return [entries.getSQL(), events.getSQL()];
}
