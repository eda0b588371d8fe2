// Signed checkpoints over the audit log, checked as a partner who trusts nobody would: with the JWKS and
// RFC 6962 proofs. A superuser who rewrites history (even re-hashing the chain) or deletes the tail is caught.

import { eq, sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { hashAuditEntry } from '../../src/domain/audit-chain';
import { fromHex, leafHash, verifyConsistency, verifyInclusion } from '../../src/domain/merkle';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let auditor: string;
let orgs: Map<string, string>;

// A desk per test: two of them tamper with the log, which must not decide what the others see.
beforeEach(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  auditor = await desk.token('demo-auditor-evalsante');
});
afterEach(() => desk.close());

type Checkpoint = { treeSize: number; rootHash: string; timestamp: string; signature: string; kid: string };

const checkpoint = async () => {
  const res = await desk.request('/v1/audit/checkpoints', { method: 'POST', token: auditor });
  expect(res.status).toBe(201);
  return (await res.json()) as Checkpoint;
};
const get = async (path: string) => {
  const res = await desk.request(path, { token: auditor });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const writeSomething = async (label: string) => {
  const res = await desk.request('/v1/datasets', {
    method: 'POST',
    token: await desk.token('demo-editor-foch'),
    json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor(label) },
  });
  expect(res.status).toBe(201);
};

/**
 * What a partner does with a saved checkpoint: ask for a consistency proof from it to the log as it is now,
 * and check the proof against the saved root and the root the server computed from today's entries.
 */
async function stillConsistent(saved: Checkpoint): Promise<boolean> {
  const now = await checkpoint();
  const proof = await get(`/v1/audit/proofs/consistency?from=${saved.treeSize}&to=${now.treeSize}`);
  if (proof.status !== 200) return false;
  const p = proof.body as { proof: string[]; toRoot: string };
  return verifyConsistency(
    saved.treeSize,
    now.treeSize,
    p.proof.map(fromHex),
    fromHex(saved.rootHash),
    fromHex(p.toRoot),
  );
}

describe('audit checkpoints', () => {
  it('signs a tree head anyone can verify with the JWKS, and proves an entry is in it', async () => {
    const cp = await checkpoint();
    const latest = (await (await desk.request('/v1/audit/checkpoints/latest')).json()) as Checkpoint;
    expect(latest).toEqual(cp);
    const jwks = await (await desk.request('/.well-known/jwks.json')).json();
    const { payload, protectedHeader } = await compactVerify(cp.signature, createLocalJWKSet(jwks as never));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: cp.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      issuer: 'http://desk.test',
      rootHash: cp.rootHash,
      timestamp: cp.timestamp,
      treeSize: cp.treeSize,
    });
    const events = (await get('/v1/audit/events?limit=5')).body as { items: { id: string; hash: string }[] };
    const entry = events.items[3]!;
    const proof = (await get(`/v1/audit/proofs/inclusion?entry=${entry.id}&size=${cp.treeSize}`)).body as {
      leafIndex: number;
      auditPath: string[];
    };
    const leaf = await leafHash(fromHex(entry.hash));
    expect(
      await verifyInclusion(
        proof.leafIndex,
        cp.treeSize,
        leaf,
        proof.auditPath.map(fromHex),
        fromHex(cp.rootHash),
      ),
    ).toBe(true);
  });

  it('grows incrementally: a later tree head is provably an extension of an earlier one', async () => {
    const before = await checkpoint();
    await writeSomething('Après le point de contrôle');
    expect(await stillConsistent(before)).toBe(true);
    // Nothing new, nothing signed again.
    const a = await checkpoint();
    const b = await checkpoint();
    expect(b).toEqual(a);
  });

  it('catches a superuser who rewrites an entry and re-hashes the whole chain after it', async () => {
    const saved = await checkpoint();
    const db = desk.services.db;
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    const rows = (await db.execute(sql`select * from audit_events order by seq`)) as unknown as
      | { rows: Record<string, unknown>[] }
      | Record<string, unknown>[];
    const list = Array.isArray(rows) ? rows : rows.rows;
    let prev = String(list[4]!.prev_hash);
    for (const [i, r] of list.slice(4).entries()) {
      const entry = {
        id: String(r.id),
        at: new Date(String(r.at)).toISOString(),
        actorId: (r.actor_id as string | null) ?? null,
        action: i === 0 ? 'organization.forged' : String(r.action),
        subjectType: String(r.subject_type),
        subjectId: String(r.subject_id),
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<
          string,
          unknown
        >,
      };
      const hash = await hashAuditEntry(prev, entry);
      await db.execute(
        sql`update audit_events set action = ${entry.action}, prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq as number}`,
      );
      prev = hash;
    }
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    // The chain alone no longer shows it: it was re-hashed consistently (no broken link)…
    expect((await get('/v1/audit/verify')).body.brokenAt).toBeUndefined();
    // …but the saved, signed tree head does: the entry as it now reads is not in it (the tree's stored roots
    // still commit to what was signed), and the service's own verification says so too.
    const forgedId = String(list[4]!.id);
    const [forged] = await db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.id, forgedId));
    const proof = (await get(`/v1/audit/proofs/inclusion?entry=${forgedId}&size=${saved.treeSize}`)).body as {
      leafIndex: number;
      auditPath: string[];
    };
    expect(
      await verifyInclusion(
        proof.leafIndex,
        saved.treeSize,
        await leafHash(fromHex(forged!.hash)),
        proof.auditPath.map(fromHex),
        fromHex(saved.rootHash),
      ),
    ).toBe(false);
    expect((await get('/v1/audit/verify')).body).toMatchObject({ ok: false, checkpoint: { ok: false } });
  });

  it('catches a superuser who deletes the tail of the log', async () => {
    await writeSomething('Queue 1');
    await writeSomething('Queue 2');
    const saved = (await (
      await desk.request('/v1/audit/checkpoints', { method: 'POST', token: auditor })
    ).json()) as Checkpoint;
    const db = desk.services.db;
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await db.execute(sql`delete from audit_events where seq > (select max(seq) - 3 from audit_events)`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    const proof = await get(`/v1/audit/proofs/consistency?from=${saved.treeSize}&to=${saved.treeSize}`);
    expect(proof.status).toBe(404);
    expect((await get('/v1/audit/verify')).body).toMatchObject({ ok: false, checkpoint: { ok: false } });
  });
});
