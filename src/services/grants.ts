// Grants and their visas: listing, public status, revocation, signing and serving visas, verifying any visa.
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { open, seal } from '../crypto/key-encryption';
import { checkVisa, signVisa } from '../crypto/visa';
import { accessRequests, desks, grants, signingKeys, users, visas } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { datasetUri } from './datasets';
import { type Deps, hasRole, type Identity, orgsWithRole, type Principal } from './deps';
import { type ActiveKey, activeSigningKey, publishedKeys } from './signing-keys';

export type GrantRow = typeof grants.$inferSelect;
export type GrantStatus = 'active' | 'revoked' | 'expired';

export function grantStatus(g: Pick<GrantRow, 'revokedAt' | 'endsAt' | 'startsAt'>, now: Date): GrantStatus {
  if (g.revokedAt) return 'revoked';
  return g.endsAt <= now ? 'expired' : 'active';
}

export const deskUri = (deps: Pick<Deps, 'publicBaseUrl'>, id: string) =>
  `${deps.publicBaseUrl}/v1/desks/${id}`;

export interface GrantView {
  id: string;
  requestId: string;
  userId: string;
  datasetId: string;
  datasetUri: string;
  deskId: string;
  startsAt: string;
  endsAt: string;
  conditions: string[];
  status: GrantStatus;
  revokedAt: string | null;
  revokedReason: string | null;
}

const toView = (deps: Deps, g: GrantRow): GrantView => ({
  id: g.id,
  requestId: g.requestId,
  userId: g.userId,
  datasetId: g.datasetId,
  datasetUri: datasetUri(deps, g.datasetId),
  deskId: g.deskId,
  startsAt: g.startsAt.toISOString(),
  endsAt: g.endsAt.toISOString(),
  conditions: g.conditions,
  status: grantStatus(g, deps.now()),
  revokedAt: g.revokedAt?.toISOString() ?? null,
  revokedReason: g.revokedReason,
});

/** Who sees a grant in full: its holder, the application's requester, and the desk's admins. */
async function visibleGrant(deps: Deps, principal: Principal, id: string) {
  const [row] = await deps.db
    .select({
      g: grants,
      requesterId: accessRequests.requesterId,
      requesterOrgId: accessRequests.requesterOrgId,
      operatorId: desks.operatorId,
    })
    .from(grants)
    .innerJoin(accessRequests, eq(accessRequests.id, grants.requestId))
    .innerJoin(desks, eq(desks.id, grants.deskId))
    .where(eq(grants.id, id));
  if (!row) return undefined;
  const admin = hasRole(principal, row.operatorId, 'desk_admin');
  if (row.g.userId !== principal.userId && row.requesterId !== principal.userId && !admin) return undefined;
  return { grant: row.g, admin, audience: [row.requesterOrgId, row.operatorId] };
}

export async function getGrant(deps: Deps, principal: Principal, id: string): Promise<Outcome<GrantView>> {
  const found = await visibleGrant(deps, principal, id);
  return found ? succeed(toView(deps, found.grant)) : fail('not_found', 'no such grant');
}

export async function listGrants(
  deps: Deps,
  principal: Principal,
  query: { requestId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: GrantView[]; nextCursor: string | null }> {
  const adminOf = orgsWithRole(principal, 'desk_admin');
  const visible = or(
    eq(grants.userId, principal.userId),
    inArray(
      grants.requestId,
      deps.db
        .select({ id: accessRequests.id })
        .from(accessRequests)
        .where(eq(accessRequests.requesterId, principal.userId)),
    ),
    ...(adminOf.length
      ? [
          inArray(
            grants.deskId,
            deps.db.select({ id: desks.id }).from(desks).where(inArray(desks.operatorId, adminOf)),
          ),
        ]
      : []),
  );
  const conditions = [visible];
  if (query.requestId) conditions.push(eq(grants.requestId, query.requestId));
  if (query.cursor) conditions.push(lt(grants.id, query.cursor));
  const rows = await deps.db
    .select()
    .from(grants)
    .where(and(...conditions))
    .orderBy(desc(grants.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((g) => toView(deps, g));
  return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Public: a data holder checks a grant by id; nothing personal is disclosed. */
export async function publicGrantStatus(deps: Deps, id: string) {
  const [g] = await deps.db.select().from(grants).where(eq(grants.id, id));
  if (!g) return fail('not_found', 'no such grant');
  return succeed({
    id: g.id,
    status: grantStatus(g, deps.now()),
    datasetUri: datasetUri(deps, g.datasetId),
    deskUri: deskUri(deps, g.deskId),
    startsAt: g.startsAt.toISOString(),
    endsAt: g.endsAt.toISOString(),
    revokedAt: g.revokedAt?.toISOString() ?? null,
    checkedAt: deps.now().toISOString(),
  });
}

export async function revokeGrant(
  deps: Deps,
  principal: Principal,
  id: string,
  reason: string,
): Promise<Outcome<GrantView>> {
  const found = await visibleGrant(deps, principal, id);
  if (!found) return fail('not_found', 'no such grant');
  if (!found.admin) return fail('forbidden', 'only the desk’s admins revoke grants');
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .update(grants)
      .set({ revokedAt: deps.now(), revokedBy: principal.userId, revokedReason: reason })
      .where(and(eq(grants.id, id), isNull(grants.revokedAt)))
      .returning();
    if (!row) return fail('conflict', 'this grant is already revoked');
    audit({
      action: 'grant.revoked',
      subjectType: 'grant',
      subjectId: id,
      payload: { reason, requestId: row.requestId },
      deskId: row.deskId,
      audience: [...found.audience],
    });
    return succeed(toView(deps, row));
  });
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** A grant as its visa needs it: the holder's subject and what the visa asserts. */
export type VisaGrant = Pick<
  GrantRow,
  'id' | 'datasetId' | 'deskId' | 'startsAt' | 'endsAt' | 'visaLifetimeHours'
> & { subject: string };

/** A visa signed now for a grant: `exp` ≤ the grant's end and the policy's visa lifetime. */
const visaExpiry = (g: VisaGrant, now: Date) =>
  Math.min(seconds(now) + g.visaLifetimeHours * 3600, seconds(g.endsAt));

export interface SignedVisa {
  grantId: string;
  visa: string;
  exp: number;
  /** Its row in the register, the token sealed under the key-encryption key. */
  row: typeof visas.$inferInsert;
}

/** Signs one visa per grant with `key`; the caller writes the register rows in its own transaction. */
export async function signVisas(
  deps: Deps,
  key: ActiveKey,
  list: VisaGrant[],
  now: Date,
): Promise<SignedVisa[]> {
  const jku = `${deps.publicBaseUrl}/.well-known/jwks.json`;
  return Promise.all(
    list.map(async (g) => {
      const iat = seconds(now);
      const exp = visaExpiry(g, now);
      // The grant id leads the jti so any holder of the visa can check the grant's status.
      const jti = `${g.id}.${crypto.randomUUID().slice(0, 8)}`;
      const visa = await signVisa(key, jku, {
        iss: deps.publicBaseUrl,
        sub: g.subject,
        iat,
        exp,
        jti,
        ga4gh_visa_v1: {
          type: 'ControlledAccessGrants',
          asserted: seconds(g.startsAt),
          value: datasetUri(deps, g.datasetId),
          source: deskUri(deps, g.deskId),
          // Obligations (PUB, COL…) stay on the grant: GA4GH `conditions` only link to other visas.
          by: 'dac',
        },
      });
      const row = {
        jti,
        grantId: g.id,
        kid: key.kid,
        issuedAt: now,
        expiresAt: new Date(exp * 1000),
        tokenSealed: await seal(deps.keyEncryptionKey, visa, jti),
      };
      return { grantId: g.id, visa, exp, row };
    }),
  );
}

// Each grant's best visa in the register, alongside the grant: one signed by the active key first (read
// here, so that a caller with no grant never makes the first key), then the longest-lived, then the latest
// (visas capped at the grant's end share their expiry).
const bestVisa = sql<{ jti: string; kid: string; exp: number; sealed: string } | null>`(select
    json_build_object('jti', v.jti, 'kid', v.kid, 'exp', extract(epoch from v.expires_at)::bigint,
      'sealed', v.token_sealed)
  from ${visas} v where v.grant_id = ${grants.id}
  order by v.kid = (select k.kid from ${signingKeys} k where k.retired_at is null
      order by k.created_at desc limit 1) desc,
    v.expires_at desc, v.issued_at desc, v.jti desc limit 1)`;

/**
 * The caller's active grants as GA4GH visas. Each grant's visa was signed at approval; it is served again
 * while it is signed by the active key and keeps at least half the life a new one would have, otherwise a
 * new one is signed and registered. Revoked and ended grants are never served.
 */
export async function myVisas(
  deps: Deps,
  caller: Identity,
): Promise<{ grantId: string; visa: string; exp: number }[]> {
  const now = deps.now();
  const rows = await deps.db
    .select({ g: grants, subject: users.subject, stored: bestVisa })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(
      and(
        eq(users.issuer, caller.issuer),
        eq(users.subject, caller.subject),
        isNull(grants.revokedAt),
        gt(grants.endsAt, now),
        lt(grants.startsAt, new Date(now.getTime() + 1000)),
      ),
    )
    .orderBy(asc(grants.id));
  if (rows.length === 0) return [];
  const key = await activeSigningKey(deps);
  const nowSeconds = seconds(now);
  const isFresh = ({ g, subject, stored }: (typeof rows)[number]) =>
    stored !== null &&
    stored.kid === key.kid &&
    stored.exp - nowSeconds >= (visaExpiry({ ...g, subject }, now) - nowSeconds) / 2;
  const stale = rows.filter((r) => !isFresh(r));
  const signed = await signVisas(
    deps,
    key,
    stale.map((r) => ({ ...r.g, subject: r.subject })),
    now,
  );
  const renewed = new Map(signed.map((v) => [v.grantId, v]));
  const served = await Promise.all(
    rows.map(async ({ g, stored }) => {
      const fresh = renewed.get(g.id);
      if (fresh) return { grantId: g.id, visa: fresh.visa, exp: fresh.exp };
      const visa = await open(deps.keyEncryptionKey, stored!.sealed, stored!.jti);
      return { grantId: g.id, visa, exp: Number(stored!.exp) };
    }),
  );
  await recordDelivery(
    deps,
    rows.flatMap(({ g }) => (g.firstVisaAt ? [] : [g])),
    signed.map((v) => v.row),
    now,
  );
  return served;
}

/**
 * Registers newly signed visas, and notes when each grant's holder first received one (audited once per
 * grant, per desk): one statement, or one transaction when there is a first delivery to audit.
 */
async function recordDelivery(
  deps: Deps,
  first: GrantRow[],
  signed: (typeof visas.$inferInsert)[],
  now: Date,
): Promise<void> {
  if (first.length === 0) {
    if (signed.length > 0) await deps.db.insert(visas).values(signed);
    return;
  }
  await inTransaction(deps.db, first[0]!.userId, deps.now, async ({ tx, audit, write }) => {
    if (signed.length > 0) write(tx.insert(visas).values(signed));
    // A concurrent read may have recorded some already: only the rows this update claims are audited.
    const claimed = await tx
      .update(grants)
      .set({ firstVisaAt: now })
      .where(
        and(
          inArray(
            grants.id,
            first.map((g) => g.id),
          ),
          isNull(grants.firstVisaAt),
        ),
      )
      .returning({ id: grants.id, deskId: grants.deskId, requestId: grants.requestId });
    for (const deskId of new Set(claimed.map((g) => g.deskId))) {
      const mine = claimed.filter((g) => g.deskId === deskId);
      audit({
        action: 'visas.first_issued',
        subjectType: 'user',
        subjectId: first[0]!.userId,
        payload: {
          deskId,
          grants: mine.map((g) => g.id),
          requests: [...new Set(mine.map((g) => g.requestId))],
          issuedAt: now.toISOString(),
        },
      });
    }
    return succeed(null);
  });
}

export interface VisaVerdict {
  valid: boolean;
  reason: string | null;
  grant: { id: string; status: GrantStatus; revokedAt: string | null } | null;
  claims: Record<string, unknown> | null;
}

/** Signature, claims, the register, expiry and revocation in one call. */
export async function verifyVisa(deps: Deps, token: string): Promise<VisaVerdict> {
  const checked = await checkVisa(token, await publishedKeys(deps), deps.publicBaseUrl, deps.now());
  if (!checked.ok) return { valid: false, reason: checked.reason, grant: null, claims: null };
  const claims = checked.claims as unknown as Record<string, unknown>;
  const [found] = await deps.db
    .select({ g: grants, subject: users.subject, kid: visas.kid })
    .from(visas)
    .innerJoin(grants, eq(grants.id, visas.grantId))
    .innerJoin(users, eq(users.id, grants.userId))
    .where(eq(visas.jti, checked.claims.jti));
  if (!found)
    return { valid: false, reason: 'this desk never issued a visa with this jti', grant: null, claims };
  const g = found.g;
  if (
    found.kid !== checked.kid ||
    found.subject !== checked.claims.sub ||
    checked.claims.ga4gh_visa_v1.value !== datasetUri(deps, g.datasetId)
  ) {
    return { valid: false, reason: 'visa does not match its grant', grant: null, claims };
  }
  const status = grantStatus(g, deps.now());
  const grant = { id: g.id, status, revokedAt: g.revokedAt?.toISOString() ?? null };
  return status === 'active'
    ? { valid: true, reason: null, grant, claims }
    : { valid: false, reason: `grant ${status}`, grant, claims };
}
