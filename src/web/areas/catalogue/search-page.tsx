// The catalogue search page: a GET form (text, facets with their counts, sort, page size) over the service
// the API's GET /v1/datasets runs, results with their provider, desk, themes and permitted use, and paging
// by the service's cursor.
import { FACETS, type Facet, type SearchResult, type SearchSort } from '../../../services/catalog-search';
import { href, type PageContext } from '../../context';
import { permissionName } from '../../duo-labels';
import { fill, formatNumber, plural } from '../../i18n';
import { Layout } from '../../layout';
import { excerpt, L, pickLocalized } from '../../text';
import { accessRightsLabel, healthCategoryLabel, type Label, themeLabel } from '../../vocabulary-labels';
import { catalogueMessages } from './messages';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;
// The values the API accepts in a filter; anything else in a URL is dropped rather than refused.
const FILTER_VALUE = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface CatalogueQuery {
  q: string;
  filters: Partial<Record<Facet, string[]>>;
  sort: SearchSort | undefined;
  limit: number;
  cursor: string | undefined;
}

/** The search as the page's URL states it; forgiving, as a form a person edits by hand can be. */
export function readCatalogueQuery(url: URL): CatalogueQuery {
  const params = url.searchParams;
  const filters: Partial<Record<Facet, string[]>> = {};
  for (const facet of FACETS) {
    const values = [...new Set(params.getAll(facet).filter((v) => FILTER_VALUE.test(v)))];
    if (values.length > 0) filters[facet] = values;
  }
  const sort = params.get('sort');
  const limit = Number(params.get('limit'));
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    filters,
    sort: sort === 'relevance' || sort === 'newest' || sort === 'title' ? sort : undefined,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: params.get('cursor') || undefined,
  };
}

/** The page's URL for a query, with only what differs from the defaults. */
export function catalogueHref(p: Pick<PageContext, 'lang'>, query: Partial<CatalogueQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const facet of FACETS) for (const v of query.filters?.[facet] ?? []) params.append(facet, v);
  if (query.sort) params.set('sort', query.sort);
  if (query.limit && query.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return `${href(p, '/datasets')}${search ? `?${search}` : ''}`;
}

/** Names of the organisations and desks the results and facets point at. */
export interface Names {
  organizations: Map<string, string>;
  desks: Map<string, string>;
}

function facetValueLabel(p: PageContext, facet: Facet, value: string, names: Names): Label {
  const m = catalogueMessages[p.lang];
  switch (facet) {
    case 'provider':
      return { text: names.organizations.get(value) ?? value };
    case 'desk':
      return { text: names.desks.get(value) ?? value };
    case 'theme':
      return themeLabel(p.lang, value);
    case 'healthCategory':
      return healthCategoryLabel(p.lang, value);
    case 'duoPermission':
      return { text: permissionName(p.lang, value) };
    case 'accessRights':
      return accessRightsLabel(p.lang, value);
    case 'status':
      return { text: (m as Record<string, string>)[`status_${value}`] ?? value };
    default:
      return { text: value };
  }
}

function FacetFieldset(props: {
  p: PageContext;
  facet: Facet;
  counts: { value: string; count: number }[];
  selected: string[];
  names: Names;
}) {
  const { p, facet } = props;
  const m = catalogueMessages[p.lang];
  // Chosen values stay on screen even when the other filters leave them no match.
  const choices = [...props.counts];
  for (const value of props.selected)
    if (!choices.some((c) => c.value === value)) choices.push({ value, count: 0 });
  if (choices.length === 0) return null;
  return (
    <fieldset class="facet">
      <legend>{m[`facet_${facet}`]}</legend>
      <ul class="choices">
        {choices.map((c, i) => {
          const id = `facet-${facet}-${i}`;
          const label = facetValueLabel(p, facet, c.value, props.names);
          return (
            <li>
              <input
                type="checkbox"
                id={id}
                name={facet}
                value={c.value}
                checked={props.selected.includes(c.value)}
              />
              <label for={id}>
                <L label={label} /> <span class="muted">({formatNumber(p.lang, c.count)})</span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The status facet offers what the person may ask for: drafts only to editors, whose own drafts they are. */
function statusCounts(result: SearchResult, canSeeDrafts: boolean) {
  const offered = canSeeDrafts ? ['published', 'retired', 'draft'] : ['published', 'retired'];
  return offered.map((value) => ({
    value,
    count: result.facets.status.find((s) => s.value === value)?.count ?? 0,
  }));
}

function SearchForm(props: {
  p: PageContext;
  query: CatalogueQuery;
  result: SearchResult;
  names: Names;
  canSeeDrafts: boolean;
}) {
  const { p, query, result } = props;
  const m = catalogueMessages[p.lang];
  const sorts: SearchSort[] = query.q ? ['relevance', 'newest', 'title'] : ['newest', 'title'];
  return (
    <search class="catalogue-search">
      <form method="get" action={href(p, '/datasets')}>
        <div class="field">
          <label for="catalogue-q">{m.searchLabel}</label>
          <span class="hint" id="catalogue-q-hint">
            {m.searchHint}
          </span>
          <div class="search-bar">
            <input
              type="search"
              id="catalogue-q"
              name="q"
              value={query.q}
              maxlength={200}
              aria-describedby="catalogue-q-hint"
            />
            <button type="submit">{m.searchButton}</button>
          </div>
        </div>
        <h2>{m.refineTitle}</h2>
        <div class="field">
          <label for="catalogue-sort">{m.sortLabel}</label>
          <select id="catalogue-sort" name="sort">
            {sorts.map((s) => (
              <option value={s} selected={(query.sort ?? sorts[0]) === s}>
                {m[`sort_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="catalogue-limit">{m.pageSizeLabel}</label>
          <select id="catalogue-limit" name="limit">
            {PAGE_SIZES.map((n) => (
              <option value={String(n)} selected={query.limit === n}>
                {String(n)}
              </option>
            ))}
          </select>
        </div>
        {FACETS.map((facet) => (
          <FacetFieldset
            p={p}
            facet={facet}
            counts={facet === 'status' ? statusCounts(result, props.canSeeDrafts) : result.facets[facet]}
            selected={query.filters[facet] ?? []}
            names={props.names}
          />
        ))}
        <button type="submit">{m.applyButton}</button>
      </form>
    </search>
  );
}

function ResultItem(props: { p: PageContext; item: SearchResult['items'][number]; names: Names }) {
  const { p, item, names } = props;
  const m = catalogueMessages[p.lang];
  const title = pickLocalized(p.lang, item.title);
  const description = pickLocalized(p.lang, item.description);
  return (
    <li>
      <h3 lang={title.lang}>
        <a href={href(p, `/datasets/${item.id}`)}>{title.text}</a>
      </h3>
      {item.status !== 'published' ? (
        <p>
          <span class={`state state-${item.status}`}>
            {(m as Record<string, string>)[`status_${item.status}`]}
          </span>
        </p>
      ) : null}
      <p lang={description.lang}>{excerpt(description.text)}</p>
      <dl class="facts">
        <dt>{m.providerLabel}</dt>
        <dd>{names.organizations.get(item.providerId) ?? item.providerId}</dd>
        <dt>{m.deskLabel}</dt>
        <dd>{item.deskId ? (names.desks.get(item.deskId) ?? item.deskId) : m.noDesk}</dd>
        {item.themes.length > 0 ? (
          <>
            <dt>{m.themesLabel}</dt>
            <dd>
              <ul class="tags">
                {item.themes.map((t) => (
                  <li class="tag">
                    <L label={themeLabel(p.lang, t)} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{m.permissionLabel}</dt>
        <dd>{item.duoPermission ? permissionName(p.lang, item.duoPermission) : m.noPermission}</dd>
      </dl>
    </li>
  );
}

export function CataloguePage(props: {
  p: PageContext;
  query: CatalogueQuery;
  result: SearchResult;
  previousCursor: string | undefined;
  names: Names;
  canSeeDrafts: boolean;
}) {
  const { p, query, result } = props;
  const m = catalogueMessages[p.lang];
  const count = plural(p.lang, result.total, { one: m.resultsOne, other: m.resultsOther });
  const filtered = Object.keys(query.filters).length > 0;
  return (
    <Layout p={p} title={m.searchTitle}>
      <h1>{m.searchTitle}</h1>
      <p class="lead">{m.searchIntro}</p>
      <div class="layout-search">
        <SearchForm
          p={p}
          query={query}
          result={result}
          names={props.names}
          canSeeDrafts={props.canSeeDrafts}
        />
        <section aria-labelledby="results-title">
          <h2 id="results-title">{query.q ? `${count} ${fill(m.resultsFor, { q: query.q })}` : count}</h2>
          {result.items.length === 0 ? (
            <div class="notice">
              <p>{m.noResults}</p>
              {query.q || filtered ? (
                <p>
                  {m.noResultsHint}{' '}
                  {filtered ? <a href={catalogueHref(p, { q: query.q })}>{m.clearFilters}</a> : null}
                </p>
              ) : null}
            </div>
          ) : (
            <ol class="results">
              {result.items.map((item) => (
                <ResultItem p={p} item={item} names={props.names} />
              ))}
            </ol>
          )}
          {props.previousCursor !== undefined || result.nextCursor ? (
            <nav aria-label={m.paginationLabel}>
              <ul class="pagination">
                {props.previousCursor !== undefined ? (
                  <li>
                    <a href={catalogueHref(p, { ...query, cursor: props.previousCursor })} rel="prev">
                      {m.previousPage}
                    </a>
                  </li>
                ) : null}
                {result.nextCursor ? (
                  <li>
                    <a href={catalogueHref(p, { ...query, cursor: result.nextCursor })} rel="next">
                      {m.nextPage}
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
