// HealthDCAT-AP carried whole: import → storage (the descriptor, as validated) → export finds every triple of the
// source again, or the test names it among the few a desk's catalogue has no place for, with the reason.
import { readFileSync } from 'node:fs';
import { DataFactory, type Quad, Store, type Term } from 'n3';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogQuads,
  buildDatasetQuads,
  type CatalogEntry,
  toTurtle,
} from '../../src/catalog/dcat-export';
import { parseCatalogDocument, parseRdf } from '../../src/catalog/dcat-import';
import { DESCRIPTOR_RDF_MAP } from '../../src/catalog/descriptor-rdf-map';
import { short } from '../../src/catalog/rdf-node-reader';
import { NS } from '../../src/catalog/rdf-vocabulary';
import type { DatasetDescriptor } from '../../src/domain/descriptor';
import { validateDescriptor } from '../../src/validation/descriptor-validation';
import { sampleCatalogInfo } from '../fixtures/rdf/sample-entries';
import { expectConforms, validateShacl } from '../support/shacl';

const { namedNode } = DataFactory;
const RDF_TYPE = `${NS.rdf}type`;
const reference = readFileSync(
  new URL('../fixtures/rdf/healthdcat-ap-example-dataset.ttl', import.meta.url),
  'utf8',
);

/** What the reference record says that a desk's catalogue does not keep, and why (paths of prefixed predicates). */
const REFUSED: Record<string, string> = {
  'dcat:hasVersion':
    'written as a dcat:qualifiedRelation whose role is dcat:hasVersion: DCAT-AP 3.0 wants a described dcat:Dataset as the direct value, which a dataset of another catalogue is not here',
  'dct:isPartOf': 'the dataset is listed in the desk’s catalogue, not in the source’s',
  'prov:wasGeneratedBy':
    'provenance activities (who linked which registers, when) have no field; dct:provenance keeps the account',
  'dct:publisher / foaf:name': 'names are kept in French and English; the Dutch "Contactpunt" is dropped',
  'dct:creator / foaf:name': 'names are kept in French and English; the Dutch "Contactpunt" is dropped',
  'prov:qualifiedAttribution / prov:agent / foaf:name':
    'names are kept in French and English; the Dutch "Contactpunt" is dropped',
  'healthdcatap:healthCategory':
    'health categories are kept as codes and exported in the HealthDCAT-AP namespace the desk publishes under; the example uses a placeholder namespace',
  'dct:type / skos:inScheme':
    'the dataset type is kept as its EU dataset-type code and exported as that table’s IRI',
  'dct:type / skos:prefLabel':
    'the dataset type is exported as the EU table’s IRI, which carries its own labels',
  'foaf:page / foaf:homepage': 'a documentation page is exported as the page itself (a foaf:Document IRI)',
  'dcat:distribution / dct:isPartOf': 'the distribution belongs to the dataset that lists it',
  'dcat:distribution / dct:rights / rdfs:label': 'one rights statement is kept per distribution',
  'healthdcatap:analytics / dct:isPartOf': 'the distribution belongs to the dataset that lists it',
  'healthdcatap:analytics / dct:rights / rdfs:label': 'one rights statement is kept per distribution',
  'adms:sample / dct:isPartOf': 'the distribution belongs to the dataset that lists it',
};

/**
 * Literals match by text, language and datatype, except that the descriptor stores text without a language as
 * English and names without one: "x" and "x"@en are the same text.
 */
function sameTerm(source: Term, exported: Term): boolean {
  if (source.termType !== 'Literal' || exported.termType !== 'Literal') {
    return source.termType === exported.termType && source.value === exported.value;
  }
  if (source.value !== exported.value) return false;
  const english = (language: string) => language === '' || language === 'en';
  if (english(source.language) && english(exported.language)) {
    const plain = (l: typeof source) => (l.language === '' ? l.datatype.value : `${NS.xsd}string`);
    return plain(source) === plain(exported) || source.language !== exported.language;
  }
  return source.language === exported.language && source.datatype.value === exported.datatype.value;
}

/** Nodes the source describes (blank, or named with triples of their own) are compared by their content. */
function describes(store: Store, term: Term): boolean {
  return (
    term.termType === 'BlankNode' ||
    (term.termType === 'NamedNode' && store.countQuads(term, null, null, null) > 0)
  );
}

/** Every path (prefixed predicates joined by " / ") of `subject` in `source` not found under `target` in `exported`. */
function missingPaths(source: Store, subject: Term, exported: Store, target: Term, prefix = ''): string[] {
  const missing: string[] = [];
  for (const q of source.getQuads(subject, null, null, null)) {
    if (prefix !== '' && q.predicate.value === RDF_TYPE) continue; // nested nodes: their content, not their classes
    const path = `${prefix}${short(q.predicate.value)}`;
    const candidates = exported.getObjects(target, q.predicate, null);
    if (describes(source, q.object) && q.object.termType === 'BlankNode') {
      const best = candidates
        .map((c) => missingPaths(source, q.object, exported, c, `${path} / `))
        .sort((a, b) => a.length - b.length)[0];
      missing.push(...(best ?? [path]));
    } else if (describes(source, q.object) && !candidates.some((c) => c.equals(q.object))) {
      // A named node with its own triples (a distribution, a contact point) may be renamed: match its content.
      const best = candidates
        .map((c) => missingPaths(source, q.object, exported, c, `${path} / `))
        .sort((a, b) => a.length - b.length)[0];
      missing.push(...(best ?? [path]));
    } else if (!candidates.some((c) => sameTerm(q.object, c))) {
      missing.push(path);
    }
  }
  return [...new Set(missing)];
}

function entryFor(descriptor: DatasetDescriptor): CatalogEntry {
  return {
    id: '01JROUNDTRIP0000000000001',
    uri: 'https://phoenix-desk.example/v1/datasets/01JROUNDTRIP0000000000001',
    descriptor,
    issued: '2025-02-01T10:00:00.000Z',
    modified: '2025-03-01T10:00:00.000Z',
    providerName: 'Sciensano',
    deskName: 'Guichet PHOENIX',
  };
}

async function importStoreExport(
  body: string,
  contentType: 'text/turtle',
): Promise<{ quads: Quad[]; dataset: string }> {
  const [imported] = await parseCatalogDocument(body, contentType);
  const stored = validateDescriptor(imported?.descriptor);
  if (!stored.ok) throw new Error(JSON.stringify(stored.violations));
  const entry = entryFor(stored.value);
  return { quads: buildDatasetQuads(sampleCatalogInfo, entry), dataset: entry.uri };
}

describe('HealthDCAT-AP carried losslessly through import, storage and export', () => {
  it('finds every triple of the reference record again, except those it names with a reason', async () => {
    const source = new Store(await parseRdf(reference, 'text/turtle'));
    const { quads, dataset } = await importStoreExport(reference, 'text/turtle');
    const missing = missingPaths(
      source,
      namedNode('http://example.healthdata.nl/set/dataset'),
      new Store(quads),
      namedNode(dataset),
    );
    expect(missing.sort()).toEqual(Object.keys(REFUSED).sort());
  });

  it('carries the properties the issue names: identifiers, periodicity, standards, provenance, HDAB…', async () => {
    const [imported] = await parseCatalogDocument(reference, 'text/turtle');
    const d = imported?.descriptor;
    expect(d).toMatchObject({
      identifier: 'http://example.com/dataset/1234567890',
      otherIdentifiers: [expect.objectContaining({ schemaAgency: 'Health Information Portal' })],
      accrualPeriodicity: 'DAILY',
      conformsTo: ['http://www.wikidata.org/entity/Q19597236'],
      provenance: { en: 'This example dataset is partly sourced from TEHDAS2' },
      isReferencedBy: ['https://doi.org/10.1038/sdata.2016.18', 'https://dx.doi.org/10.1002/jmri.28679'],
      codeValues: [{ code: 'http://example.com/code1' }, { code: 'http://example.com/code2' }],
      hdab: { name: 'EU Health Data Access Body' },
      trustedDataHolder: true,
      publisherNote: { en: expect.stringContaining('Health-RI') },
      analytics: [expect.objectContaining({ format: 'CSV' })],
      codingSystems: ['ICD-10-PCS', 'ICD-10-CM'],
    });
    expect(imported?.warnings.join('\n')).toBe(
      'not imported (no descriptor field): dct:isPartOf, prov:wasGeneratedBy',
    );
  });

  it('gives the desk’s own export back whole: export → import → export finds every triple', async () => {
    const [imported] = await parseCatalogDocument(reference, 'text/turtle');
    const first = validateDescriptor({
      ...imported?.descriptor,
      codeValues: [
        { code: 'ORPHA:558', label: { fr: 'Syndrome de Marfan', en: 'Marfan syndrome' } },
        { code: 'ICD-O-3:8500/3' },
        { code: 'http://purl.obolibrary.org/obo/MONDO_0007254' },
      ],
      spatial: ['FRA', 'FR10', 'FR-IDF', 'https://sws.geonames.org/3012874/'],
      temporal: { start: '2012', end: '2024-06' },
      dataUseConditions: { permission: { code: 'DS', disease: 'ORPHA:558' }, modifiers: [{ code: 'IRB' }] },
      hdsHosting: { certified: true, host: 'Hébergeur certifié' },
    });
    if (!first.ok) throw new Error(JSON.stringify(first.violations));
    const entry = entryFor(first.value);
    const exported = buildDatasetQuads(sampleCatalogInfo, entry);
    const again = await importStoreExport(await toTurtle(exported), 'text/turtle');
    const missing = missingPaths(
      new Store(exported),
      namedNode(entry.uri),
      new Store(again.quads),
      namedNode(again.dataset),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the provider’s issued/modified on the dataset and the desk’s listing dates on its catalogue record', async () => {
    const [imported] = await parseCatalogDocument(reference, 'text/turtle');
    const stored = validateDescriptor(imported?.descriptor);
    if (!stored.ok) throw new Error('invalid');
    const entry = entryFor(stored.value);
    const store = new Store(buildCatalogQuads(sampleCatalogInfo, [entry]));
    const value = (s: string, p: string) =>
      store.getObjects(namedNode(s), namedNode(p), null).map((t) => t.value);
    expect(value(entry.uri, `${NS.dct}issued`)).toEqual(['2024-01-01T00:00:00Z']);
    expect(value(entry.uri, `${NS.dct}modified`)).toEqual(['2024-12-31T23:59:59Z']);
    const [record] = store.getSubjects(namedNode(`${NS.foaf}primaryTopic`), namedNode(entry.uri), null);
    expect(record).toBeDefined();
    expect(value(record?.value ?? '', `${NS.dct}issued`)).toEqual([entry.issued]);
    expect(value(record?.value ?? '', `${NS.dct}modified`)).toEqual([entry.modified]);
    expect(value(record?.value ?? '', `${NS.dct}identifier`)).toEqual([entry.id]);
  });

  it('conforms to the DCAT-AP 3.0.0 SHACL shapes with the reference record imported', async () => {
    const [imported] = await parseCatalogDocument(reference, 'text/turtle');
    const stored = validateDescriptor(imported?.descriptor);
    if (!stored.ok) throw new Error('invalid');
    const report = await validateShacl(buildCatalogQuads(sampleCatalogInfo, [entryFor(stored.value)]));
    expectConforms(report, 'the reference record, imported and exported');
  });
});

describe('the descriptor ↔ RDF mapping table', () => {
  const schema = JSON.parse(
    readFileSync(
      new URL('../../catalog-schemas/dataset-descriptor/1.1.0.schema.json', import.meta.url),
      'utf8',
    ),
  ) as { properties: Record<string, unknown> };

  it('has one row for every descriptor field, so a new field cannot be forgotten', () => {
    const fields = DESCRIPTOR_RDF_MAP.map((m) => m.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect([...fields].sort()).toEqual(
      Object.keys(schema.properties)
        .filter((k) => k !== '$schema')
        .sort(),
    );
  });
});
