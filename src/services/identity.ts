// Users as the desk knows them: created on first sight from (issuer, subject), with their stored memberships.
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../db/database';
import { memberships, users } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { succeed } from '../domain/problem';
import type { Deps, Principal, Role } from './deps';

async function findUser(db: Executor, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.issuer, issuer), eq(users.subject, subject)));
  return row;
}

/** Returns the user for (issuer, subject), creating it (and its audit entry) the first time it is seen. */
export async function ensureUser(
  deps: Deps,
  issuer: string,
  subject: string,
  options: { displayName?: string | undefined; isPlatformAdmin?: boolean } = {},
) {
  const existing = await findUser(deps.db, issuer, subject);
  if (existing) return existing;
  const created = await inTransaction(deps.db, null, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(users)
      .values({
        id,
        issuer,
        subject,
        displayName: options.displayName ?? null,
        isPlatformAdmin: options.isPlatformAdmin ?? false,
        createdAt: deps.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (row)
      audit({ action: 'user.created', subjectType: 'user', subjectId: id, payload: { issuer, subject } });
    return succeed(row);
  });
  // A concurrent first request may have created the same user: read the winner.
  if (created.ok && created.value) return created.value;
  const winner = await findUser(deps.db, issuer, subject);
  if (!winner) throw new Error('user could not be created');
  return winner;
}

export async function loadPrincipal(deps: Deps, issuer: string, subject: string): Promise<Principal> {
  // One round trip on every authenticated request: the user and all their memberships together.
  const rows = await deps.db
    .select({
      userId: users.id,
      isPlatformAdmin: users.isPlatformAdmin,
      organizationId: memberships.organizationId,
      role: memberships.role,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.issuer, issuer), eq(users.subject, subject)));
  let first: { userId: string; isPlatformAdmin: boolean } | undefined = rows[0];
  if (!first) {
    const created = await ensureUser(deps, issuer, subject);
    first = { userId: created.id, isPlatformAdmin: created.isPlatformAdmin };
  }
  return {
    userId: first.userId,
    issuer,
    subject,
    isPlatformAdmin: first.isPlatformAdmin,
    memberships: rows.flatMap((r) =>
      r.organizationId && r.role ? [{ organizationId: r.organizationId, role: r.role as Role }] : [],
    ),
  };
}
