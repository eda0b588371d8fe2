// Catalogue search: bilingual full text (prefixes, stems, thesaurus), filters, facet counts, ranking, paging.
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../db/database';
import type { DatasetStatus } from '../domain/dataset-lifecycle';
import type { DatasetDescriptor, LocalizedKeywords } from '../domain/descriptor';
import { FACETS, type Facet, parseFacetKey } from '../domain/facets';
import { fail, type Outcome, succeed } from '../domain/problem';
import { queryWords } from '../domain/search-text';
import { datasetUri } from './datasets';
import { type Deps, orgsWithRole, type Principal } from './deps';

export { FACETS, type Facet };

export const SEARCH_SORTS = ['relevance', 'newest', 'title'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchQuery {
  q?: string | undefined;
  filters: Partial<Record<Facet, string[]>>;
  limit: number;
  cursor?: string | undefined;
  /** Relevance (the default with a text; without one it is `newest`), newest first, or by title. */
  sort?: SearchSort | undefined;
  /** The language whose title `sort=title` orders by (the other one when a dataset lacks it). */
  lang?: 'fr' | 'en' | undefined;
}

export interface DatasetSummary {
  id: string;
  uri: string;
  status: DatasetStatus;
  providerId: string;
  deskId: string | null;
  title: DatasetDescriptor['title'];
  description: DatasetDescriptor['description'];
  keywords: LocalizedKeywords | null;
  themes: string[];
  healthCategories: string[];
  codingSystems: string[];
  duoPermission: string | null;
  accessRights: string;
  publishedAt: string | null;
  score: number | null;
}

export interface SearchResult {
  items: DatasetSummary[];
  /** Exact up to EXACT_COUNT_LIMIT matches; past it, estimated from a sample and flagged. */
  total: number;
  totalEstimated: boolean;
  facets: Record<Facet, { value: string; count: number }[]>;
  /** Whether the facet counts were estimated from a sample (past EXACT_COUNT_LIMIT matches). */
  facetsEstimated: boolean;
  nextCursor: string | null;
  /** The page before this one under the same query; null on the first page. */
  previousCursor: string | null;
}

/** Up to this many matches, totals and facet counts are exact; past it they are estimated from a sample. */
export const EXACT_COUNT_LIMIT = 1000;
/** The rows an estimate samples from the table (a fraction of its pages, the same on every call). */
const SAMPLE_ROWS = 2000;
/** Up to this many matches, relevance ranks them all; past it, the RANKED_CANDIDATES most recent. */
export const FULL_RANKING_LIMIT = 10_000;
/** Past FULL_RANKING_LIMIT matches, relevance ranks the most recently published this many (and the page). */
export const RANKED_CANDIDATES = 500;

// Each facet's column and whether it holds an array; the only identifiers ever interpolated as SQL.
const COLUMNS: Record<Facet, { column: SQL; array: boolean }> = {
  provider: { column: sql.raw('provider_id::text'), array: false },
  desk: { column: sql.raw('desk_id::text'), array: false },
  theme: { column: sql.raw('themes'), array: true },
  healthCategory: { column: sql.raw('health_categories'), array: true },
  codingSystem: { column: sql.raw('coding_systems'), array: true },
  duoPermission: { column: sql.raw('duo_permission'), array: false },
  accessRights: { column: sql.raw('access_rights'), array: false },
  status: { column: sql.raw('status'), array: false },
};

/** The cursor is opaque to clients: it carries the offset of the next page under the same query. */
function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return 0;
  try {
    const padded = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const parsed = JSON.parse(atob(padded)) as { o?: unknown };
    return typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0 &&
      parsed.o <= 1_000_000
      ? parsed.o
      : undefined;
  } catch {
    return undefined;
  }
}

function encodeCursor(offset: number): string {
  return btoa(JSON.stringify({ o: offset }))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export interface SearchStatements {
  /** One page of results (limit + 1 rows, to know whether another page follows), ranked over every match. */
  page: SQL;
  /**
   * The same page when more than FULL_RANKING_LIMIT datasets match a text: relevance then ranks the
   * RANKED_CANDIDATES most recently published matches, so a word found everywhere stays fast.
   */
  broadPage: SQL;
  /** The planner's estimate of the matches (EXPLAIN, nothing read): it picks exact counts or a sample. */
  estimate: SQL;
  /** Facet counts over the first EXACT_COUNT_LIMIT + 1 matches: exact when no more match. */
  facets: SQL;
  /** Facet counts over a fixed sample of the table's pages, scaled to the whole table. */
  sampledFacets: SQL;
}

/**
 * The tsquery of a text: every word must match, as a prefix of a word as written or by its French or
 * English stem. The words are written into the statement as literals, not bound as parameters: a generic
 * plan of a prepared statement would rebuild the tsquery for every row it tests (100 ms instead of 15 for
 * 1 400 matches) and could not estimate the matches. Only folded letters and digits are ever written
 * (queryWords), and the check below refuses anything else.
 */
function textQuery(words: string[]): SQL {
  const each = words.map((w) => {
    if (!/^[\p{L}\p{N}]+$/u.test(w)) throw new Error('a search word is letters and digits only');
    return sql.raw(
      `(to_tsquery('simple', '${w}:*') || to_tsquery('french', '${w}') || to_tsquery('english', '${w}'))`,
    );
  });
  return sql`(${sql.join(each, sql` && `)})`;
}

/** The SQL a search runs, or undefined when the text has no searchable word (nothing can match). */
export function searchStatements(
  principal: Principal | undefined,
  query: SearchQuery,
  offset: number,
): SearchStatements | undefined {
  const conditions: SQL[] = [];
  const statuses = query.filters.status ?? ['published'];
  // Drafts are only ever matched for the provider organisations the caller edits for.
  const editorOf = orgsWithRole(principal, 'editor');
  const statusConds = statuses.map((s) =>
    s === 'draft'
      ? editorOf.length > 0
        ? sql`(status = 'draft' and provider_id in (${sql.join(
            editorOf.map((o) => sql`${o}::uuid`),
            sql`, `,
          )}))`
        : sql`false`
      : sql`status = ${s}`,
  );
  conditions.push(sql`(${sql.join(statusConds, sql` or `)})`);
  for (const facet of FACETS) {
    const values = query.filters[facet];
    if (!values || values.length === 0 || facet === 'status') continue;
    const { column, array } = COLUMNS[facet];
    const list = sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
    conditions.push(array ? sql`${column} && array[${list}]::text[]` : sql`${column} in (${list})`);
  }
  const words = query.q ? queryWords(query.q) : [];
  if (query.q && words.length === 0) return undefined;
  const tsquery = words.length > 0 ? textQuery(words) : undefined;
  if (tsquery) conditions.push(sql`search_vector @@ ${tsquery}`);
  const where = sql.join(conditions, sql` and `);
  const score = tsquery ? sql`ts_rank(search_vector, ${tsquery})` : sql`null::real`;
  const order = searchOrder(query, !!tsquery);
  const columns = sql`id, status, provider_id, desk_id, descriptor, themes, health_categories, coding_systems,
             duo_permission, access_rights, published_at`;
  const page = sql`
      select ${columns}, ${score} as score
      from datasets where ${where}
      order by ${order}
      limit ${query.limit + 1} offset ${offset}`;
  const candidates = Math.max(RANKED_CANDIDATES, offset + query.limit + 1);
  // Newest first as datasets_newest_idx reads: the candidates are found without reading every match.
  const broadPage = sql`
      select ${columns}, ${score} as score
      from (select * from datasets where ${where} order by published_at desc nulls last, id limit ${candidates}) c
      order by ${order}
      limit ${query.limit + 1} offset ${offset}`;
  const facets = sql`select k, count(*) as n
      from (select facet_keys from datasets where ${where} limit ${EXACT_COUNT_LIMIT + 1}) m, unnest(facet_keys) k
      group by k`;
  // SYSTEM sampling reads a fixed share of the table's pages (REPEATABLE: the same ones on every call),
  // sized from the planner's row count to hold about SAMPLE_ROWS rows; counts are scaled back to the table.
  const percent = sql`(select least(100, 100.0 * ${SAMPLE_ROWS} / greatest(reltuples, 1))::float8
      from pg_class where oid = 'datasets'::regclass)`;
  const sampledFacets = sql`select k, round(count(*) * 100.0 / ${percent})::bigint as n
      from datasets tablesample system (${percent}) repeatable (0), unnest(facet_keys) k
      where ${where} group by k`;
  const estimate = sql`explain (format json) select 1 from datasets where ${where}`;
  return { page, broadPage, estimate, facets, sampledFacets };
}

// Without an unaccent extension (PGlite has none): accented letters fold to their base letter, so « Île »
// sorts among the i and not after z. Capitals are listed too, since lower() under the C locale leaves them;
// the key is then compared byte by byte ("C") so both databases order the same whatever their locale.
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸŒÆ';
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyyoeaaaaaaceeeeiiiinooooouuuuyyoa';

function searchOrder(query: SearchQuery, byText: boolean): SQL {
  const sort = query.sort ?? (byText ? 'relevance' : 'newest');
  if (sort === 'relevance' && byText) return sql`score desc, published_at desc nulls last, id`;
  if (sort === 'title') {
    const [first, second] = query.lang === 'en' ? ['en', 'fr'] : ['fr', 'en'];
    const title = sql`coalesce(descriptor->'title'->>${first}, descriptor->'title'->>${second})`;
    return sql`translate(lower(${title}), ${ACCENTED}, ${PLAIN}) collate "C", id`;
  }
  return sql`published_at desc nulls last, id`;
}

export async function searchDatasets(
  deps: Deps,
  principal: Principal | undefined,
  query: SearchQuery,
): Promise<Outcome<SearchResult>> {
  const offset = decodeCursor(query.cursor);
  if (offset === undefined) {
    return fail('validation_failed', 'invalid cursor', [
      { pointer: '/cursor', message: 'not a cursor from this API' },
    ]);
  }
  const statements = searchStatements(principal, query, offset);
  const previousCursor = offset > 0 ? encodeCursor(Math.max(0, offset - query.limit)) : null;
  if (!statements)
    return succeed({
      items: [],
      total: 0,
      totalEstimated: false,
      facets: emptyFacets(),
      facetsEstimated: false,
      nextCursor: null,
      previousCursor,
    });
  const { facets, estimated } = await countMatches(deps, statements);
  const total = totalOf(facets);
  const broad =
    estimated && total > FULL_RANKING_LIMIT && !!query.q && (query.sort ?? 'relevance') === 'relevance';
  const pageStatement = broad ? statements.broadPage : statements.page;
  const pageRows = rowsOf<PageRow>(await deps.db.execute(pageStatement));
  const hasMore = pageRows.length > query.limit;
  return succeed({
    items: pageRows.slice(0, query.limit).map((r) => toSummary(deps, r)),
    total,
    totalEstimated: estimated,
    facets,
    facetsEstimated: estimated,
    nextCursor: hasMore ? encodeCursor(offset + query.limit) : null,
    previousCursor,
  });
}

/**
 * Facet counts, exact up to EXACT_COUNT_LIMIT matches. When the planner expects many more, a fixed sample
 * is counted straight away (reading the first thousand matches would be wasted); a sample that finds fewer
 * than the limit, or a planner that expected few, leads to the exact count over the capped matches.
 */
async function countMatches(
  deps: Deps,
  statements: SearchStatements,
): Promise<{ facets: SearchResult['facets']; estimated: boolean }> {
  const sampled = async () => {
    const facets = facetCounts(await deps.db.execute(statements.sampledFacets));
    return totalOf(facets) > EXACT_COUNT_LIMIT ? { facets, estimated: true } : undefined;
  };
  if (plannedRows(await deps.db.execute(statements.estimate)) > 2 * EXACT_COUNT_LIMIT) {
    const estimate = await sampled();
    if (estimate) return estimate;
  }
  const facets = facetCounts(await deps.db.execute(statements.facets));
  if (totalOf(facets) <= EXACT_COUNT_LIMIT) return { facets, estimated: false };
  const estimate = await sampled();
  // The sample cannot know fewer matches than the capped count already found.
  return estimate ?? { facets, estimated: true };
}

/** The row count the planner expects, from EXPLAIN (FORMAT JSON) as either driver hands it back. */
export function plannedRows(result: unknown): number {
  const [row] = rowsOf<Record<string, unknown>>(result);
  const value = row ? Object.values(row)[0] : undefined;
  const plan = (typeof value === 'string' ? JSON.parse(value) : value) as [
    { Plan?: { 'Plan Rows'?: number } },
  ];
  return plan?.[0]?.Plan?.['Plan Rows'] ?? 0;
}

function facetCounts(result: unknown): SearchResult['facets'] {
  const facets = emptyFacets();
  for (const r of rowsOf<{ k: string; n: number | string }>(result)) {
    const key = parseFacetKey(r.k);
    if (key) facets[key.facet].push({ value: key.value, count: Number(r.n) });
  }
  for (const f of FACETS) facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

/** Every dataset has exactly one status, so the status counts add up to the number of matches. */
function totalOf(facets: SearchResult['facets']): number {
  return facets.status.reduce((sum, s) => sum + s.count, 0);
}

interface PageRow {
  id: string;
  status: DatasetStatus;
  provider_id: string;
  desk_id: string | null;
  descriptor: DatasetDescriptor | string;
  themes: string[] | string;
  health_categories: string[] | string;
  coding_systems: string[] | string;
  duo_permission: string | null;
  access_rights: string;
  published_at: Date | string | null;
  score: number | string | null;
}

function emptyFacets(): SearchResult['facets'] {
  return Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchResult['facets'];
}

// Raw rows differ a little between drivers (postgres.js may hand back arrays as "{a,b}" text).
function pgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((s) => s.replace(/^"|"$/g, ''));
}

function toSummary(deps: Deps, r: PageRow): DatasetSummary {
  const d: DatasetDescriptor = typeof r.descriptor === 'string' ? JSON.parse(r.descriptor) : r.descriptor;
  return {
    id: r.id,
    uri: datasetUri(deps, r.id),
    status: r.status,
    providerId: r.provider_id,
    deskId: r.desk_id,
    title: d.title,
    description: d.description,
    keywords: d.keywords ?? null,
    themes: pgArray(r.themes),
    healthCategories: pgArray(r.health_categories),
    codingSystems: pgArray(r.coding_systems),
    duoPermission: r.duo_permission,
    accessRights: r.access_rights,
    publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
    score: r.score === null ? null : Number(r.score),
  };
}
