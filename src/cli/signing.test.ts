// The command line's keys and signatures: a key file the desk can register and verify signatures against,
// read back only when no one else may read it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-json';
import { publicSigningJwk } from '../services/organization-keys';
import { newSigningKey, readKeyFile, signDocument } from './signing';

const dir = mkdtempSync(join(tmpdir(), 'phoenix-signing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fail = (message: string) => new Error(message);

async function keyFile(name: string, mode = 0o600) {
  const { jwk, thumbprint } = await newSigningKey();
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(jwk), { mode });
  chmodSync(file, mode);
  return { file, jwk, thumbprint };
}

describe('CLI signing keys', () => {
  it('makes a private P-256 JWK named by its thumbprint, whose public half the desk registers as is', async () => {
    const { jwk, thumbprint } = await newSigningKey();
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: thumbprint, alg: 'ES256', use: 'sig' });
    expect(typeof jwk.d).toBe('string');
    const { file } = await keyFile('registered.json');
    const key = await readKeyFile(file, fail);
    expect(key.publicJwk).not.toHaveProperty('d');
    const accepted = await publicSigningJwk(key.publicJwk as Record<string, unknown>);
    expect(accepted.ok && accepted.value.thumbprint).toBe(key.thumbprint);
    expect(accepted.ok && accepted.value.jwk.kid).toBe(key.jwk.kid);
    expect(key.privateKey.extractable).toBe(false);
  });

  it('signs the canonical JSON of a document as a compact ES256 JWS with kid and typ', async () => {
    const { file } = await keyFile('signer.json');
    const key = await readKeyFile(file, fail);
    const document = { z: 1, a: { c: [1, 'é'], b: null }, signedAt: '2026-12-01T20:00:00.000Z' };
    const jws = await signDocument(key, 'phoenix-evaluation+jws', document);
    expect(decodeProtectedHeader(jws)).toEqual({
      alg: 'ES256',
      kid: key.jwk.kid,
      typ: 'phoenix-evaluation+jws',
    });
    const { payload } = await compactVerify(jws, await importJWK(key.publicJwk, 'ES256'));
    expect(new TextDecoder().decode(payload)).toBe(canonicalJson(document));
  });

  it('refuses a key file others may read, one that is not a private P-256 key, and a missing one', async () => {
    const { file } = await keyFile('open.json', 0o644);
    await expect(readKeyFile(file, fail)).rejects.toThrow(
      `may be read by others (mode 644): chmod 600 ${file}`,
    );
    const publicOnly = join(dir, 'public.json');
    const { jwk } = await newSigningKey();
    const { d: _d, ...rest } = jwk;
    writeFileSync(publicOnly, JSON.stringify(rest), { mode: 0o600 });
    await expect(readKeyFile(publicOnly, fail)).rejects.toThrow('is not a private P-256 key');
    await expect(readKeyFile(join(dir, 'absent.json'), fail)).rejects.toThrow('(ENOENT)');
  });
});
