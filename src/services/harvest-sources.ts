// Harvest sources: the remote DCAT-AP catalogues a platform admin registers, each harvested into one provider
// organisation on a schedule or on demand, and the reports of their runs.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../db/database';
import { harvestedRecords, harvestRuns, harvestSources, organizations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import type { HarvestCounts, HarvestRecordError, HarvestRunStatus } from '../domain/harvest-report';
import { nextRunAfter, parseSchedule, SCHEDULE_SYNTAX } from '../domain/harvest-schedule';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Violation } from '../validation/violation';
import type { Deps, Principal } from './deps';
import { isHttpUrl } from './harvest-fetch';

export type HarvestTrigger = 'manual' | 'schedule' | 'cli';

export interface HarvestRunView {
  id: string;
  sourceId: string;
  trigger: HarvestTrigger;
  status: HarvestRunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: HarvestCounts;
  errors: HarvestRecordError[];
  failure: string | null;
}

export interface HarvestSourceView {
  id: string;
  url: string;
  providerId: string;
  schedule: string;
  enabled: boolean;
  version: number;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastRun: HarvestRunView | null;
}

type SourceRow = typeof harvestSources.$inferSelect;
type RunRow = typeof harvestRuns.$inferSelect;

export const toRunView = (r: RunRow): HarvestRunView => ({
  id: r.id,
  sourceId: r.sourceId,
  trigger: r.trigger as HarvestTrigger,
  status: r.status as HarvestRunStatus,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  counts: r.counts,
  errors: r.errors,
  failure: r.failure,
});

const toSourceView = (r: SourceRow, lastRun: RunRow | undefined): HarvestSourceView => ({
  id: r.id,
  url: r.url,
  providerId: r.providerId,
  schedule: r.schedule,
  enabled: r.enabled,
  version: r.version,
  nextRunAt: r.nextRunAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  lastRun: lastRun ? toRunView(lastRun) : null,
});

const adminOnly = (p: Principal) =>
  p.isPlatformAdmin ? undefined : fail<never>('forbidden', 'only platform admins manage harvest sources');

/** When a source next runs: an interval source at once (then every n hours), a daily one at its next time. */
function firstRun(schedule: string, enabled: boolean, now: Date): Date | null {
  const parsed = parseSchedule(schedule);
  if (!enabled || !parsed || parsed.kind === 'manual') return null;
  return parsed.kind === 'every' ? now : (nextRunAfter(parsed, now) ?? null);
}

function checkUrl(url: string, violations: Violation[]): void {
  if (!isHttpUrl(url))
    violations.push({ pointer: '/url', message: 'must be an absolute http:// or https:// URL' });
}

function checkSchedule(schedule: string, violations: Violation[]): void {
  if (!parseSchedule(schedule))
    violations.push({ pointer: '/schedule', message: `expected ${SCHEDULE_SYNTAX}` });
}

const invalid = (violations: Violation[]) =>
  fail<never>('validation_failed', 'the harvest source is not valid', violations);

async function lastRuns(db: Executor, sourceIds: string[]): Promise<Map<string, RunRow>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([harvestRuns.sourceId])
    .from(harvestRuns)
    .where(inArray(harvestRuns.sourceId, sourceIds))
    .orderBy(harvestRuns.sourceId, desc(harvestRuns.startedAt), desc(harvestRuns.id));
  return new Map(rows.map((r) => [r.sourceId, r]));
}

export interface NewHarvestSource {
  url: string;
  providerId: string;
  schedule: string;
  enabled?: boolean | undefined;
}

export async function createHarvestSource(
  deps: Deps,
  principal: Principal,
  input: NewHarvestSource,
): Promise<Outcome<HarvestSourceView>> {
  const refused = adminOnly(principal);
  if (refused) return refused;
  const violations: Violation[] = [];
  checkUrl(input.url, violations);
  checkSchedule(input.schedule, violations);
  const [provider] = await deps.db
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, input.providerId));
  if (!provider) violations.push({ pointer: '/providerId', message: 'no such organisation' });
  else if (provider.kind !== 'provider')
    violations.push({
      pointer: '/providerId',
      message: 'datasets are published under a provider organisation',
    });
  if (violations.length) return invalid(violations);
  const url = new URL(input.url).toString();
  const enabled = input.enabled ?? true;
  const schedule = input.schedule.trim().toLowerCase();
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const now = deps.now();
    const [row] = await tx
      .insert(harvestSources)
      .values({
        id: uuidv7(),
        url,
        providerId: input.providerId,
        schedule,
        enabled,
        nextRunAt: firstRun(schedule, enabled, now),
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      return fail('conflict', 'this catalogue is already registered', [
        { pointer: '/url', message: 'already registered as a harvest source' },
      ]);
    audit({
      action: 'harvest_source.registered',
      subjectType: 'harvest_source',
      subjectId: row.id,
      payload: { url, providerId: row.providerId, schedule, enabled },
      audience: [row.providerId],
    });
    return succeed(toSourceView(row, undefined));
  });
}

export async function listHarvestSources(
  deps: Deps,
  principal: Principal,
): Promise<Outcome<HarvestSourceView[]>> {
  const refused = adminOnly(principal);
  if (refused) return refused;
  const rows = await deps.db
    .select()
    .from(harvestSources)
    .orderBy(harvestSources.createdAt, harvestSources.id);
  const runs = await lastRuns(
    deps.db,
    rows.map((r) => r.id),
  );
  return succeed(rows.map((r) => toSourceView(r, runs.get(r.id))));
}

export async function getHarvestSource(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<Outcome<HarvestSourceView>> {
  const refused = adminOnly(principal);
  if (refused) return refused;
  const [row] = await deps.db.select().from(harvestSources).where(eq(harvestSources.id, id));
  if (!row) return fail('not_found', 'no such harvest source');
  return succeed(toSourceView(row, (await lastRuns(deps.db, [id])).get(id)));
}

export interface HarvestSourceChange {
  url?: string | undefined;
  schedule?: string | undefined;
  enabled?: boolean | undefined;
}

/** Changes a source at the version its ETag named; a new URL forgets the old one's validators. */
export async function changeHarvestSource(
  deps: Deps,
  principal: Principal,
  id: string,
  expectedVersion: number,
  change: HarvestSourceChange,
  action: 'changed' | 'disabled' = 'changed',
): Promise<Outcome<HarvestSourceView>> {
  const refused = adminOnly(principal);
  if (refused) return refused;
  const violations: Violation[] = [];
  if (change.url !== undefined) checkUrl(change.url, violations);
  if (change.schedule !== undefined) checkSchedule(change.schedule, violations);
  if (violations.length) return invalid(violations);
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [current] = await tx.select().from(harvestSources).where(eq(harvestSources.id, id));
    if (!current) return fail('not_found', 'no such harvest source');
    if (current.version !== expectedVersion)
      return fail(
        'precondition_failed',
        `the source is at version ${current.version}, not ${expectedVersion}`,
      );
    const url = change.url !== undefined ? new URL(change.url).toString() : current.url;
    const schedule = change.schedule?.trim().toLowerCase() ?? current.schedule;
    const enabled = change.enabled ?? current.enabled;
    if (url !== current.url) {
      const [taken] = await tx
        .select({ id: harvestSources.id })
        .from(harvestSources)
        .where(eq(harvestSources.url, url));
      if (taken && taken.id !== id)
        return fail('conflict', 'this catalogue is already registered', [
          { pointer: '/url', message: 'already registered as a harvest source' },
        ]);
    }
    const now = deps.now();
    const rescheduled = schedule !== current.schedule || enabled !== current.enabled;
    const [row] = await tx
      .update(harvestSources)
      .set({
        url,
        schedule,
        enabled,
        version: current.version + 1,
        updatedAt: now,
        ...(rescheduled ? { nextRunAt: firstRun(schedule, enabled, now) } : {}),
        ...(url !== current.url ? { etag: null, lastModified: null } : {}),
      })
      .where(and(eq(harvestSources.id, id), eq(harvestSources.version, expectedVersion)))
      .returning();
    if (!row) return fail('precondition_failed', 'the source changed meanwhile; read it again');
    audit({
      action: `harvest_source.${action}`,
      subjectType: 'harvest_source',
      subjectId: id,
      payload: { url, schedule, enabled, version: row.version },
      audience: [row.providerId],
    });
    return succeed(toSourceView(row, (await lastRuns(tx, [id])).get(id)));
  });
}

/** DELETE stops a source for good: it is disabled, its datasets and run history stay. */
export async function disableHarvestSource(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<Outcome<HarvestSourceView>> {
  const refused = adminOnly(principal);
  if (refused) return refused;
  const [row] = await deps.db.select().from(harvestSources).where(eq(harvestSources.id, id));
  if (!row) return fail('not_found', 'no such harvest source');
  return changeHarvestSource(deps, principal, id, row.version, { enabled: false }, 'disabled');
}

export async function listHarvestRuns(
  deps: Deps,
  principal: Principal,
  sourceId: string,
  limit = 20,
): Promise<Outcome<HarvestRunView[]>> {
  const source = await getHarvestSource(deps, principal, sourceId);
  if (!source.ok) return source;
  const rows = await deps.db
    .select()
    .from(harvestRuns)
    .where(eq(harvestRuns.sourceId, sourceId))
    .orderBy(desc(harvestRuns.startedAt), desc(harvestRuns.id))
    .limit(limit);
  return succeed(rows.map(toRunView));
}

/** Where a harvested dataset comes from, for its public page; undefined for a dataset published here. */
export async function harvestOrigin(
  deps: Deps,
  datasetId: string,
): Promise<{ catalogueUrl: string; remoteIri: string; lastHarvestedAt: string } | undefined> {
  const [row] = await deps.db
    .select({ url: harvestSources.url, iri: harvestedRecords.remoteIri, seen: harvestedRecords.lastSeenAt })
    .from(harvestedRecords)
    .innerJoin(harvestSources, eq(harvestSources.id, harvestedRecords.sourceId))
    .where(eq(harvestedRecords.datasetId, datasetId));
  return row
    ? { catalogueUrl: row.url, remoteIri: row.iri, lastHarvestedAt: row.seen.toISOString() }
    : undefined;
}
