// The browser's signing (src/web/assets/signing.js) run here as the browser runs it, on WebCrypto alone: its
// keys cannot be exported, its thumbprint is RFC 7638's, and its JWS verifies with jose and with the desk's
// own verifier of organisation signatures once the public half is registered.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json';
import { publicSigningJwk } from '../../src/services/organization-keys';

interface BrowserKey {
  privateKey: CryptoKey;
  kid: string;
  publicJwk: Record<string, string>;
}

interface Signing {
  canonicalJson(value: unknown): string;
  thumbprint(jwk: Record<string, string>): Promise<string>;
  newKey(): Promise<BrowserKey>;
  signJws(privateKey: CryptoKey, kid: string, typ: string, document: unknown): Promise<string>;
  disputedCriteria(rows: { criterion: string; comment: string }[]): { criterion: string; comment: string }[];
  checkPrepared(prepared: unknown, data: unknown): string | null;
}

/** The asset as shipped, evaluated in a context that has what a browser gives it and no document. */
function loadSigning(): Signing {
  const source = readFileSync(new URL('../../src/web/assets/signing.js', import.meta.url), 'utf8');
  const module = { exports: {} as Signing };
  runInNewContext(source, { module, crypto, TextEncoder, btoa, Uint8Array, Object, JSON, String });
  return module.exports;
}

const signing = loadSigning();

const document = {
  evaluation: '0190a0a0-0000-7000-8000-000000000001',
  evaluatorOrganization: '0190a0a0-0000-7000-8000-000000000002',
  scores: { b: { level: 2, evidence: [{ kind: 'link', value: 'https://example.org/é' }] }, a: null },
  figures: { values: { withinDeadline: 0.875 }, inputs: { sha256: 'ab'.repeat(32), count: 3 } },
  signedAt: '2026-12-01T20:00:00.000Z',
};

describe('signing.js', () => {
  it('makes a key whose private half cannot be exported, named by its RFC 7638 thumbprint', async () => {
    const key = await signing.newKey();
    expect(key.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256', use: 'sig' });
    // The desk accepts it as a public ES256 signing key, under the same kid.
    const accepted = await publicSigningJwk(key.publicJwk);
    expect(accepted.ok && accepted.value).toMatchObject({ thumbprint: key.kid, jwk: { kid: key.kid } });
  });

  it('writes the canonical JSON the desk writes', () => {
    expect(signing.canonicalJson(document)).toBe(canonicalJson(document));
  });

  it('signs a compact ES256 JWS over the canonical JSON, with kid and typ, that jose verifies', async () => {
    const key = await signing.newKey();
    const jws = await signing.signJws(key.privateKey, key.kid, 'phoenix-evaluation+jws', document);
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'phoenix-evaluation+jws' });
    const { payload } = await compactVerify(jws, await importJWK(key.publicJwk, 'ES256'), {
      algorithms: ['ES256'],
    });
    expect(new TextDecoder().decode(payload)).toBe(canonicalJson(document));
    const other = await signing.newKey();
    await expect(compactVerify(jws, await importJWK(other.publicJwk, 'ES256'))).rejects.toThrow();
  });

  it('reads the disputed criteria as the desk reads the form: trimmed, LF line breaks, empty rows left out', () => {
    expect(
      signing.disputedCriteria([
        { criterion: ' pseudonymisation ', comment: ' Aucune analyse.\r\nÀ revoir. ' },
        { criterion: '', comment: '   ' },
        { criterion: 'written-access-policy', comment: 'Un projet.' },
      ]),
    ).toEqual([
      { criterion: 'pseudonymisation', comment: 'Aucune analyse.\nÀ revoir.' },
      { criterion: 'written-access-policy', comment: 'Un projet.' },
    ]);
  });

  it('signs only the document the page is about: its kind, its evaluation and its organisation', () => {
    const data = {
      kind: 'evaluation',
      typ: 'phoenix-evaluation+jws',
      evaluation: document.evaluation,
      organization: { id: document.evaluatorOrganization },
    };
    const prepared = { typ: 'phoenix-evaluation+jws', document };
    expect(signing.checkPrepared(prepared, data)).toBeNull();
    expect(signing.checkPrepared({ ...prepared, typ: 'phoenix-dispute+jws' }, data)).toBe('kind');
    expect(signing.checkPrepared({ ...prepared, document: { ...document, evaluation: 'x' } }, data)).toBe(
      'evaluation',
    );
    expect(
      signing.checkPrepared({ ...prepared, document: { ...document, evaluatorOrganization: 'x' } }, data),
    ).toBe('organization');
    const countersign = { ...data, kind: 'countersignature', typ: 'phoenix-countersignature+jws' };
    expect(
      signing.checkPrepared(
        {
          typ: 'phoenix-countersignature+jws',
          document: { evaluation: document.evaluation, auditorOrganization: document.evaluatorOrganization },
        },
        countersign,
      ),
    ).toBeNull();
  });
});
