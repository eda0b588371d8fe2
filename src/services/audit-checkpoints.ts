// Signed checkpoints over the audit log (RFC 6962 tree heads), made incrementally from the last one, every one
// kept with the witnesses' cosignatures, and the inclusion (one entry or many) and consistency proofs a partner
// checks them with. Checkpoints store the roots of the perfect subtrees they complete (8 leaves and more), so a
// proof reads stored roots and a few leaves, by their leaf index, not the whole log.
import { asc, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { signStatement } from '../crypto/signed-statement';
import { type Executor, rowsOf } from '../db/database';
import { auditCheckpoints, auditCosignatures, auditEvents, auditTreeNodes } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { sha256Hex } from '../domain/canonical-json';
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
  isPowerOfTwo,
  type LeafRange,
  largestPowerBelow,
  leafHash,
  leafHashNow,
  type MultiProof,
  multiProofFold,
  multiProofRanges,
  nodeHashNow,
  type PerfectSubtrees,
  perfectParts,
  rangeRoot,
  toHex,
} from '../domain/merkle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { COSIGNATURE_TYP, checkpointNote, checkpointOrigin, parseCosignatureText } from '../domain/witness';
import type { Deps } from './deps';
import { verifyOrganizationJws } from './organization-keys';
import { activeSigningKey } from './signing-keys';

export interface CosignatureView {
  organizationId: string;
  kid: string;
  /** The unix time the witness signed. */
  time: number;
  /** Compact JWS (ES256, typ phoenix-cosignature+jws) over `cosignature/v1\ntime <time>\n<note>`. */
  signature: string;
}

export interface CheckpointView {
  treeSize: number;
  rootHash: string;
  /** RFC 3339 time the tree head was signed. */
  timestamp: string;
  /** Compact JWS (ES256, key in the JWKS) over the canonical JSON of {issuer, rootHash, timestamp, treeSize}. */
  signature: string;
  kid: string;
  /** The log's name in notes: the desk's base URL without its scheme. */
  origin: string;
  /** C2SP tlog-checkpoint body: `<origin>\n<treeSize>\n<base64 root>\n`. */
  note: string;
  cosignatures: CosignatureView[];
}

const CHECKPOINT_LOCK = 727_003;
const BATCH = 5000;
/** Subtrees of 2^STORED_HEIGHT leaves and more are stored; smaller ones are hashed from their leaves. */
const STORED_HEIGHT = 3;
const STORED_SIZE = 2 ** STORED_HEIGHT;

/** The leaf of an audit entry is its chain hash: the tree commits to the chain, entry by entry. */
const leafOf = (entryHash: string) => leafHash(fromHex(entryHash));

type CheckpointRow = typeof auditCheckpoints.$inferSelect;
type CosignatureRow = typeof auditCosignatures.$inferSelect;

function toView(deps: Deps, r: CheckpointRow, cosignatures: CosignatureRow[] = []): CheckpointView {
  const origin = checkpointOrigin(deps.publicBaseUrl);
  return {
    treeSize: r.treeSize,
    rootHash: r.rootHash,
    timestamp: r.createdAt.toISOString(),
    signature: r.signature,
    kid: r.kid,
    origin,
    note: checkpointNote(origin, r.treeSize, r.rootHash),
    cosignatures: cosignatures
      .filter((c) => c.treeSize === r.treeSize)
      .map((c) => ({
        organizationId: c.organizationId,
        kid: c.kid,
        time: c.cosignedAt,
        signature: c.signature,
      })),
  };
}

/** Checkpoint rows as views, with their cosignatures (oldest first). */
async function withCosignatures(deps: Deps, rows: CheckpointRow[]): Promise<CheckpointView[]> {
  const cosignatures = rows.length
    ? await deps.db
        .select()
        .from(auditCosignatures)
        .where(
          inArray(
            auditCosignatures.treeSize,
            rows.map((r) => r.treeSize),
          ),
        )
        .orderBy(asc(auditCosignatures.createdAt), asc(auditCosignatures.organizationId))
    : [];
  return rows.map((r) => toView(deps, r, cosignatures));
}

export async function latestCheckpoint(deps: Deps): Promise<CheckpointView | undefined> {
  const rows = await deps.db
    .select()
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.treeSize))
    .limit(1);
  return (await withCosignatures(deps, rows))[0];
}

/** One signed tree head, by its size. */
export async function getCheckpoint(deps: Deps, treeSize: number): Promise<Outcome<CheckpointView>> {
  const rows = await deps.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.treeSize, treeSize));
  const [view] = await withCosignatures(deps, rows);
  return view ? succeed(view) : fail('not_found', `no checkpoint of size ${treeSize}`);
}

/** Every signed tree head after the size `after`, oldest first, a page at a time. */
export async function listCheckpoints(
  deps: Deps,
  query: { after: number; limit: number },
): Promise<{ items: CheckpointView[]; nextCursor: string | null }> {
  const rows = await deps.db
    .select()
    .from(auditCheckpoints)
    .where(gt(auditCheckpoints.treeSize, query.after))
    .orderBy(asc(auditCheckpoints.treeSize))
    .limit(query.limit + 1);
  const items = await withCosignatures(deps, rows.slice(0, query.limit));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? String(last.treeSize) : null };
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
    const stored: (typeof auditTreeNodes.$inferInsert)[] = [];
    // The leaf hashes of the block of STORED_SIZE being filled, when this run saw it from its first leaf.
    let block: Hash[] = [];
    const keep = (s: CompletedSubtree) => {
      if (s.height < STORED_HEIGHT) return;
      const whole = s.height === STORED_HEIGHT && block.length === STORED_SIZE;
      stored.push({
        height: s.height,
        index: s.index,
        hash: toHex(s.hash),
        ...(whole ? { leaves: block.map(toHex).join('') } : {}),
      });
    };
    for (;;) {
      const rows = await tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash, leafIndex: auditEvents.leafIndex })
        .from(auditEvents)
        .where(gte(auditEvents.leafIndex, frontier.size))
        .orderBy(asc(auditEvents.leafIndex))
        .limit(BATCH);
      for (const r of rows) {
        // A hole in the leaf indices is a log that lost entries: no tree head may cover it.
        if (r.leafIndex !== frontier.size) throw new Error(`audit log lacks leaf ${frontier.size}`);
        const leaf = await leafOf(r.hash);
        if (r.leafIndex % STORED_SIZE === 0) block = [];
        block.push(leaf);
        await append(frontier, leaf, keep);
        lastSeq = r.seq;
      }
      if (rows.length < BATCH) break;
    }
    if (last && frontier.size === last.treeSize) return succeed(toView(deps, last));
    const now = deps.now();
    const rootHash = toHex(await frontierRoot(frontier));
    const payload = {
      issuer: deps.publicBaseUrl,
      rootHash,
      timestamp: now.toISOString(),
      treeSize: frontier.size,
    };
    const signature = await signStatement(key, 'phoenix-checkpoint+jws', payload);
    for (let i = 0; i < stored.length; i += 5000) {
      await tx
        .insert(auditTreeNodes)
        .values(stored.slice(i, i + 5000))
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
    return succeed(toView(deps, row!));
  });
  if (!outcome.ok) throw outcome.problem;
  // The latest one may be returned again: with the cosignatures it gathered since.
  const full = await getCheckpoint(deps, outcome.value.treeSize);
  return full.ok ? full.value : outcome.value;
}

class MissingLeaves extends Error {}

/**
 * A perfect subtree's key: size · (2·index + 1), one number per (size, index) since size is a power of two and
 * the other factor odd; numbers hash faster than strings in the maps of tens of thousands of subtrees.
 */
const keyOf = (r: LeafRange) => r.start * 2 + r.size;
/** Arrays as PostgreSQL array literals: one parameter however many elements, on every driver. */
const arrayLiteral = (values: number[]) => `{${values.join(',')}}`;

/** MTH of a perfect subtree's leaf hashes (a power of two of them), synchronously. */
function rootNow(leaves: Hash[]): Hash {
  let level = leaves;
  while (level.length > 1) {
    const up: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHashNow(level[i]!, level[i + 1]!));
    level = up;
  }
  return level[0]!;
}

/**
 * The roots of perfect subtrees smaller than a block of STORED_SIZE leaves, from the leaf hashes the checkpoint
 * job kept on the block's row: one row per block, where a proof for an entry needs its 7 neighbours. Ranges
 * whose block kept none are left out (smallRoots reads them from the entries).
 */
async function blockRoots(db: Executor, ranges: LeafRange[]): Promise<Map<number, Hash>> {
  const blockOf = (r: LeafRange) => Math.floor(r.start / STORED_SIZE);
  const blocks = [...new Set(ranges.map(blockOf))];
  const kept = new Map<number, string>();
  for (let i = 0; i < blocks.length; i += 50_000) {
    const rows = rowsOf<{ idx: string | number; leaves: string }>(
      await db.execute(sql`
        select b.i as idx, n.leaves
        from unnest(${arrayLiteral(blocks.slice(i, i + 50_000))}::bigint[]) as b(i)
        cross join lateral (
          select leaves from audit_tree_nodes
          where height = ${STORED_HEIGHT} and idx = b.i and leaves is not null
          limit 1) as n`),
    );
    for (const r of rows) if (r.leaves.length === 64 * STORED_SIZE) kept.set(Number(r.idx), r.leaves);
  }
  const roots = new Map<number, Hash>();
  for (const r of ranges) {
    const hex = kept.get(blockOf(r));
    if (hex === undefined) continue;
    const first = r.start - blockOf(r) * STORED_SIZE;
    const leaves: Hash[] = [];
    for (let i = first; i < first + r.size; i++) leaves.push(fromHex(hex.slice(64 * i, 64 * i + 64)));
    roots.set(keyOf(r), rootNow(leaves));
  }
  return roots;
}

/**
 * The roots of perfect subtrees smaller than the stored ones (or not stored yet: at most STORED_SIZE leaves),
 * by range key, hashed by the database from the entries' chain hashes with the same formulas as merkle.ts:
 * leaf = SHA-256(0x00 || hash), node = SHA-256(0x01 || left || right), one pairing level per CTE (three:
 * STORED_SIZE is 8).
 * A proof over entries spread through the log needs the seven neighbours of each entry in its block of eight;
 * hashing them there sends one root per range instead of every leaf's hex, and spares as many allocations.
 * Throws MissingLeaves when a range lacks a leaf.
 */
async function smallRoots(db: Executor, ranges: LeafRange[]): Promise<Map<number, Hash>> {
  const unique = [...new Map(ranges.map((r) => [keyOf(r), r])).values()];
  const roots = new Map<number, Hash>();
  for (let i = 0; i < unique.length; i += 20_000) {
    const part = unique.slice(i, i + 20_000);
    const rows = rowsOf<{ s: string | number; n: number; leaves: string | number; h: Uint8Array }>(
      await db.execute(sql`
        with w(s, n, o) as (
          select * from unnest(${arrayLiteral(part.flatMap((r) => Array<number>(r.size).fill(r.start)))}::bigint[],
                               ${arrayLiteral(part.flatMap((r) => Array<number>(r.size).fill(r.size)))}::int[],
                               ${arrayLiteral(part.flatMap((r) => [...Array(r.size).keys()]))}::int[])),
        l0 as (
          select w.s, w.n, w.o, 1 as c, sha256(decode('00', 'hex') || decode(e.hash, 'hex')) as h
          from w join audit_events e on e.leaf_index = w.s + w.o),
        l1 as (
          select s, n, o / 2 as o, sum(c) as c, case when n >= 2
            then sha256(decode('01', 'hex') || string_agg(h, ''::bytea order by o)) else (array_agg(h))[1] end as h
          from l0 group by s, n, o / 2),
        l2 as (
          select s, n, o / 2 as o, sum(c) as c, case when n >= 4
            then sha256(decode('01', 'hex') || string_agg(h, ''::bytea order by o)) else (array_agg(h))[1] end as h
          from l1 group by s, n, o / 2),
        l3 as (
          select s, n, sum(c) as leaves, case when n >= 8
            then sha256(decode('01', 'hex') || string_agg(h, ''::bytea order by o)) else (array_agg(h))[1] end as h
          from l2 group by s, n)
        select s, n, leaves, h from l3`),
    );
    for (const r of rows) {
      // A pair missing one half hashes to something else: the count says the range was not whole.
      if (Number(r.leaves) !== r.n) throw new MissingLeaves();
      roots.set(keyOf({ start: Number(r.s), size: r.n }), r.h);
    }
  }
  if (roots.size !== unique.length) throw new MissingLeaves();
  return roots;
}

/** Stored roots of perfect subtrees (of STORED_SIZE leaves and more), by range key. */
async function storedRoots(db: Executor, ranges: LeafRange[]): Promise<Map<number, Hash>> {
  const found = new Map<number, Hash>();
  for (let i = 0; i < ranges.length; i += 50_000) {
    const part = ranges.slice(i, i + 50_000);
    const rows = rowsOf<{ height: number; idx: string | number; hash: string }>(
      await db.execute(sql`
        select n.height, n.idx, n.hash
        from unnest(${arrayLiteral(part.map((r) => Math.log2(r.size)))}::int[],
                    ${arrayLiteral(part.map((r) => r.start / r.size))}::bigint[]) as w(h, i)
        join audit_tree_nodes n on n.height = w.h and n.idx = w.i`),
    );
    for (const r of rows) {
      const size = 2 ** r.height;
      found.set(keyOf({ start: Number(r.idx) * size, size }), fromHex(r.hash));
    }
  }
  return found;
}

export interface SubtreeReads {
  /** Stored subtree roots read. */
  nodes: number;
  /** Leaves read (to hash subtrees smaller than the stored ones, or not stored yet). */
  leaves: number;
}

/**
 * The roots of the perfect subtrees `wanted`, read in bulk: stored roots where there are, their halves where
 * not (level by level), and leaves for the smallest. Throws MissingLeaves when the log lacks a leaf.
 */
async function loadSubtrees(
  db: Executor,
  wanted: LeafRange[],
  reads: SubtreeReads = { nodes: 0, leaves: 0 },
): Promise<Map<number, Hash>> {
  const known = new Map<number, Hash>();
  const composed: LeafRange[] = [];
  const fromLeaves: LeafRange[] = [];
  const seen = new Set<number>();
  let ask = wanted.filter((r) => !seen.has(keyOf(r)) && seen.add(keyOf(r)));
  while (ask.length > 0) {
    const large = ask.filter((r) => r.size >= STORED_SIZE);
    for (const r of ask) if (r.size < STORED_SIZE) fromLeaves.push(r);
    const found = await storedRoots(db, large);
    reads.nodes += found.size;
    const next: LeafRange[] = [];
    for (const r of large) {
      const hash = found.get(keyOf(r));
      if (hash) known.set(keyOf(r), hash);
      else if (r.size === STORED_SIZE) fromLeaves.push(r);
      else {
        composed.push(r);
        const half = r.size / 2;
        for (const c of [
          { start: r.start, size: half },
          { start: r.start + half, size: half },
        ])
          if (!seen.has(keyOf(c))) {
            seen.add(keyOf(c));
            next.push(c);
          }
      }
    }
    ask = next;
  }
  const fromBlocks = await blockRoots(
    db,
    fromLeaves.filter((r) => r.size < STORED_SIZE),
  );
  for (const [key, hash] of fromBlocks) known.set(key, hash);
  const rest = fromLeaves.filter((r) => !fromBlocks.has(keyOf(r)));
  for (const [key, hash] of await smallRoots(db, rest)) known.set(key, hash);
  reads.leaves += fromLeaves.reduce((n, r) => n + r.size, 0);
  // Smallest first: a subtree's halves are known before it.
  for (const r of composed.sort((a, b) => a.size - b.size)) {
    const half = r.size / 2;
    known.set(
      keyOf(r),
      nodeHashNow(
        known.get(keyOf({ start: r.start, size: half }))!,
        known.get(keyOf({ start: r.start + half, size: half }))!,
      ),
    );
  }
  return known;
}

/**
 * Runs a proof twice: once to learn which perfect subtrees it needs (the RFC 6962 recursions visit the same
 * ranges whatever the hashes are), then with them all read in a few statements.
 */
async function withSubtrees<T>(db: Executor, prove: (perfect: PerfectSubtrees) => Promise<T>): Promise<T> {
  const wanted: LeafRange[] = [];
  const blank = new Uint8Array(32);
  await prove(async (start, size) => {
    wanted.push({ start, size });
    return blank;
  });
  const known = await loadSubtrees(db, wanted);
  return prove(async (start, size) => known.get(keyOf({ start, size }))!);
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
  if (size === 0) return true;
  const [row] = await db
    .select({ leafIndex: auditEvents.leafIndex })
    .from(auditEvents)
    .where(eq(auditEvents.leafIndex, size - 1));
  return !!row;
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
    .select({ leafIndex: auditEvents.leafIndex, hash: auditEvents.hash })
    .from(auditEvents)
    .where(sql`${auditEvents.id} = ${entryId}`);
  if (!entry) return fail('not_found', 'no such audit entry');
  const index = entry.leafIndex;
  if (index >= size) return fail('not_found', `entry is not within the first ${size} entries`);
  return fromTree(() =>
    withSubtrees(deps.db, async (perfect) => ({
      leafIndex: index,
      treeSize: size,
      leafHash: toHex(await leafOf(entry.hash)),
      auditPath: (await inclusionPath(perfect, index, size)).map(toHex),
      rootHash: toHex(await rangeRoot(perfect, 0, size)),
    })),
  );
}

/**
 * One proof that many entries are in the tree of `size`: the entries' leaves and the roots of every range
 * holding none of them (see multiProofRanges), which give the root together. Unknown ids, and entries beyond
 * the tree, are refused at `/entries/<i>`.
 */
export async function proveInclusionMany(
  deps: Deps,
  entryIds: string[],
  size: number,
  reads?: SubtreeReads,
): Promise<Outcome<MultiProof>> {
  if (!(await holds(deps.db, size))) return fail('not_found', `the log holds fewer than ${size} entries`);
  const found = new Map<string, { leafIndex: number; hash: string }>();
  for (let i = 0; i < entryIds.length; i += 20_000) {
    const part = entryIds.slice(i, i + 20_000);
    const rows = rowsOf<{ id: string; leaf_index: string | number; hash: string }>(
      await deps.db.execute(
        sql`select id, leaf_index, hash from audit_events where id = any(${`{${part.join(',')}}`}::uuid[])`,
      ),
    );
    for (const r of rows) found.set(r.id, { leafIndex: Number(r.leaf_index), hash: r.hash });
  }
  const violations = entryIds.flatMap((id, i) => {
    const entry = found.get(id);
    if (!entry) return [{ pointer: `/entries/${i}`, message: 'no such audit entry' }];
    if (entry.leafIndex >= size)
      return [{ pointer: `/entries/${i}`, message: `not within the first ${size} entries` }];
    return [];
  });
  if (violations.length) return fail('not_found', 'entries the tree does not hold', violations);
  return proveLeaves(deps, [...found.values()], size, reads);
}

/**
 * The same proof for entries already read (their leaf indices and chain hashes), each within the tree of
 * `size` leaves.
 */
export async function proveLeaves(
  deps: Deps,
  entries: { leafIndex: number; hash: string }[],
  size: number,
  reads?: SubtreeReads,
): Promise<Outcome<MultiProof>> {
  if (!(await holds(deps.db, size))) return fail('not_found', `the log holds fewer than ${size} entries`);
  const leaves = [...new Map(entries.map((e) => [e.leafIndex, e.hash])).entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, entryHash]) => ({ index, entryHash }));
  if (leaves.some((l) => l.index >= size)) return fail('not_found', `entries beyond the first ${size}`);
  return fromTree(async () => {
    const targets = leaves.map((l) => l.index);
    const ranges = multiProofRanges(targets, size);
    const known = await loadSubtrees(deps.db, ranges.flatMap(perfectParts), reads);
    // MTH of a range from the perfect subtrees loaded, synchronously: an await per node shows here.
    const rootOfRange = (start: number, n: number): Hash => {
      if (isPowerOfTwo(n)) return known.get(keyOf({ start, size: n }))!;
      const k = largestPowerBelow(n);
      return nodeHashNow(rootOfRange(start, k), rootOfRange(start + k, n - k));
    };
    // The nodes and the root in one walk, as a verifier walks the proof.
    const nodes: MultiProof['nodes'] = [];
    const root = multiProofFold(
      targets,
      size,
      (i) => leafHashNow(fromHex(leaves[i]!.entryHash)),
      (start, n) => {
        const hash = rootOfRange(start, n);
        nodes.push({ start, size: n, hash: toHex(hash) });
        return hash;
      },
    );
    return { treeSize: size, rootHash: toHex(root), leaves, nodes };
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
  // A log shorter than a tree head once signed has lost its tail: say so rather than prove a smaller tree.
  if (!(await holds(deps.db, to))) return fail('not_found', `the log holds fewer than ${to} entries`);
  return fromTree(() =>
    withSubtrees(deps.db, async (perfect) => ({
      from,
      to,
      proof: (await consistencyPath(perfect, from, to)).map(toHex),
      fromRoot: toHex(await rangeRoot(perfect, 0, from)),
      toRoot: toHex(await rangeRoot(perfect, 0, to)),
    })),
  );
}

/** How far ahead of the desk's clock a witness's time may be (clocks drift). */
const COSIGNATURE_CLOCK_SKEW_S = 300;

/**
 * Records a witness's cosignature of a signed tree head: a compact JWS by a key the organisation registered
 * and has not retired, over `cosignature/v1\ntime <unix seconds>\n<the checkpoint's note>`. The desk checks
 * what was signed, not why: deciding to cosign (consistency with what the witness saw before) is the
 * witness's own work. A cosignature already recorded for the organisation's key is kept as it was.
 */
export async function addCosignature(
  deps: Deps,
  treeSize: number,
  input: { organizationId: string; signature: string },
): Promise<Outcome<CheckpointView>> {
  const found = await getCheckpoint(deps, treeSize);
  if (!found.ok) return found;
  const verified = await verifyOrganizationJws(
    deps,
    input.organizationId,
    input.signature,
    COSIGNATURE_TYP,
    '/signature',
  );
  if (!verified.ok) return verified;
  const refuse = (message: string) =>
    fail<CheckpointView>('validation_failed', 'not a cosignature of this checkpoint', [
      { pointer: '/signature', message },
    ]);
  const signed = parseCosignatureText(new TextDecoder().decode(verified.value.payload));
  if (!signed) return refuse('the payload is not a cosignature/v1 text');
  if (signed.note !== found.value.note) return refuse('it cosigns another checkpoint');
  if (signed.time > Math.floor(deps.now().getTime() / 1000) + COSIGNATURE_CLOCK_SKEW_S)
    return refuse('its time is in the future');
  const recorded = await inTransaction(deps.db, null, deps.now, async ({ tx, audit }) => {
    const inserted = await tx
      .insert(auditCosignatures)
      .values({
        treeSize,
        organizationId: input.organizationId,
        kid: verified.value.kid,
        cosignedAt: signed.time,
        signature: input.signature,
        createdAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning({ kid: auditCosignatures.kid });
    if (inserted.length > 0)
      audit({
        action: 'audit_checkpoint.cosigned',
        subjectType: 'audit_checkpoint',
        subjectId: String(treeSize),
        payload: {
          treeSize,
          rootHash: found.value.rootHash,
          organizationId: input.organizationId,
          kid: verified.value.kid,
          signature: await sha256Hex(input.signature),
        },
        audience: [input.organizationId],
      });
    return succeed(null);
  });
  if (!recorded.ok) return recorded;
  return getCheckpoint(deps, treeSize);
}
