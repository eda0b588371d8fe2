// The catalogue over HTTP: DCAT-AP export of the demo catalogue, content negotiation, HealthDCAT-AP import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogDocument, parseRdf } from '../../src/catalog/dcat-import';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';
import { expectConforms, rdfFixture, validateShacl } from '../support/shacl';

let desk: TestDesk;
let orgs: Map<string, string>;

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
});
afterAll(() => desk.close());

describe('GET /v1/catalog', () => {
  it('exports the demo catalogue as Turtle that passes the official DCAT-AP 3.0.0 shapes', async () => {
    const res = await desk.request('/v1/catalog', { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/turtle');
    const quads = await parseRdf(await res.text(), 'text/turtle');
    expect(quads.length).toBeGreaterThan(100);
    expectConforms(await validateShacl(quads), 'the demo catalogue (Turtle)');
    const datasets = await parseCatalogDocument(
      await (await desk.request('/v1/catalog', { headers: { accept: 'text/turtle' } })).text(),
      'text/turtle',
    );
    const published = (await (await desk.request('/v1/datasets?limit=100')).json()) as { total: number };
    expect(datasets).toHaveLength(published.total);
  });

  it('exports the same catalogue as JSON-LD by default, also conforming', async () => {
    const res = await desk.request('/v1/catalog');
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const quads = await parseRdf(await res.text(), 'application/ld+json');
    expectConforms(await validateShacl(quads), 'the demo catalogue (JSON-LD)');
  });

  it('answers 406 for a representation it does not offer', async () => {
    const res = await desk.request('/v1/catalog', { headers: { accept: 'application/pdf' } });
    expect(res.status).toBe(406);
  });
});

describe('POST /v1/datasets/import', () => {
  it('imports the HealthDCAT-AP example as a draft whose export gives its content back', async () => {
    // The example's publisher, registered as a provider with an editor: a provider imports its own datasets.
    const admin = await desk.token('demo-admin');
    const provider = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: {
        slug: 'healthdata-nl',
        name: 'Contact Point',
        kind: 'provider',
        homepage: 'https://healthdata.nl',
      },
    });
    const { id: providerId } = (await provider.json()) as { id: string };
    await desk.request(`/v1/organizations/${providerId}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'editor-healthdata', role: 'editor' },
    });
    const editor = await desk.token('editor-healthdata');
    const res = await desk.request(`/v1/datasets/import?providerId=${providerId}`, {
      method: 'POST',
      token: editor,
      headers: { 'content-type': 'text/turtle' },
      body: rdfFixture('healthdcat-ap-example-dataset.ttl'),
    });
    expect(res.status).toBe(201);
    const { items } = (await res.json()) as { items: { dataset: { id: string; status: string } }[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.dataset.status).toBe('draft');
    const exported = await desk.request(`/v1/datasets/${items[0]!.dataset.id}`, {
      token: editor,
      headers: { accept: 'text/turtle' },
    });
    expect(exported.status).toBe(200);
    const [back] = await parseCatalogDocument(await exported.text(), 'text/turtle');
    const d = back!.descriptor;
    expect(d.title).toEqual({ en: 'HealthDCAT-AP test dataset' });
    expect(d.description).toEqual({ en: 'This dataset is an example of using HealthDCAT-AP in CKAN' });
    expect(d.healthCategories).toEqual(['PHDR', 'IDHP', 'DIOH', 'EHRS']);
    expect(d.themes).toEqual(['HEAL']);
    expect(d.healthThemes).toEqual([
      'http://www.wikidata.org/entity/Q7907952',
      'http://www.wikidata.org/entity/Q58624061',
    ]);
    expect(d.numberOfRecords).toBe(123456789);
    expect(d.numberOfUniqueIndividuals).toBe(7654321);
    expect(d.retentionPeriod).toMatchObject({ start: '2020-03-01', end: '2034-12-31' });
  });

  it('refuses broken Turtle with a 400 and writes nothing', async () => {
    const editor = await desk.token('demo-editor-pasteur');
    await desk.request('/v1/datasets', { token: editor });
    const before = await tableCounts(desk);
    const res = await desk.request(`/v1/datasets/import?providerId=${orgs.get('institut-pasteur')}`, {
      method: 'POST',
      token: editor,
      headers: { 'content-type': 'text/turtle' },
      body: '<http://x> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> "unterminated .',
    });
    expect(res.status).toBe(400);
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('refuses an import for another provider', async () => {
    const res = await desk.request(`/v1/datasets/import?providerId=${orgs.get('hopital-foch')}`, {
      method: 'POST',
      token: await desk.token('demo-editor-pasteur'),
      headers: { 'content-type': 'text/turtle' },
      body: rdfFixture('healthdcat-ap-example-dataset.ttl'),
    });
    expect(res.status).toBe(403);
  });
});
