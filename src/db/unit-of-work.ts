// One transaction per state change: the business rows, their audit entries and outbox rows commit together.
import { desc, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from '../domain/audit-chain';
import type { Outcome } from '../domain/problem';
import type { Database, Tx } from './database';
import { auditEvents, outbox } from './schema';

export interface AuditNote {
  action: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
  /** Organisations concerned, whose webhook subscriptions are notified. */
  audience?: string[];
}

export interface Work {
  tx: Tx;
  /** Records an audit entry (and its outbox event) to be written in this same transaction. */
  audit(note: AuditNote): void;
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
      const outcome = await work({ tx, audit: (n) => notes.push(n) });
      if (!outcome.ok) throw new RolledBack(outcome);
      if (notes.length > 0) await appendAudit(tx, actorId, now(), notes);
      return outcome;
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.outcome as Outcome<T>;
    throw e;
  }
}

async function appendAudit(tx: Tx, actorId: string | null, at: Date, notes: AuditNote[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const chained = [];
  for (const note of notes) {
    const entry: AuditEntryContent = {
      id: uuidv7(),
      at: at.toISOString(),
      actorId,
      action: note.action,
      subjectType: note.subjectType,
      subjectId: note.subjectId,
      payload: note.payload ?? {},
    };
    const hash = await hashAuditEntry(prevHash, entry);
    chained.push({ entry, prevHash, hash, audience: [...new Set(note.audience ?? [])] });
    prevHash = hash;
  }
  // One statement each: rows of a multi-row INSERT take their sequence numbers in list order, so the chain
  // order and the seq order stay the same.
  await tx
    .insert(auditEvents)
    .values(chained.map(({ entry, prevHash, hash }) => ({ ...entry, prevHash, hash })));
  await tx.insert(outbox).values(
    chained.map(({ entry, audience }) => ({
      id: entry.id,
      eventType: entry.action,
      createdAt: at,
      audience,
      payload: { subjectType: entry.subjectType, subjectId: entry.subjectId, at: entry.at, ...entry.payload },
    })),
  );
}
