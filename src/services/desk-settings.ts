// What a desk's admins change themselves (ADR 12): its access policy, decision deadline and contact point,
// and who reviews in its operator organisation. Platform admins may do the same; nobody else.
import { and, asc, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { desks, memberships, users } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { accessPolicies } from '../policies/access-policies';
import type { Violation } from '../validation/violation';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';
import { type DeskView, getDesk, listDesks } from './organizations';

/** Whether the caller runs this desk: a desk admin of its operator organisation, or a platform admin. */
export const administers = (p: Principal | undefined, desk: Pick<DeskView, 'operatorId'>): boolean =>
  !!p && (p.isPlatformAdmin || hasRole(p, desk.operatorId, 'desk_admin'));

/** The desks the caller runs through their desk_admin memberships (not every desk for a platform admin). */
export async function administeredDesks(deps: Deps, p: Principal): Promise<DeskView[]> {
  const orgs = new Set(orgsWithRole(p, 'desk_admin'));
  if (orgs.size === 0) return [];
  return (await listDesks(deps)).filter((d) => orgs.has(d.operatorId));
}

/** A desk the caller runs; 403 for a desk they do not (desks themselves are public). */
export async function deskForAdmin(deps: Deps, p: Principal, deskId: string): Promise<Outcome<DeskView>> {
  const desk = await getDesk(deps, deskId);
  if (!desk.ok) return desk;
  if (!administers(p, desk.value)) return fail('forbidden', 'only the desk’s admins change its settings');
  return desk;
}

export interface DeskSettingsChange {
  policy?: string | undefined;
  decisionDeadlineDays?: number | undefined;
  /** null removes the contact point. */
  contactEmail?: string | null | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function settingsViolations(input: DeskSettingsChange): Violation[] {
  const violations: Violation[] = [];
  if (input.policy !== undefined && !accessPolicies().has(input.policy)) {
    violations.push({
      pointer: '/policy',
      message: `expected one of ${[...accessPolicies().keys()].join(', ')}`,
    });
  }
  const days = input.decisionDeadlineDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 365)) {
    violations.push({ pointer: '/decisionDeadlineDays', message: 'a whole number of days from 1 to 365' });
  }
  const email = input.contactEmail;
  if (email != null && (email.length > 320 || !EMAIL.test(email))) {
    violations.push({ pointer: '/contactEmail', message: 'an e-mail address' });
  }
  return violations;
}

/**
 * Changes a desk's settings at `expectedVersion`. A new policy or deadline applies to applications submitted
 * from then on: those already submitted keep the policy and deadline they were submitted under.
 */
export async function updateDeskSettings(
  deps: Deps,
  p: Principal,
  deskId: string,
  input: DeskSettingsChange,
  expectedVersion: number,
): Promise<Outcome<DeskView>> {
  const desk = await deskForAdmin(deps, p, deskId);
  if (!desk.ok) return desk;
  const violations = settingsViolations(input);
  if (violations.length > 0) return fail('validation_failed', 'the settings are not valid', violations);
  if (desk.value.version !== expectedVersion) {
    return fail(
      'precondition_failed',
      `the desk is at version ${desk.value.version}, not ${expectedVersion}`,
    );
  }
  const changes: Record<string, unknown> = {};
  if (input.policy !== undefined && input.policy !== desk.value.policy) changes.policy = input.policy;
  if (
    input.decisionDeadlineDays !== undefined &&
    input.decisionDeadlineDays !== desk.value.decisionDeadlineDays
  )
    changes.decisionDeadlineDays = input.decisionDeadlineDays;
  if (input.contactEmail !== undefined && input.contactEmail !== desk.value.contactEmail)
    changes.contactEmail = input.contactEmail;
  if (Object.keys(changes).length === 0) return desk;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .update(desks)
      .set({ ...changes, version: expectedVersion + 1 })
      .where(and(eq(desks.id, deskId), eq(desks.version, expectedVersion)))
      .returning();
    if (!row) return fail('precondition_failed', 'the desk changed meanwhile');
    audit({
      action: 'desk.updated',
      subjectType: 'desk',
      subjectId: deskId,
      payload: { changes, version: row.version },
      deskId,
      audience: [row.operatorId],
    });
    return succeed({
      ...desk.value,
      policy: row.policy,
      decisionDeadlineDays: row.decisionDeadlineDays,
      contactEmail: row.contactEmail,
      version: row.version,
    });
  });
}

export interface DeskReviewerView {
  membershipId: string;
  userId: string;
  issuer: string;
  subject: string;
  displayName: string | null;
  since: string;
}

async function reviewersOf(deps: Deps, operatorId: string): Promise<DeskReviewerView[]> {
  const rows = await deps.db
    .select({ m: memberships, u: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, operatorId), eq(memberships.role, 'reviewer')))
    .orderBy(asc(users.subject));
  return rows.map(({ m, u }) => ({
    membershipId: m.id,
    userId: u.id,
    issuer: u.issuer,
    subject: u.subject,
    displayName: u.displayName,
    since: m.createdAt.toISOString(),
  }));
}

/** The reviewers of the desk: the `reviewer` memberships of its operator organisation (the desk's admins). */
export async function listDeskReviewers(
  deps: Deps,
  p: Principal,
  deskId: string,
): Promise<Outcome<DeskReviewerView[]>> {
  const desk = await deskForAdmin(deps, p, deskId);
  if (!desk.ok) return desk;
  return succeed(await reviewersOf(deps, desk.value.operatorId));
}

/**
 * Makes a person known to the desk a reviewer in its operator organisation. The person must have signed in
 * once (or been registered by a platform admin): a mistyped identifier names nobody rather than a new user.
 */
export async function addDeskReviewer(
  deps: Deps,
  p: Principal,
  deskId: string,
  input: { subject: string; issuer?: string | undefined },
): Promise<Outcome<DeskReviewerView>> {
  const desk = await deskForAdmin(deps, p, deskId);
  if (!desk.ok) return desk;
  const subject = input.subject.trim();
  if (subject === '') {
    return fail('validation_failed', 'say whom to add', [{ pointer: '/subject', message: 'required' }]);
  }
  const issuer = input.issuer ?? p.issuer;
  const [user] = await deps.db
    .select()
    .from(users)
    .where(and(eq(users.issuer, issuer), eq(users.subject, subject)));
  if (!user) {
    return fail('validation_failed', 'nobody with this identifier is known to the desk', [
      { pointer: '/subject', message: 'nobody with this identifier has signed in to the desk' },
    ]);
  }
  const operatorId = desk.value.operatorId;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const now = deps.now();
    const [row] = await tx
      .insert(memberships)
      .values({ id, userId: user.id, organizationId: operatorId, role: 'reviewer', createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      return fail('conflict', `${subject} already reviews for this desk`, [
        { pointer: '/subject', message: 'already a reviewer' },
      ]);
    }
    audit({
      action: 'membership.created',
      subjectType: 'organization',
      subjectId: operatorId,
      payload: { membershipId: id, userId: user.id, role: 'reviewer', deskId },
      deskId,
      audience: [operatorId],
    });
    return succeed({
      membershipId: id,
      userId: user.id,
      issuer: user.issuer,
      subject: user.subject,
      displayName: user.displayName,
      since: now.toISOString(),
    });
  });
}

/** Ends a reviewer membership of the desk's operator organisation; no other role can be removed this way. */
export async function removeDeskReviewer(
  deps: Deps,
  p: Principal,
  deskId: string,
  userId: string,
): Promise<Outcome<null>> {
  const desk = await deskForAdmin(deps, p, deskId);
  if (!desk.ok) return desk;
  const operatorId = desk.value.operatorId;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const removed = await tx
      .delete(memberships)
      .where(
        and(
          eq(memberships.organizationId, operatorId),
          eq(memberships.userId, userId),
          eq(memberships.role, 'reviewer'),
        ),
      )
      .returning();
    const [row] = removed;
    if (!row) return fail('not_found', 'this person does not review for this desk');
    audit({
      action: 'membership.removed',
      subjectType: 'organization',
      subjectId: operatorId,
      payload: { membershipId: row.id, userId, role: 'reviewer', deskId },
      deskId,
      audience: [operatorId],
    });
    return succeed(null);
  });
}
