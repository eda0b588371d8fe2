// The public keys partner organisations (and desks acting as witnesses) sign with. The desk stores public
// halves only and verifies signatures against them: it has no way to sign in an organisation's name.
import { and, asc, eq } from 'drizzle-orm';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { organizationKeys } from '../db/schema';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps } from './deps';

export interface OrganizationKeyView {
  organizationId: string;
  kid: string;
  /** The public JWK, with its kid. */
  jwk: JWK;
  /** RFC 7638 SHA-256 thumbprint, base64url. */
  thumbprint: string;
  origin: 'uploaded' | 'jwks_url';
  addedAt: string;
  retiredAt: string | null;
}

type KeyRow = typeof organizationKeys.$inferSelect;

export const toKeyView = (r: KeyRow): OrganizationKeyView => ({
  organizationId: r.organizationId,
  kid: r.kid,
  jwk: r.publicJwk as JWK,
  thumbprint: r.thumbprint,
  origin: r.origin as OrganizationKeyView['origin'],
  addedAt: r.createdAt.toISOString(),
  retiredAt: r.retiredAt?.toISOString() ?? null,
});

/** Every key the organisation ever registered, oldest first, retired ones included. */
export async function organizationKeyHistory(
  deps: Deps,
  organizationId: string,
): Promise<OrganizationKeyView[]> {
  const rows = await deps.db
    .select()
    .from(organizationKeys)
    .where(eq(organizationKeys.organizationId, organizationId))
    .orderBy(asc(organizationKeys.createdAt), asc(organizationKeys.kid));
  return rows.map(toKeyView);
}

/** The public P-256 signing JWK of a registration, or the problems with it (never a private key). */
export async function publicSigningJwk(
  jwk: Record<string, unknown>,
  pointer = '/jwk',
): Promise<Outcome<{ jwk: JWK; thumbprint: string }>> {
  const problems: { pointer: string; message: string }[] = [];
  if ('d' in jwk)
    problems.push({ pointer: `${pointer}/d`, message: 'a private key: send the public half only' });
  if (jwk.kty !== 'EC') problems.push({ pointer: `${pointer}/kty`, message: 'must be EC' });
  if (jwk.crv !== 'P-256') problems.push({ pointer: `${pointer}/crv`, message: 'must be P-256 (ES256)' });
  for (const c of ['x', 'y'] as const) {
    if (typeof jwk[c] !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk[c] as string))
      problems.push({ pointer: `${pointer}/${c}`, message: 'must be a 32-byte base64url coordinate' });
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256')
    problems.push({ pointer: `${pointer}/alg`, message: 'must be ES256 when given' });
  if (jwk.use !== undefined && jwk.use !== 'sig')
    problems.push({ pointer: `${pointer}/use`, message: 'must be sig when given' });
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(jwk.kid)))
    problems.push({ pointer: `${pointer}/kid`, message: 'must be 1 to 128 printable ASCII characters' });
  if (problems.length) return fail('validation_failed', 'not a public ES256 signing key', problems);
  const base = { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
  try {
    await importJWK(base, 'ES256');
  } catch {
    return fail('validation_failed', 'not a public ES256 signing key', [
      { pointer, message: 'the coordinates are not a point of P-256' },
    ]);
  }
  const thumbprint = await calculateJwkThumbprint(base, 'sha256');
  const kid = typeof jwk.kid === 'string' ? jwk.kid : thumbprint;
  return succeed({ jwk: { ...base, kid, alg: 'ES256', use: 'sig' }, thumbprint });
}

export interface VerifiedOrganizationSignature {
  organizationId: string;
  kid: string;
  thumbprint: string;
  /** The signed bytes. */
  payload: Uint8Array;
}

/**
 * Verifies a compact JWS (ES256, header kid and typ) against a key the organisation has registered and not
 * retired. Fails closed: an unknown kid, a retired key, another typ or algorithm, or a bad signature are all
 * refused with the field that carried the signature.
 */
export async function verifyOrganizationJws(
  deps: Deps,
  organizationId: string,
  jws: string,
  typ: string,
  pointer = '/signature',
): Promise<Outcome<VerifiedOrganizationSignature>> {
  const refuse = (message: string) =>
    fail<VerifiedOrganizationSignature>('validation_failed', 'the signature does not verify', [
      { pointer, message },
    ]);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return refuse('not a compact JWS');
  }
  if (header.alg !== 'ES256') return refuse('the algorithm must be ES256');
  if (header.typ !== typ) return refuse(`the typ must be ${typ}`);
  if (typeof header.kid !== 'string') return refuse('the header names no kid');
  const [row] = await deps.db
    .select()
    .from(organizationKeys)
    .where(and(eq(organizationKeys.organizationId, organizationId), eq(organizationKeys.kid, header.kid)));
  if (!row) return refuse(`the organisation has no key ${header.kid}`);
  if (row.retiredAt && row.retiredAt <= deps.now()) return refuse(`the key ${header.kid} is retired`);
  try {
    const key = await importJWK(row.publicJwk as JWK, 'ES256');
    const { payload } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    return succeed({ organizationId, kid: row.kid, thumbprint: row.thumbprint, payload });
  } catch {
    return refuse(`the signature does not verify with the key ${header.kid}`);
  }
}
