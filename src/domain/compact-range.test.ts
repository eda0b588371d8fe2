import { describe, expect, it } from 'vitest';
import { append, type CompletedSubtree, emptyFrontier, frontierRoot } from './compact-range';
import { fromLeaves, leafHash, rootOf, toHex } from './merkle';

describe('append-only frontier', () => {
  it('gives the same root as the full RFC 6962 computation at every size', async () => {
    const leaves = await Promise.all(
      Array.from({ length: 40 }, (_, i) => leafHash(new TextEncoder().encode(`e${i}`))),
    );
    let f = emptyFrontier();
    expect(toHex(await frontierRoot(f))).toBe(toHex(await rootOf([])));
    for (let n = 1; n <= leaves.length; n++) {
      f = await append(f, leaves[n - 1]!);
      expect(f.size).toBe(n);
      expect(f.nodes.length).toBe(
        n
          .toString(2)
          .split('')
          .filter((b) => b === '1').length,
      );
      expect(toHex(await frontierRoot(f)), `size ${n}`).toBe(toHex(await rootOf(leaves.slice(0, n))));
    }
  });

  it('names every perfect subtree an append completes, with the root the leaves give it', async () => {
    const leaves = await Promise.all(
      Array.from({ length: 37 }, (_, i) => leafHash(new TextEncoder().encode(`e${i}`))),
    );
    const completed: CompletedSubtree[] = [];
    const f = emptyFrontier();
    for (const leaf of leaves) await append(f, leaf, (s) => completed.push(s));
    // Every aligned block of 2, 4, 8, 16 and 32 leaves within 37, once each.
    expect(completed.map((s) => `${s.height}:${s.index}`).sort()).toEqual(
      [1, 2, 3, 4, 5]
        .flatMap((h) => Array.from({ length: Math.floor(37 / 2 ** h) }, (_, i) => `${h}:${i}`))
        .sort(),
    );
    const perfect = fromLeaves(leaves);
    for (const s of completed) {
      expect(toHex(s.hash)).toBe(toHex(await perfect(s.index * 2 ** s.height, 2 ** s.height)));
    }
  });
});
