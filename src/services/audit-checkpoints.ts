// Signed checkpoints over the audit log (RFC 6962 tree heads), made incrementally from the last one, and the
// inclusion and consistency proofs a partner checks them with.
import { asc, desc, gt, sql } from 'drizzle-orm';
import { signStatement } from '../crypto/signed-statement';
import { auditCheckpoints, auditEvents } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { append, emptyFrontier, type Frontier, frontierRoot } from '../domain/compact-range';
import {
  consistencyProof,
  fromHex,
  type Hash,
  inclusionProof,
  leafHash,
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
    let frontier: Frontier = last
      ? {
          size: last.treeSize,
          nodes: last.frontier.map((n) => ({ height: n.height, hash: fromHex(n.hash) })),
        }
      : emptyFrontier();
    let lastSeq = last?.lastSeq ?? 0;
    for (;;) {
      const rows = await tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(gt(auditEvents.seq, lastSeq))
        .orderBy(asc(auditEvents.seq))
        .limit(BATCH);
      for (const r of rows) frontier = await append(frontier, await leafOf(r.hash));
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

/** Leaf hashes of the first `size` entries (proofs need the whole prefix). */
async function leaves(deps: Deps, size: number): Promise<Hash[]> {
  const out: Hash[] = [];
  let after = 0;
  while (out.length < size) {
    const rows = await deps.db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(Math.min(BATCH, size - out.length));
    if (rows.length === 0) break;
    for (const r of rows) out.push(await leafOf(r.hash));
    after = rows.at(-1)!.seq;
  }
  return out;
}

export async function proveInclusion(
  deps: Deps,
  entryId: string,
  size: number,
): Promise<
  Outcome<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[]; rootHash: string }>
> {
  const all = await leaves(deps, size);
  if (all.length < size) return fail('not_found', `the log holds fewer than ${size} entries`);
  const [entry] = await deps.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(sql`${auditEvents.id} = ${entryId}`);
  if (!entry) return fail('not_found', 'no such audit entry');
  const [{ index } = { index: -1 }] = await deps.db
    .select({ index: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(sql`${auditEvents.seq} < ${entry.seq}`);
  if (index < 0 || index >= size) return fail('not_found', `entry is not within the first ${size} entries`);
  return succeed({
    leafIndex: index,
    treeSize: size,
    leafHash: toHex(all[index]!),
    auditPath: (await inclusionProof(index, all)).map(toHex),
    rootHash: toHex(await rootOf(all)),
  });
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
  const all = await leaves(deps, to);
  // A log shorter than a tree head once signed has lost its tail: say so rather than prove a smaller tree.
  if (all.length < to) return fail('not_found', `the log holds ${all.length} entries, fewer than ${to}`);
  return succeed({
    from,
    to,
    proof: (await consistencyProof(from, all)).map(toHex),
    fromRoot: toHex(await rootOf(all.slice(0, from))),
    toRoot: toHex(await rootOf(all)),
  });
}
