// The public keys partner organisations (and desks acting as witnesses) sign with. The desk stores public
// halves only and verifies signatures against them: it has no way to sign in an organisation's name.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { Tx } from '../db/database';
import { organizationKeys, organizations } from '../db/schema';
import { type AuditNote, inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, Principal } from './deps';

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
 * refused with the field that carried the signature. Given the instant `at` the signed document was prepared
 * at, the key must also have been registered at or before it and not retired at it, as an offline verifier
 * of the document requires.
 */
export async function verifyOrganizationJws(
  deps: Deps,
  organizationId: string,
  jws: string,
  typ: string,
  pointer = '/signature',
  at?: Date,
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
  if (at && row.createdAt > at)
    return refuse(
      `the key ${header.kid} was registered after the document was prepared (${at.toISOString()}): fetch the document again and sign it`,
    );
  if (at && row.retiredAt && row.retiredAt <= at)
    return refuse(`the key ${header.kid} was retired at ${at.toISOString()}, when the document was prepared`);
  try {
    const key = await importJWK(row.publicJwk as JWK, 'ES256');
    const { payload } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    return succeed({ organizationId, kid: row.kid, thumbprint: row.thumbprint, payload });
  } catch {
    return refuse(`the signature does not verify with the key ${header.kid}`);
  }
}

/** The organisation's keys, oldest first, and the JWK Set URL it publishes them at, if any. */
export async function organizationKeyList(
  deps: Deps,
  organizationId: string,
): Promise<Outcome<{ items: OrganizationKeyView[]; jwksUrl: string | null }>> {
  const [org] = await deps.db
    .select({ jwksUrl: organizations.jwksUrl })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!org) return fail('not_found', 'no such organisation');
  return succeed({ items: await organizationKeyHistory(deps, organizationId), jwksUrl: org.jwksUrl });
}

/** The JWK Set of the keys the organisation signs with now (retired keys left out). */
export async function organizationJwks(
  deps: Deps,
  organizationId: string,
): Promise<Outcome<{ keys: JWK[] }>> {
  const listed = await organizationKeyList(deps, organizationId);
  if (!listed.ok) return listed;
  return succeed({ keys: listed.value.items.filter((k) => k.retiredAt === null).map((k) => k.jwk) });
}

/**
 * Only the organisation's own members manage its keys. A platform admin who is not a member is refused
 * too: whoever may register a key may sign in the organisation's name, and the desk must never be able to.
 */
async function asMember(deps: Deps, p: Principal, organizationId: string): Promise<Outcome<null>> {
  const [org] = await deps.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!org) return fail('not_found', 'no such organisation');
  if (p.memberships.some((m) => m.organizationId === organizationId)) return succeed(null);
  return fail(
    'forbidden',
    p.isPlatformAdmin
      ? 'only members of the organisation manage its signing keys; platform admins who are not members cannot, so that the desk never signs in its name'
      : 'only members of the organisation manage its signing keys',
  );
}

const registeredNote = (k: OrganizationKeyView): AuditNote => ({
  action: 'organization_key.registered',
  subjectType: 'organization',
  subjectId: k.organizationId,
  payload: { organizationId: k.organizationId, kid: k.kid, thumbprint: k.thumbprint, origin: k.origin },
});

const retiredNote = (k: Pick<OrganizationKeyView, 'organizationId' | 'kid' | 'thumbprint'>): AuditNote => ({
  action: 'organization_key.retired',
  subjectType: 'organization',
  subjectId: k.organizationId,
  payload: { organizationId: k.organizationId, kid: k.kid, thumbprint: k.thumbprint },
});

/** Inserts a key, or says why it cannot be: its kid or its thumbprint is already the organisation's. */
async function insertKey(
  tx: Tx,
  deps: Deps,
  organizationId: string,
  key: { jwk: JWK; thumbprint: string },
  origin: OrganizationKeyView['origin'],
  addedBy: string | null,
  pointer: string,
): Promise<Outcome<OrganizationKeyView>> {
  const kid = key.jwk.kid!;
  const [row] = await tx
    .insert(organizationKeys)
    .values({
      organizationId,
      kid,
      publicJwk: key.jwk as Record<string, unknown>,
      thumbprint: key.thumbprint,
      origin,
      addedBy,
      createdAt: deps.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (row) return succeed(toKeyView(row));
  const [same] = await tx
    .select({ kid: organizationKeys.kid })
    .from(organizationKeys)
    .where(
      and(
        eq(organizationKeys.organizationId, organizationId),
        eq(organizationKeys.thumbprint, key.thumbprint),
      ),
    );
  if (same)
    return fail('conflict', 'this key is already registered', [
      { pointer, message: `already registered as ${same.kid}` },
    ]);
  return fail('conflict', 'the kid names another key of the organisation', [
    { pointer: `${pointer}/kid`, message: `${kid} is taken: keys keep their kid for ever` },
  ]);
}

/** A member registers a public key of the organisation (origin 'uploaded'). */
export async function registerOrganizationKey(
  deps: Deps,
  p: Principal,
  organizationId: string,
  jwk: Record<string, unknown>,
): Promise<Outcome<OrganizationKeyView>> {
  const member = await asMember(deps, p, organizationId);
  if (!member.ok) return member;
  const key = await publicSigningJwk(jwk, '/jwk');
  if (!key.ok) return key;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const added = await insertKey(tx, deps, organizationId, key.value, 'uploaded', p.userId, '/jwk');
    if (added.ok) audit(registeredNote(added.value));
    return added;
  });
}

/** A member retires a key: nothing it signs from now on verifies. Rotation is a new key, then this. */
export async function retireOrganizationKey(
  deps: Deps,
  p: Principal,
  organizationId: string,
  kid: string,
): Promise<Outcome<OrganizationKeyView>> {
  const member = await asMember(deps, p, organizationId);
  if (!member.ok) return member;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .update(organizationKeys)
      .set({ retiredAt: deps.now() })
      .where(
        and(
          eq(organizationKeys.organizationId, organizationId),
          eq(organizationKeys.kid, kid),
          isNull(organizationKeys.retiredAt),
        ),
      )
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ kid: organizationKeys.kid })
        .from(organizationKeys)
        .where(and(eq(organizationKeys.organizationId, organizationId), eq(organizationKeys.kid, kid)));
      return existing
        ? fail('conflict', `the key ${kid} is already retired`)
        : fail('not_found', `the organisation has no key ${kid}`);
    }
    const view = toKeyView(row);
    audit(retiredNote(view));
    return succeed(view);
  });
}

/** A member sets (or, with null, removes) the URL of the organisation's published JWK Set. */
export async function setOrganizationJwksUrl(
  deps: Deps,
  p: Principal,
  organizationId: string,
  url: string | null,
): Promise<Outcome<{ jwksUrl: string | null }>> {
  const member = await asMember(deps, p, organizationId);
  if (!member.ok) return member;
  if (url !== null) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    // Keys decide whose signature is whose: outside development they travel over TLS only.
    if (!parsed || !(parsed.protocol === 'https:' || (deps.allowHttpWebhooks && parsed.protocol === 'http:')))
      return fail('validation_failed', 'the JWK Set URL must use https', [
        { pointer: '/url', message: 'use an https:// URL' },
      ]);
    url = parsed.toString();
  }
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    await tx
      .update(organizations)
      .set({ jwksUrl: url, version: sql`${organizations.version} + 1` })
      .where(eq(organizations.id, organizationId));
    audit({
      action: 'organization.jwks_url_set',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { organizationId, url },
    });
    return succeed({ jwksUrl: url });
  });
}

export interface JwksFetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxKeys: number;
}

export const JWKS_FETCH_LIMITS: JwksFetchLimits = { timeoutMs: 10_000, maxBytes: 64 * 1024, maxKeys: 20 };

/** GETs a JWK Set: no redirect, a time limit and a size limit; the reason it failed otherwise. */
async function fetchJwks(url: string, limits: JwksFetchLimits): Promise<Outcome<unknown>> {
  const refuse = (message: string) =>
    fail<unknown>('unavailable', `the JWK Set could not be fetched: ${message}`, [
      { pointer: '/jwksUrl', message },
    ]);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/jwk-set+json, application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
  } catch (e) {
    return refuse(
      e instanceof Error && e.name === 'TimeoutError'
        ? `no answer within ${limits.timeoutMs} ms`
        : 'unreachable',
    );
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    return refuse(`answered ${res.status}, not 200 (redirects are not followed)`);
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await res.body?.cancel();
    return refuse(`over ${limits.maxBytes} bytes`);
  }
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel();
        return refuse(`over ${limits.maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch {
    return refuse(`no complete answer within ${limits.timeoutMs} ms`);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return succeed(JSON.parse(new TextDecoder().decode(bytes)) as unknown);
  } catch {
    return refuse('not JSON');
  }
}

/**
 * Fetches the organisation's JWK Set URL: adds the keys it lists that are new (origin 'jwks_url') and retires
 * the 'jwks_url' keys it no longer lists. Keys a member uploaded are left alone, and a retired key stays
 * retired even if listed again. Every listed key must be a public ES256 key, or nothing changes.
 */
export async function refreshOrganizationKeys(
  deps: Deps,
  p: Principal,
  organizationId: string,
  limits: JwksFetchLimits = JWKS_FETCH_LIMITS,
): Promise<Outcome<{ added: OrganizationKeyView[]; retired: OrganizationKeyView[] }>> {
  const member = await asMember(deps, p, organizationId);
  if (!member.ok) return member;
  const [org] = await deps.db
    .select({ jwksUrl: organizations.jwksUrl })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!org?.jwksUrl)
    return fail('conflict', 'the organisation has no JWK Set URL: set one first (PUT …/jwks-url)');
  const fetched = await fetchJwks(org.jwksUrl, limits);
  if (!fetched.ok) return fetched;
  const set = fetched.value as { keys?: unknown };
  if (!set || typeof set !== 'object' || !Array.isArray(set.keys))
    return fail('validation_failed', 'the document at the JWK Set URL is not a JWK Set', [
      { pointer: '/keys', message: 'a JWK Set has a keys array' },
    ]);
  if (set.keys.length > limits.maxKeys)
    return fail('validation_failed', 'the JWK Set lists too many keys', [
      { pointer: '/keys', message: `at most ${limits.maxKeys}` },
    ]);
  const listed: { jwk: JWK; thumbprint: string }[] = [];
  const problems: { pointer: string; message: string }[] = [];
  for (const [i, k] of set.keys.entries()) {
    if (!k || typeof k !== 'object' || Array.isArray(k)) {
      problems.push({ pointer: `/keys/${i}`, message: 'not a JWK' });
      continue;
    }
    const key = await publicSigningJwk(k as Record<string, unknown>, `/keys/${i}`);
    if (key.ok) listed.push(key.value);
    else problems.push(...(key.problem.violations ?? []));
  }
  if (problems.length)
    return fail('validation_failed', 'the JWK Set at the organisation’s URL holds unusable keys', problems);
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const known = await tx
      .select()
      .from(organizationKeys)
      .where(eq(organizationKeys.organizationId, organizationId));
    const byThumbprint = new Map(known.map((r) => [r.thumbprint, r]));
    const added: OrganizationKeyView[] = [];
    for (const [i, key] of listed.entries()) {
      if (byThumbprint.has(key.thumbprint)) continue;
      const inserted = await insertKey(tx, deps, organizationId, key, 'jwks_url', p.userId, `/keys/${i}`);
      if (!inserted.ok) return inserted;
      added.push(inserted.value);
      audit(registeredNote(inserted.value));
    }
    const still = new Set(listed.map((k) => k.thumbprint));
    const retired: OrganizationKeyView[] = [];
    for (const r of known) {
      if (r.origin !== 'jwks_url' || r.retiredAt || still.has(r.thumbprint)) continue;
      const [row] = await tx
        .update(organizationKeys)
        .set({ retiredAt: deps.now() })
        .where(
          and(
            eq(organizationKeys.organizationId, organizationId),
            eq(organizationKeys.kid, r.kid),
            isNull(organizationKeys.retiredAt),
          ),
        )
        .returning();
      if (!row) continue;
      retired.push(toKeyView(row));
      audit(retiredNote(toKeyView(row)));
    }
    return succeed({ added, retired });
  });
}
