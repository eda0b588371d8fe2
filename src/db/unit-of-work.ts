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

/** The chained audit entries and their outbox rows, as two writes; hashing needs the chain's head first. */
async function auditWrites(tx: Tx, actorId: string | null, at: Date, notes: AuditNote[]): Promise<SQL[]> {
  // Takes the chain's lock and reads its head in one statement (migration 0008).
  const [head] = rowsOf<{ hash: string | null }>(
    await tx.execute(sql`select audit_chain_head(${AUDIT_CHAIN_LOCK}) as hash`),
  );
  let prevHash = head?.hash ?? GENESIS_HASH;
  const chained = [];
  for (const note of notes) {
    const entry: AuditEntryContent = {
      id: uuidv7(),
      at: at.toISOString(),
      actorId,
      action: note.action,
      subjectType: note.subjectType,
      subjectId: note.subjectId,
      payload: note.deskId ? { ...note.payload, deskId: note.deskId } : (note.payload ?? {}),
    };
    const hash = await hashAuditEntry(prevHash, entry);
    chained.push({ entry, prevHash, hash, audience: [...new Set(note.audience ?? [])] });
    prevHash = hash;
  }
  // Rows of a multi-row INSERT take their sequence numbers in list order, so the chain order and the seq
  // order stay the same.
  const entries = tx
    .insert(auditEvents)
    .values(chained.map(({ entry, prevHash, hash }) => ({ ...entry, prevHash, hash })));
  const events = tx.insert(outbox).values(
    chained.map(({ entry, audience }) => ({
      id: entry.id,
      eventType: entry.action,
      createdAt: at,
      audience,
      payload: { subjectType: entry.subjectType, subjectId: entry.subjectId, at: entry.at, ...entry.payload },
    })),
  );
  return [entries.getSQL(), events.getSQL()];
}
