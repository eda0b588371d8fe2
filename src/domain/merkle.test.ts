import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const leaves = (n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`))));

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree and a single leaf as the RFC says', async () => {
    expect(toHex(await rootOf([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 6962 test vector: the leaf hash of the empty string.
    expect(toHex(await leafHash(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('proves and verifies inclusion of every leaf, for trees of many sizes', async () => {
    for (const n of [1, 2, 3, 5, 7, 8, 13]) {
      const ls = await leaves(n);
      const root = await rootOf(ls);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, ls);
        expect(await verifyInclusion(m, n, ls[m]!, proof, root), `leaf ${m} of ${n}`).toBe(true);
        const other = ls[(m + 1) % n]!;
        if (n > 1) expect(await verifyInclusion(m, n, other, proof, root)).toBe(false);
      }
    }
  });

  it('proves and verifies consistency between every pair of sizes, and catches a rewritten past', async () => {
    const ls = await leaves(12);
    for (let n = 1; n <= 12; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(m, ls.slice(0, n));
        const ok = await verifyConsistency(
          m,
          n,
          proof,
          await rootOf(ls.slice(0, m)),
          await rootOf(ls.slice(0, n)),
        );
        expect(ok, `${m} → ${n}`).toBe(true);
      }
    }
    const forged = [...ls];
    forged[2] = await leafHash(new TextEncoder().encode('forged'));
    const proof = await consistencyProof(4, forged.slice(0, 9));
    expect(
      await verifyConsistency(4, 9, proof, await rootOf(ls.slice(0, 4)), await rootOf(forged.slice(0, 9))),
    ).toBe(false);
  });
});
