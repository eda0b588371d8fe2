// Witness keys for tests: a key pair made here, its public half registered for an organisation straight in
// organization_keys (as the registration route would), the private half kept by the test, as a witness keeps it.
import { eq, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Database } from '../src/db/database';
import { organizationKeys } from '../src/db/schema';

export interface WitnessKey {
  organizationId: string;
  kid: string;
  /** The private JWK, with its kid: what `witness --key` reads. */
  privateJwk: JWK;
}

export async function registerWitnessKey(
  db: Database,
  organizationId: string,
  options: { register?: boolean } = {},
): Promise<WitnessKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const pub = await exportJWK(publicKey);
  const base = { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! };
  const thumbprint = await calculateJwkThumbprint(base, 'sha256');
  const kid = `witness-${thumbprint.slice(0, 12)}`;
  if (options.register !== false)
    await db.insert(organizationKeys).values({
      organizationId,
      kid,
      publicJwk: { ...base, kid, alg: 'ES256', use: 'sig' },
      thumbprint,
      origin: 'uploaded',
    });
  return { organizationId, kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } };
}

export async function retireWitnessKey(db: Database, key: WitnessKey, at: Date): Promise<void> {
  await db
    .update(organizationKeys)
    .set({ retiredAt: at })
    .where(
      sql`${organizationKeys.organizationId} = ${key.organizationId} and ${eq(organizationKeys.kid, key.kid)}`,
    );
}
