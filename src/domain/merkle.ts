// RFC 6962 (Certificate Transparency) Merkle tree over the audit log: tree heads, inclusion and consistency
// proofs. Leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right).

export type Hash = Uint8Array;

async function sha256(...parts: Uint8Array[]): Promise<Hash> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    buf.set(p, o);
    o += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (leaf: Uint8Array) => sha256(LEAF, leaf);
export const nodeHash = (left: Hash, right: Hash) => sha256(NODE, left, right);

export const toHex = (h: Hash) => [...h].map((b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (s: string): Hash =>
  Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

/** The largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes. */
export async function rootOf(leaves: Hash[]): Promise<Hash> {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(await rootOf(leaves.slice(0, k)), await rootOf(leaves.slice(k)));
}

/** PATH(m, D[n]): the audit path proving leaf m is in the tree of these leaves. */
export async function inclusionProof(m: number, leaves: Hash[]): Promise<Hash[]> {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...(await inclusionProof(m, leaves.slice(0, k))), await rootOf(leaves.slice(k))]
    : [...(await inclusionProof(m - k, leaves.slice(k))), await rootOf(leaves.slice(0, k))];
}

/** PROOF(m, D[n]): proves the tree of the first m leaves is a prefix of the tree of n leaves. */
export async function consistencyProof(m: number, leaves: Hash[]): Promise<Hash[]> {
  return subproof(m, leaves, true);
}

async function subproof(m: number, leaves: Hash[], complete: boolean): Promise<Hash[]> {
  const n = leaves.length;
  if (m === n) return complete ? [] : [await rootOf(leaves)];
  const k = split(n);
  return m <= k
    ? [...(await subproof(m, leaves.slice(0, k), complete)), await rootOf(leaves.slice(k))]
    : [...(await subproof(m - k, leaves.slice(k), false)), await rootOf(leaves.slice(0, k))];
}

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
