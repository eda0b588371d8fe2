// Handlers of the catalogue routes.
import { buildCatalogQuads, buildDatasetQuads, toJsonLd, toTurtle } from '../../../catalog/dcat-export';
import { catalogPageQuads } from '../../../catalog/hydra-paging';
import { Problem } from '../../../domain/problem';
import {
  CATALOG_PAGE_SIZE,
  catalogEntry,
  catalogInfo,
  catalogState,
  importCatalogDocument,
  publishedCatalogPage,
} from '../../../services/catalog-export';
import { FACETS, type Facet, searchDatasets as search } from '../../../services/catalog-search';
import * as datasets from '../../../services/datasets';
import { catalogValidators, notModified } from '../../conditional-get';
import type { AppHandler } from '../../context';
import { withIdempotency } from '../../idempotency';
import { negotiate } from '../../negotiate';
import { etagOf, expectedVersion, requirePrincipal, unwrap } from '../../respond';
import type * as R from './datasets.routes';

const RDF_TYPES = ['application/ld+json', 'text/turtle'] as const;

async function rdfResponse(type: (typeof RDF_TYPES)[number], quads: ReturnType<typeof buildCatalogQuads>) {
  if (type === 'text/turtle') {
    return new Response(await toTurtle(quads), {
      status: 200,
      headers: { 'content-type': 'text/turtle; charset=utf-8' },
    });
  }
  return new Response(JSON.stringify(await toJsonLd(quads)), {
    status: 200,
    headers: { 'content-type': 'application/ld+json' },
  });
}

export const searchDatasets: AppHandler<typeof R.searchDatasets> = async (c) => {
  const q = c.req.valid('query');
  const filters: Partial<Record<Facet, string[]>> = {};
  for (const f of FACETS) {
    const value = q[f];
    if (value) filters[f] = value.split(',');
  }
  const result = unwrap(
    await search(c.get('services'), c.get('principal'), {
      q: q.q,
      filters,
      limit: q.limit,
      cursor: q.cursor,
      sort: q.sort,
      lang: q.lang,
    }),
  );
  return c.json(result, 200);
};

export const createDataset: AppHandler<typeof R.createDataset> = async (c) => {
  const principal = requirePrincipal(c);
  const body = c.req.valid('json');
  const created = await withIdempotency(c, body, async (services) => {
    const created = unwrap(await datasets.createDataset(services, principal, body));
    return {
      status: 201,
      body: created,
      headers: { location: `/v1/datasets/${created.id}`, etag: etagOf(created.version) },
    };
  });
  return c.json(created.body, created.status, created.headers);
};

export const getDataset: AppHandler<typeof R.getDataset> = async (c) => {
  const { id } = c.req.valid('param');
  const services = c.get('services');
  const type = negotiate(c.req.header('accept'), ['application/json', ...RDF_TYPES] as const);
  if (!type)
    throw new Problem('not_acceptable', 'offered: application/json, application/ld+json, text/turtle');
  if (type === 'application/json') {
    const dataset = unwrap(await datasets.getDataset(services, c.get('principal'), id));
    return c.json(dataset, 200, { etag: etagOf(dataset.version), vary: 'Accept' });
  }
  const entry = unwrap(await catalogEntry(services, c.get('principal'), id));
  return rdfResponse(type, buildDatasetQuads(catalogInfo(services), entry));
};

export const updateDataset: AppHandler<typeof R.updateDataset> = async (c) => {
  const version = expectedVersion(c);
  const body = c.req.valid('json');
  const updated = unwrap(
    await datasets.changeDataset(c.get('services'), requirePrincipal(c), 'update', {
      id: c.req.valid('param').id,
      expectedVersion: version,
      descriptor: body.descriptor,
      deskId: body.deskId,
    }),
  );
  return c.json(updated, 200, { etag: etagOf(updated.version) });
};

const lifecycle =
  (action: 'publish' | 'retire'): AppHandler<typeof R.publishDataset> =>
  async (c) => {
    const version = expectedVersion(c);
    const changed = unwrap(
      await datasets.changeDataset(c.get('services'), requirePrincipal(c), action, {
        id: c.req.valid('param').id,
        expectedVersion: version,
      }),
    );
    return c.json(changed, 200, { etag: etagOf(changed.version) });
  };

export const publishDataset = lifecycle('publish');
export const retireDataset = lifecycle('retire');

export const listRevisions: AppHandler<typeof R.listRevisions> = async (c) => {
  const items = unwrap(
    await datasets.listRevisions(c.get('services'), c.get('principal'), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};

export const getRevision: AppHandler<typeof R.getRevision> = async (c) => {
  const { id, n } = c.req.valid('param');
  return c.json(unwrap(await datasets.getRevision(c.get('services'), c.get('principal'), id, n)), 200);
};

export const diffRevisions: AppHandler<typeof R.diffRevisions> = async (c) => {
  const { from, to } = c.req.valid('query');
  const diff = unwrap(
    await datasets.diffRevisions(c.get('services'), c.get('principal'), c.req.valid('param').id, from, to),
  );
  return c.json(diff, 200);
};

export const importDatasets: AppHandler<typeof R.importDatasets> = async (c) => {
  const principal = requirePrincipal(c);
  const { providerId, deskId } = c.req.valid('query');
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const contentType = mediaType === 'text/turtle' ? 'text/turtle' : 'application/ld+json';
  const body = await c.req.text();
  const items = unwrap(
    await importCatalogDocument(c.get('services'), principal, { providerId, deskId, body, contentType }),
  );
  return c.json({ items }, 201);
};

export const exportCatalog: AppHandler<typeof R.exportCatalog> = async (c) => {
  const type = negotiate(c.req.header('accept'), RDF_TYPES);
  if (!type) throw new Problem('not_acceptable', 'offered: application/ld+json, text/turtle');
  const services = c.get('services');
  const { page, limit } = c.req.valid('query');
  const state = await catalogState(services);
  const lastPage = Math.max(1, Math.ceil(state.totalItems / limit));
  if (page > lastPage) throw new Problem('not_found', `the catalogue has ${lastPage} page(s) of ${limit}`);
  const validators = catalogValidators(state, page, limit, type);
  const headers = { vary: 'accept', ...validators };
  if (notModified(c.req.valid('header'), validators, state.lastChange)) return c.body(null, 304, headers);
  const info = catalogInfo(services);
  const entries = await publishedCatalogPage(services, page, limit);
  const paging = catalogPageQuads({
    catalogUri: info.uri,
    page,
    lastPage,
    totalItems: state.totalItems,
    pageUrl: (n) => `${info.uri}?page=${n}${limit === CATALOG_PAGE_SIZE ? '' : `&limit=${limit}`}`,
  });
  const res = await rdfResponse(type, [...buildCatalogQuads(info, entries), ...paging]);
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
};
