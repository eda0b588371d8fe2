// The public catalogue: search with facets, a dataset's page, and its DCAT-AP record to download, each
// from the services the API's /v1/datasets routes call, as the signed-in person (or a visitor) may see them.
import type { Hono } from 'hono';
import { buildDatasetQuads, toJsonLd, toTurtle } from '../../../catalog/dcat-export';
import { unwrap } from '../../../http/respond';
import { catalogEntry, catalogInfo } from '../../../services/catalog-export';
import { searchDatasets } from '../../../services/catalog-search';
import { getDataset, listRevisions } from '../../../services/datasets';
import { hasRole, orgsWithRole } from '../../../services/deps';
import { harvestOrigin } from '../../../services/harvest-sources';
import { getDesk, getOrganization, namesById } from '../../../services/organizations';
import type { ConsoleArea } from '../../console';
import { ID, LANG, pageContext, type WebContext, type WebEnv } from '../../context';
import { DatasetPage } from './dataset-page';
import { CataloguePage, readCatalogueQuery } from './search-page';

async function catalogue(c: WebContext) {
  const p = pageContext(c);
  const services = c.get('services');
  const query = readCatalogueQuery(new URL(c.req.url));
  // The names the results and facets point at are read beside the search, not after it.
  const [outcome, names] = await Promise.all([
    searchDatasets(services, p.principal, {
      q: query.q || undefined,
      filters: query.filters,
      limit: query.limit,
      cursor: query.cursor,
      sort: query.sort,
      lang: p.lang,
    }),
    namesById(services),
  ]);
  const result = unwrap(outcome);
  return c.html(
    <CataloguePage
      p={p}
      query={query}
      result={result}
      previousCursor={result.previousCursor ?? undefined}
      names={names}
      canSeeDrafts={orgsWithRole(p.principal, 'editor').length > 0}
    />,
    200,
  );
}

async function dataset(c: WebContext) {
  const p = pageContext(c);
  const services = c.get('services');
  const id = c.req.param('id') ?? '';
  const found = unwrap(await getDataset(services, p.principal, id));
  const [provider, desk, revisions, harvest] = await Promise.all([
    getOrganization(services, found.providerId),
    found.deskId ? getDesk(services, found.deskId) : undefined,
    listRevisions(services, p.principal, id),
    harvestOrigin(services, id),
  ]);
  return c.html(
    <DatasetPage
      p={p}
      dataset={found}
      providerName={provider.ok ? provider.value.name : undefined}
      desk={desk?.ok ? desk.value : undefined}
      revisions={revisions.ok ? revisions.value : []}
      canEdit={hasRole(p.principal, found.providerId, 'editor')}
      harvest={harvest}
    />,
    200,
  );
}

/** The dataset's DCAT-AP record, built as GET /v1/datasets/{id} builds it for an RDF Accept header. */
const dcat = (format: 'ttl' | 'jsonld') => async (c: WebContext) => {
  const services = c.get('services');
  const id = c.req.param('id') ?? '';
  const entry = unwrap(await catalogEntry(services, c.get('principal'), id));
  const quads = buildDatasetQuads(catalogInfo(services), entry);
  const filename = `dataset-${id}.${format}`;
  const disposition = `attachment; filename="${filename}"`;
  if (format === 'ttl') {
    return c.body(await toTurtle(quads), 200, {
      'content-type': 'text/turtle; charset=utf-8',
      'content-disposition': disposition,
    });
  }
  return c.body(JSON.stringify(await toJsonLd(quads)), 200, {
    'content-type': 'application/ld+json',
    'content-disposition': disposition,
  });
};

export function catalogueArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get(`${LANG}/datasets`, catalogue);
      web.get(`${LANG}/datasets/${ID}/dcat.ttl`, dcat('ttl'));
      web.get(`${LANG}/datasets/${ID}/dcat.jsonld`, dcat('jsonld'));
      web.get(`${LANG}/datasets/${ID}`, dataset);
    },
  };
}
