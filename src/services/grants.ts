// Grants and their visas: listing, public status, revocation, signing the caller's visas, verifying any visa.
import { and, asc, desc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import { checkVisa, signVisa } from '../crypto/visa';
import { accessRequests, desks, grants, users } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { datasetUri } from './datasets';
import { type Deps, hasRole, type Identity, orgsWithRole, type Principal } from './deps';
import { activeSigningKey, publishedKeys } from './signing-keys';

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

/** The caller's active grants as freshly signed GA4GH visas; exp ≤ the grant's end and the policy's lifetime. */
export async function myVisas(
  deps: Deps,
  caller: Identity,
): Promise<{ grantId: string; visa: string; exp: number }[]> {
  const now = deps.now();
  const rows = await deps.db
    .select({ g: grants })
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
  const jku = `${deps.publicBaseUrl}/.well-known/jwks.json`;
  const visas = await Promise.all(
    rows.map(async ({ g }) => {
      const iat = seconds(now);
      const exp = Math.min(iat + g.visaLifetimeHours * 3600, seconds(g.endsAt));
      const visa = await signVisa(key, jku, {
        iss: deps.publicBaseUrl,
        sub: caller.subject,
        iat,
        exp,
        // The grant id leads the jti so any holder of the visa can check the grant's status.
        jti: `${g.id}.${crypto.randomUUID().slice(0, 8)}`,
        ga4gh_visa_v1: {
          type: 'ControlledAccessGrants',
          asserted: seconds(g.startsAt),
          value: datasetUri(deps, g.datasetId),
          source: deskUri(deps, g.deskId),
          // Obligations (PUB, COL…) stay on the grant: GA4GH `conditions` only link to other visas.
          by: 'dac',
        },
      });
      return { grantId: g.id, visa, exp };
    }),
  );
  await recordFirstVisas(
    deps,
    rows.flatMap(({ g }) => (g.firstVisaAt ? [] : [g])),
    now,
  );
  return visas;
}

/** Notes when each grant's holder first received a visa (audited once per grant, per desk). */
async function recordFirstVisas(deps: Deps, first: GrantRow[], now: Date): Promise<void> {
  if (first.length === 0) return;
  await inTransaction(deps.db, first[0]!.userId, deps.now, async ({ tx, audit }) => {
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

/** Signature, claims, expiry and revocation in one call. */
export async function verifyVisa(deps: Deps, token: string): Promise<VisaVerdict> {
  const checked = await checkVisa(token, await publishedKeys(deps), deps.publicBaseUrl, deps.now());
  if (!checked.ok) return { valid: false, reason: checked.reason, grant: null, claims: null };
  const grantId = checked.claims.jti.split('.')[0] ?? '';
  const [g] = /^[0-9a-f-]{36}$/.test(grantId)
    ? await deps.db.select().from(grants).where(eq(grants.id, grantId))
    : [];
  const claims = checked.claims as unknown as Record<string, unknown>;
  if (!g) return { valid: false, reason: 'no grant behind this visa', grant: null, claims };
  const [holder] = await deps.db.select({ subject: users.subject }).from(users).where(eq(users.id, g.userId));
  if (
    holder?.subject !== checked.claims.sub ||
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
