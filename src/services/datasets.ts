// Use cases of the catalogue's write side: create, update, publish and retire datasets, with revisions.
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../db/database';
import { datasetRevisions, datasets, desks, organizations } from '../db/schema';
import { inTransaction, type Work } from '../db/unit-of-work';
import { canApply, type DatasetAction, type DatasetStatus, nextStatus } from '../domain/dataset-lifecycle';
import type { DatasetDescriptor } from '../domain/descriptor';
import { facetKeys } from '../domain/facets';
import { diffJson, type PatchOperation } from '../domain/json-patch';
import { fail, type Outcome, succeed } from '../domain/problem';
import { publisherMismatches } from '../domain/publisher';
import { SEARCH_TEXT_VERSION, searchTexts } from '../domain/search-text';
import { validateDescriptor } from '../validation/descriptor-validation';
import type { Violation } from '../validation/violation';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';

export type DatasetRow = typeof datasets.$inferSelect;

export interface DatasetView {
  id: string;
  uri: string;
  status: DatasetStatus;
  version: number;
  providerId: string;
  deskId: string | null;
  descriptor: DatasetDescriptor;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
}

export const datasetUri = (deps: Pick<Deps, 'publicBaseUrl'>, id: string) =>
  `${deps.publicBaseUrl}/v1/datasets/${id}`;

export function toDatasetView(deps: Pick<Deps, 'publicBaseUrl'>, row: DatasetRow): DatasetView {
  return {
    id: row.id,
    uri: datasetUri(deps, row.id),
    status: row.status as DatasetStatus,
    version: row.version,
    providerId: row.providerId,
    deskId: row.deskId,
    descriptor: row.descriptor,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}

/** Drafts are seen only by their provider's editors; published and retired datasets by anyone. */
export function canSee(p: Principal | undefined, row: Pick<DatasetRow, 'status' | 'providerId'>): boolean {
  return row.status !== 'draft' || hasRole(p, row.providerId, 'editor');
}

/** The columns derived from a descriptor for search, filters and facets, rewritten on every change. */
export function derivedColumns(
  d: DatasetDescriptor,
  placement: { providerId: string; deskId: string | null; status: DatasetStatus },
) {
  const { title, body, concepts } = searchTexts(d);
  return {
    facetKeys: facetKeys(d, placement),
    searchTitle: title,
    searchBody: body,
    searchConcepts: concepts,
    searchVersion: SEARCH_TEXT_VERSION,
    themes: d.themes ?? [],
    healthCategories: d.healthCategories ?? [],
    codingSystems: d.codingSystems ?? [],
    duoPermission: d.dataUseConditions?.permission.code ?? null,
    accessRights: d.accessRights,
  };
}

function checkDescriptor(input: unknown): Outcome<DatasetDescriptor> {
  const result = validateDescriptor(input);
  if (result.ok) return succeed(result.value);
  const violations: Violation[] = result.violations.map((v) => ({
    ...v,
    pointer: `/descriptor${v.pointer}`,
  }));
  return fail('validation_failed', 'the dataset descriptor does not match its schema', violations);
}

/**
 * A desk decides what it offers: a dataset goes straight onto its provider's own desk, or onto another
 * organisation's desk when that desk's admin places it; otherwise it is offered (desk-offers.ts) and the
 * desk's admins accept or decline.
 */
async function checkPlacement(
  db: Executor,
  principal: Principal,
  providerId: string,
  deskId: string | null,
  pointer: string,
): Promise<Outcome<null>> {
  if (!deskId) return succeed(null);
  const [desk] = await db
    .select({ name: desks.name, operatorId: desks.operatorId })
    .from(desks)
    .where(eq(desks.id, deskId));
  if (!desk) return fail('validation_failed', 'unknown desk', [{ pointer, message: 'no such desk' }]);
  if (desk.operatorId === providerId || hasRole(principal, desk.operatorId, 'desk_admin'))
    return succeed(null);
  return fail('forbidden', `'${desk.name}' is run by another organisation and decides what it offers`, [
    {
      pointer,
      message: 'offer the dataset to this desk (POST /v1/desk-offers): its admins accept or decline',
    },
  ]);
}

/** A provider names itself as a dataset's publisher, never another organisation (pointer: the publisher's). */
async function checkPublisher(
  db: Executor,
  providerId: string,
  descriptor: DatasetDescriptor,
  pointer: string,
): Promise<Outcome<null>> {
  const [org] = await db
    .select({ name: organizations.name, homepage: organizations.homepage })
    .from(organizations)
    .where(eq(organizations.id, providerId));
  if (!org) return fail('not_found', 'no such organisation');
  const mismatches = publisherMismatches(descriptor.publisher, org);
  if (mismatches.length === 0) return succeed(null);
  return fail(
    'forbidden',
    `datasets of '${org.name}' name it as their publisher; no organisation publishes in another's name`,
    mismatches.map((m) => ({ pointer: `${pointer}${m.pointer}`, message: m.message })),
  );
}

export interface CreateDatasetInput {
  providerId: string;
  deskId?: string | null | undefined;
  descriptor: unknown;
}

export async function createDataset(
  deps: Deps,
  principal: Principal,
  input: CreateDatasetInput,
): Promise<Outcome<DatasetView>> {
  if (!hasRole(principal, input.providerId, 'editor')) {
    return fail('forbidden', 'only editors of the provider organisation can create its datasets');
  }
  const descriptor = checkDescriptor(input.descriptor);
  if (!descriptor.ok) return descriptor;
  return inTransaction(deps.db, principal.userId, deps.now, async (w) =>
    insertDataset(deps, w, principal, {
      providerId: input.providerId,
      deskId: input.deskId ?? null,
      descriptor: descriptor.value,
      change: 'created',
      pointers: { descriptor: '/descriptor', deskId: '/deskId' },
    }),
  );
}

export interface NewDataset {
  providerId: string;
  deskId: string | null;
  descriptor: DatasetDescriptor;
  /** The first revision's note, e.g. "created" or "imported from <source>". */
  change: string;
  /** Where the descriptor and the desk are in the caller's request, for the problems' pointers. */
  pointers: { descriptor: string; deskId: string };
}

/** Writes a draft and its first revision, once its publisher and its desk are the provider's to name. */
export async function insertDataset(
  deps: Deps,
  { tx, audit }: Work,
  principal: Principal,
  input: NewDataset,
): Promise<Outcome<DatasetView>> {
  const { providerId, deskId, descriptor, change } = input;
  const placed = await checkPlacement(tx, principal, providerId, deskId, input.pointers.deskId);
  if (!placed.ok) return placed;
  const publisher = await checkPublisher(
    tx,
    providerId,
    descriptor,
    `${input.pointers.descriptor}/publisher`,
  );
  if (!publisher.ok) return publisher;
  const now = deps.now();
  const id = uuidv7();
  const [row] = await tx
    .insert(datasets)
    .values({
      id,
      providerId,
      deskId,
      status: 'draft',
      version: 1,
      descriptor,
      ...derivedColumns(descriptor, { providerId, deskId, status: 'draft' }),
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await tx.insert(datasetRevisions).values({
    datasetId: id,
    number: 1,
    status: 'draft',
    descriptor,
    deskId,
    change,
    authorId: principal.userId,
    createdAt: now,
  });
  audit({
    action: 'dataset.created',
    subjectType: 'dataset',
    subjectId: id,
    payload: { providerId, deskId, change },
    audience: [providerId],
  });
  return succeed(toDatasetView(deps, row!));
}

/** Reads a dataset as the caller may see it; anything they may not see is simply not found. */
export async function getDataset(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
): Promise<Outcome<DatasetView>> {
  const [row] = await deps.db.select().from(datasets).where(eq(datasets.id, id));
  if (!row || !canSee(principal, row)) return fail('not_found', 'no such dataset');
  return succeed(toDatasetView(deps, row));
}

/** How many datasets a provider's list shows at most (the latest changed first). */
export const PROVIDER_LIST_LIMIT = 500;

/**
 * The datasets of the provider organisations the caller edits for, drafts included, latest change first:
 * exactly the datasets whose drafts canSee lets them read, and nobody else's.
 */
export async function listEditorDatasets(
  deps: Deps,
  principal: Principal | undefined,
  status?: DatasetStatus,
): Promise<DatasetView[]> {
  const providers = orgsWithRole(principal, 'editor');
  if (providers.length === 0) return [];
  const rows = await deps.db
    .select()
    .from(datasets)
    .where(and(inArray(datasets.providerId, providers), status ? eq(datasets.status, status) : undefined))
    .orderBy(desc(datasets.updatedAt), desc(datasets.id))
    .limit(PROVIDER_LIST_LIMIT);
  return rows.map((row) => toDatasetView(deps, row));
}

const PAST: Record<DatasetAction, string> = { update: 'updated', publish: 'published', retire: 'retired' };

export interface ChangeDatasetInput {
  id: string;
  expectedVersion: number;
  descriptor?: unknown;
  deskId?: string | null | undefined;
}

/**
 * Applies one lifecycle action under optimistic concurrency: the UPDATE is guarded by the expected
 * version and the allowed source states, so two racing writers cannot both win.
 */
export async function changeDataset(
  deps: Deps,
  principal: Principal,
  action: DatasetAction,
  input: ChangeDatasetInput,
): Promise<Outcome<DatasetView>> {
  let descriptor: DatasetDescriptor | undefined;
  if (action === 'update') {
    const checked = checkDescriptor(input.descriptor);
    if (!checked.ok) return checked;
    descriptor = checked.value;
  }
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [current] = await tx.select().from(datasets).where(eq(datasets.id, input.id));
    // A dataset of another provider does not exist for this caller (404, not 403, so nothing leaks).
    if (!current || !hasRole(principal, current.providerId, 'editor'))
      return fail('not_found', 'no such dataset');
    if (current.version !== input.expectedVersion) {
      return fail(
        'precondition_failed',
        `the dataset is at version ${current.version}, not ${input.expectedVersion}`,
      );
    }
    const from = current.status as DatasetStatus;
    if (!canApply(action, from)) return fail('conflict', `cannot ${action} a dataset that is ${from}`);
    const deskId = action === 'update' && input.deskId !== undefined ? input.deskId : current.deskId;
    // Staying on the desk that took it needs nobody's consent again; moving to another desk does.
    if (deskId !== current.deskId) {
      const placed = await checkPlacement(tx, principal, current.providerId, deskId, '/deskId');
      if (!placed.ok) return placed;
    }
    const nextDescriptor = descriptor ?? current.descriptor;
    // Checked on publication too: a draft written before this rule must not go public in another's name.
    if (action !== 'retire') {
      const publisher = await checkPublisher(tx, current.providerId, nextDescriptor, '/descriptor/publisher');
      if (!publisher.ok) return publisher;
    }
    const now = deps.now();
    const status = nextStatus(action, from);
    const [row] = await tx
      .update(datasets)
      .set({
        status,
        version: sql`${datasets.version} + 1`,
        descriptor: nextDescriptor,
        deskId,
        ...derivedColumns(nextDescriptor, { providerId: current.providerId, deskId, status }),
        updatedAt: now,
        ...(action === 'publish' ? { publishedAt: now } : {}),
        ...(action === 'retire' ? { retiredAt: now } : {}),
      })
      .where(
        and(
          eq(datasets.id, input.id),
          eq(datasets.version, input.expectedVersion),
          eq(datasets.status, from),
        ),
      )
      .returning();
    if (!row) return fail('precondition_failed', 'the dataset changed meanwhile; read it again');
    await tx.insert(datasetRevisions).values({
      datasetId: row.id,
      number: row.version,
      status,
      descriptor: nextDescriptor,
      deskId,
      change: PAST[action],
      authorId: principal.userId,
      createdAt: now,
    });
    audit({
      action: `dataset.${PAST[action]}`,
      subjectType: 'dataset',
      subjectId: row.id,
      payload: { version: row.version, from, to: status },
      deskId: row.deskId,
      audience: [row.providerId],
    });
    return succeed(toDatasetView(deps, row));
  });
}

export interface RevisionView {
  number: number;
  status: DatasetStatus;
  change: string;
  /** Null for anyone but the provider's editors: who wrote what stays inside the provider. */
  authorId: string | null;
  createdAt: string;
  deskId: string | null;
  descriptor: DatasetDescriptor;
}

/**
 * The revisions the caller may read, oldest first. The provider's editors read the whole history; everyone
 * else reads only the revisions that were public content (published or retired), never drafts.
 */
export async function listRevisions(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
): Promise<Outcome<RevisionView[]>> {
  const visible = await getDataset(deps, principal, id);
  if (!visible.ok) return visible;
  const editor = hasRole(principal, visible.value.providerId, 'editor');
  const rows = await deps.db
    .select()
    .from(datasetRevisions)
    .where(and(eq(datasetRevisions.datasetId, id), editor ? undefined : ne(datasetRevisions.status, 'draft')))
    .orderBy(asc(datasetRevisions.number));
  return succeed(
    rows.map((r) => ({
      number: r.number,
      status: r.status as DatasetStatus,
      change: r.change,
      authorId: editor ? r.authorId : null,
      createdAt: r.createdAt.toISOString(),
      deskId: r.deskId,
      descriptor: r.descriptor,
    })),
  );
}

export async function getRevision(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
  number: number,
): Promise<Outcome<RevisionView>> {
  const all = await listRevisions(deps, principal, id);
  if (!all.ok) return all;
  const found = all.value.find((r) => r.number === number);
  return found ? succeed(found) : fail('not_found', `dataset has no revision ${number}`);
}

export async function providerExists(db: Executor, id: string): Promise<boolean> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
  return !!org;
}

/** The RFC 6902 patch from one revision's descriptor to another's. */
export async function diffRevisions(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
  from: number,
  to: number,
): Promise<Outcome<{ from: number; to: number; patch: PatchOperation[] }>> {
  const all = await listRevisions(deps, principal, id);
  if (!all.ok) return all;
  const a = all.value.find((r) => r.number === from);
  const b = all.value.find((r) => r.number === to);
  if (!a || !b) return fail('not_found', `dataset has no revision ${!a ? from : to}`);
  return succeed({ from, to, patch: diffJson(a.descriptor, b.descriptor) });
}
