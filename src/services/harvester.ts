// The harvester: reads a source's catalogue page by page (Hydra paging), publishes its new records under the
// source's provider, revises the ones whose descriptor changed, retires the ones gone from it, and reports
// every record it could not take without stopping. Each dataset change commits with its audit entry.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { datasetsFromQuads, parseRdf, RdfParseError } from '../catalog/dcat-import';
import { nextPageOf } from '../catalog/hydra-paging';
import { datasetRevisions, datasets, harvestedRecords, harvestRuns, harvestSources } from '../db/schema';
import { inTransaction, type Work } from '../db/unit-of-work';
import { canonicalJson } from '../domain/canonical-json';
import type { DatasetStatus } from '../domain/dataset-lifecycle';
import type { DatasetDescriptor } from '../domain/descriptor';
import {
  emptyCounts,
  type HarvestCounts,
  type HarvestRecordError,
  type HarvestRunStatus,
  MAX_REPORTED_ERRORS,
} from '../domain/harvest-report';
import { nextRunAfter, parseSchedule } from '../domain/harvest-schedule';
import { fail, type Outcome, Problem, succeed } from '../domain/problem';
import { validateDescriptor } from '../validation/descriptor-validation';
import { derivedColumns } from './datasets';
import type { Deps } from './deps';
import {
  DEFAULT_HARVEST_LIMITS,
  fetchCatalogPage,
  HarvestFetchError,
  type HarvestLimits,
  type Validators,
} from './harvest-fetch';
import { type HarvestRunView, type HarvestTrigger, toRunView } from './harvest-sources';

type SourceRow = typeof harvestSources.$inferSelect;

export interface HarvestProgress {
  /** The page just read (1-based) and its URL. */
  page: number;
  url: string;
  counts: HarvestCounts;
}

export interface HarvestOptions {
  trigger: HarvestTrigger;
  /** Who the run's changes are recorded as: the admin who asked, or the source's registrant on schedule. */
  actorId: string;
  limits?: Partial<HarvestLimits>;
  onProgress?: (progress: HarvestProgress) => void;
}

/** A run that died without finishing (a crashed process) frees its source after this long. */
const STALE_RUN_MS = 3600_000;

interface KnownRecord {
  datasetId: string;
  digest: string;
  status: DatasetStatus;
  version: number;
}

const SAME_NOTE = (source: SourceRow, iri: string) => ({
  harvestSourceId: source.id,
  remoteIri: iri,
});

interface FreshRecord {
  iri: string;
  descriptor: DatasetDescriptor;
  digest: string;
  /** The record made a dataset that was retired when it left the source; it comes back as a new one. */
  replacing: boolean;
}

/**
 * New records of one page: published datasets of the provider, their first revisions and their links to the
 * source, as three multi-row inserts, with their audit entries, in the caller's transaction.
 */
function publishRecords(
  deps: Deps,
  { write, audit }: Work,
  actorId: string,
  source: SourceRow,
  fresh: FreshRecord[],
) {
  const now = deps.now();
  const placement = { providerId: source.providerId, deskId: null, status: 'published' as const };
  const rows = fresh.map((r) => ({ ...r, id: uuidv7(), change: `harvested from ${r.iri}` }));
  write(
    deps.db.insert(datasets).values(
      rows.map((r) => ({
        id: r.id,
        ...placement,
        version: 1,
        descriptor: r.descriptor,
        ...derivedColumns(r.descriptor, placement),
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      })),
    ),
  );
  write(
    deps.db.insert(datasetRevisions).values(
      rows.map((r) => ({
        datasetId: r.id,
        number: 1,
        status: 'published',
        descriptor: r.descriptor,
        deskId: null,
        change: r.change,
        authorId: actorId,
        createdAt: now,
      })),
    ),
  );
  const links = rows.map((r) => ({
    sourceId: source.id,
    remoteIri: r.iri,
    datasetId: r.id,
    digest: r.digest,
    lastSeenAt: now,
  }));
  write(
    deps.db
      .insert(harvestedRecords)
      .values(links)
      .onConflictDoUpdate({
        target: [harvestedRecords.sourceId, harvestedRecords.remoteIri],
        set: {
          datasetId: sql`excluded.dataset_id`,
          digest: sql`excluded.digest`,
          lastSeenAt: sql`excluded.last_seen_at`,
        },
      }),
  );
  for (const r of rows) {
    audit({
      action: 'dataset.created',
      subjectType: 'dataset',
      subjectId: r.id,
      payload: { providerId: source.providerId, deskId: null, change: r.change, ...SAME_NOTE(source, r.iri) },
      audience: [source.providerId],
    });
    audit({
      action: 'dataset.published',
      subjectType: 'dataset',
      subjectId: r.id,
      payload: { version: 1, from: 'draft', to: 'published', ...SAME_NOTE(source, r.iri) },
      audience: [source.providerId],
    });
  }
}

/** Revises or retires a harvested dataset at the version the run read, as changeDataset does for editors. */
async function changeRecord(
  deps: Deps,
  { tx, audit }: Work,
  actorId: string,
  source: SourceRow,
  iri: string,
  known: KnownRecord,
  next: { descriptor: DatasetDescriptor; digest: string } | 'retire',
): Promise<Outcome<null>> {
  const now = deps.now();
  const status: DatasetStatus = next === 'retire' ? 'retired' : known.status;
  const [current] = await tx.select().from(datasets).where(eq(datasets.id, known.datasetId));
  if (!current) return fail('not_found', 'the harvested dataset is gone');
  const descriptor = next === 'retire' ? current.descriptor : next.descriptor;
  const [row] = await tx
    .update(datasets)
    .set({
      status,
      version: sql`${datasets.version} + 1`,
      descriptor,
      ...derivedColumns(descriptor, { providerId: current.providerId, deskId: current.deskId, status }),
      updatedAt: now,
      ...(next === 'retire' ? { retiredAt: now } : {}),
    })
    .where(
      and(
        eq(datasets.id, known.datasetId),
        eq(datasets.version, current.version),
        eq(datasets.status, current.status),
      ),
    )
    .returning();
  if (!row) return fail('precondition_failed', 'the dataset changed meanwhile');
  await tx.insert(datasetRevisions).values({
    datasetId: row.id,
    number: row.version,
    status,
    descriptor,
    deskId: row.deskId,
    change: next === 'retire' ? `retired: gone from ${source.url}` : `harvested from ${iri}`,
    authorId: actorId,
    createdAt: now,
  });
  if (next !== 'retire') {
    await tx
      .update(harvestedRecords)
      .set({ digest: next.digest, lastSeenAt: now })
      .where(and(eq(harvestedRecords.sourceId, source.id), eq(harvestedRecords.remoteIri, iri)));
  }
  audit({
    action: next === 'retire' ? 'dataset.retired' : 'dataset.updated',
    subjectType: 'dataset',
    subjectId: row.id,
    payload: { version: row.version, from: current.status, to: status, ...SAME_NOTE(source, iri) },
    deskId: row.deskId,
    audience: [row.providerId],
  });
  return succeed(null);
}

const problemOf = (code: Problem['code'], detail: string, violations?: Problem['violations']) =>
  new Problem(code, detail, violations).toBody();

/** Takes the source for one run, unless another run holds it. */
async function claimSource(deps: Deps, id: string): Promise<Outcome<SourceRow>> {
  const now = deps.now();
  const [row] = await deps.db
    .update(harvestSources)
    .set({ runningSince: now })
    .where(
      and(
        eq(harvestSources.id, id),
        or(
          isNull(harvestSources.runningSince),
          lt(harvestSources.runningSince, new Date(now.getTime() - STALE_RUN_MS)),
        ),
      ),
    )
    .returning();
  if (row) return succeed(row);
  const [exists] = await deps.db
    .select({ id: harvestSources.id })
    .from(harvestSources)
    .where(eq(harvestSources.id, id));
  return exists
    ? fail('conflict', 'a harvest of this source is under way; wait for its report')
    : fail('not_found', 'no such harvest source');
}

/** Harvests one source now and returns the run's report; a page that fails ends the run, a record does not. */
export async function runHarvest(
  deps: Deps,
  sourceId: string,
  options: HarvestOptions,
): Promise<Outcome<HarvestRunView>> {
  const claimed = await claimSource(deps, sourceId);
  if (!claimed.ok) return claimed;
  const source = claimed.value;
  const runId = uuidv7();
  const counts = emptyCounts();
  const errors: HarvestRecordError[] = [];
  let status: HarvestRunStatus = 'failed';
  let failure: string | null = null;
  let validators: Validators | undefined;
  try {
    await inTransaction(deps.db, options.actorId, deps.now, async ({ tx, audit }) => {
      await tx.insert(harvestRuns).values({
        id: runId,
        sourceId,
        trigger: options.trigger,
        status: 'running',
        startedAt: deps.now(),
        counts,
        errors: [],
        startedBy: options.actorId,
      });
      audit({
        action: 'harvest.started',
        subjectType: 'harvest_source',
        subjectId: sourceId,
        payload: { runId, trigger: options.trigger, url: source.url },
        audience: [source.providerId],
      });
      return succeed(null);
    });
    const harvest = await harvestPages(deps, source, options, counts, errors);
    ({ status, failure, validators } = harvest);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    status = 'failed';
  } finally {
    await finishRun(deps, source, runId, options.actorId, { status, failure, counts, errors, validators });
  }
  const [run] = await deps.db.select().from(harvestRuns).where(eq(harvestRuns.id, runId));
  return succeed(toRunView(run!));
}

async function finishRun(
  deps: Deps,
  source: SourceRow,
  runId: string,
  actorId: string,
  result: {
    status: HarvestRunStatus;
    failure: string | null;
    counts: HarvestCounts;
    errors: HarvestRecordError[];
    validators: Validators | undefined;
  },
): Promise<void> {
  await inTransaction(deps.db, actorId, deps.now, async ({ tx, audit }) => {
    await tx
      .update(harvestRuns)
      .set({
        status: result.status,
        failure: result.failure,
        counts: result.counts,
        errors: result.errors.slice(0, MAX_REPORTED_ERRORS),
        finishedAt: deps.now(),
      })
      .where(eq(harvestRuns.id, runId));
    await tx
      .update(harvestSources)
      .set({
        runningSince: null,
        // Only a complete read of the catalogue may be skipped next time on a 304.
        ...(result.validators
          ? { etag: result.validators.etag, lastModified: result.validators.lastModified }
          : {}),
      })
      .where(eq(harvestSources.id, source.id));
    audit({
      action: 'harvest.finished',
      subjectType: 'harvest_source',
      subjectId: source.id,
      payload: { runId, status: result.status, counts: { ...result.counts }, failure: result.failure },
      audience: [source.providerId],
    });
    return succeed(null);
  });
}

async function knownRecords(deps: Deps, sourceId: string): Promise<Map<string, KnownRecord>> {
  const rows = await deps.db
    .select({
      iri: harvestedRecords.remoteIri,
      datasetId: harvestedRecords.datasetId,
      digest: harvestedRecords.digest,
      status: datasets.status,
      version: datasets.version,
    })
    .from(harvestedRecords)
    .innerJoin(datasets, eq(datasets.id, harvestedRecords.datasetId))
    .where(eq(harvestedRecords.sourceId, sourceId));
  return new Map(rows.map((r) => [r.iri, { ...r, status: r.status as DatasetStatus }]));
}

async function harvestPages(
  deps: Deps,
  source: SourceRow,
  options: HarvestOptions,
  counts: HarvestCounts,
  errors: HarvestRecordError[],
): Promise<{ status: HarvestRunStatus; failure: string | null; validators: Validators | undefined }> {
  const limits = { ...DEFAULT_HARVEST_LIMITS, ...options.limits };
  const known = await knownRecords(deps, source.id);
  const seen = new Set<string>();
  const visited = new Set<string>();
  const report = (iri: string, problem: HarvestRecordError['problem']) => {
    counts.failed++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ iri, problem });
  };
  const publish = async (fresh: FreshRecord[]) => {
    if (fresh.length === 0) return;
    const write = (batch: FreshRecord[]) =>
      inTransaction(deps.db, options.actorId, deps.now, async (work) => {
        publishRecords(deps, work, options.actorId, source, batch);
        return succeed(null);
      });
    try {
      await write(fresh);
      counts.created += fresh.length;
    } catch {
      // One record the database refuses must not keep the page's others out: they go one by one.
      for (const record of fresh) {
        const one = await write([record]).catch((e: unknown) => fail('internal', (e as Error).message));
        if (one.ok) counts.created++;
        else report(record.iri, one.problem.toBody());
      }
    }
  };
  let url: string | undefined = source.url;
  let firstValidators: Validators | undefined;
  while (url) {
    if (visited.size >= limits.maxPages)
      return {
        status: 'incomplete',
        failure: `stopped after ${limits.maxPages} pages`,
        validators: undefined,
      };
    visited.add(url);
    const first = visited.size === 1;
    let quads: Awaited<ReturnType<typeof parseRdf>>;
    let pageUrl: string;
    try {
      const page = await fetchCatalogPage(
        url,
        limits,
        first ? { etag: source.etag, lastModified: source.lastModified } : undefined,
      );
      if (page.kind === 'not_modified') {
        // The catalogue says nothing changed since the last complete run: its records were seen again.
        await deps.db
          .update(harvestedRecords)
          .set({ lastSeenAt: deps.now() })
          .where(eq(harvestedRecords.sourceId, source.id));
        return { status: 'not_modified', failure: null, validators: undefined };
      }
      if (first) firstValidators = page.validators;
      pageUrl = page.url;
      quads = await parseRdf(page.body, page.contentType);
    } catch (e) {
      if (!(e instanceof HarvestFetchError || e instanceof RdfParseError)) throw e;
      const why = e instanceof RdfParseError ? `${url}: ${e.message}` : e.message;
      return { status: first ? 'failed' : 'incomplete', failure: why, validators: undefined };
    }
    counts.pages++;
    const unchanged: string[] = [];
    const fresh: FreshRecord[] = [];
    for (const record of datasetsFromQuads(quads)) {
      const iri = record.sourceUri;
      if (seen.has(iri)) continue;
      seen.add(iri);
      counts.records++;
      if (iri.startsWith('_:')) {
        report(
          iri,
          problemOf('validation_failed', 'the record has no IRI (blank node): it cannot be followed'),
        );
        continue;
      }
      const checked = validateDescriptor(record.descriptor);
      if (!checked.ok) {
        report(
          iri,
          problemOf(
            'validation_failed',
            'the record does not make a valid dataset descriptor',
            checked.violations,
          ),
        );
        continue;
      }
      const descriptor = checked.value;
      // Synchronous SHA-256: thousands of records a run, each too small to be worth WebCrypto's round trip.
      const digest = bytesToHex(sha256(new TextEncoder().encode(canonicalJson(descriptor))));
      const had = known.get(iri);
      if (had && had.status !== 'retired' && had.digest === digest) {
        counts.unchanged++;
        unchanged.push(iri);
      } else if (!had || had.status === 'retired') {
        fresh.push({ iri, descriptor, digest, replacing: !!had });
      } else {
        const revised = await inTransaction(deps.db, options.actorId, deps.now, (work) =>
          changeRecord(deps, work, options.actorId, source, iri, had, { descriptor, digest }),
        ).catch((e: unknown) => fail('internal', (e as Error).message));
        if (revised.ok) counts.revised++;
        else report(iri, revised.problem.toBody());
      }
    }
    await publish(fresh);
    if (unchanged.length > 0) {
      await deps.db
        .update(harvestedRecords)
        .set({ lastSeenAt: deps.now() })
        .where(and(eq(harvestedRecords.sourceId, source.id), inArray(harvestedRecords.remoteIri, unchanged)));
    }
    options.onProgress?.({ page: visited.size, url: pageUrl, counts: { ...counts } });
    url = nextPageOf(quads, pageUrl);
    if (url && visited.has(url)) url = undefined;
  }
  // The whole catalogue was read: what it no longer lists is retired (only this source's records).
  for (const [iri, had] of known) {
    if (seen.has(iri) || had.status !== 'published') continue;
    const retired = await inTransaction(deps.db, options.actorId, deps.now, (work) =>
      changeRecord(deps, work, options.actorId, source, iri, had, 'retire'),
    );
    if (retired.ok) counts.retired++;
    else report(iri, retired.problem.toBody());
  }
  return { status: 'succeeded', failure: null, validators: firstValidators };
}

/**
 * The periodic job's part: harvests the enabled sources whose time has come, one after another. Each source is
 * taken by moving its next run forward first, so two instances never harvest it twice for one tick.
 */
export async function runDueHarvests(deps: Deps): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .select()
    .from(harvestSources)
    .where(and(eq(harvestSources.enabled, true), lt(harvestSources.nextRunAt, new Date(now.getTime() + 1))));
  let ran = 0;
  for (const source of due) {
    const schedule = parseSchedule(source.schedule);
    const next = schedule ? (nextRunAfter(schedule, now) ?? null) : null;
    const [taken] = await deps.db
      .update(harvestSources)
      .set({ nextRunAt: next })
      .where(and(eq(harvestSources.id, source.id), eq(harvestSources.nextRunAt, source.nextRunAt!)))
      .returning({ id: harvestSources.id });
    if (!taken) continue;
    const run = await runHarvest(deps, source.id, { trigger: 'schedule', actorId: source.createdBy });
    if (run.ok) ran++;
  }
  return ran;
}
