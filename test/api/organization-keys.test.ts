// Partners' signing keys: anyone reads an organisation's key history and JWK Set; only its members register,
// retire and fetch keys (platform admins who are not members are refused); every change is in the audit log,
// committed to the key's thumbprint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { createTestDesk, type TestDesk } from '../harness';
import { partnerKey, registerPartnerKey } from '../support/partner-keys';

let desk: TestDesk;
let admin: string;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  admin = await desk.token('demo-admin');
});
afterAll(() => desk.close());

/** A partner organisation of the test's own, with one auditor member; returns its id and the member's token. */
async function partner(slug: string) {
  const res = await desk.request('/v1/organizations', {
    method: 'POST',
    token: admin,
    json: { slug, name: slug, kind: 'partner' },
  });
  const { id } = (await res.json()) as { id: string };
  await desk.request(`/v1/organizations/${id}/members`, {
    method: 'POST',
    token: admin,
    json: { subject: `auditor-${slug}`, role: 'auditor' },
  });
  return { id, member: await desk.token(`auditor-${slug}`) };
}

type KeyView = { kid: string; thumbprint: string; origin: string; retiredAt: string | null; jwk: object };
const history = async (orgId: string) =>
  (await (await desk.request(`/v1/organizations/${orgId}/keys`)).json()) as {
    items: KeyView[];
    jwksUrl: string | null;
  };
const jwks = async (orgId: string) =>
  (await (await desk.request(`/v1/organizations/${orgId}/jwks`)).json()) as { keys: { kid: string }[] };
const auditOf = async (orgId: string, action: string) =>
  desk.services.db
    .select({ payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, orgId), eq(auditEvents.action, action)));
const violations = async (res: Response) =>
  ((await res.json()) as { violations: { pointer: string; message: string }[] }).violations;

describe('registering and retiring keys', () => {
  it('registers a member’s public key, publishes it, and audits its thumbprint', async () => {
    const org = await partner('keys-register');
    const key = await partnerKey('keys-register-1');
    const res = await registerPartnerKey(desk, org.member, org.id, key);
    expect(res.status).toBe(201);
    const view = (await res.json()) as KeyView;
    expect(view).toMatchObject({ kid: 'keys-register-1', thumbprint: key.thumbprint, origin: 'uploaded' });
    expect(view.jwk).toEqual({ ...key.publicJwk, alg: 'ES256', use: 'sig' });
    expect(view.retiredAt).toBeNull();
    // Public reads, without a token.
    expect((await history(org.id)).items.map((k) => k.kid)).toEqual(['keys-register-1']);
    const set = await desk.request(`/v1/organizations/${org.id}/jwks`);
    expect(set.headers.get('content-type')).toContain('application/jwk-set+json');
    expect(((await set.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual([
      'keys-register-1',
    ]);
    expect(await auditOf(org.id, 'organization_key.registered')).toEqual([
      {
        payload: {
          organizationId: org.id,
          kid: 'keys-register-1',
          thumbprint: key.thumbprint,
          origin: 'uploaded',
        },
      },
    ]);
  });

  it('takes the thumbprint as kid when the key names none', async () => {
    const org = await partner('keys-no-kid');
    const key = await partnerKey();
    const { kid: _kid, ...unnamed } = key.publicJwk;
    const res = await desk.request(`/v1/organizations/${org.id}/keys`, {
      method: 'POST',
      token: org.member,
      json: { jwk: unnamed },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as KeyView).kid).toBe(key.thumbprint);
  });

  it('refuses a private key at /jwk/d, and keys of another kind, storing nothing', async () => {
    const org = await partner('keys-private');
    const key = await partnerKey();
    const send = (jwk: unknown) =>
      desk.request(`/v1/organizations/${org.id}/keys`, { method: 'POST', token: org.member, json: { jwk } });
    const priv = await send({ ...key.publicJwk, d: 'A'.repeat(43) });
    expect(priv.status).toBe(400);
    expect(await violations(priv)).toContainEqual({
      pointer: '/jwk/d',
      message: 'a private key: send the public half only',
    });
    const rsa = await send({ kty: 'RSA', n: 'AQAB', e: 'AQAB' });
    expect(rsa.status).toBe(400);
    expect((await violations(rsa)).map((v) => v.pointer)).toContain('/jwk/kty');
    const offCurve = await send({ ...key.publicJwk, y: key.publicJwk.x });
    expect(offCurve.status).toBe(400);
    expect((await violations(offCurve))[0]!.pointer).toBe('/jwk');
    expect((await history(org.id)).items).toEqual([]);
  });

  it('refuses platform admins who are not members, saying why, and everyone outside the organisation', async () => {
    const org = await partner('keys-outsiders');
    const key = await partnerKey();
    const byAdmin = await registerPartnerKey(desk, admin, org.id, key);
    expect(byAdmin.status).toBe(403);
    expect(((await byAdmin.json()) as { detail: string }).detail).toMatch(
      /platform admins who are not members/,
    );
    const outsider = await registerPartnerKey(desk, await desk.token('demo-auditor-auditnum'), org.id, key);
    expect(outsider.status).toBe(403);
    expect(
      (
        await desk.request(`/v1/organizations/${org.id}/keys`, {
          method: 'POST',
          json: { jwk: key.publicJwk },
        })
      ).status,
    ).toBe(401);
    expect(
      (await registerPartnerKey(desk, org.member, '0193a3f0-0000-7000-8000-000000000000', key)).status,
    ).toBe(404);
    // A registered key is retired by members only, too.
    expect((await registerPartnerKey(desk, org.member, org.id, key)).status).toBe(201);
    const retire = (token: string) =>
      desk.request(`/v1/organizations/${org.id}/keys/${key.kid}/retire`, { method: 'POST', token });
    expect((await retire(admin)).status).toBe(403);
    expect((await history(org.id)).items[0]!.retiredAt).toBeNull();
    const jwksUrl = await desk.request(`/v1/organizations/${org.id}/jwks-url`, {
      method: 'PUT',
      token: admin,
      json: { url: 'https://keys.example.org/jwks.json' },
    });
    expect(jwksUrl.status).toBe(403);
    expect(
      (await desk.request(`/v1/organizations/${org.id}/keys/refresh`, { method: 'POST', token: admin }))
        .status,
    ).toBe(403);
    expect((await history(org.id)).jwksUrl).toBeNull();
  });

  it('refuses the same key twice, and a kid already taken by another key', async () => {
    const org = await partner('keys-twice');
    const key = await partnerKey('twice-1');
    expect((await registerPartnerKey(desk, org.member, org.id, key)).status).toBe(201);
    const again = await registerPartnerKey(desk, org.member, org.id, {
      ...key,
      publicJwk: { ...key.publicJwk, kid: 'twice-2' },
    });
    expect(again.status).toBe(409);
    expect(await violations(again)).toEqual([{ pointer: '/jwk', message: 'already registered as twice-1' }]);
    const other = await partnerKey('twice-1');
    const taken = await registerPartnerKey(desk, org.member, org.id, other);
    expect(taken.status).toBe(409);
    expect((await violations(taken))[0]!.pointer).toBe('/jwk/kid');
    expect((await history(org.id)).items).toHaveLength(1);
  });

  it('rotates: a new key, then the old one retired, which stays in the history but leaves the JWK Set', async () => {
    const org = await partner('keys-rotate');
    const old = await partnerKey('rotate-old');
    const fresh = await partnerKey('rotate-new');
    expect((await registerPartnerKey(desk, org.member, org.id, old)).status).toBe(201);
    expect((await registerPartnerKey(desk, org.member, org.id, fresh)).status).toBe(201);
    const retired = await desk.request(`/v1/organizations/${org.id}/keys/rotate-old/retire`, {
      method: 'POST',
      token: org.member,
    });
    expect(retired.status).toBe(200);
    expect(((await retired.json()) as KeyView).retiredAt).not.toBeNull();
    expect((await jwks(org.id)).keys.map((k) => k.kid)).toEqual(['rotate-new']);
    const items = (await history(org.id)).items;
    expect(items.map((k) => [k.kid, k.retiredAt === null])).toEqual([
      ['rotate-old', false],
      ['rotate-new', true],
    ]);
    expect(await auditOf(org.id, 'organization_key.retired')).toEqual([
      { payload: { organizationId: org.id, kid: 'rotate-old', thumbprint: old.thumbprint } },
    ]);
    const twice = await desk.request(`/v1/organizations/${org.id}/keys/rotate-old/retire`, {
      method: 'POST',
      token: org.member,
    });
    expect(twice.status).toBe(409);
    const unknown = await desk.request(`/v1/organizations/${org.id}/keys/no-such-kid/retire`, {
      method: 'POST',
      token: org.member,
    });
    expect(unknown.status).toBe(404);
  });
});

describe('keys fetched from the organisation’s JWK Set URL', () => {
  let server: Server;
  let base: string;
  /** What the partner's server answers, by path. */
  const answers = new Map<string, { status: number; body: string; headers?: Record<string, string> }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const a = answers.get(req.url ?? '') ?? { status: 404, body: '' };
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const setUrl = (orgId: string, token: string, url: string | null) =>
    desk.request(`/v1/organizations/${orgId}/jwks-url`, { method: 'PUT', token, json: { url } });
  const refresh = (orgId: string, token: string) =>
    desk.request(`/v1/organizations/${orgId}/keys/refresh`, { method: 'POST', token });

  it('adds the keys listed, retires fetched keys no longer listed, and leaves uploaded keys alone', async () => {
    const org = await partner('keys-fetched');
    const uploaded = await partnerKey('uploaded-1');
    expect((await registerPartnerKey(desk, org.member, org.id, uploaded)).status).toBe(201);
    const a = await partnerKey('fetched-a');
    const b = await partnerKey('fetched-b');
    answers.set('/fetched/jwks.json', {
      status: 200,
      body: JSON.stringify({ keys: [a.publicJwk, b.publicJwk] }),
    });
    // Nothing to fetch before a URL is set.
    expect((await refresh(org.id, org.member)).status).toBe(409);
    const set = await setUrl(org.id, org.member, `${base}/fetched/jwks.json`);
    expect(set.status).toBe(200);
    expect((await history(org.id)).jwksUrl).toBe(`${base}/fetched/jwks.json`);

    const first = await refresh(org.id, org.member);
    expect(first.status).toBe(200);
    const changed = (await first.json()) as { added: KeyView[]; retired: KeyView[] };
    expect(changed.added.map((k) => [k.kid, k.origin])).toEqual([
      ['fetched-a', 'jwks_url'],
      ['fetched-b', 'jwks_url'],
    ]);
    expect(changed.retired).toEqual([]);
    // Idempotent.
    expect(await (await refresh(org.id, org.member)).json()).toEqual({ added: [], retired: [] });

    answers.set('/fetched/jwks.json', { status: 200, body: JSON.stringify({ keys: [b.publicJwk] }) });
    const second = (await (await refresh(org.id, org.member)).json()) as {
      added: KeyView[];
      retired: KeyView[];
    };
    expect(second.retired.map((k) => k.kid)).toEqual(['fetched-a']);
    expect((await jwks(org.id)).keys.map((k) => k.kid)).toEqual(['uploaded-1', 'fetched-b']);
    // A retired key listed again stays retired.
    answers.set('/fetched/jwks.json', {
      status: 200,
      body: JSON.stringify({ keys: [a.publicJwk, b.publicJwk] }),
    });
    expect(await (await refresh(org.id, org.member)).json()).toEqual({ added: [], retired: [] });
    const registered = await auditOf(org.id, 'organization_key.registered');
    expect(registered.map((e) => (e.payload as { origin: string }).origin)).toEqual([
      'uploaded',
      'jwks_url',
      'jwks_url',
    ]);
    expect(await auditOf(org.id, 'organization_key.retired')).toEqual([
      { payload: { organizationId: org.id, kid: 'fetched-a', thumbprint: a.thumbprint } },
    ]);
  });

  it('changes nothing when the JWK Set holds a private or unusable key, is not a JWK Set, too big, or redirects', async () => {
    const org = await partner('keys-fetch-bad');
    const a = await partnerKey('bad-a');
    expect((await setUrl(org.id, org.member, `${base}/bad/jwks.json`)).status).toBe(200);
    answers.set('/bad/jwks.json', {
      status: 200,
      body: JSON.stringify({ keys: [a.publicJwk, { ...a.publicJwk, kid: 'with-d', d: 'A'.repeat(43) }] }),
    });
    const priv = await refresh(org.id, org.member);
    expect(priv.status).toBe(400);
    expect(await violations(priv)).toContainEqual({
      pointer: '/keys/1/d',
      message: 'a private key: send the public half only',
    });
    answers.set('/bad/jwks.json', { status: 200, body: JSON.stringify({ nokeys: [] }) });
    expect((await refresh(org.id, org.member)).status).toBe(400);
    answers.set('/bad/jwks.json', {
      status: 200,
      body: JSON.stringify({ keys: [a.publicJwk], pad: 'x'.repeat(70_000) }),
    });
    const big = await refresh(org.id, org.member);
    expect(big.status).toBe(503);
    expect((await violations(big))[0]!.message).toMatch(/over 65536 bytes/);
    answers.set('/bad/jwks.json', {
      status: 302,
      body: '',
      headers: { location: `${base}/fetched/jwks.json` },
    });
    expect((await refresh(org.id, org.member)).status).toBe(503);
    expect((await history(org.id)).items).toEqual([]);
  });

  it('takes https URLs only, unless the desk allows http for development', async () => {
    const strict = await createTestDesk({ env: { PHOENIX_WEBHOOK_ALLOW_HTTP: 'false' } });
    try {
      await strict.seed();
      const orgs = (await (await strict.request('/v1/organizations')).json()) as {
        items: { id: string; slug: string }[];
      };
      const evalsante = orgs.items.find((o) => o.slug === 'evalsante')!.id;
      const token = await strict.token('demo-evaluator-evalsante');
      const put = (url: string) =>
        strict.request(`/v1/organizations/${evalsante}/jwks-url`, { method: 'PUT', token, json: { url } });
      const plain = await put('http://evalsante.example.org/jwks.json');
      expect(plain.status).toBe(400);
      expect(await violations(plain)).toEqual([{ pointer: '/url', message: 'use an https:// URL' }]);
      expect((await put('https://evalsante.example.org/jwks.json')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
