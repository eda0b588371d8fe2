// Organisations, memberships and desks: managed by platform admins, readable by anyone.
import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { rowsOf } from '../db/database';
import { desks, memberships, organizations, users } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, OrganizationKind, Principal, Role } from './deps';
import { ensureUser } from './identity';

/** Which roles make sense in which kind of organisation (a desk can be run by an operator or a provider). */
export const ROLES_BY_KIND: Record<OrganizationKind, readonly Role[]> = {
  provider: ['editor', 'desk_admin', 'reviewer'],
  desk_operator: ['desk_admin', 'reviewer'],
  research: ['requester'],
  partner: ['evaluator', 'auditor'],
};

export interface OrganizationView {
  id: string;
  slug: string;
  name: string;
  kind: OrganizationKind;
  homepage: string | null;
  createdAt: string;
}

const toOrganizationView = (r: typeof organizations.$inferSelect): OrganizationView => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  kind: r.kind as OrganizationKind,
  homepage: r.homepage,
  createdAt: r.createdAt.toISOString(),
});

const adminOnly = (p: Principal) =>
  p.isPlatformAdmin
    ? undefined
    : fail<never>('forbidden', 'only platform admins manage organisations and desks');

export async function createOrganization(
  deps: Deps,
  principal: Principal,
  input: { slug: string; name: string; kind: OrganizationKind; homepage?: string | undefined },
): Promise<Outcome<OrganizationView>> {
  const denied = adminOnly(principal);
  if (denied) return denied;
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(organizations)
      .values({ id, ...input, homepage: input.homepage ?? null, createdAt: deps.now() })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      return fail('conflict', `an organisation with slug '${input.slug}' exists`, [
        { pointer: '/slug', message: 'already taken' },
      ]);
    }
    audit({
      action: 'organization.created',
      subjectType: 'organization',
      subjectId: id,
      payload: { ...input },
    });
    return succeed(toOrganizationView(row));
  });
}

export async function listOrganizations(deps: Deps): Promise<OrganizationView[]> {
  const rows = await deps.db.select().from(organizations).orderBy(asc(organizations.slug));
  return rows.map(toOrganizationView);
}

export async function getOrganization(deps: Deps, id: string): Promise<Outcome<OrganizationView>> {
  const [row] = await deps.db.select().from(organizations).where(eq(organizations.id, id));
  return row ? succeed(toOrganizationView(row)) : fail('not_found', 'no such organisation');
}

export interface MembershipView {
  id: string;
  organizationId: string;
  userId: string;
  issuer: string;
  subject: string;
  /** The person's name as the desk first learnt it from their identity provider, if it has. */
  displayName: string | null;
  role: Role;
  createdAt: string;
}

export async function listMembers(
  deps: Deps,
  principal: Principal,
  organizationId: string,
): Promise<Outcome<MembershipView[]>> {
  const org = await getOrganization(deps, organizationId);
  if (!org.ok) return org;
  const isMember = principal.memberships.some((m) => m.organizationId === organizationId);
  if (!principal.isPlatformAdmin && !isMember) return fail('not_found', 'no such organisation');
  const rows = await deps.db
    .select({ m: memberships, u: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.subject), asc(memberships.role));
  return succeed(
    rows.map(({ m, u }) => ({
      id: m.id,
      organizationId: m.organizationId,
      userId: u.id,
      issuer: u.issuer,
      subject: u.subject,
      displayName: u.displayName,
      role: m.role as Role,
      createdAt: m.createdAt.toISOString(),
    })),
  );
}

function roleMisfit(kind: OrganizationKind, role: Role) {
  if (ROLES_BY_KIND[kind].includes(role)) return undefined;
  return fail<never>('validation_failed', `role '${role}' is not available in a ${kind} organisation`, [
    { pointer: '/role', message: `expected one of ${ROLES_BY_KIND[kind].join(', ')}` },
  ]);
}

export async function addMember(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  input: { issuer: string; subject: string; role: Role },
): Promise<Outcome<MembershipView>> {
  const denied = adminOnly(principal);
  if (denied) return denied;
  const org = await getOrganization(deps, organizationId);
  if (!org.ok) return org;
  const misfit = roleMisfit(org.value.kind, input.role);
  if (misfit) return misfit;
  const user = await ensureUser(deps, input.issuer, input.subject);
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(memberships)
      .values({ id, userId: user.id, organizationId, role: input.role, createdAt: deps.now() })
      .onConflictDoNothing()
      .returning();
    if (!row) return fail('conflict', 'this user already has this role in this organisation');
    audit({
      action: 'membership.created',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { membershipId: id, userId: user.id, role: input.role },
      audience: [organizationId],
    });
    return succeed({
      id,
      organizationId,
      userId: user.id,
      issuer: user.issuer,
      subject: user.subject,
      displayName: user.displayName,
      role: input.role,
      createdAt: row.createdAt.toISOString(),
    });
  });
}

export async function removeMember(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  membershipId: string,
): Promise<Outcome<null>> {
  const denied = adminOnly(principal);
  if (denied) return denied;
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .delete(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.organizationId, organizationId)))
      .returning();
    if (!row) return fail('not_found', 'no such membership');
    audit({
      action: 'membership.removed',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { membershipId, userId: row.userId, role: row.role },
      audience: [organizationId],
    });
    return succeed(null);
  });
}

/**
 * Gives a member another role in the same organisation, in one transaction: the membership keeps its id
 * and only its role changes, so no moment exists where the person holds neither role (nor both).
 */
export async function changeMemberRole(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  membershipId: string,
  role: Role,
): Promise<Outcome<MembershipView>> {
  const denied = adminOnly(principal);
  if (denied) return denied;
  const org = await getOrganization(deps, organizationId);
  if (!org.ok) return org;
  const misfit = roleMisfit(org.value.kind, role);
  if (misfit) return misfit;
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [current] = await tx
      .select({ m: memberships, u: users })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, membershipId), eq(memberships.organizationId, organizationId)))
      .for('update');
    if (!current) return fail('not_found', 'no such membership');
    const view = (r: Role): MembershipView => ({
      id: current.m.id,
      organizationId,
      userId: current.u.id,
      issuer: current.u.issuer,
      subject: current.u.subject,
      displayName: current.u.displayName,
      role: r,
      createdAt: current.m.createdAt.toISOString(),
    });
    if (current.m.role === role) return succeed(view(role));
    const [clash] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.userId, current.u.id),
          eq(memberships.organizationId, organizationId),
          eq(memberships.role, role),
        ),
      );
    if (clash) {
      return fail('conflict', 'this user already has this role in this organisation', [
        { pointer: '/role', message: 'already held by this user' },
      ]);
    }
    await tx.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
    audit({
      action: 'membership.role_changed',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { membershipId, userId: current.u.id, from: current.m.role, to: role },
      audience: [organizationId],
    });
    return succeed(view(role));
  });
}

export interface DeskView {
  id: string;
  slug: string;
  name: string;
  operatorId: string;
  policy: string;
  decisionDeadlineDays: number;
  contactEmail: string | null;
  version: number;
  createdAt: string;
}

const toDeskView = (r: typeof desks.$inferSelect): DeskView => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  operatorId: r.operatorId,
  policy: r.policy,
  decisionDeadlineDays: r.decisionDeadlineDays,
  contactEmail: r.contactEmail,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
});

export async function createDesk(
  deps: Deps,
  principal: Principal,
  input: {
    slug: string;
    name: string;
    operatorId: string;
    policy?: string | undefined;
    decisionDeadlineDays?: number | undefined;
    contactEmail?: string | undefined;
  },
): Promise<Outcome<DeskView>> {
  const denied = adminOnly(principal);
  if (denied) return denied;
  const operator = await getOrganization(deps, input.operatorId);
  if (!operator.ok || !['desk_operator', 'provider'].includes(operator.value.kind)) {
    return fail('validation_failed', 'a desk is run by a desk-operator or provider organisation', [
      { pointer: '/operatorId', message: 'no such desk-operator or provider organisation' },
    ]);
  }
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(desks)
      .values({
        id,
        slug: input.slug,
        name: input.name,
        operatorId: input.operatorId,
        policy: input.policy ?? 'default',
        decisionDeadlineDays: input.decisionDeadlineDays ?? 30,
        contactEmail: input.contactEmail ?? null,
        createdAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      return fail('conflict', `a desk with slug '${input.slug}' exists`, [
        { pointer: '/slug', message: 'already taken' },
      ]);
    }
    audit({ action: 'desk.created', subjectType: 'desk', subjectId: id, payload: { ...input }, deskId: id });
    return succeed(toDeskView(row));
  });
}

export async function listDesks(deps: Deps): Promise<DeskView[]> {
  const rows = await deps.db.select().from(desks).orderBy(asc(desks.slug));
  return rows.map(toDeskView);
}

export async function getDesk(deps: Deps, id: string): Promise<Outcome<DeskView>> {
  const [row] = await deps.db.select().from(desks).where(eq(desks.id, id));
  return row ? succeed(toDeskView(row)) : fail('not_found', 'no such desk');
}

/** Every organisation's and desk's name by id, in one statement: what a page needs to name facets and results. */
export async function namesById(
  deps: Deps,
): Promise<{ organizations: Map<string, string>; desks: Map<string, string> }> {
  const rows = rowsOf<{ kind: 'o' | 'd'; id: string; name: string }>(
    await deps.db.execute(
      sql`select 'o' as kind, id::text as id, name from organizations union all select 'd', id::text, name from desks`,
    ),
  );
  const names = { organizations: new Map<string, string>(), desks: new Map<string, string>() };
  for (const r of rows) (r.kind === 'o' ? names.organizations : names.desks).set(r.id, r.name);
  return names;
}
