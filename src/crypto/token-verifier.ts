// Bearer-token verification with jose: pinned algorithms, required iss/aud/exp, small clock tolerance.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  name: string | undefined;
}

export type TokenVerifier = (token: string) => Promise<VerifiedIdentity | undefined>;

export interface VerifierSettings {
  issuer: string;
  audience: string;
  algorithms: string[];
  keys: JWTVerifyGetKey;
}

/** ≤ 60 s as required; 30 s covers ordinary clock drift between the IdP and the desk. */
const CLOCK_TOLERANCE_SECONDS = 30;

export function createTokenVerifier(settings: VerifierSettings): TokenVerifier {
  return async (token) => {
    try {
      const header = decodeProtectedHeader(token);
      // A GA4GH visa is an assertion about data access, never a credential for this API.
      if (typeof header.typ === 'string' && header.typ.toLowerCase().includes('visa')) return undefined;
      const { payload } = await jwtVerify(token, settings.keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['iss', 'aud', 'exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255)
        return undefined;
      // jose checks `iat` only when a maximum token age is set: a token issued in the future beyond the
      // tolerated drift comes from a wrong clock or a forger, and is refused like any other bad claim.
      if (payload.iat !== undefined && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
        return undefined;
      const name = typeof payload.name === 'string' ? payload.name.slice(0, 200) : undefined;
      return { issuer: settings.issuer, subject: payload.sub, name };
    } catch {
      // Every failure (bad signature, alg, claims, malformed token, unreachable JWKS) fails closed.
      return undefined;
    }
  };
}

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
}

export function localKeys(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}
