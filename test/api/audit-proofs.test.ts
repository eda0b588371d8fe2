// Proofs over a log large enough for stored subtree roots: what the service proves from them must be what the
// leaves themselves give, for entries and sizes inside the checkpointed prefix, across two checkpoints, and
// beyond the last one.
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, auditTreeNodes } from '../../src/db/schema';
import { inTransaction } from '../../src/db/unit-of-work';
import {
  fromHex,
  type Hash,
  leafHash,
  rootOf,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '../../src/domain/merkle';
import { succeed } from '../../src/domain/problem';
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
});
