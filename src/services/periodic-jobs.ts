// Work that runs on a timer: a Node interval or a Workers cron trigger call the same function.
import { lt } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema';
import type { Deps } from './deps';

/** Idempotency keys are honoured for a day, as clients retry within minutes, not weeks. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;

export interface PeriodicReport {
  idempotencyKeysPruned: number;
}

export async function runPeriodicJobs(deps: Deps): Promise<PeriodicReport> {
  const cutoff = new Date(deps.now().getTime() - IDEMPOTENCY_KEY_TTL_MS);
  const pruned = await deps.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return { idempotencyKeysPruned: pruned.length };
}

/** How often the Node adapter runs the jobs; wrangler.toml's cron says the same for Workers. */
export const PERIODIC_INTERVAL_MS = 5 * 60 * 1000;
