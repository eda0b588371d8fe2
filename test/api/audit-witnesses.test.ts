// The log as partners check it without trusting the desk: desk sequences an auditor of one desk can check for
// gaps, one proof for many entries, every tree head kept and paged, and witnesses who cosign a head only when
// it extends the one they cosigned before, so that a forked or rolled-back log finds no witness.
import { asc, eq, sql } from 'drizzle-orm';
import { CompactSign, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWitness, type WitnessOutcome } from '../../src/cli/witness';
import { auditEvents } from '../../src/db/schema';
import { inTransaction } from '../../src/db/unit-of-work';
import { GENESIS_HASH, verifyDeskSequence } from '../../src/domain/audit-chain';
import { fromHex, leafHash, rootOf, toHex, verifyMultiProof } from '../../src/domain/merkle';
import { succeed } from '../../src/domain/problem';
import {
  COSIGNATURE_TYP,
  cosignatureText,
  emptyWitnessState,
  type WitnessState,
} from '../../src/domain/witness';
import { proveInclusionMany } from '../../src/services/audit-checkpoints';
import { createTestDesk, type TestDesk } from '../harness';
import { registerWitnessKey, retireWitnessKey, type WitnessKey } from '../witness-keys';

let desk: TestDesk;
let orgs: Map<string, string>;
let admin: string;

beforeEach(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  admin = await desk.token('demo-admin');
});
afterEach(() => desk.close());

const deskIdOf = async (slug: string) => {
  const res = await desk.request('/v1/desks');
  const { items } = (await res.json()) as { items: { id: string; slug: string }[] };
  return items.find((d) => d.slug === slug)!.id;
};

/** Appends `n` audit entries in one transaction, about `deskId` if given. */
async function grow(n: number, deskId?: string, tag = 'filled') {
  const done = await inTransaction(desk.services.db, null, desk.services.now, async ({ audit }) => {
    for (let i = 0; i < n; i++)
      audit({ action: `test.${tag}`, subjectType: 'test', subjectId: String(i), deskId });
    return succeed(null);
  });
  expect(done.ok).toBe(true);
}

const checkpoint = async () => {
  const res = await desk.request('/v1/audit/checkpoints', { method: 'POST', token: admin });
  expect(res.status).toBe(201);
  return (await res.json()) as { treeSize: number; rootHash: string; note: string; origin: string };
};

const superuser = async (statement: ReturnType<typeof sql>) => {
  const db = desk.services.db;
  await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
  await db.execute(statement);
  await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
};

/** The desk forgets its tree heads (and their cosignatures), as a desk rewriting history would. */
const forgetTreeHeads = async () => {
  await desk.services.db.execute(sql`delete from audit_cosignatures`);
  await desk.services.db.execute(sql`delete from audit_checkpoints`);
  await desk.services.db.execute(sql`delete from audit_tree_nodes`);
};

const witness = (key: WitnessKey, state: WitnessState): Promise<WitnessOutcome> =>
  runWitness({
    deskUrl: 'http://desk.test',
    key: key.privateJwk,
    organizationId: key.organizationId,
    state,
    now: desk.services.now,
    fetch: (url, init) => {
      const u = new URL(url);
      return desk.request(`${u.pathname}${u.search}`, init as RequestInit);
    },
  });

describe('desk sequences', () => {
  it("numbers a desk's entries 1, 2, 3… in their hashed payload, linked by deskPrev, and gives leaf indices", async () => {
    const foch = await deskIdOf('guichet-foch');
    await grow(3, foch);
    await grow(2);
    await grow(2, foch);
    const res = await desk.request(`/v1/audit/events?deskId=${foch}&limit=100`, { token: admin });
    const { items } = (await res.json()) as {
      items: { id: string; hash: string; payload: Record<string, unknown> }[];
    };
    const numbered = items.filter((e) => e.payload.deskSeq !== undefined);
    expect(numbered.map((e) => e.payload.deskSeq)).toEqual(numbered.map((_, i) => i + 1));
    expect(numbered[0]!.payload.deskPrev).toBe(GENESIS_HASH);
    expect(numbered[1]!.payload.deskPrev).toBe(numbered[0]!.hash);
    expect(verifyDeskSequence(items)).toMatchObject({ ok: true, lastSeq: numbered.length });
    const rows = await desk.services.db
      .select({ leafIndex: auditEvents.leafIndex })
      .from(auditEvents)
      .orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.leafIndex)).toEqual(rows.map((_, i) => i));
    // The chain's own verification still holds: the formula is unchanged, the fields are payload.
    const verdict = await desk.request('/v1/audit/verify', { token: admin });
    expect(await verdict.json()).toMatchObject({ ok: true });
  });

  it("lets an auditor who reads one desk's entries see that one was taken out", async () => {
    const foch = await deskIdOf('guichet-foch');
    await grow(5, foch);
    const [third] = await desk.services.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(sql`${auditEvents.deskId} = ${foch} and ${auditEvents.deskSeq} = 3`);
    await superuser(sql`delete from audit_events where seq = ${third!.seq}`);
    const res = await desk.request(`/v1/audit/events?deskId=${foch}&limit=100`, { token: admin });
    const { items } = (await res.json()) as {
      items: { id: string; hash: string; payload: Record<string, unknown> }[];
    };
    expect(verifyDeskSequence(items)).toMatchObject({
      ok: false,
      brokenAt: { deskSeq: 4, reason: 'gap: deskSeq 3 missing' },
    });
  });
});

describe('multi-entry inclusion proofs', () => {
  it('prove many entries at once, from stored roots and from entries past the last checkpoint', async () => {
    await grow(600);
    const first = await checkpoint();
    await grow(90);
    const rows = await desk.services.db
      .select({ id: auditEvents.id, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(asc(auditEvents.seq));
    const leaves = await Promise.all(rows.map((r) => leafHash(fromHex(r.hash))));
    for (const size of [first.treeSize, rows.length]) {
      const picked = [0, 7, 8, 9, 255, 256, 300, 301, 599, size - 1].filter((i) => i < size);
      const proof = await proveInclusionMany(
        desk.services,
        [...picked].reverse().map((i) => rows[i]!.id),
        size,
      );
      expect(proof.ok).toBe(true);
      if (!proof.ok) return;
      const root = await rootOf(leaves.slice(0, size));
      expect(proof.value.rootHash).toBe(toHex(root));
      expect(proof.value.leaves.map((l) => l.index)).toEqual(picked);
      expect(await verifyMultiProof(proof.value, root)).toBe(true);
      // Tampering with any part is caught.
      const other = { ...proof.value, nodes: proof.value.nodes.slice(0, -1) };
      expect(await verifyMultiProof(other, root)).toBe(false);
    }
    expect(first.rootHash).toBe(toHex(await rootOf(leaves.slice(0, first.treeSize))));
    const unknown = await proveInclusionMany(
      desk.services,
      [rows[1]!.id, '01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f'],
      10,
    );
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.problem.violations?.[0]?.pointer).toBe('/entries/1');
  });
});

describe('checkpoints', () => {
  it('keeps every signed tree head, paged oldest first, each with its note', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      await grow(3);
      made.push(await checkpoint());
    }
    const page = async (path: string) =>
      (await (await desk.request(path)).json()) as {
        items: { treeSize: number; note: string; cosignatures: unknown[] }[];
        nextCursor: string | null;
      };
    const one = await page('/v1/audit/checkpoints?limit=2');
    expect(one.items.map((c) => c.treeSize)).toEqual(made.slice(0, 2).map((c) => c.treeSize));
    const two = await page(`/v1/audit/checkpoints?limit=2&after=${one.nextCursor}`);
    expect(two.items.map((c) => c.treeSize)).toEqual([made[2]!.treeSize]);
    expect(two.nextCursor).toBeNull();
    const single = (await (await desk.request(`/v1/audit/checkpoints/${made[1]!.treeSize}`)).json()) as {
      note: string;
      origin: string;
      rootHash: string;
    };
    expect(single.origin).toBe('desk.test');
    expect(single.note).toBe(
      `desk.test\n${made[1]!.treeSize}\n${Buffer.from(single.rootHash, 'hex').toString('base64')}\n`,
    );
    expect((await desk.request(`/v1/audit/checkpoints/${made[2]!.treeSize + 1}`)).status).toBe(404);
  });
});

describe('witnesses', () => {
  const cosign = async (key: WitnessKey, treeSize: number, note: string, options: { typ?: string } = {}) => {
    const signature = await new CompactSign(
      new TextEncoder().encode(cosignatureText(note, Math.floor(Date.now() / 1000))),
    )
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: options.typ ?? COSIGNATURE_TYP })
      .sign(await importJWK(key.privateJwk, 'ES256'));
    return desk.request(`/v1/audit/checkpoints/${treeSize}/cosignatures`, {
      method: 'POST',
      json: { organizationId: key.organizationId, signature },
    });
  };

  it('cosign a head with registered keys; the desk records it in the log and shows it with the head', async () => {
    const key = await registerWitnessKey(desk.services.db, orgs.get('evalsante')!);
    await checkpoint();
    const outcome = await witness(key, emptyWitnessState());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const head = (await (await desk.request(`/v1/audit/checkpoints/${outcome.treeSize}`)).json()) as {
      cosignatures: { organizationId: string; kid: string }[];
    };
    expect(head.cosignatures).toEqual([
      expect.objectContaining({ organizationId: key.organizationId, kid: key.kid }),
    ]);
    const [entry] = await desk.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'audit_checkpoint.cosigned'));
    expect(entry?.payload).toMatchObject({ treeSize: outcome.treeSize, organizationId: key.organizationId });
    // A head 1 000 entries later is cosigned after a consistency proof from the one before.
    await grow(1000);
    await checkpoint();
    const next = await witness(key, outcome.state);
    expect(next).toMatchObject({ ok: true, treeSize: outcome.treeSize + 1000 + 1 });
  });

  it('refuse a cosignature by an unregistered or retired key, of another head, or of another type', async () => {
    const head = await checkpoint();
    const stranger = await registerWitnessKey(desk.services.db, orgs.get('evalsante')!, { register: false });
    const retired = await registerWitnessKey(desk.services.db, orgs.get('evalsante')!);
    await retireWitnessKey(desk.services.db, retired, new Date(desk.services.now().getTime() - 1000));
    const good = await registerWitnessKey(desk.services.db, orgs.get('audit-numerique-sante')!);
    const refused = async (res: Response) => {
      expect(res.status).toBe(400);
      const body = (await res.json()) as { violations: { pointer: string; message: string }[] };
      expect(body.violations[0]!.pointer).toBe('/signature');
      return body.violations[0]!.message;
    };
    expect(await refused(await cosign(stranger, head.treeSize, head.note))).toMatch(/no key/);
    expect(await refused(await cosign(retired, head.treeSize, head.note))).toMatch(/retired/);
    // A registered key of another organisation than the one named.
    expect(
      await refused(
        await cosign({ ...good, organizationId: orgs.get('evalsante')! }, head.treeSize, head.note),
      ),
    ).toMatch(/no key/);
    await grow(1);
    const later = await checkpoint();
    expect(await refused(await cosign(good, later.treeSize, head.note))).toMatch(/another checkpoint/);
    expect(await refused(await cosign(good, head.treeSize, head.note, { typ: 'JWT' }))).toMatch(/typ/);
    expect((await cosign(good, head.treeSize, head.note)).status).toBe(201);
  });

  it('every witness refuses a forked log: another root for a cosigned size, then a tree that does not extend it', async () => {
    const keys = [
      await registerWitnessKey(desk.services.db, orgs.get('evalsante')!),
      await registerWitnessKey(desk.services.db, orgs.get('audit-numerique-sante')!),
    ];
    await grow(20);
    await checkpoint();
    const states: WitnessState[] = [];
    for (const key of keys) {
      const o = await witness(key, emptyWitnessState());
      expect(o.ok).toBe(true);
      if (o.ok) states.push(o.state);
    }
    const cosigned = (await (await desk.request('/v1/audit/checkpoints/latest')).json()) as {
      treeSize: number;
      rootHash: string;
    };
    // The desk replaces its last five entries by others and signs the same size again.
    await superuser(sql`delete from audit_events where leaf_index >= ${cosigned.treeSize - 5}`);
    await forgetTreeHeads();
    await grow(5, undefined, 'forged');
    const forked = await checkpoint();
    expect(forked.treeSize).toBe(cosigned.treeSize);
    expect(forked.rootHash).not.toBe(cosigned.rootHash);
    for (const [i, key] of keys.entries())
      expect(await witness(key, states[i]!)).toMatchObject({ ok: false, reason: 'fork' });
    // Nor does growing the forked log past the cosigned size help.
    await grow(40);
    await checkpoint();
    for (const [i, key] of keys.entries())
      expect(await witness(key, states[i]!)).toMatchObject({ ok: false, reason: 'inconsistent' });
    const heads = (await (await desk.request('/v1/audit/checkpoints')).json()) as {
      items: { cosignatures: unknown[] }[];
    };
    expect(heads.items.every((h) => h.cosignatures.length === 0)).toBe(true);
  });

  it('every witness refuses a rollback to a smaller tree', async () => {
    const key = await registerWitnessKey(desk.services.db, orgs.get('evalsante')!);
    await grow(10);
    await checkpoint();
    const o = await witness(key, emptyWitnessState());
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    await superuser(sql`delete from audit_events where leaf_index >= ${o.treeSize - 4}`);
    await forgetTreeHeads();
    const smaller = await checkpoint();
    expect(smaller.treeSize).toBe(o.treeSize - 4);
    expect(await witness(key, o.state)).toMatchObject({ ok: false, reason: 'rollback' });
  });
});
