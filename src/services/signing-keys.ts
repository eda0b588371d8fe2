// The desk's signing keys: ES256 pairs in the database, private parts sealed under the key-encryption key.
import { and, desc, gt, isNull, or, sql } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { open, seal } from '../crypto/key-encryption';
import type { Executor } from '../db/database';
import { signingKeys, visas } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { accessPolicies } from '../policies/access-policies';
import type { Deps, Principal } from './deps';

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

// Decrypted keys by kid: immutable material, so caching it is safe; the database stays the authority on
// which key is active and published.
const decrypted = new Map<string, Promise<CryptoKey>>();

const SIGNING_KEY_LOCK = 727_002;

async function createKey(db: Executor, deps: Deps): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `desk-${deps.now().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sealed = await seal(deps.keyEncryptionKey, JSON.stringify(await exportJWK(privateKey)), kid);
  await db
    .insert(signingKeys)
    .values({ kid, alg: 'ES256', publicJwk, privateJwkEncrypted: sealed, createdAt: deps.now() });
  return kid;
}

async function loadPrivate(deps: Deps, row: typeof signingKeys.$inferSelect): Promise<CryptoKey> {
  let key = decrypted.get(row.kid);
  if (!key) {
    key = open(deps.keyEncryptionKey, row.privateJwkEncrypted, row.kid).then(
      (jwk) => importJWK(JSON.parse(jwk) as JWK, 'ES256') as Promise<CryptoKey>,
    );
    decrypted.set(row.kid, key);
    key.catch(() => decrypted.delete(row.kid));
  }
  return key;
}

// Which key is active, per database, for a few seconds: a rotation reaches every instance within that time,
// and the retired key stays published far longer, so signatures made meanwhile still verify.
const ACTIVE_KEY_TTL_MS = 10_000;
const activeByDatabase = new WeakMap<object, { key: ActiveKey; until: number }>();

/** The key new signatures use; the first one is created on first need. */
export async function activeSigningKey(deps: Deps): Promise<ActiveKey> {
  const cached = activeByDatabase.get(deps.db);
  if (cached && cached.until > Date.now()) return cached.key;
  const key = await loadActiveSigningKey(deps);
  activeByDatabase.set(deps.db, { key, until: Date.now() + ACTIVE_KEY_TTL_MS });
  return key;
}

async function loadActiveSigningKey(deps: Deps): Promise<ActiveKey> {
  const current = async () =>
    (
      await deps.db
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt))
        .orderBy(desc(signingKeys.createdAt))
        .limit(1)
    )[0];
  let row = await current();
  if (!row) {
    await inTransaction(deps.db, null, deps.now, async ({ tx, audit }) => {
      // Two first signers at once must not make two active keys.
      await tx.execute(sql`select pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
      const [existing] = await tx
        .select({ kid: signingKeys.kid })
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt));
      if (!existing) {
        const kid = await createKey(tx, deps);
        audit({ action: 'signing_key.created', subjectType: 'signing_key', subjectId: kid });
      }
      return succeed(null);
    });
    row = await current();
  }
  if (!row) throw new Error('no signing key could be created');
  return { kid: row.kid, privateKey: await loadPrivate(deps, row) };
}

/** The public keys to publish: the active one and retired ones whose tokens may still be valid. */
export async function publishedKeys(deps: Deps): Promise<{ keys: JWK[] }> {
  const rows = await deps.db
    .select({ publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.publishUntil, deps.now())))
    .orderBy(desc(signingKeys.createdAt));
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}

/**
 * Adds a new active key and retires the current one, which stays published for `keepPublishedHours`
 * (the longest lifetime of anything it may still sign while instances learn of the rotation), and in any
 * case until the last visa it signed, as the register records, has expired.
 */
export async function rotateSigningKeys(
  deps: Deps,
  keepPublishedHours: number,
  actorId: string | null = null,
): Promise<{ kid: string; retired: string[] }> {
  const outcome = await inTransaction(deps.db, actorId, deps.now, async ({ tx, audit }) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
    const now = deps.now();
    const keep = new Date(now.getTime() + keepPublishedHours * 3600_000);
    const retired = await tx
      .update(signingKeys)
      .set({
        retiredAt: now,
        publishUntil: sql`greatest(${keep.toISOString()}::timestamptz,
          (select max(v.expires_at) from ${visas} v where v.kid = ${signingKeys.kid}))`,
      })
      .where(and(isNull(signingKeys.retiredAt)))
      .returning({ kid: signingKeys.kid });
    const kid = await createKey(tx, deps);
    audit({
      action: 'signing_key.rotated',
      subjectType: 'signing_key',
      subjectId: kid,
      payload: { retired: retired.map((r) => r.kid), keepPublishedHours },
    });
    return succeed({ kid, retired: retired.map((r) => r.kid) });
  });
  if (!outcome.ok) throw outcome.problem;
  activeByDatabase.delete(deps.db);
  return outcome.value;
}

/**
 * How long a retired key stays published at least: the longest visa lifetime of any access policy, the
 * longest anything signed with it may live.
 */
export function retiredKeyPublicationHours(): number {
  return Math.max(...[...accessPolicies().values()].map((p) => p.visaLifetimeHours));
}

/** A platform admin's rotation (the command line rotates through this route while the server runs). */
export async function rotateSigningKeysAs(
  deps: Deps,
  principal: Principal,
): Promise<Outcome<{ kid: string; retired: string[]; keepPublishedHours: number }>> {
  if (!principal.isPlatformAdmin) return fail('forbidden', 'only platform admins rotate the signing keys');
  const keepPublishedHours = retiredKeyPublicationHours();
  const rotated = await rotateSigningKeys(deps, keepPublishedHours, principal.userId);
  return succeed({ ...rotated, keepPublishedHours });
}

export interface KeyPeriod {
  kid: string;
  /** When the key became active. */
  from: string;
  /** When it was retired (nothing is signed with it after that), or null for the active key. */
  until: string | null;
  /** Until when the JWKS publishes it for visas. */
  publishedUntil: string | null;
}

/**
 * Every public key the desk has signed with and when each was active: evaluations and signed tree heads
 * outlive visas, so an auditor must verify them after their key has left the JWKS. A JWK Set (the `keys`
 * member) that JWT libraries take as is, with the periods beside it.
 */
export async function keyHistory(deps: Deps): Promise<{ keys: JWK[]; periods: KeyPeriod[] }> {
  const rows = await deps.db
    .select({
      kid: signingKeys.kid,
      publicJwk: signingKeys.publicJwk,
      createdAt: signingKeys.createdAt,
      retiredAt: signingKeys.retiredAt,
      publishUntil: signingKeys.publishUntil,
    })
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt));
  return {
    keys: rows.map((r) => r.publicJwk as JWK),
    periods: rows.map((r) => ({
      kid: r.kid,
      from: r.createdAt.toISOString(),
      until: r.retiredAt?.toISOString() ?? null,
      publishedUntil: r.retiredAt ? (r.publishUntil?.toISOString() ?? null) : null,
    })),
  };
}
