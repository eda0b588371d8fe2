// The desk as a harvestable catalogue: GET /v1/catalog in pages linked by hydra:PartialCollectionView, with
// validators for conditional GETs, and another desk harvesting it page by page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/catalog/dcat-import';
import { NS } from '../../src/catalog/rdf-vocabulary';
import { createTestDesk, type TestDesk } from '../harness';
import { expectConforms, validateShacl } from '../support/shacl';

let desk: TestDesk;
let server: Server;
let base: string;
let pasteur: string;

// The desk is served on a real port, under the public base URL its pages link to, so a harvester can follow them.
beforeAll(async () => {
  let listener: ReturnType<typeof getRequestListener> | undefined;
  server = createServer((req, res) => void listener?.(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  desk = await createTestDesk({ env: { PUBLIC_BASE_URL: base } });
  pasteur = (await desk.seed()).get('institut-pasteur')!;
  listener = getRequestListener(desk.app.fetch);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await desk.close();
});

const hydra = (local: string) => `${NS.hydra}${local}`;
const objectOf = (quads: Quad[], subject: string, predicate: string) =>
  quads.find((q) => q.subject.value === subject && q.predicate.value === predicate)?.object.value;

async function page(path: string, accept = 'text/turtle') {
  const res = await desk.request(path, { headers: { accept } });
  expect(res.status).toBe(200);
  const type = accept === 'text/turtle' ? 'text/turtle' : 'application/ld+json';
  return { res, quads: await parseRdf(await res.text(), type) };
}

const datasetsOf = (quads: Quad[]) =>
  quads
    .filter((q) => q.predicate.value === `${NS.rdf}type` && q.object.value === `${NS.dcat}Dataset`)
    .map((q) => q.subject.value);

describe('GET /v1/catalog in pages', () => {
  it('links its pages with a PartialCollectionView and lists every published dataset once', async () => {
    const published = (await (await desk.request('/v1/datasets?limit=100')).json()) as { total: number };
    expect(published.total).toBeGreaterThan(4);
    const catalog = `${base}/v1/catalog`;
    const seen: string[] = [];
    let url: string | undefined = `${catalog}?page=1&limit=2`;
    let pages = 0;
    while (url) {
      const { quads } = await page(url.slice(base.length));
      pages++;
      expect(objectOf(quads, catalog, hydra('totalItems'))).toBe(String(published.total));
      expect(objectOf(quads, catalog, hydra('view'))).toBe(url);
      expect(objectOf(quads, url, hydra('first'))).toBe(`${catalog}?page=1&limit=2`);
      expect(objectOf(quads, url, hydra('last'))).toBe(
        `${catalog}?page=${Math.ceil(published.total / 2)}&limit=2`,
      );
      if (pages > 1)
        expect(objectOf(quads, url, hydra('previous'))).toBe(`${catalog}?page=${pages - 1}&limit=2`);
      seen.push(...datasetsOf(quads));
      url = objectOf(quads, url, hydra('next'));
    }
    expect(pages).toBe(Math.ceil(published.total / 2));
    expect(new Set(seen).size).toBe(published.total);
    expect(seen).toHaveLength(published.total);
  });

  it('keeps the Hydra view in JSON-LD, and a page still conforms to the DCAT-AP shapes', async () => {
    const { quads } = await page('/v1/catalog?page=2&limit=3', 'application/ld+json');
    expect(objectOf(quads, `${base}/v1/catalog?page=2&limit=3`, `${NS.rdf}type`)).toBe(
      hydra('PartialCollectionView'),
    );
    expectConforms(await validateShacl(quads), 'a catalogue page (JSON-LD)');
  });

  it('answers 404 past the last page', async () => {
    const res = await desk.request('/v1/catalog?page=999', { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(404);
  });

  it('answers 304 to If-None-Match and If-Modified-Since until a public dataset changes', async () => {
    const { res } = await page('/v1/catalog?limit=5');
    const etag = res.headers.get('etag')!;
    const lastModified = res.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(Date.parse(lastModified)).toBeGreaterThan(0);
    const conditional = (headers: Record<string, string>) =>
      desk.request('/v1/catalog?limit=5', { headers: { accept: 'text/turtle', ...headers } });
    expect((await conditional({ 'if-none-match': etag })).status).toBe(304);
    expect((await conditional({ 'if-modified-since': lastModified })).status).toBe(304);
    // Another format or another page is another representation.
    expect((await conditional({ 'if-none-match': etag, accept: 'application/ld+json' })).status).toBe(200);
    expect((await conditional({ 'if-none-match': '"something-else"' })).status).toBe(200);
    const yesterday = new Date(Date.parse(lastModified) - 86_400_000).toUTCString();
    expect((await conditional({ 'if-modified-since': yesterday })).status).toBe(200);

    const editor = await desk.token('demo-editor-pasteur');
    const listed = (await (await desk.request('/v1/datasets?limit=100')).json()) as {
      items: { id: string; providerId: string }[];
    };
    const first = listed.items.find((d) => d.providerId === pasteur);
    const read = await desk.request(`/v1/datasets/${first!.id}`, { token: editor });
    const retired = await desk.request(`/v1/datasets/${first!.id}/retire`, {
      method: 'POST',
      token: editor,
      headers: { 'if-match': read.headers.get('etag')! },
    });
    expect(retired.status).toBe(200);
    const after = await conditional({ 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});

describe('another desk harvesting this one', () => {
  it('follows hydra:next through every page and publishes each dataset once', async () => {
    const published = (await (await desk.request('/v1/datasets?limit=100')).json()) as { total: number };
    const other = await createTestDesk();
    try {
      const orgs = await other.seed();
      const admin = await other.token('demo-admin');
      const created = await other.request('/v1/harvest-sources', {
        method: 'POST',
        token: admin,
        json: { url: `${base}/v1/catalog?limit=2`, providerId: orgs.get('roche-france'), schedule: 'manual' },
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const run = await other.request(`/v1/harvest-sources/${id}/runs`, { method: 'POST', token: admin });
      const report = (await run.json()) as {
        status: string;
        counts: Record<string, number>;
        errors: unknown[];
      };
      expect(report.status).toBe('succeeded');
      expect(report.counts).toMatchObject({
        pages: Math.ceil(published.total / 2),
        records: published.total,
        created: published.total,
        failed: 0,
      });
      // The desk's validators make the next harvest a single 304.
      const again = await other.request(`/v1/harvest-sources/${id}/runs`, { method: 'POST', token: admin });
      expect(((await again.json()) as { status: string }).status).toBe('not_modified');
    } finally {
      await other.close();
    }
  }, 60_000);
});
