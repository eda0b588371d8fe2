// A partner's client in tests: it generates its own ES256 key in the test process, registers the public half
// with the desk, and signs documents itself, as a partner's CLI or browser would. The desk never sees the
// private key.
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { canonicalJson, sha256Hex } from '../../src/domain/canonical-json';
import type { TestDesk } from '../harness';

type Client = Pick<TestDesk, 'request'>;

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
  desk: Client,
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
export async function registeredKey(desk: Client, token: string, organizationId: string) {
  const key = await partnerKey();
  const res = await registerPartnerKey(desk, token, organizationId, key);
  if (res.status !== 201) throw new Error(`key registration refused: ${res.status} ${await res.text()}`);
  return key;
}

/** Fetches the signing document of `path` (signing-document, countersigning-document) and signs it. */
export async function signPrepared(
  desk: Client,
  token: string,
  evaluationId: string,
  path: 'signing-document' | `countersigning-document${string}`,
  key: Pick<PartnerKey, 'kid' | 'privateKey'>,
): Promise<{ typ: string; document: Record<string, unknown>; signature: string }> {
  const res = await desk.request(`/v1/evaluations/${evaluationId}/${path}`, { token });
  if (res.status !== 200) throw new Error(`${path} refused: ${res.status} ${await res.text()}`);
  const { typ, document } = (await res.json()) as { typ: string; document: Record<string, unknown> };
  return { typ, document, signature: await signAs(key, typ, document) };
}

/** Submits an evaluation as its organisation's client does: fetch the signing document, sign it, post it. */
export async function signedSubmit(desk: Client, token: string, evaluationId: string, key: PartnerKey) {
  const { signature } = await signPrepared(desk, token, evaluationId, 'signing-document', key);
  return desk.request(`/v1/evaluations/${evaluationId}/submit`, {
    method: 'POST',
    token,
    json: { signature },
  });
}

/** Countersigns as an auditor organisation's client does. */
export async function signedCountersign(desk: Client, token: string, evaluationId: string, key: PartnerKey) {
  const { signature } = await signPrepared(desk, token, evaluationId, 'countersigning-document', key);
  return desk.request(`/v1/evaluations/${evaluationId}/countersign`, {
    method: 'POST',
    token,
    json: { signature },
  });
}

/** The dispute document an auditor's client writes and signs (evaluation signature read from the desk). */
export async function disputeDocument(
  desk: Client,
  token: string,
  evaluationId: string,
  auditorOrganization: string,
  criteria: { criterion: string; comment: string }[],
) {
  const res = await desk.request(`/v1/evaluations/${evaluationId}`, { token });
  const { signature } = (await res.json()) as { signature: string | null };
  return {
    evaluation: evaluationId,
    evaluationSignature: await sha256Hex(signature ?? ''),
    auditorOrganization,
    criteria,
    disputedAt: new Date().toISOString(),
  };
}

/** Disputes as an auditor organisation's client does. */
export async function signedDispute(
  desk: Client,
  token: string,
  evaluationId: string,
  key: PartnerKey,
  auditorOrganization: string,
  criteria: { criterion: string; comment: string }[],
) {
  const document = await disputeDocument(desk, token, evaluationId, auditorOrganization, criteria);
  return desk.request(`/v1/evaluations/${evaluationId}/dispute`, {
    method: 'POST',
    token,
    json: { criteria, signature: await signAs(key, 'phoenix-dispute+jws', document) },
  });
}
