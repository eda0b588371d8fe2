// Work that runs on a timer: a Node interval or a Workers cron trigger call the same function.
import { lt } from 'drizzle-orm';
import { idempotencyKeys, visas } from '../db/schema';
import { expireRequests } from './access-request-decisions';
import { makeCheckpoint } from './audit-checkpoints';
import { pruneDeniedWrites } from './denied-writes';
import type { Deps } from './deps';
import { runDueHarvests } from './harvester';
import { type DispatchReport, dispatchWebhooks } from './webhooks';

/** Idempotency keys are honoured for a day, as clients retry within minutes, not weeks. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;

/** Expired visas stay in the register for a month, to answer "was this token ours?" after an incident. */
export const EXPIRED_VISA_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface PeriodicReport {
  idempotencyKeysPruned: number;
  visasPruned: number;
  deniedWritesPruned: number;
  requestsExpired: number;
  webhooks: DispatchReport;
  checkpointTreeSize: number;
  /** Harvest sources whose scheduled time had come, harvested one after another. */
  harvests: number;
}

export async function runPeriodicJobs(deps: Deps): Promise<PeriodicReport> {
  const requestsExpired = await expireRequests(deps);
  const webhooks = await dispatchWebhooks(deps);
  const checkpoint = await makeCheckpoint(deps);
  const cutoff = new Date(deps.now().getTime() - IDEMPOTENCY_KEY_TTL_MS);
  const pruned = await deps.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  const expired = await deps.db
    .delete(visas)
    .where(lt(visas.expiresAt, new Date(deps.now().getTime() - EXPIRED_VISA_RETENTION_MS)))
    .returning({ jti: visas.jti });
  const deniedWritesPruned = await pruneDeniedWrites(deps);
  const harvests = await runDueHarvests(deps);
  return {
    idempotencyKeysPruned: pruned.length,
    visasPruned: expired.length,
    deniedWritesPruned,
    requestsExpired,
    webhooks,
    checkpointTreeSize: checkpoint.treeSize,
    harvests,
  };
}

/** How often the Node adapter runs the jobs; wrangler.toml's cron (every minute) does the same on Workers. */
export const PERIODIC_INTERVAL_MS = 60 * 1000;
/** Webhooks are delivered sooner on Node, where a timer costs nothing. */
export const WEBHOOK_INTERVAL_MS = 5 * 1000;
