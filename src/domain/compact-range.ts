// An append-only Merkle tree's frontier ("compact range"): the roots of the perfect subtrees covering the
// leaves so far, left to right. Appending costs O(log n); the RFC 6962 root folds the frontier from the right.
import { type Hash, nodeHash, rootOf } from './merkle';

export interface Frontier {
  size: number;
  /** Perfect-subtree roots, largest first, with their heights (a subtree of height h holds 2^h leaves). */
  nodes: { height: number; hash: Hash }[];
}

export const emptyFrontier = (): Frontier => ({ size: 0, nodes: [] });

/** A perfect subtree completed by an append: it holds the leaves [index·2^height, (index+1)·2^height). */
export interface CompletedSubtree {
  height: number;
  index: number;
  hash: Hash;
}

/** Appends a leaf in place; `completed` hears of every perfect subtree the append closes. */
export async function append(
  frontier: Frontier,
  leaf: Hash,
  completed?: (subtree: CompletedSubtree) => void,
): Promise<Frontier> {
  const nodes = frontier.nodes;
  nodes.push({ height: 0, hash: leaf });
  frontier.size += 1;
  while (nodes.length >= 2 && nodes.at(-1)!.height === nodes.at(-2)!.height) {
    const right = nodes.pop()!;
    const left = nodes.pop()!;
    const node = { height: left.height + 1, hash: await nodeHash(left.hash, right.hash) };
    nodes.push(node);
    completed?.({ ...node, index: frontier.size / 2 ** node.height - 1 });
  }
  return frontier;
}

/** MTH of the leaves the frontier covers (RFC 6962 §2.1): the right-to-left fold of its subtree roots. */
export async function frontierRoot(frontier: Frontier): Promise<Hash> {
  if (frontier.nodes.length === 0) return rootOf([]);
  let root = frontier.nodes.at(-1)!.hash;
  for (let i = frontier.nodes.length - 2; i >= 0; i--) root = await nodeHash(frontier.nodes[i]!.hash, root);
  return root;
}
