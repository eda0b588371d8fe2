// Refused writes, recorded so a desk sees who probes what: counted per caller, operation and hour, with one
// audit entry when a caller's first refusal of an hour for an operation opens its count.
import { desc, lt, sql } from 'drizzle-orm';
import { rowsOf } from '../db/database';
import { deniedWrites } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, Principal } from './deps';

export const DENIED_WINDOW_MS = 3600 * 1000;
/** Distinct targets kept per count: enough to see a pattern, bounded however many are tried. */
export const DENIED_TARGETS_KEPT = 20;
/** Counts are kept 90 days; their opening audit entries stay in the log for good. */
export const DENIED_RETENTION_MS = 90 * 24 * 3600 * 1000;

export interface DeniedWrite {
  callerId: string;
  operation: string;
  /** The identifier the path named, if any. */
  target: string | undefined;
  status: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The desk a target belongs to, when it is one of a desk's own records (or the desk itself). */
async function deskOf(deps: Deps, target: string | undefined): Promise<string | null> {
  if (!target || !UUID.test(target)) return null;
  const [row] = rowsOf<{ desk_id: string | null }>(
    await deps.db.execute(sql`
      select id as desk_id from desks where id = ${target}
      union all select desk_id from datasets where id = ${target}
      union all select desk_id from access_requests where id = ${target}
      union all select desk_id from evaluations where id = ${target}
      union all select r.desk_id from grants g join access_requests r on r.id = g.request_id where g.id = ${target}
      limit 1`),
  );
  return row?.desk_id ?? null;
}

export async function recordDeniedWrite(deps: Deps, denied: DeniedWrite): Promise<void> {
  const at = deps.now();
  const windowStart = new Date(Math.floor(at.getTime() / DENIED_WINDOW_MS) * DENIED_WINDOW_MS);
  const target = denied.target?.slice(0, 100);
  const deskId = await deskOf(deps, target);
  await inTransaction(deps.db, denied.callerId, deps.now, async (w) => {
    const targets = target ? [target] : [];
    const [row] = await w.tx
      .insert(deniedWrites)
      .values({
        callerId: denied.callerId,
        operation: denied.operation,
        windowStart,
        attempts: 1,
        targets,
        lastStatus: denied.status,
        lastAt: at,
      })
      .onConflictDoUpdate({
        target: [deniedWrites.callerId, deniedWrites.operation, deniedWrites.windowStart],
        set: {
          attempts: sql`${deniedWrites.attempts} + 1`,
          targets: sql`case when ${deniedWrites.targets} @> ${JSON.stringify(targets)}::jsonb
            or jsonb_array_length(${deniedWrites.targets}) >= ${DENIED_TARGETS_KEPT}
            then ${deniedWrites.targets} else ${deniedWrites.targets} || ${JSON.stringify(targets)}::jsonb end`,
          lastStatus: denied.status,
          lastAt: at,
        },
      })
      .returning({ attempts: deniedWrites.attempts });
    if (row?.attempts === 1) {
      w.audit({
        action: 'write.denied',
        subjectType: 'operation',
        subjectId: denied.operation,
        payload: { operation: denied.operation, target: target ?? null, status: denied.status },
        deskId,
      });
    }
    return succeed(undefined);
  });
}

/** The counts of the last 90 days, newest first (platform admins). */
export async function listDeniedWrites(
  deps: Deps,
  p: Principal,
  limit: number,
): Promise<Outcome<(typeof deniedWrites.$inferSelect)[]>> {
  if (!p.isPlatformAdmin) return fail('forbidden', 'refused writes are listed for platform admins');
  return succeed(await deps.db.select().from(deniedWrites).orderBy(desc(deniedWrites.lastAt)).limit(limit));
}

export async function pruneDeniedWrites(deps: Deps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - DENIED_RETENTION_MS);
  const pruned = await deps.db
    .delete(deniedWrites)
    .where(lt(deniedWrites.windowStart, cutoff))
    .returning({ operation: deniedWrites.operation });
  return pruned.length;
}
