// Primitives of the verifier, re-implemented from their standards with node:crypto only: RFC 8785 canonical
// JSON, SHA-256, compact JWS ES256 (RFC 7515/7518), RFC 7638 thumbprints, RFC 6962 Merkle trees.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';

/**
 * RFC 8785 (JCS): object members sorted by their UTF-16 code units, no whitespace, numbers in their
 * ECMAScript form, strings as JSON.stringify writes them.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no non-finite numbers');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(/** @type {Record<string, unknown>} */ (value))
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * @param {string | Uint8Array} data
 * @returns {string} lowercase hex SHA-256
 */
export const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');

/** @param {string} s */
const fromBase64url = (s) => Buffer.from(s, 'base64url');

/**
 * @typedef {{ kty: string, crv?: string, x?: string, y?: string, kid?: string }} PublicJwk
 * @typedef {{ header: { alg?: string, kid?: string, typ?: string }, payload: Buffer, signingInput: string, signature: Buffer }} ParsedJws
 */

/**
 * Splits a compact JWS; throws when it is not one.
 * @param {unknown} jws
 * @returns {ParsedJws}
 */
export function parseJws(jws) {
  if (typeof jws !== 'string') throw new Error('not a compact JWS');
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new Error('not a compact JWS');
  const [h, p, s] = /** @type {[string, string, string]} */ (parts);
  const header = JSON.parse(fromBase64url(h).toString('utf8'));
  if (header === null || typeof header !== 'object') throw new Error('the JWS header is not an object');
  return { header, payload: fromBase64url(p), signingInput: `${h}.${p}`, signature: fromBase64url(s) };
}

/**
 * Whether the JWS verifies with the P-256 public key (ES256, signature as r || s).
 * @param {ParsedJws} jws
 * @param {PublicJwk} jwk
 */
export function verifyEs256(jws, jwk) {
  if (jws.header.alg !== 'ES256' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') return false;
  if (jws.signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    return verifySignature(
      'sha256',
      Buffer.from(jws.signingInput, 'ascii'),
      { key, dsaEncoding: 'ieee-p1363' },
      jws.signature,
    );
  } catch {
    return false;
  }
}

/**
 * RFC 7638 SHA-256 thumbprint (base64url) of an EC public key.
 * @param {PublicJwk} jwk
 */
export function thumbprint(jwk) {
  const members = `{"crv":${JSON.stringify(jwk.crv)},"kty":${JSON.stringify(jwk.kty)},"x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return createHash('sha256').update(members).digest('base64url');
}

/** @param {...Uint8Array} parts */
const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** RFC 6962 §2.1: leaf hash SHA-256(0x00 || leaf). @param {Uint8Array} leaf */
export const leafHash = (leaf) => sha256(Uint8Array.of(0), leaf);
/** RFC 6962 §2.1: node hash SHA-256(0x01 || left || right). @param {Uint8Array} l @param {Uint8Array} r */
export const nodeHash = (l, r) => sha256(Uint8Array.of(1), l, r);
/** @param {Uint8Array} h */
export const toHex = (h) => Buffer.from(h).toString('hex');
/** @param {string} s */
export const fromHex = (s) => {
  if (typeof s !== 'string' || !/^([0-9a-f]{2})*$/.test(s)) throw new Error(`not lowercase hex: ${s}`);
  return new Uint8Array(Buffer.from(s, 'hex'));
};

/** The largest power of two strictly smaller than n (n ≥ 2). @param {number} n */
function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The root of a multi-leaf proof: MTH(0, treeSize) computed recursively, a range holding a target leaf being
 * split at the largest power of two below its size (size 1: the leaf hash of the entry hash), a range holding
 * none taken from `nodes` (exact start and size). Throws naming what is missing or left over.
 * @param {{ treeSize: number, leaves: { index: number, entryHash: string }[], nodes: { start: number, size: number, hash: string }[] }} proof
 * @returns {string} the root, hex
 */
export function multiProofRoot(proof) {
  const { treeSize } = proof;
  if (!Number.isInteger(treeSize) || treeSize < 1) throw new Error('the tree size is not a positive integer');
  const leaves = new Map(proof.leaves.map((l) => [l.index, l.entryHash]));
  const targets = [...leaves.keys()].sort((a, b) => a - b);
  if (targets.some((i) => !Number.isInteger(i) || i < 0 || i >= treeSize))
    throw new Error('a leaf index lies outside the tree');
  const nodes = new Map(proof.nodes.map((n) => [`${n.start}+${n.size}`, n.hash]));
  let used = 0;
  /**
   * The root of [start, start + size), whose targets are targets[lo, hi) (sorted: a range's targets are
   * found by bisection, not by scanning them all at every step).
   * @param {number} start @param {number} size @param {number} lo @param {number} hi @returns {Uint8Array}
   */
  const root = (start, size, lo, hi) => {
    if (lo === hi) {
      const key = `${start}+${size}`;
      const hash = nodes.get(key);
      if (hash === undefined) throw new Error(`the proof lacks the node [${start}, ${start + size})`);
      used++;
      return fromHex(hash);
    }
    if (size === 1) return leafHash(fromHex(/** @type {string} */ (leaves.get(start))));
    const k = split(size);
    let mid = lo;
    let top = hi;
    while (mid < top) {
      const m = (mid + top) >>> 1;
      if (/** @type {number} */ (targets[m]) < start + k) mid = m + 1;
      else top = m;
    }
    return nodeHash(root(start, k, lo, mid), root(start + k, size - k, mid, hi));
  };
  const computed = toHex(root(0, treeSize, 0, targets.length));
  if (used !== nodes.size) throw new Error('the proof holds nodes the tree does not use');
  return computed;
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion path leads to from a leaf.
 * @param {number} index @param {number} size @param {string} entryHash @param {string[]} path
 * @returns {string | null} the root, hex, or null when the path does not fit the tree
 */
export function inclusionRoot(index, size, entryHash, path) {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(fromHex(entryHash));
  for (const hex of path) {
    const p = fromHex(hex);
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? toHex(r) : null;
}

/**
 * The chain hash of an audit entry: SHA-256 of the previous hash, a newline, and the canonical JSON of the
 * entry's content (id, at, actorId, action, subjectType, subjectId, payload).
 * @param {{ id: string, at: string, actorId: string | null, action: string, subjectType: string, subjectId: string, payload: Record<string, unknown>, prevHash: string }} e
 */
export function entryHash(e) {
  const content = {
    id: e.id,
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
  };
  return sha256Hex(`${e.prevHash}\n${canonicalJson(content)}`);
}

/**
 * RFC 9162 §2.1.4.2: whether the proof shows the tree (size1, root1) is a prefix of the tree (size2, root2).
 * @param {number} size1 @param {number} size2 @param {string[]} proof hex @param {string} root1 hex @param {string} root2 hex
 */
export function consistencyHolds(size1, size2, proof, root1, root2) {
  if (!Number.isInteger(size1) || !Number.isInteger(size2) || size1 < 1 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1 === root2;
  // A first tree of 2^k leaves is a subtree of the second: its root begins the path.
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = fromHex(/** @type {string} */ (path[0]));
  let sr = fr;
  for (const hex of path.slice(1)) {
    const c = fromHex(hex);
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && toHex(fr) === root1 && toHex(sr) === root2;
}
