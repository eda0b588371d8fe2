// Proofs over a log large enough for stored subtree roots: what the service proves from them must be what the
// leaves themselves give, for entries and sizes inside the checkpointed prefix, across two checkpoints, and
// beyond the last one.
import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints, auditEvents, auditTreeNodes } from '../../src/db/schema';
import { inTransaction } from '../../src/db/unit-of-work';
import {
  fromHex,
  type Hash,
  leafHash,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
  verifyMultiProof,
} from '../../src/domain/merkle';
import { succeed } from '../../src/domain/problem';
import { proveInclusionMany } from '../../src/services/audit-checkpoints';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let admin: string;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  admin = await desk.token('demo-admin');
});
afterAll(() => desk.close());

/** Appends `n` audit entries in one transaction. */
async function grow(n: number) {
  const done = await inTransaction(desk.services.db, null, desk.services.now, async ({ audit }) => {
    for (let i = 0; i < n; i++) audit({ action: 'test.filled', subjectType: 'test', subjectId: String(i) });
    return succeed(null);
  });
  expect(done.ok).toBe(true);
}

async function leavesNow(): Promise<{ id: string; leaf: Hash }[]> {
  const rows = await desk.services.db
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(asc(auditEvents.seq));
  return Promise.all(rows.map(async (r) => ({ id: r.id, leaf: await leafHash(fromHex(r.hash)) })));
}

const get = async (path: string) => {
  const res = await desk.request(path, { token: admin });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
};

describe('proofs from stored subtree roots', () => {
  it('match the leaves for entries and sizes inside and beyond the checkpointed prefix', async () => {
    await grow(700);
    const first = (await (
      await desk.request('/v1/audit/checkpoints', { method: 'POST', token: admin })
    ).json()) as { treeSize: number; rootHash: string };
    await grow(600);
    const second = (await (
      await desk.request('/v1/audit/checkpoints', { method: 'POST', token: admin })
    ).json()) as { treeSize: number; rootHash: string };
    await grow(150); // not yet in any checkpoint
    const all = await leavesNow();
    const leaves = all.map((l) => l.leaf);
    expect(second.treeSize).toBeGreaterThan(1024);
    expect(second.rootHash).toBe(toHex(await rootOf(leaves.slice(0, second.treeSize))));
    // The checkpoints stored the roots of the 256-leaf chunks (and above) they completed.
    const stored = await desk.services.db.select().from(auditTreeNodes);
    expect(stored.filter((n) => n.height === 8)).toHaveLength(Math.floor(second.treeSize / 256));
    expect(stored.some((n) => n.height === 10)).toBe(true);

    const sizes = [first.treeSize, 1024, second.treeSize, all.length];
    for (const size of sizes) {
      const root = await rootOf(leaves.slice(0, size));
      for (const index of [0, 255, 256, 511, 700, size - 1].filter((i) => i < size)) {
        const p = (await get(`/v1/audit/proofs/inclusion?entry=${all[index]!.id}&size=${size}`)) as {
          leafIndex: number;
          auditPath: string[];
          rootHash: string;
        };
        expect(p.leafIndex).toBe(index);
        expect(p.rootHash).toBe(toHex(root));
        expect(
          await verifyInclusion(index, size, leaves[index]!, p.auditPath.map(fromHex), root),
          `entry ${index} in ${size}`,
        ).toBe(true);
      }
    }
    for (const [from, to] of [
      [first.treeSize, second.treeSize],
      [300, all.length],
      [1024, second.treeSize],
      [second.treeSize, all.length],
    ] as const) {
      const p = (await get(`/v1/audit/proofs/consistency?from=${from}&to=${to}`)) as {
        proof: string[];
        fromRoot: string;
        toRoot: string;
      };
      const fromRoot = await rootOf(leaves.slice(0, from));
      const toRoot = await rootOf(leaves.slice(0, to));
      expect([p.fromRoot, p.toRoot]).toEqual([toHex(fromRoot), toHex(toRoot)]);
      expect(
        await verifyConsistency(from, to, p.proof.map(fromHex), fromRoot, toRoot),
        `${from} → ${to}`,
      ).toBe(true);
    }
    // A size the log does not reach is refused.
    const beyond = await desk.request(`/v1/audit/proofs/consistency?from=1&to=${all.length + 1}`, {
      token: admin,
    });
    expect(beyond.status).toBe(404);
  });

  it('prove many entries with the leaf hashes kept per block of 8, or from the entries where a block kept none', async () => {
    const [last] = await desk.services.db
      .select({ treeSize: auditCheckpoints.treeSize, rootHash: auditCheckpoints.rootHash })
      .from(auditCheckpoints)
      .orderBy(desc(auditCheckpoints.treeSize))
      .limit(1);
    const size = last!.treeSize;
    const all = await leavesNow();
    const blocks = await desk.services.db
      .select({ index: auditTreeNodes.index, leaves: auditTreeNodes.leaves })
      .from(auditTreeNodes)
      .where(eq(auditTreeNodes.height, 3));
    // A block the checkpoint job saw whole keeps its leaf hashes; the block a checkpoint ended inside does not.
    const kept = blocks.filter((b) => b.leaves !== null);
    expect(kept.length).toBeGreaterThan(100);
    for (const b of kept.slice(0, 20))
      expect(b.leaves).toBe(
        (await Promise.all(all.slice(b.index * 8, b.index * 8 + 8).map((l) => toHex(l.leaf)))).join(''),
      );
    const firstSize = (await desk.services.db.select().from(auditCheckpoints))
      .map((c) => c.treeSize)
      .sort()[0]!;
    if (firstSize % 8 !== 0)
      expect(blocks.find((b) => b.index === Math.floor(firstSize / 8))?.leaves ?? null).toBeNull();

    const targets = all.slice(0, size).filter((_, i) => i % 37 === 5);
    const prove = async () => {
      const p = await proveInclusionMany(
        desk.services,
        targets.map((t) => t.id),
        size,
      );
      if (!p.ok) throw new Error(p.problem.message);
      return p.value;
    };
    const fromBlocks = await prove();
    expect(fromBlocks.rootHash).toBe(last!.rootHash);
    expect(await verifyMultiProof(fromBlocks, fromHex(last!.rootHash))).toBe(true);
    // The kept leaves are what the proof used: altered, the proof no longer gives the signed root.
    // The block of the first target (leaf 5), whose seven neighbours the proof holds.
    const altered = kept.find((b) => b.index === 0)!;
    await desk.services.db
      .update(auditTreeNodes)
      .set({ leaves: 'f'.repeat(512) })
      .where(and(eq(auditTreeNodes.height, 3), eq(auditTreeNodes.index, altered.index)));
    expect((await prove()).rootHash).not.toBe(last!.rootHash);
    // Without any kept leaves, the entries give the same proof.
    await desk.services.db.update(auditTreeNodes).set({ leaves: null });
    expect(await prove()).toEqual(fromBlocks);
  });
});
