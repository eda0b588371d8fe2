// RFC 6962 (Certificate Transparency) Merkle tree over the audit log: tree heads, inclusion and consistency
// proofs. Leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right).
// SHA-256 is @noble/hashes' synchronous one, the same on Node and Workers: a checkpoint hashes each new entry
// about twice, and an awaited crypto.subtle.digest per 65-byte message costs some 25 µs against about 1.
import { sha256 as digest } from '@noble/hashes/sha2.js';

export type Hash = Uint8Array;

function sha256Now(...parts: Uint8Array[]): Hash {
  const hasher = digest.create();
  for (const p of parts) hasher.update(p);
  return hasher.digest();
}

// Asynchronous like the rest of the API, whose perfect subtrees may come from the database.
async function sha256(...parts: Uint8Array[]): Promise<Hash> {
  return sha256Now(...parts);
}

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (leaf: Uint8Array) => sha256(LEAF, leaf);
export const nodeHash = (left: Hash, right: Hash) => sha256(NODE, left, right);
/** The same, synchronous: for walks over tens of thousands of nodes, where an await per hash shows. */
export const leafHashNow = (leaf: Uint8Array): Hash => {
  const message = new Uint8Array(1 + leaf.length);
  message.set(leaf, 1);
  return digest(message);
};
export const nodeHashNow = (left: Hash, right: Hash): Hash => {
  const message = new Uint8Array(1 + left.length + right.length);
  message[0] = 1;
  message.set(left, 1);
  message.set(right, 1 + left.length);
  return digest(message);
};

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** The value of a hex digit by its character code (0 for a character that is not one). */
const NIBBLE = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') NIBBLE[c.charCodeAt(0)] = Number.parseInt(c, 16);

export const toHex = (h: Hash) => {
  let out = '';
  for (const b of h) out += HEX[b];
  return out;
};
/** Bytes of a hex string (pairs of digits; a character that is not one counts as 0). */
export const fromHex = (s: string): Hash => {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++)
    out[i] = ((NIBBLE[s.charCodeAt(2 * i)] ?? 0) << 4) | (NIBBLE[s.charCodeAt(2 * i + 1)] ?? 0);
  return out;
};

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function largestPowerBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
const split = largestPowerBelow;

export const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.floor(Math.log2(n)) === n;

/**
 * Where a tree's perfect subtrees come from: the root of the leaves [start, start + size), where size is a
 * power of two and start a multiple of it. Every range the RFC 6962 recursion visits from 0 is of that form
 * or splits into such ranges, so proofs need nothing else: from all the leaves, or from stored subtree roots.
 */
export type PerfectSubtrees = (start: number, size: number) => Promise<Hash>;

/** Perfect subtrees computed from the leaf hashes themselves. */
export function fromLeaves(leaves: Hash[]): PerfectSubtrees {
  const perfect: PerfectSubtrees = async (start, size) =>
    size === 1
      ? leaves[start]!
      : nodeHash(await perfect(start, size / 2), await perfect(start + size / 2, size / 2));
  return perfect;
}

/** MTH(D[start:start+n]) (RFC 6962 §2.1). */
export async function rangeRoot(perfect: PerfectSubtrees, start: number, n: number): Promise<Hash> {
  if (n === 0) return sha256();
  if (isPowerOfTwo(n)) return perfect(start, n);
  const k = split(n);
  return nodeHash(await rangeRoot(perfect, start, k), await rangeRoot(perfect, start + k, n - k));
}

/** PATH(m, D[start:start+n]): the audit path proving leaf start + m is in that tree. */
export async function inclusionPath(
  perfect: PerfectSubtrees,
  m: number,
  n: number,
  start = 0,
): Promise<Hash[]> {
  if (n <= 1) return [];
  const k = split(n);
  return m < k
    ? [...(await inclusionPath(perfect, m, k, start)), await rangeRoot(perfect, start + k, n - k)]
    : [...(await inclusionPath(perfect, m - k, n - k, start + k)), await rangeRoot(perfect, start, k)];
}

/** PROOF(m, D[n]): proves the tree of the first m leaves is a prefix of the tree of n leaves. */
export function consistencyPath(perfect: PerfectSubtrees, m: number, n: number): Promise<Hash[]> {
  return subproof(perfect, m, n, 0, true);
}

async function subproof(
  perfect: PerfectSubtrees,
  m: number,
  n: number,
  start: number,
  complete: boolean,
): Promise<Hash[]> {
  if (m === n) return complete ? [] : [await rangeRoot(perfect, start, n)];
  const k = split(n);
  return m <= k
    ? [...(await subproof(perfect, m, k, start, complete)), await rangeRoot(perfect, start + k, n - k)]
    : [...(await subproof(perfect, m - k, n - k, start + k, false)), await rangeRoot(perfect, start, k)];
}

/** MTH(D[n]) over leaf hashes. */
export const rootOf = (leaves: Hash[]) => rangeRoot(fromLeaves(leaves), 0, leaves.length);

/** PATH(m, D[n]) over leaf hashes. */
export const inclusionProof = (m: number, leaves: Hash[]) =>
  inclusionPath(fromLeaves(leaves), m, leaves.length);

/** PROOF(m, D[n]) over leaf hashes. */
export const consistencyProof = (m: number, leaves: Hash[]) =>
  consistencyPath(fromLeaves(leaves), m, leaves.length);

const equal = (a: Hash, b: Hash) => a.length === b.length && a.every((x, i) => x === b[i]);

/** RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path. */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: Hash[],
  root: Hash,
): Promise<boolean> {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: checks that the tree (size1, root1) is a prefix of (size2, root2). */
export async function verifyConsistency(
  size1: number,
  size2: number,
  proof: Hash[],
  root1: Hash,
  root2: Hash,
): Promise<boolean> {
  if (size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (size1 === 0) return proof.length === 0;
  let path = proof;
  if ((size1 & (size1 - 1)) === 0) path = [root1, ...proof];
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}

/** A range of leaves [start, start + size) of the tree. */
export interface LeafRange {
  start: number;
  size: number;
}

/** The first position in sorted targets[lo, hi) whose leaf index is at least `bound` (hi when none is). */
function firstAtOrAfter(targets: readonly number[], lo: number, hi: number, bound: number): number {
  let top = hi;
  while (lo < top) {
    const m = (lo + top) >>> 1;
    if (targets[m]! < bound) lo = m + 1;
    else top = m;
  }
  return lo;
}

/**
 * The ranges a multi-entry inclusion proof gives the hashes of, left to right: walking MTH(0, treeSize) as
 * RFC 6962 splits it (at the largest power of two below a range's size), every range holding none of the
 * targets. `targets` are leaf indices, sorted, distinct and below treeSize.
 */
export function multiProofRanges(targets: readonly number[], treeSize: number): LeafRange[] {
  const out: LeafRange[] = [];
  const walk = (start: number, n: number, lo: number, hi: number) => {
    if (lo === hi) {
      out.push({ start, size: n });
      return;
    }
    if (n === 1) return;
    const k = split(n);
    const mid = firstAtOrAfter(targets, lo, hi, start + k);
    walk(start, k, lo, mid);
    walk(start + k, n - k, mid, hi);
  };
  if (treeSize > 0) walk(0, treeSize, 0, targets.length);
  return out;
}

/**
 * MTH(0, treeSize) walked as a multiproof walks it, synchronously: `leaf(i)` gives the leaf hash of targets[i],
 * `range` the root of each range holding no target, called left to right (the order of multiProofRanges).
 * `targets` are leaf indices, sorted, distinct and below treeSize ≥ 1.
 */
export function multiProofFold(
  targets: readonly number[],
  treeSize: number,
  leaf: (i: number) => Hash,
  range: (start: number, size: number) => Hash,
): Hash {
  const walk = (start: number, n: number, lo: number, hi: number): Hash => {
    if (lo === hi) return range(start, n);
    if (n === 1) return leaf(lo);
    const k = split(n);
    const mid = firstAtOrAfter(targets, lo, hi, start + k);
    const left = walk(start, k, lo, mid);
    return nodeHashNow(left, walk(start + k, n - k, mid, hi));
  };
  return walk(0, treeSize, 0, targets.length);
}

/** The perfect subtrees whose roots give MTH of a range (one when its size is a power of two). */
export function perfectParts(range: LeafRange): LeafRange[] {
  const parts: LeafRange[] = [];
  let { start, size } = range;
  while (size > 0 && !isPowerOfTwo(size)) {
    const k = split(size);
    parts.push({ start, size: k });
    start += k;
    size -= k;
  }
  if (size > 0) parts.push({ start, size });
  return parts;
}

export interface MultiProof {
  treeSize: number;
  /** Hex root the proof gives. */
  rootHash: string;
  /** The proven entries: their leaf index and chain hash (hex), whose leaf hash is leafHash(entry hash bytes). */
  leaves: { index: number; entryHash: string }[];
  /** MTH (hex) of every range holding no proven leaf, as multiProofRanges lists them. */
  nodes: { start: number; size: number; hash: string }[];
}

/**
 * The root a multi-entry inclusion proof gives, or null when it is malformed: leaves not sorted and distinct
 * or outside the tree, a range holding no leaf without its node, or a node the walk does not use.
 */
export async function multiProofRoot(proof: Omit<MultiProof, 'rootHash'>): Promise<Hash | null> {
  const { treeSize, leaves } = proof;
  if (!Number.isSafeInteger(treeSize) || treeSize < 1 || leaves.length === 0) return null;
  for (let i = 0; i < leaves.length; i++) {
    const index = leaves[i]!.index;
    if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) return null;
    if (i > 0 && index <= leaves[i - 1]!.index) return null;
    if (!/^[0-9a-f]{64}$/.test(leaves[i]!.entryHash)) return null;
  }
  const nodes = new Map<string, string>();
  for (const n of proof.nodes) {
    const key = `${n.start}+${n.size}`;
    if (nodes.has(key) || !/^[0-9a-f]{64}$/.test(n.hash)) return null;
    nodes.set(key, n.hash);
  }
  let used = 0;
  const targets = leaves.map((l) => l.index);
  const walk = (start: number, n: number, lo: number, hi: number): Hash | null => {
    if (lo === hi) {
      const hash = nodes.get(`${start}+${n}`);
      if (hash === undefined) return null;
      used++;
      return fromHex(hash);
    }
    if (n === 1) return leafHashNow(fromHex(leaves[lo]!.entryHash));
    const k = split(n);
    const mid = firstAtOrAfter(targets, lo, hi, start + k);
    const left = walk(start, k, lo, mid);
    if (!left) return null;
    const right = walk(start + k, n - k, mid, hi);
    return right && nodeHashNow(left, right);
  };
  const root = walk(0, treeSize, 0, leaves.length);
  return root && used === nodes.size ? root : null;
}

/** Whether a multi-entry inclusion proof gives `root` (the root of a tree head the verifier trusts). */
export async function verifyMultiProof(proof: Omit<MultiProof, 'rootHash'>, root: Hash): Promise<boolean> {
  const computed = await multiProofRoot(proof);
  return computed !== null && equal(computed, root);
}
