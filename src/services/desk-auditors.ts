// Audit engagements: the partner organisations a desk has appointed to audit it. Their auditors read the
// desk's audit-log entries, its evaluations and their history, and countersign or dispute them; nothing else.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { deskAuditors, desks, organizations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';

export interface DeskAuditorView {
  organizationId: string;
  slug: string;
  name: string;
  appointedAt: string;
}

/** Public: who audits a desk is part of its transparency. */
export async function listDeskAuditors(deps: Deps, deskId: string): Promise<Outcome<DeskAuditorView[]>> {
  const [desk] = await deps.db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  const rows = await deps.db
    .select({ a: deskAuditors, slug: organizations.slug, name: organizations.name })
    .from(deskAuditors)
    .innerJoin(organizations, eq(organizations.id, deskAuditors.organizationId))
    .where(eq(deskAuditors.deskId, deskId))
    .orderBy(asc(deskAuditors.appointedAt));
  return succeed(
    rows.map((r) => ({
      organizationId: r.a.organizationId,
      slug: r.slug,
      name: r.name,
      appointedAt: r.a.appointedAt.toISOString(),
    })),
  );
}

/** The desk's admins, or a platform admin, change who audits it. */
async function deskForChange(deps: Deps, p: Principal, deskId: string) {
  const [desk] = await deps.db.select().from(desks).where(eq(desks.id, deskId));
  if (!desk) return fail('not_found', 'no such desk');
  if (!p.isPlatformAdmin && !hasRole(p, desk.operatorId, 'desk_admin'))
    return fail('forbidden', 'only the desk’s admins appoint its auditors');
  return succeed(desk);
}

export async function appointDeskAuditor(
  deps: Deps,
  p: Principal,
  deskId: string,
  organizationId: string,
): Promise<Outcome<DeskAuditorView>> {
  const desk = await deskForChange(deps, p, deskId);
  if (!desk.ok) return desk;
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) return fail('not_found', 'no such organisation');
  if (org.kind !== 'partner' || org.id === desk.value.operatorId) {
    return fail('validation_failed', 'a desk is audited by a partner organisation other than its operator', [
      { pointer: '/organizationId', message: `${org.slug} is a ${org.kind} organisation` },
    ]);
  }
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [row] = await tx
      .insert(deskAuditors)
      .values({ deskId, organizationId, appointedBy: p.userId, appointedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) return fail('conflict', `${org.slug} already audits this desk`);
    audit({
      action: 'desk.auditor_appointed',
      subjectType: 'desk',
      subjectId: deskId,
      payload: { organizationId },
      deskId,
      audience: [organizationId, desk.value.operatorId],
    });
    return succeed({ organizationId, slug: org.slug, name: org.name, appointedAt: now.toISOString() });
  });
}

export async function removeDeskAuditor(
  deps: Deps,
  p: Principal,
  deskId: string,
  organizationId: string,
): Promise<Outcome<null>> {
  const desk = await deskForChange(deps, p, deskId);
  if (!desk.ok) return desk;
  return inTransaction(deps.db, p.userId, deps.now, async ({ tx, audit }) => {
    const removed = await tx
      .delete(deskAuditors)
      .where(and(eq(deskAuditors.deskId, deskId), eq(deskAuditors.organizationId, organizationId)))
      .returning();
    if (removed.length === 0) return fail('not_found', 'this organisation does not audit this desk');
    audit({
      action: 'desk.auditor_removed',
      subjectType: 'desk',
      subjectId: deskId,
      payload: { organizationId },
      deskId,
      audience: [organizationId, desk.value.operatorId],
    });
    return succeed(null);
  });
}

/** Desks the caller audits through their auditor memberships; every desk for a platform admin ('all'). */
export async function auditedDesks(deps: Deps, p: Principal): Promise<'all' | string[]> {
  if (p.isPlatformAdmin) return 'all';
  const orgs = orgsWithRole(p, 'auditor');
  if (orgs.length === 0) return [];
  const rows = await deps.db
    .selectDistinct({ deskId: deskAuditors.deskId })
    .from(deskAuditors)
    .where(inArray(deskAuditors.organizationId, orgs));
  return rows.map((r) => r.deskId);
}

/** The caller's auditor organisations appointed to audit `deskId`. */
export async function auditorOrgsOf(deps: Deps, p: Principal, deskId: string): Promise<string[]> {
  const orgs = orgsWithRole(p, 'auditor');
  if (orgs.length === 0) return [];
  const rows = await deps.db
    .select({ organizationId: deskAuditors.organizationId })
    .from(deskAuditors)
    .where(and(eq(deskAuditors.deskId, deskId), inArray(deskAuditors.organizationId, orgs)));
  return rows.map((r) => r.organizationId);
}
