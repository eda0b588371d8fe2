// Visas are signed with the approval and registered: served again while fresh, renewed when not, and only
// registered visas verify.
import { sql } from 'drizzle-orm';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/crypto/key-encryption';
import { signVisa } from '../../src/crypto/visa';
import { rowsOf } from '../../src/db/database';
import { activeSigningKey, rotateSigningKeys } from '../../src/services/signing-keys';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const clock = handClock('2026-11-26T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
});
afterAll(() => desk.close());

async function approve(): Promise<string> {
  const id = await draftApplication(desk, ids, { submit: true, team: ['demo-researcher-cesp'] });
  for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
    const res = await desk.request(`/v1/access-requests/${id}/votes`, {
      method: 'POST',
      token: await desk.token(reviewer),
      json: { choice: 'approve', rationale: 'Sound protocol.' },
    });
    expect(res.status).toBe(200);
  }
  return id;
}

const registered = async (requestId: string) =>
  rowsOf<{ jti: string; kid: string; issued_at: string | Date; token_sealed: string }>(
    await desk.services.db.execute(sql`select v.jti, v.kid, v.issued_at, v.token_sealed
      from visas v join grants g on g.id = v.grant_id where g.request_id = ${requestId} order by v.issued_at, v.jti`),
  );

/** The researcher's visas for the grants of one application. */
async function myVisas(requestId: string): Promise<string[]> {
  const res = await desk.request('/v1/me/visas', { token: await desk.token('demo-researcher-cesp') });
  expect(res.status).toBe(200);
  const grantsOfRequest = new Set((await registered(requestId)).map((r) => r.jti.split('.')[0]));
  return ((await res.json()) as { ga4gh_passport_v1: string[] }).ga4gh_passport_v1.filter((v) =>
    grantsOfRequest.has(String(decodeJwt(v).jti).split('.')[0]),
  );
}

const verify = async (visa: string) =>
  (await (await desk.request('/v1/visas/verify', { method: 'POST', json: { visa } })).json()) as {
    valid: boolean;
    reason: string | null;
  };

describe('the visa register', () => {
  it('signs one visa per grant with the approval, sealed at rest, and serves that visa while it is fresh', async () => {
    clock.set('2026-11-26T09:00:00Z');
    const id = await approve();
    const rows = await registered(id);
    // The requester and one researcher × one dataset.
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(new Date(r.issued_at).toISOString()).toBe('2026-11-26T09:00:00.000Z');

    clock.set('2026-11-26T15:00:00Z');
    const visas = await myVisas(id);
    expect(visas).toHaveLength(1);
    const [first] = visas;
    // At rest, the token is sealed under the key-encryption key, bound to its jti.
    const row = rows.find((r) => r.jti === decodeJwt(first!).jti)!;
    expect(row.token_sealed).toMatch(/^v1\./);
    expect(row.token_sealed).not.toContain(first!.split('.')[2]);
    expect(await open(desk.services.keyEncryptionKey, row.token_sealed, row.jti)).toBe(first);
    await expect(open(desk.services.keyEncryptionKey, row.token_sealed, 'another-jti')).rejects.toThrow();
    expect(rows.map((r) => r.jti)).toContain(decodeJwt(first!).jti);
    expect(decodeJwt(first!).iat).toBe(Date.parse('2026-11-26T09:00:00Z') / 1000);
    expect(await myVisas(id)).toEqual([first]);
    expect(await registered(id)).toHaveLength(2);
  });

  it('signs and registers a new visa once the stored one has less than half a new one’s life left', async () => {
    clock.set('2026-11-27T09:00:00Z');
    const id = await approve();
    clock.set('2026-11-27T20:59:00Z'); // 12 h 1 min left of 24 h: still served
    const [kept] = await myVisas(id);
    expect(decodeJwt(kept!).iat).toBe(Date.parse('2026-11-27T09:00:00Z') / 1000);

    clock.set('2026-11-27T21:01:00Z'); // 11 h 59 min left: renewed
    const [renewed] = await myVisas(id);
    expect(decodeJwt(renewed!).iat).toBe(Date.parse('2026-11-27T21:01:00Z') / 1000);
    expect(decodeJwt(renewed!).jti).not.toBe(decodeJwt(kept!).jti);
    expect((await registered(id)).map((r) => r.jti)).toContain(decodeJwt(renewed!).jti);
    expect(await verify(renewed!)).toMatchObject({ valid: true });
    // The earlier visa stays valid until its own expiry.
    expect(await verify(kept!)).toMatchObject({ valid: true });
  });

  it('renews visas signed by a retired key, which stays published until they expire', async () => {
    clock.set('2026-11-28T09:00:00Z');
    const id = await approve();
    const before = await myVisas(id);
    expect(before).toHaveLength(1);
    const retiredKid = decodeProtectedHeader(before[0]!).kid!;
    // One hour asked for, but the register knows until when the visas this key signed live.
    const { kid } = await rotateSigningKeys(desk.services, 1);
    clock.set('2026-11-28T09:01:00Z');
    const after = await myVisas(id);
    expect(after).toHaveLength(before.length);
    for (const v of after) expect(decodeProtectedHeader(v).kid).toBe(kid);
    clock.set('2026-11-29T08:59:00Z');
    for (const v of before) {
      expect(decodeProtectedHeader(v).kid).not.toBe(kid);
      expect(await verify(v)).toMatchObject({ valid: true });
    }
    const [{ last } = { last: '' }] = rowsOf<{ last: string | Date }>(
      await desk.services.db.execute(
        sql`select max(expires_at) as last from visas where kid = ${retiredKid}`,
      ),
    );
    const lastExpiry = new Date(last).getTime();
    expect(lastExpiry).toBeGreaterThanOrEqual(Date.parse('2026-11-29T09:00:00Z'));
    const jwks = async () =>
      ((await (await desk.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }).keys.map(
        (k) => k.kid,
      );
    clock.set(new Date(lastExpiry - 60_000).toISOString());
    expect(await jwks()).toContain(retiredKid);
    clock.set(new Date(lastExpiry + 60_000).toISOString());
    expect(await jwks()).not.toContain(retiredKid);
  });

  it('refuses a visa signed with the desk’s own key that the desk never issued', async () => {
    clock.set('2026-11-29T09:00:00Z');
    const id = await approve();
    const [row] = await registered(id);
    const real = decodeJwt((await myVisas(id))[0]!);
    const key = await activeSigningKey(desk.services);
    const forged = await signVisa(key, 'http://desk.test/.well-known/jwks.json', {
      ...(real as never as Parameters<typeof signVisa>[2]),
      jti: `${row!.jti.split('.')[0]}.forged00`,
    });
    expect(await verify(forged)).toEqual(
      expect.objectContaining({ valid: false, reason: 'this desk never issued a visa with this jti' }),
    );
  });

  it('refuses a registered jti signed again by another of the desk’s keys', async () => {
    clock.set('2026-11-30T09:00:00Z');
    const id = await approve();
    const [visa] = await myVisas(id);
    const claims = decodeJwt(visa!) as never as Parameters<typeof signVisa>[2];
    await rotateSigningKeys(desk.services, 48);
    const other = await activeSigningKey(desk.services);
    expect(other.kid).not.toBe(decodeProtectedHeader(visa!).kid);
    const resigned = await signVisa(other, 'http://desk.test/.well-known/jwks.json', claims);
    expect(await verify(resigned)).toEqual(
      expect.objectContaining({ valid: false, reason: 'visa does not match its grant' }),
    );
    expect(await verify(visa!)).toMatchObject({ valid: true });
  });

  it('keeps expired visas a month in the register, then the periodic jobs prune them', async () => {
    const { runPeriodicJobs } = await import('../../src/services/periodic-jobs');
    clock.set('2026-12-01T09:00:00Z');
    const id = await approve();
    const [issued] = await registered(id);
    clock.set('2027-01-01T08:59:00Z'); // expired 29 days 23 h 59 min ago
    await runPeriodicJobs(desk.services);
    expect((await registered(id)).map((r) => r.jti)).toContain(issued!.jti);
    clock.set('2027-01-01T09:01:00Z');
    expect((await runPeriodicJobs(desk.services)).visasPruned).toBeGreaterThanOrEqual(2);
    expect((await registered(id)).map((r) => r.jti)).not.toContain(issued!.jti);
    // The grant is still active: its holder's next read signs and registers a new visa.
    const [fresh] = await myVisas(id);
    expect(decodeJwt(fresh!).iat).toBe(Date.parse('2027-01-01T09:01:00Z') / 1000);
  });
});
