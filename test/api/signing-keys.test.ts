// Key rotation: a new active key; the old public key stays published until its tokens have expired.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeSigningKey, rotateSigningKeys } from '../../src/services/signing-keys';
import { createTestDesk, type TestDesk } from '../harness';

let clock: Date;
let desk: TestDesk;

// A desk per test: rotations change which keys exist, and no test may depend on another's.
beforeEach(async () => {
  clock = new Date('2026-11-26T10:00:00Z');
  desk = await createTestDesk({ now: () => clock });
});
afterEach(() => desk.close());

const published = async () =>
  ((await (await desk.request('/.well-known/jwks.json')).json()) as { keys: { kid: string; d?: string }[] })
    .keys;

describe('signing keys', () => {
  it('publishes only public parts, rotates, and unpublishes the old key once its tokens have expired', async () => {
    const first = await activeSigningKey(desk.services);
    const keys = await published();
    expect(keys.map((k) => k.kid)).toEqual([first.kid]);
    expect(keys.every((k) => k.d === undefined)).toBe(true);

    clock = new Date('2026-11-26T11:00:00Z');
    const { kid, retired } = await rotateSigningKeys(desk.services, 24);
    expect(retired).toEqual([first.kid]);
    expect((await activeSigningKey(desk.services)).kid).toBe(kid);
    expect((await published()).map((k) => k.kid).sort()).toEqual([first.kid, kid].sort());

    clock = new Date('2026-11-27T10:59:00Z');
    expect((await published()).map((k) => k.kid)).toContain(first.kid);
    clock = new Date('2026-11-27T11:01:00Z');
    expect((await published()).map((k) => k.kid)).toEqual([kid]);
  });

  it('keeps every key in the history, so a tree head signed before a rotation verifies after it', async () => {
    const { compactVerify, createLocalJWKSet } = await import('jose');
    const { makeCheckpoint } = await import('../../src/services/audit-checkpoints');
    clock = new Date('2026-12-01T10:00:00Z');
    const signer = await activeSigningKey(desk.services);
    const head = await makeCheckpoint(desk.services);
    const { kid } = await rotateSigningKeys(desk.services, 24);
    clock = new Date('2026-12-03T10:00:00Z');
    expect((await published()).map((k) => k.kid)).toEqual([kid]);

    const res = await desk.request('/v1/signing-keys');
    expect(res.status).toBe(200);
    const history = (await res.json()) as {
      keys: { kid: string; d?: string }[];
      periods: { kid: string; from: string; until: string | null; publishedUntil: string | null }[];
    };
    expect(history.keys.every((k) => k.d === undefined)).toBe(true);
    expect(history.periods.find((p) => p.kid === kid)).toMatchObject({ until: null, publishedUntil: null });
    expect(history.periods.find((p) => p.kid === signer.kid)).toMatchObject({
      until: '2026-12-01T10:00:00.000Z',
      publishedUntil: '2026-12-02T10:00:00.000Z',
    });
    // The JWKS alone no longer verifies the tree head; the history does.
    const jwks = createLocalJWKSet({ keys: (await published()) as never });
    await expect(compactVerify(head.signature, jwks)).rejects.toThrow();
    const { protectedHeader } = await compactVerify(head.signature, createLocalJWKSet(history as never));
    expect(protectedHeader.kid).toBe(signer.kid);
  });

  it('lets a platform admin rotate the keys through the API, audited in the same transaction', async () => {
    await desk.seed();
    const first = await activeSigningKey(desk.services);
    const res = await desk.request('/v1/signing-keys/rotate', {
      method: 'POST',
      token: await desk.token('demo-admin'),
    });
    expect(res.status).toBe(201);
    const rotation = (await res.json()) as { kid: string; retired: string[]; keepPublishedHours: number };
    expect(rotation.retired).toEqual([first.kid]);
    expect(rotation.keepPublishedHours).toBeGreaterThan(0);
    expect((await activeSigningKey(desk.services)).kid).toBe(rotation.kid);
    expect((await published()).map((k) => k.kid).sort()).toEqual([first.kid, rotation.kid].sort());

    const { and, eq } = await import('drizzle-orm');
    const { auditEvents, users } = await import('../../src/db/schema');
    const [entry] = await desk.services.db
      .select({ actorSubject: users.subject, payload: auditEvents.payload })
      .from(auditEvents)
      .innerJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.action, 'signing_key.rotated'), eq(auditEvents.subjectId, rotation.kid)));
    expect(entry).toEqual({
      actorSubject: 'demo-admin',
      payload: { retired: [first.kid], keepPublishedHours: rotation.keepPublishedHours },
    });
  });

  it('refuses a rotation to anyone but a platform admin', async () => {
    await desk.seed();
    const first = await activeSigningKey(desk.services);
    const anonymous = await desk.request('/v1/signing-keys/rotate', { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const editor = await desk.request('/v1/signing-keys/rotate', {
      method: 'POST',
      token: await desk.token('demo-editor-pasteur'),
    });
    expect(editor.status).toBe(403);
    expect(((await editor.json()) as { code: string }).code).toBe('forbidden');
    expect((await published()).map((k) => k.kid)).toEqual([first.kid]);
  });

  it('stores private keys encrypted', async () => {
    await activeSigningKey(desk.services);
    await rotateSigningKeys(desk.services, 24);
    const { sql } = await import('drizzle-orm');
    const { rowsOf } = await import('../../src/db/database');
    const rows = rowsOf<{ private_jwk_encrypted: string }>(
      await desk.services.db.execute(sql`select private_jwk_encrypted from signing_keys`),
    );
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(r.private_jwk_encrypted).toMatch(/^v1\./);
      expect(r.private_jwk_encrypted).not.toContain('"d"');
    }
  });
});
