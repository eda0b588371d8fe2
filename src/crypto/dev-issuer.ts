// The dev issuer: a local ES256 key that mints tokens for demo users (development without OIDC only).
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { DEV_ISSUER } from '../config/config';

export interface DevIssuerKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateDevIssuerKey(): Promise<DevIssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${crypto.randomUUID()}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateJwk, publicJwk };
}

export async function mintDevToken(
  key: DevIssuerKey,
  options: { subject: string; audience: string; ttlSeconds?: number; name?: string },
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT(options.name ? { name: options.name } : {})
    .setProtectedHeader({ alg: 'ES256', kid: key.privateJwk.kid!, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience)
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 8 * 3600}s`)
    .sign(privateKey);
}
