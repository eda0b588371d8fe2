// The public catalogue as DCAT-AP entries, and the import of HealthDCAT-AP documents as drafts.
import { asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { CatalogEntry, CatalogInfo } from '../catalog/dcat-export';
import { parseCatalogDocument, RdfParseError } from '../catalog/dcat-import';
import { datasets, desks, organizations } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import { validateDescriptor } from '../validation/descriptor-validation';
import { canSee, type DatasetRow, type DatasetView, datasetUri, insertDataset } from './datasets';
import { type Deps, hasRole, type Principal } from './deps';

export function catalogInfo(deps: Pick<Deps, 'publicBaseUrl'>): CatalogInfo {
  return {
    uri: `${deps.publicBaseUrl}/v1/catalog`,
    title: {
      fr: 'Catalogue PHOENIX des données de santé',
      en: 'PHOENIX health-data catalogue',
    },
    description: {
      fr: 'Jeux de données de santé publiés par les fournisseurs du guichet de partage PHOENIX (MEDICEN, Paris Région).',
      en: 'Health datasets published by the providers of the PHOENIX data-sharing desk (MEDICEN, Paris Region).',
    },
    publisher: { uri: `${deps.publicBaseUrl}/v1/organizations/platform`, name: 'MEDICEN Paris Region' },
    homepage: deps.publicBaseUrl,
  };
}

async function loadEntries(
  deps: Deps,
  where: ReturnType<typeof eq>,
  page?: { limit: number; offset: number },
): Promise<(CatalogEntry & { row: DatasetRow })[]> {
  const query = deps.db
    .select({ d: datasets, providerName: organizations.name, deskName: desks.name })
    .from(datasets)
    .innerJoin(organizations, eq(organizations.id, datasets.providerId))
    .leftJoin(desks, eq(desks.id, datasets.deskId))
    .where(where)
    .orderBy(asc(datasets.id));
  const rows = await (page ? query.limit(page.limit).offset(page.offset) : query);
  return rows.map(({ d, providerName, deskName }) => ({
    row: d,
    id: d.id,
    uri: datasetUri(deps, d.id),
    descriptor: d.descriptor,
    issued: (d.publishedAt ?? d.createdAt).toISOString(),
    modified: d.updatedAt.toISOString(),
    providerName,
    ...(deskName ? { deskName } : {}),
  }));
}

/** How many datasets a page of GET /v1/catalog lists unless asked otherwise, and at most. */
export const CATALOG_PAGE_SIZE = 100;
export const CATALOG_MAX_PAGE_SIZE = 500;

export interface CatalogState {
  totalItems: number;
  /** The latest publication, change or retirement of a public dataset; null for an empty catalogue. */
  lastChange: Date | null;
}

/**
 * What the public catalogue's validators are computed from: a dataset that is published, changed while
 * published, or retired moves its updated_at, and drafts are not public, so their changes do not count.
 */
export async function catalogState(deps: Deps): Promise<CatalogState> {
  const [row] = await deps.db
    .select({
      total: sql<number>`count(*) filter (where ${datasets.status} = 'published')`.mapWith(Number),
      lastChange: max(datasets.updatedAt),
    })
    .from(datasets)
    .where(inArray(datasets.status, ['published', 'retired']));
  const last = row?.lastChange;
  return { totalItems: row?.total ?? 0, lastChange: last ? new Date(last) : null };
}

/** One page (1-based) of the published datasets, in the stable order of their ids. */
export async function publishedCatalogPage(deps: Deps, page: number, limit: number): Promise<CatalogEntry[]> {
  return loadEntries(deps, eq(datasets.status, 'published'), { limit, offset: (page - 1) * limit });
}

export async function catalogEntry(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
): Promise<Outcome<CatalogEntry>> {
  const [entry] = await loadEntries(deps, eq(datasets.id, id));
  if (!entry || !canSee(principal, entry.row)) return fail('not_found', 'no such dataset');
  return succeed(entry);
}

export interface ImportResult {
  sourceUri: string;
  dataset: DatasetView;
  warnings: string[];
}

/** Imports every dataset of a HealthDCAT-AP document as drafts, all or nothing. */
export async function importCatalogDocument(
  deps: Deps,
  principal: Principal,
  input: {
    providerId: string;
    deskId?: string | undefined;
    body: string;
    contentType: 'text/turtle' | 'application/ld+json';
  },
): Promise<Outcome<ImportResult[]>> {
  if (!hasRole(principal, input.providerId, 'editor')) {
    return fail('forbidden', 'only editors of the provider organisation can import its datasets');
  }
  let parsed: Awaited<ReturnType<typeof parseCatalogDocument>>;
  try {
    parsed = await parseCatalogDocument(input.body, input.contentType);
  } catch (e) {
    if (e instanceof RdfParseError) return fail('bad_request', `the document is not valid RDF: ${e.message}`);
    throw e;
  }
  if (parsed.length === 0)
    return fail('validation_failed', 'the document describes no dcat:Dataset', [
      { pointer: '', message: 'no dcat:Dataset found' },
    ]);
  const violations = parsed.flatMap((p, i) => {
    const result = validateDescriptor(p.descriptor);
    return result.ok
      ? []
      : result.violations.map((v) => ({
          pointer: `/${i}${v.pointer}`,
          message: `${p.sourceUri}: ${v.message}`,
        }));
  });
  if (violations.length > 0) {
    return fail('validation_failed', 'some imported datasets do not make valid descriptors', violations);
  }
  return inTransaction(deps.db, principal.userId, deps.now, async (work) => {
    const results: ImportResult[] = [];
    for (const [i, p] of parsed.entries()) {
      const created = await insertDataset(deps, work, principal, {
        providerId: input.providerId,
        deskId: input.deskId ?? null,
        descriptor: p.descriptor,
        change: `imported from ${p.sourceUri}`,
        pointers: { descriptor: `/${i}`, deskId: '/deskId' },
      });
      if (!created.ok) return created;
      results.push({ sourceUri: p.sourceUri, dataset: created.value, warnings: p.warnings });
    }
    return succeed(results);
  });
}
