// Signed checkpoints over the audit log (RFC 6962 tree heads), made incrementally from the last one, and the
// inclusion and consistency proofs a partner checks them with. Checkpoints store the roots of the perfect
// subtrees they complete (256 leaves and more), so a proof reads O(log n) stored roots and a few hundred
// leaves, not the whole log.
import { and, asc, desc, eq, gt, gte, isNotNull, lte, sql } from 'drizzle-orm';
import { signStatement } from '../crypto/signed-statement';
import type { Executor } from '../db/database';
import { auditCheckpoints, auditEvents, auditTreeNodes } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import {
  append,
  type CompletedSubtree,
  emptyFrontier,
  type Frontier,
  frontierRoot,
} from '../domain/compact-range';
import {
  consistencyPath,
  fromHex,
  type Hash,
  inclusionPath,
  leafHash,
  nodeHash,
  type PerfectSubtrees,
  rangeRoot,
  rootOf,
  toHex,
} from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps } from './deps';
import { activeSigningKey } from './signing-keys';

export interface CheckpointView {
  treeSize: number;
  rootHash: string;
  /** RFC 3339 time the tree head was signed. */
  timestamp: string;
  /** Compact JWS (ES256, key in the JWKS) over the canonical JSON of {issuer, rootHash, timestamp, treeSize}. */
  signature: string;
  kid: string;
}

const CHECKPOINT_LOCK = 727_003;
const BATCH = 5000;
/** Subtrees of 2^STORED_HEIGHT leaves and more are stored; smaller ones are hashed from their leaves. */
const STORED_HEIGHT = 8;
const CHUNK = 2 ** STORED_HEIGHT;

/** The leaf of an audit entry is its chain hash: the tree commits to the chain, entry by entry. */
const leafOf = (entryHash: string) => leafHash(fromHex(entryHash));

const toView = (r: typeof auditCheckpoints.$inferSelect): CheckpointView => ({
  treeSize: r.treeSize,
  rootHash: r.rootHash,
  timestamp: r.createdAt.toISOString(),
  signature: r.signature,
  kid: r.kid,
});

export async function latestCheckpoint(deps: Deps): Promise<CheckpointView | undefined> {
  const [row] = await deps.db
    .select()
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.treeSize))
    .limit(1);
  return row ? toView(row) : undefined;
}

/**
 * Makes a checkpoint covering every audit entry so far, starting from the last checkpoint's frontier, so its
 * cost grows with the entries added since, not with the whole log. Returns the latest one when nothing is new.
 */
export async function makeCheckpoint(deps: Deps): Promise<CheckpointView> {
  const key = await activeSigningKey(deps);
  const outcome = await inTransaction(deps.db, null, deps.now, async ({ tx }) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    const [last] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.treeSize)).limit(1);
    const frontier: Frontier = last
      ? {
          size: last.treeSize,
          nodes: last.frontier.map((n) => ({ height: n.height, hash: fromHex(n.hash) })),
        }
      : emptyFrontier();
    let lastSeq = last?.lastSeq ?? 0;
    // The seq of each 256-leaf chunk's first entry, and the subtrees this checkpoint completes.
    const chunkStarts = new Map<number, number>();
    const stored: (typeof auditTreeNodes.$inferInsert)[] = [];
    const keep = (s: CompletedSubtree) => {
      if (s.height < STORED_HEIGHT) return;
      stored.push({
        height: s.height,
        index: s.index,
        hash: toHex(s.hash),
        firstSeq: s.height === STORED_HEIGHT ? (chunkStarts.get(s.index) ?? null) : null,
      });
    };
    for (;;) {
      const rows = await tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(gt(auditEvents.seq, lastSeq))
        .orderBy(asc(auditEvents.seq))
        .limit(BATCH);
      for (const r of rows) {
        if (frontier.size % CHUNK === 0) chunkStarts.set(frontier.size / CHUNK, r.seq);
        await append(frontier, await leafOf(r.hash), keep);
      }
      if (rows.length > 0) lastSeq = rows.at(-1)!.seq;
      if (rows.length < BATCH) break;
    }
    if (last && frontier.size === last.treeSize) return succeed(toView(last));
    const now = deps.now();
    const rootHash = toHex(await frontierRoot(frontier));
    const payload = {
      issuer: deps.publicBaseUrl,
      rootHash,
      timestamp: now.toISOString(),
      treeSize: frontier.size,
    };
    const signature = await signStatement(key, 'phoenix-checkpoint+jws', payload);
    for (let i = 0; i < stored.length; i += 1000) {
      await tx
        .insert(auditTreeNodes)
        .values(stored.slice(i, i + 1000))
        .onConflictDoNothing();
    }
    const [row] = await tx
      .insert(auditCheckpoints)
      .values({
        treeSize: frontier.size,
        lastSeq,
        rootHash,
        frontier: frontier.nodes.map((n) => ({ height: n.height, hash: toHex(n.hash) })),
        signature,
        kid: key.kid,
        createdAt: now,
      })
      .returning();
    return succeed(toView(row!));
  });
  if (!outcome.ok) throw outcome.problem;
  return outcome.value;
}

/**
 * Leaf hashes of positions [start, start + count) of the tree: from the nearest stored 256-leaf chunk at or
 * before `start`, whose first seq is known, so no more than the chunk and the entries after the last
 * checkpoint are skipped. Fewer come back when the log holds fewer.
 */
async function leafRange(db: Executor, start: number, count: number): Promise<Hash[]> {
  const [anchor] = await db
    .select({ index: auditTreeNodes.index, firstSeq: auditTreeNodes.firstSeq })
    .from(auditTreeNodes)
    .where(
      and(
        eq(auditTreeNodes.height, STORED_HEIGHT),
        lte(auditTreeNodes.index, Math.floor(start / CHUNK)),
        isNotNull(auditTreeNodes.firstSeq),
      ),
    )
    .orderBy(desc(auditTreeNodes.index))
    .limit(1);
  const from = anchor ? { position: anchor.index * CHUNK, seq: anchor.firstSeq! } : { position: 0, seq: 0 };
  const rows = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(gte(auditEvents.seq, from.seq))
    .orderBy(asc(auditEvents.seq))
    .offset(start - from.position)
    .limit(count);
  return Promise.all(rows.map((r) => leafOf(r.hash)));
}

class MissingLeaves extends Error {}

/** Perfect subtrees from the stored roots, or from the leaves where none is stored (small or recent ones). */
function storedSubtrees(db: Executor): PerfectSubtrees {
  const known = new Map<string, Promise<Hash>>();
  const perfect: PerfectSubtrees = (start, size) => {
    const key = `${start}+${size}`;
    let found = known.get(key);
    if (!found) {
      found = subtree(start, size);
      known.set(key, found);
    }
    return found;
  };
  const subtree = async (start: number, size: number): Promise<Hash> => {
    if (size >= CHUNK) {
      const height = Math.log2(size);
      const [row] = await db
        .select({ hash: auditTreeNodes.hash })
        .from(auditTreeNodes)
        .where(and(eq(auditTreeNodes.height, height), eq(auditTreeNodes.index, start / size)));
      if (row) return fromHex(row.hash);
      if (size > CHUNK)
        return nodeHash(await perfect(start, size / 2), await perfect(start + size / 2, size / 2));
    }
    const leaves = await leafRange(db, start, size);
    if (leaves.length < size) throw new MissingLeaves();
    return rootOf(leaves);
  };
  return perfect;
}

/** A proof, or 404 when the log lacks leaves the tree needs (rows removed from its middle). */
async function fromTree<T>(prove: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return succeed(await prove());
  } catch (e) {
    if (e instanceof MissingLeaves) return fail('not_found', 'the log lacks entries this tree covers');
    throw e;
  }
}

/** Whether the log holds at least `size` entries (a truncated log cannot back a tree head it once signed). */
async function holds(db: Executor, size: number): Promise<boolean> {
  return size === 0 || (await leafRange(db, size - 1, 1)).length === 1;
}

/** The position of an entry in the tree: counted from the stored chunk it falls in, not from the start. */
async function positionOf(db: Executor, seq: number): Promise<number> {
  const [anchor] = await db
    .select({ index: auditTreeNodes.index, firstSeq: auditTreeNodes.firstSeq })
    .from(auditTreeNodes)
    .where(and(eq(auditTreeNodes.height, STORED_HEIGHT), lte(auditTreeNodes.firstSeq, seq)))
    .orderBy(desc(auditTreeNodes.firstSeq))
    .limit(1);
  const from = anchor ? { position: anchor.index * CHUNK, seq: anchor.firstSeq! } : { position: 0, seq: 0 };
  const [{ before } = { before: 0 }] = await db
    .select({ before: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(gte(auditEvents.seq, from.seq), sql`${auditEvents.seq} < ${seq}`));
  return from.position + before;
}

export async function proveInclusion(
  deps: Deps,
  entryId: string,
  size: number,
): Promise<
  Outcome<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[]; rootHash: string }>
> {
  if (!(await holds(deps.db, size))) return fail('not_found', `the log holds fewer than ${size} entries`);
  const [entry] = await deps.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(sql`${auditEvents.id} = ${entryId}`);
  if (!entry) return fail('not_found', 'no such audit entry');
  const index = await positionOf(deps.db, entry.seq);
  if (index >= size) return fail('not_found', `entry is not within the first ${size} entries`);
  const perfect = storedSubtrees(deps.db);
  return fromTree(async () => ({
    leafIndex: index,
    treeSize: size,
    leafHash: toHex(await leafOf(entry.hash)),
    auditPath: (await inclusionPath(perfect, index, size)).map(toHex),
    rootHash: toHex(await rangeRoot(perfect, 0, size)),
  }));
}

export async function proveConsistency(
  deps: Deps,
  from: number,
  to: number,
): Promise<Outcome<{ from: number; to: number; proof: string[]; fromRoot: string; toRoot: string }>> {
  if (from > to)
    return fail('validation_failed', 'from must not exceed to', [
      { pointer: '/from', message: 'must be ≤ to' },
    ]);
  // A log shorter than a tree head once signed has lost its tail: say so rather than prove a smaller tree.
  if (!(await holds(deps.db, to))) return fail('not_found', `the log holds fewer than ${to} entries`);
  const perfect = storedSubtrees(deps.db);
  return fromTree(async () => ({
    from,
    to,
    proof: (await consistencyPath(perfect, from, to)).map(toHex),
    fromRoot: toHex(await rangeRoot(perfect, 0, from)),
    toRoot: toHex(await rangeRoot(perfect, 0, to)),
  }));
}
