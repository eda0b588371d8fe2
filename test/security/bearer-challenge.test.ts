// Every 401 carries an RFC 6750 challenge; it says invalid_token exactly when a bearer token was refused.
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ISSUER } from '../../src/config/config';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
});
afterAll(() => desk.close());

const PLAIN = 'Bearer realm="phoenix-desk"';
const INVALID = 'Bearer realm="phoenix-desk", error="invalid_token"';
const now = () => Math.floor(Date.now() / 1000);

async function signed(claims: Record<string, unknown>) {
  const key = await importJWK(desk.devIssuerKey.privateJwk, 'ES256');
  return new SignJWT({ iss: DEV_ISSUER, aud: 'phoenix-desk', sub: 'demo-editor-foch', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: desk.devIssuerKey.privateJwk.kid! })
    .sign(key);
}

async function challengeFor(path: string, authorization?: string) {
  const res = await desk.request(path, authorization ? { headers: { authorization } } : {});
  expect(res.status, `${path} with ${authorization ?? 'no Authorization'}`).toBe(401);
  return res.headers.get('www-authenticate');
}

describe('WWW-Authenticate on 401', () => {
  it('challenges without an error code when no credentials were sent', async () => {
    for (const path of ['/v1/access-requests', '/v1/me/visas', '/v1/grants', '/v1/audit/events'])
      expect(await challengeFor(path), path).toBe(PLAIN);
  });

  it('says invalid_token for a malformed, forged, expired or not-yet-valid bearer token', async () => {
    const { generateDevIssuerKey, mintDevToken } = await import('../../src/crypto/dev-issuer');
    const stranger = await generateDevIssuerKey();
    const refused = {
      'a token with spaces': 'Bearer not a token',
      'an empty bearer': 'Bearer',
      'a lower-case scheme': `bearer ${await signed({ iat: now(), exp: now() + 600 })}`,
      'not a JWT': 'Bearer not.a.jwt',
      'another key': `Bearer ${await mintDevToken(stranger, { subject: 'x', audience: 'phoenix-desk' })}`,
      expired: `Bearer ${await signed({ iat: now() - 7200, exp: now() - 3600 })}`,
      'not yet valid': `Bearer ${await signed({ iat: now(), nbf: now() + 3600, exp: now() + 7200 })}`,
      'no expiry': `Bearer ${await signed({ iat: now() })}`,
    };
    for (const [what, authorization] of Object.entries(refused)) {
      // Public and protected routes alike: a refused token never degrades to anonymous.
      for (const path of ['/v1/datasets', '/v1/access-requests'])
        expect(await challengeFor(path, authorization), `${what} on ${path}`).toBe(INVALID);
    }
  });

  it('gives no error code to another authentication scheme (RFC 6750 §3.1)', async () => {
    expect(await challengeFor('/v1/access-requests', 'Basic ZGVtbzpkZW1v')).toBe(PLAIN);
  });

  it('the challenge is on 401s only', async () => {
    const token = await desk.token('demo-editor-foch');
    for (const res of [
      await desk.request('/v1/datasets'),
      await desk.request('/v1/datasets', { token }),
      await desk.request('/v1/organizations/00000000-0000-7000-8000-000000000000/members', { token }),
    ]) {
      expect(res.status).not.toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('is documented on the 401 responses of the OpenAPI document', async () => {
    const doc = (await (await desk.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    const unauthorised = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .map((op) => op.responses['401'])
      .filter((r) => r !== undefined);
    expect(unauthorised.length).toBeGreaterThan(5);
    for (const r of unauthorised) expect(r.headers).toHaveProperty('WWW-Authenticate');
  });
});
