// The production identity path: tokens from an external OpenID provider, keys fetched from its JWKS URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/adapters/node-database';
import { createNodeDesk, type NodeDesk } from '../../src/adapters/node-desk';
import { parseConfig } from '../../src/config/config';
import { newKeyEncryptionKey } from '../../src/crypto/key-encryption';

let idp: Server;
let desk: NodeDesk;
let issuer: string;
let sign: (claims: Record<string, unknown>, alg?: 'RS256' | 'ES256') => Promise<string>;

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  idp = createServer((req, res) => {
    if (req.url === '/jwks')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(issuer)
      .setAudience('phoenix-desk')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(rsa.privateKey);
  const config = parseConfig({
    OIDC_ISSUER: issuer,
    OIDC_JWKS_URL: `${issuer}/jwks`,
    OIDC_ALGORITHMS: 'RS256',
    PHOENIX_DATA_DIR: '/nonexistent-phoenix-test-dir',
    LOG_LEVEL: 'silent',
  });
  expect(config.devIssuer).toBeUndefined();
  desk = await createNodeDesk(config, {
    database: await openPglite(undefined),
    keyEncryptionKey: newKeyEncryptionKey(),
  });
});

afterAll(async () => {
  await desk.database.close();
  await new Promise((r) => idp.close(r));
});

const me = (token: string) =>
  desk.app.request('http://desk.test/v1/access-requests', { headers: { authorization: `Bearer ${token}` } });

describe('external OpenID provider', () => {
  it('accepts its tokens, verified with keys fetched from its JWKS URL, and creates the user on first sight', async () => {
    const res = await me(await sign({ sub: 'researcher@idp' }));
    expect(res.status).toBe(200);
    const { users } = await import('../../src/db/schema');
    const rows = await desk.services.db.select().from(users);
    expect(rows.map((u) => [u.issuer, u.subject])).toContainEqual([issuer, 'researcher@idp']);
  });

  it('refuses tokens from the dev issuer when an OpenID provider is configured', async () => {
    const { generateDevIssuerKey, mintDevToken } = await import('../../src/crypto/dev-issuer');
    const dev = await mintDevToken(await generateDevIssuerKey(), {
      subject: 'demo-admin',
      audience: 'phoenix-desk',
    });
    expect((await me(dev)).status).toBe(401);
  });
});
