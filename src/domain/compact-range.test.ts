import { describe, expect, it } from 'vitest';
import { append, emptyFrontier, frontierRoot } from './compact-range';
import { leafHash, rootOf, toHex } from './merkle';

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
});
