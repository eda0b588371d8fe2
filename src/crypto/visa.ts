// GA4GH Passport v1 visas of type ControlledAccessGrants: signing, and checking signature and claims.
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify, SignJWT } from 'jose';

export const VISA_TYP = 'vnd.ga4gh.visa+jwt';

export interface VisaClaims {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  ga4gh_visa_v1: {
    type: 'ControlledAccessGrants';
    asserted: number;
    value: string;
    source: string;
    by: 'dac';
    conditions?: unknown;
  };
}

export async function signVisa(
  key: { kid: string; privateKey: CryptoKey },
  jku: string,
  claims: VisaClaims,
): Promise<string> {
  const { iss, sub, iat, exp, jti, ga4gh_visa_v1 } = claims;
  return new SignJWT({ ga4gh_visa_v1 })
    .setProtectedHeader({ alg: 'ES256', typ: VISA_TYP, kid: key.kid, jku })
    .setIssuer(iss)
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
}

export type VisaCheck = { ok: true; claims: VisaClaims; kid: string } | { ok: false; reason: string };

/** Signature (ES256 only, key from our JWKS), type, issuer and time claims; revocation is checked by the caller. */
export async function checkVisa(
  token: string,
  jwks: JSONWebKeySet,
  issuer: string,
  now: Date,
): Promise<VisaCheck> {
  let kid: string;
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== VISA_TYP) return { ok: false, reason: `typ must be ${VISA_TYP}` };
    if (header.alg !== 'ES256') return { ok: false, reason: 'alg must be ES256' };
    if (typeof header.kid !== 'string') return { ok: false, reason: 'kid missing' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'not a JWS' };
  }
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
      issuer,
      typ: VISA_TYP,
      currentDate: now,
      requiredClaims: ['iss', 'sub', 'iat', 'exp', 'jti', 'ga4gh_visa_v1'],
    });
    const visa = payload.ga4gh_visa_v1 as VisaClaims['ga4gh_visa_v1'] | undefined;
    if (visa?.type !== 'ControlledAccessGrants' || typeof visa.value !== 'string' || visa.by !== 'dac') {
      return { ok: false, reason: 'not a ControlledAccessGrants visa from a data access committee' };
    }
    return { ok: true, claims: payload as unknown as VisaClaims, kid };
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, reason: 'expired' };
    if (code === 'ERR_JWKS_NO_MATCHING_KEY')
      return { ok: false, reason: 'signed by a key this desk does not publish' };
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
      return { ok: false, reason: 'signature does not verify' };
    return { ok: false, reason: 'claims do not verify' };
  }
}
