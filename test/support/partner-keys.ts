// A partner's client in tests: it generates its own ES256 key in the test process, registers the public half
// with the desk, and signs documents itself, as a partner's CLI or browser would. The desk never sees the
// private key.
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { canonicalJson } from '../../src/domain/canonical-json';
import type { TestDesk } from '../harness';

export interface PartnerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  thumbprint: string;
}

/** A fresh P-256 key pair; the private half is not extractable. */
export async function partnerKey(kid?: string): Promise<PartnerKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  const id = kid ?? thumbprint;
  return { kid: id, privateKey, publicJwk: { ...jwk, kid: id }, thumbprint };
}

/** Registers the key's public half for the organisation, as `token`'s holder (a member). */
export async function registerPartnerKey(
  desk: TestDesk,
  token: string,
  organizationId: string,
  key: PartnerKey,
): Promise<Response> {
  return desk.request(`/v1/organizations/${organizationId}/keys`, {
    method: 'POST',
    token,
    json: { jwk: key.publicJwk },
  });
}

/** A compact JWS (ES256, header kid and typ) over the canonical JSON of `document`. */
export function signAs(key: Pick<PartnerKey, 'kid' | 'privateKey'>, typ: string, document: unknown) {
  return new CompactSign(new TextEncoder().encode(canonicalJson(document)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
    .sign(key.privateKey);
}

/** A member's new key for the organisation, registered (the test fails if the desk refuses it). */
export async function registeredKey(desk: TestDesk, token: string, organizationId: string) {
  const key = await partnerKey();
  const res = await registerPartnerKey(desk, token, organizationId, key);
  if (res.status !== 201) throw new Error(`key registration refused: ${res.status} ${await res.text()}`);
  return key;
}
