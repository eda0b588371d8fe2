// Every forged or stale token fails closed with 401 and creates nothing.
import { base64url, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ISSUER } from '../../src/config/config';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
});
afterAll(() => desk.close());

const enc = (o: object) => base64url.encode(JSON.stringify(o));
const now = () => Math.floor(Date.now() / 1000);

async function sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const key = await importJWK(desk.devIssuerKey.privateJwk, 'ES256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: desk.devIssuerKey.privateJwk.kid!, ...header })
    .sign(key);
}

const good = () => ({
  iss: DEV_ISSUER,
  aud: 'phoenix-desk',
  sub: 'demo-editor-foch',
  iat: now(),
  exp: now() + 600,
});

async function expect401(token: string) {
  const before = await tableCounts(desk);
  const res = await desk.request('/v1/organizations/00000000-0000-7000-8000-000000000000/members', { token });
  expect(res.status).toBe(401);
  expect(await res.text()).not.toContain(token);
  expect(await tableCounts(desk)).toEqual(before);
}

describe('bearer tokens', () => {
  it('accepts a well-formed dev token', async () => {
    const res = await desk.request('/v1/datasets', { token: await sign(good()) });
    expect(res.status).toBe(200);
  });

  it('refuses a token issued beyond the tolerated clock drift in the future', async () => {
    await expect401(await sign({ ...good(), sub: 'forged-iat', iat: now() + 35, exp: now() + 600 }));
    const res = await desk.request('/v1/datasets', { token: await sign({ ...good(), iat: now() + 20 }) });
    expect(res.status).toBe(200);
  });

  it('refuses alg none', async () => {
    await expect401(`${enc({ alg: 'none', typ: 'JWT' })}.${enc({ ...good(), sub: 'forged-none' })}.`);
  });

  it('refuses HS256 signed with the public key', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(desk.devIssuerKey.publicJwk));
    const token = await new SignJWT({ ...good(), sub: 'forged-hs' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    await expect401(token);
  });

  it('refuses a wrong audience or issuer', async () => {
    await expect401(await sign({ ...good(), sub: 'forged-aud', aud: 'another-api' }));
    await expect401(await sign({ ...good(), sub: 'forged-iss', iss: 'https://evil.example' }));
  });

  it('refuses an expired token and one without exp', async () => {
    await expect401(await sign({ ...good(), sub: 'forged-exp', iat: now() - 7200, exp: now() - 3600 }));
    const { exp: _exp, ...noExp } = good();
    await expect401(await sign({ ...noExp, sub: 'forged-noexp' }));
  });

  it('refuses a token signed by another key', async () => {
    const { generateDevIssuerKey, mintDevToken } = await import('../../src/crypto/dev-issuer');
    const other = await generateDevIssuerKey();
    await expect401(await mintDevToken(other, { subject: 'forged-key', audience: 'phoenix-desk' }));
  });

  it('refuses a visa presented as an API token', async () => {
    await expect401(await sign({ ...good(), sub: 'forged-visa' }, { typ: 'vnd.ga4gh.visa+jwt' }));
  });

  it('refuses a kid holding SQL or a path', async () => {
    await expect401(await sign({ ...good(), sub: 'forged-kid' }, { kid: "x' or 1=1; drop table users; --" }));
    await expect401(await sign({ ...good(), sub: 'forged-kid2' }, { kid: '../../../etc/passwd' }));
  });

  it('does not trust roles claimed in the token', async () => {
    const token = await sign({
      ...good(),
      sub: 'demo-requester-cesp',
      roles: ['platform_admin'],
      is_platform_admin: true,
    });
    const res = await desk.request('/v1/organizations', {
      method: 'POST',
      token,
      json: { slug: 'rogue', name: 'Rogue', kind: 'provider' },
    });
    expect(res.status).toBe(403);
  });
});
