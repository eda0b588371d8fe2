import { describe, expect, it } from 'vitest';
import {
  fromHex,
  fromLeaves,
  leafHash,
  type MultiProof,
  multiProofRanges,
  multiProofRoot,
  perfectParts,
  rangeRoot,
  rootOf,
  toHex,
  verifyMultiProof,
} from './merkle';

const entryHash = (i: number) => toHex(new Uint8Array(32).fill(i % 251).map((b, j) => (b + j * 7) % 256));

/** A proof built from the leaves themselves, as the desk builds it from stored roots. */
async function proofOf(targets: number[], size: number) {
  const hashes = Array.from({ length: size }, (_, i) => entryHash(i));
  const leaves = await Promise.all(hashes.map((h) => leafHash(fromHex(h))));
  const perfect = fromLeaves(leaves);
  const nodes = await Promise.all(
    multiProofRanges(targets, size).map(async (r) => ({
      ...r,
      hash: toHex(await rangeRoot(perfect, r.start, r.size)),
    })),
  );
  const proof: Omit<MultiProof, 'rootHash'> = {
    treeSize: size,
    leaves: targets.map((index) => ({ index, entryHash: hashes[index]! })),
    nodes,
  };
  return { proof, root: await rootOf(leaves) };
}

describe('multi-entry inclusion proofs', () => {
  it('give the root for any set of leaves in trees of every size up to 40', async () => {
    for (let size = 1; size <= 40; size++) {
      for (const targets of [
        [0],
        [size - 1],
        [0, size - 1],
        [...Array(size).keys()].filter((i) => i % 3 === 1),
      ]) {
        const distinct = [...new Set(targets)].filter((i) => i < size).sort((a, b) => a - b);
        if (distinct.length === 0) continue;
        const { proof, root } = await proofOf(distinct, size);
        expect(await verifyMultiProof(proof, root), `${distinct} of ${size}`).toBe(true);
      }
    }
  });

  it('needs one node per range free of targets, none when every leaf is proven', async () => {
    expect(multiProofRanges([0, 1, 2, 3, 4], 5)).toEqual([]);
    expect(multiProofRanges([5], 8)).toEqual([
      { start: 0, size: 4 },
      { start: 4, size: 1 },
      { start: 6, size: 2 },
    ]);
    expect(perfectParts({ start: 8, size: 7 })).toEqual([
      { start: 8, size: 4 },
      { start: 12, size: 2 },
      { start: 14, size: 1 },
    ]);
  });

  it('detects tampering with a leaf, a node, an index, the size, or a node added or left out', async () => {
    const { proof, root } = await proofOf([3, 17, 18, 40], 45);
    expect(await verifyMultiProof(proof, root)).toBe(true);
    const flip = (h: string) => `${h[0] === '0' ? '1' : '0'}${h.slice(1)}`;
    const tampered: Omit<MultiProof, 'rootHash'>[] = [
      {
        ...proof,
        leaves: proof.leaves.map((l, i) => (i === 1 ? { ...l, entryHash: flip(l.entryHash) } : l)),
      },
      { ...proof, nodes: proof.nodes.map((n, i) => (i === 2 ? { ...n, hash: flip(n.hash) } : n)) },
      { ...proof, leaves: proof.leaves.map((l, i) => (i === 0 ? { ...l, index: 2 } : l)) },
      { ...proof, treeSize: 46 },
      { ...proof, nodes: proof.nodes.slice(1) },
      { ...proof, nodes: [...proof.nodes, { start: 44, size: 1, hash: proof.nodes[0]!.hash }] },
      { ...proof, leaves: [proof.leaves[1]!, proof.leaves[0]!, ...proof.leaves.slice(2)] },
      { ...proof, leaves: [] },
    ];
    for (const [i, t] of tampered.entries()) expect(await verifyMultiProof(t, root), `case ${i}`).toBe(false);
    // The proof's own root is computed, never read from it.
    expect(toHex((await multiProofRoot(proof))!)).toBe(toHex(root));
  });
});
