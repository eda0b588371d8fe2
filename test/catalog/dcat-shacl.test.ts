// The export checked against the official DCAT-AP 3.0.0 SHACL shapes, after a Turtle and a JSON-LD round trip.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { buildCatalogQuads, type CatalogEntry, toJsonLd, toTurtle } from '../../src/catalog/dcat-export';
import { parseCatalogDocument, parseRdf } from '../../src/catalog/dcat-import';
import { NS } from '../../src/catalog/rdf-vocabulary';
import { demoDescriptors } from '../../src/demo/descriptors';
import { sampleCatalogInfo, sampleEntries } from '../fixtures/rdf/sample-entries';
import { expectConforms, rdfFixture, validateShacl } from '../support/shacl';

const fixture = rdfFixture;
const validate = validateShacl;

const demoEntries: CatalogEntry[] = demoDescriptors.map((demo, i) => ({
  id: demo.slug,
  uri: `https://phoenix-desk.example/v1/datasets/${demo.slug}`,
  descriptor: demo.descriptor,
  issued: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
  modified: new Date(Date.UTC(2025, 5, 1 + i)).toISOString(),
  providerName: demo.descriptor.publisher.name,
  deskName: `Guichet ${demo.provider}`,
}));

describe('DCAT-AP 3.0.0 SHACL conformance', () => {
  const catalogues: Array<[string, CatalogEntry[]]> = [
    ['the sample catalogue', sampleEntries],
    ['the demo catalogue', demoEntries],
  ];

  it.each(catalogues)('%s conforms as built, after Turtle and after JSON-LD', async (what, entries) => {
    expect(entries.length).toBeGreaterThan(0);
    const quads = buildCatalogQuads(sampleCatalogInfo, entries);
    expectConforms(await validate(quads), `${what} (quads)`);
    const fromTurtle = await parseRdf(await toTurtle(quads), 'text/turtle');
    expect(fromTurtle).toHaveLength(quads.length);
    expectConforms(await validate(fromTurtle), `${what} (Turtle)`);
    const fromJsonLd = await parseRdf(JSON.stringify(await toJsonLd(quads)), 'application/ld+json');
    expect(fromJsonLd).toHaveLength(quads.length);
    expectConforms(await validate(fromJsonLd), `${what} (JSON-LD)`);
  });

  it('an empty catalogue conforms', async () => {
    expectConforms(await validate(buildCatalogQuads(sampleCatalogInfo, [])), 'empty catalogue');
  });
});

describe('the SHACL check can fail', () => {
  const quads = buildCatalogQuads(sampleCatalogInfo, sampleEntries);
  const target = sampleEntries[0]?.uri;

  it('flags a dataset without dct:description', async () => {
    const broken = quads.filter(
      (q) => !(q.subject.value === target && q.predicate.value === `${NS.dct}description`),
    );
    const outcome = await validate(broken);
    expect(outcome.conforms).toBe(false);
    expect(outcome.violations.join('\n')).toContain(
      `focus ${target} | path ${NS.dct}description | value - | sh:MinCountConstraintComponent`,
    );
  });

  it('flags a byte size that is not an xsd:nonNegativeInteger', async () => {
    const broken = quads.map((q) =>
      q.predicate.value === `${NS.dcat}byteSize`
        ? DataFactory.quad(q.subject, q.predicate, DataFactory.literal(q.object.value), q.graph)
        : q,
    );
    const outcome = await validate(broken);
    expect(outcome.conforms).toBe(false);
    expect(outcome.violations.join('\n')).toMatch(
      /path http:\/\/www\.w3\.org\/ns\/dcat#byteSize .*sh:DatatypeConstraintComponent/,
    );
  });
});

describe('the HealthDCAT-AP example record through import and export', () => {
  it('keeps its content and exports as conforming DCAT-AP', async () => {
    const [imported] = await parseCatalogDocument(
      fixture('healthdcat-ap-example-dataset.ttl'),
      'text/turtle',
    );
    if (!imported) throw new Error('the example record was not imported');
    const entry: CatalogEntry = {
      id: 'healthdcat-ap-example',
      uri: 'https://phoenix-desk.example/v1/datasets/healthdcat-ap-example',
      descriptor: imported.descriptor,
      issued: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-02T00:00:00.000Z',
      providerName: imported.descriptor.publisher.name,
    };
    const quads = buildCatalogQuads(sampleCatalogInfo, [entry]);
    expectConforms(await validate(quads), 'the exported example record');

    const [again] = await parseCatalogDocument(await toTurtle(quads), 'text/turtle');
    const d = again?.descriptor;
    expect(d?.title).toEqual({ en: 'HealthDCAT-AP test dataset' });
    expect(d?.description).toEqual({ en: 'This dataset is an example of using HealthDCAT-AP in CKAN' });
    expect(d?.healthCategories).toEqual(['PHDR', 'IDHP', 'DIOH', 'EHRS']);
    expect(d?.healthThemes).toEqual([
      'http://www.wikidata.org/entity/Q7907952',
      'http://www.wikidata.org/entity/Q58624061',
    ]);
    expect(d?.themes).toEqual(['HEAL']);
    expect(d?.numberOfRecords).toBe(123456789);
    expect(d?.numberOfUniqueIndividuals).toBe(7654321);
    expect(d?.retentionPeriod).toMatchObject({ start: '2020-03-01', end: '2034-12-31' });
    expect(d?.minTypicalAge).toBe(0);
    expect(d?.maxTypicalAge).toBe(110);
    expect(d).toEqual(imported.descriptor);
  });
});
