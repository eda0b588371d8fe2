// DCAT-AP export: graph shape, datatypes, absolute IRIs, Turtle and JSON-LD serialisation, embedded context.
import { readFileSync } from 'node:fs';
import type { Quad, Term } from 'n3';
import { describe, expect, it } from 'vitest';
import { sampleCatalogInfo, sampleEntries } from '../../test/fixtures/rdf/sample-entries';
import { DCAT_AP_CONTEXT_DOCUMENT, DCAT_AP_CONTEXT_URL, documentLoader } from './dcat-ap-context';
import { buildCatalogQuads, buildDatasetQuads, type CatalogEntry, toJsonLd, toTurtle } from './dcat-export';
import { parseRdf } from './dcat-import';
import { NS } from './rdf-vocabulary';

const RDF_TYPE = `${NS.rdf}type`;
const quads = buildCatalogQuads(sampleCatalogInfo, sampleEntries);
const [eds, registry, imaging] = sampleEntries as [CatalogEntry, CatalogEntry, CatalogEntry, CatalogEntry];

function objects(qs: Quad[], subject: string | Term, predicate: string): Term[] {
  const s = typeof subject === 'string' ? subject : subject.value;
  return qs.filter((q) => q.subject.value === s && q.predicate.value === predicate).map((q) => q.object);
}

function typesOf(qs: Quad[], subject: string | Term): string[] {
  return objects(qs, subject, RDF_TYPE).map((t) => t.value);
}

/** Quads without blank-node labels, to compare graphs after a parse (labels are renamed). */
function groundKeys(qs: Quad[]): string[] {
  return qs
    .filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode')
    .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`)
    .sort();
}

describe('buildCatalogQuads', () => {
  it('describes one catalogue with the mandatory DCAT-AP properties and links every dataset and record', () => {
    const catalog = sampleCatalogInfo.uri;
    expect(typesOf(quads, catalog)).toEqual([`${NS.dcat}Catalog`]);
    expect(objects(quads, catalog, `${NS.dct}title`).map((t) => t.value)).toContain(
      'PHOENIX health-data catalogue',
    );
    expect(objects(quads, catalog, `${NS.dct}description`)).toHaveLength(2);
    const [publisher] = objects(quads, catalog, `${NS.dct}publisher`);
    expect(publisher?.value).toBe(sampleCatalogInfo.publisher.uri);
    expect(objects(quads, publisher as Term, `${NS.foaf}name`).map((t) => t.value)).toEqual([
      'MEDICEN Paris Region',
    ]);
    expect(objects(quads, catalog, `${NS.dcat}dataset`).map((t) => t.value)).toEqual(
      sampleEntries.map((e) => e.uri),
    );
    const records = objects(quads, catalog, `${NS.dcat}record`);
    expect(records).toHaveLength(sampleEntries.length);
    for (const record of records) {
      expect(typesOf(quads, record)).toContain(`${NS.dcat}CatalogRecord`);
      expect(objects(quads, record, `${NS.dct}modified`)).toHaveLength(1);
    }
  });

  it('emits only absolute IRIs', () => {
    for (const q of quads) {
      for (const term of [q.subject, q.predicate, q.object]) {
        if (term.termType !== 'NamedNode') continue;
        expect(() => new URL(term.value), term.value).not.toThrow();
      }
    }
  });

  it('tags French and English literals and types dates and counts', () => {
    const titles = objects(quads, eds.uri, `${NS.dct}title`);
    expect(titles.map((t) => (t.termType === 'Literal' ? t.language : ''))).toEqual(['fr', 'en']);
    const [records] = objects(quads, eds.uri, `${NS.healthdcatap}numberOfRecords`);
    expect(records?.termType === 'Literal' && records.datatype.value).toBe(`${NS.xsd}nonNegativeInteger`);
    expect(records?.value).toBe('3812450');
    const [issued] = objects(quads, eds.uri, `${NS.dct}issued`);
    expect(issued?.termType === 'Literal' && issued.datatype.value).toBe(`${NS.xsd}dateTime`);
    const [period] = objects(quads, eds.uri, `${NS.healthdcatap}retentionPeriod`);
    expect(typesOf(quads, period as Term)).toEqual([`${NS.dct}PeriodOfTime`]);
    const [start] = objects(quads, period as Term, `${NS.dcat}startDate`);
    expect(start?.termType === 'Literal' && start.datatype.value).toBe(`${NS.xsd}date`);
    expect(start?.value).toBe('2025-01-01');
  });

  it('maps codes to EU authority, HealthDCAT-AP, Wikidata and DPV IRIs and types them for DCAT-AP', () => {
    const rights = objects(quads, eds.uri, `${NS.dct}accessRights`);
    expect(rights.map((t) => t.value)).toEqual([
      'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC',
    ]);
    expect(typesOf(quads, rights[0] as Term)).toEqual([`${NS.dct}RightsStatement`]);
    const [theme] = objects(quads, eds.uri, `${NS.dcat}theme`);
    expect(theme?.value).toBe('http://publications.europa.eu/resource/authority/data-theme/HEAL');
    expect(objects(quads, theme as Term, `${NS.skos}prefLabel`).map((t) => t.value)).toContain('Santé');
    expect(objects(quads, eds.uri, `${NS.dct}spatial`).map((t) => t.value)).toEqual([
      'http://publications.europa.eu/resource/authority/country/FRA',
      'https://sws.geonames.org/3012874/',
    ]);
    expect(objects(quads, eds.uri, `${NS.dct}language`).map((t) => t.value)).toEqual([
      'http://publications.europa.eu/resource/authority/language/FRA',
    ]);
    expect(objects(quads, eds.uri, `${NS.healthdcatap}hasCodingSystem`).map((t) => t.value)).toContain(
      'http://www.wikidata.org/entity/P267',
    );
    expect(objects(quads, eds.uri, `${NS.dpv}hasPersonalData`).map((t) => t.value)).toContain(
      'https://w3id.org/dpv/dpv-pd#HealthRecord',
    );
    expect(objects(quads, eds.uri, `${NS.dpv}hasLegalBasis`).map((t) => t.value)).toEqual([
      'https://w3id.org/dpv#PublicInterest',
    ]);
    const [dist] = objects(quads, eds.uri, `${NS.dcat}distribution`);
    expect(typesOf(quads, dist as Term)).toEqual([`${NS.dcat}Distribution`]);
    const [format] = objects(quads, dist as Term, `${NS.dct}format`);
    expect(format?.value).toBe('http://publications.europa.eu/resource/authority/file-type/PARQUET');
    expect(typesOf(quads, format as Term)).toEqual([`${NS.dct}MediaTypeOrExtent`]);
  });

  it('carries DUO conditions as ODRL constraints on a permission of an offer', () => {
    const [policy] = objects(quads, registry.uri, `${NS.odrl}hasPolicy`);
    expect(typesOf(quads, policy as Term)).toEqual([`${NS.odrl}Offer`, `${NS.odrl}Policy`]);
    const [permission] = objects(quads, policy as Term, `${NS.odrl}permission`);
    expect(objects(quads, permission as Term, `${NS.odrl}target`).map((t) => t.value)).toEqual([
      registry.uri,
    ]);
    const constraints = objects(quads, permission as Term, `${NS.odrl}constraint`);
    const terms = constraints.map((c) => ({
      duo: objects(quads, c, `${NS.odrl}rightOperand`)[0]?.value,
      value: objects(quads, c, `${NS.rdf}value`)[0]?.value,
    }));
    expect(terms).toEqual([
      { duo: 'http://purl.obolibrary.org/obo/DUO_0000007', value: 'C50' },
      { duo: 'http://purl.obolibrary.org/obo/DUO_0000019', value: undefined },
      { duo: 'http://purl.obolibrary.org/obo/DUO_0000020', value: undefined },
      { duo: 'http://purl.obolibrary.org/obo/DUO_0000024', value: '2026-06-30' },
    ]);
    expect(objects(quads, registry.uri, `${NS.dct}accessRights`).map((t) => t.value)).toEqual([
      'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
    ]);
  });

  it('records the HDS certification as a DQV quality certificate', () => {
    const [cert] = objects(quads, imaging.uri, `${NS.dqv}hasQualityAnnotation`);
    expect(typesOf(quads, cert as Term)).toEqual([`${NS.dqv}QualityCertificate`]);
    expect(objects(quads, cert as Term, `${NS.oa}hasBody`).map((t) => t.value)).toEqual([
      'https://esante.gouv.fr/produits-services/hds',
    ]);
  });

  it('describes shared nodes once per document', () => {
    const heal = 'http://publications.europa.eu/resource/authority/data-theme/HEAL';
    expect(quads.filter((q) => q.subject.value === heal && q.predicate.value === RDF_TYPE)).toHaveLength(1);
  });

  it('falls back to the dataset page when a distribution has no usable access URL', () => {
    const entry: CatalogEntry = {
      ...eds,
      descriptor: { ...eds.descriptor, distributions: [{ accessUrl: 'not a url' }] },
    };
    const qs = buildDatasetQuads(sampleCatalogInfo, entry);
    const [dist] = objects(qs, entry.uri, `${NS.dcat}distribution`);
    expect(objects(qs, dist as Term, `${NS.dcat}accessURL`).map((t) => t.value)).toEqual([entry.uri]);
  });
});

describe('buildDatasetQuads', () => {
  it('describes the dataset and its record without a catalogue', () => {
    const qs = buildDatasetQuads(sampleCatalogInfo, registry);
    expect(qs.some((q) => q.object.value === `${NS.dcat}Catalog`)).toBe(false);
    expect(typesOf(qs, registry.uri)).toEqual([`${NS.dcat}Dataset`, `${NS.dcat}Resource`]);
    expect(typesOf(qs, `${registry.uri}#record`)).toEqual([`${NS.dcat}CatalogRecord`]);
  });
});

describe('serialisations', () => {
  it('writes Turtle with prefixes that parses back to the same graph', async () => {
    const turtle = await toTurtle(quads);
    expect(turtle).toContain('@prefix dcat: <http://www.w3.org/ns/dcat#>.');
    expect(turtle).toContain('@prefix healthdcatap: <http://healthdataportal.eu/ns/health#>.');
    const back = await parseRdf(turtle, 'text/turtle');
    expect(back).toHaveLength(quads.length);
    expect(groundKeys(back)).toEqual(groundKeys(quads));
  });

  it('writes compacted JSON-LD referencing the DCAT-AP context, as a plain object that parses back', async () => {
    const doc = await toJsonLd(quads);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    const context = doc['@context'] as unknown[];
    expect(context).toContain(DCAT_AP_CONTEXT_URL);
    expect(context.at(-1)).toMatchObject({ healthdcatap: NS.healthdcatap, dpv: NS.dpv });
    expect(JSON.stringify(doc)).toContain('"Dataset.title"');
    const back = await parseRdf(JSON.stringify(doc), 'application/ld+json');
    expect(back).toHaveLength(quads.length);
    expect(groundKeys(back)).toEqual(groundKeys(quads));
  });
});

describe('embedded DCAT-AP context', () => {
  it('is the file in catalog-schemas/rdf', () => {
    const file = JSON.parse(
      readFileSync(
        new URL('../../catalog-schemas/rdf/dcat-ap-3.0.0-context.jsonld', import.meta.url),
        'utf8',
      ),
    );
    expect(DCAT_AP_CONTEXT_DOCUMENT).toEqual(file);
  });

  it('is the only document the loader serves', async () => {
    await expect(documentLoader(DCAT_AP_CONTEXT_URL)).resolves.toMatchObject({
      documentUrl: DCAT_AP_CONTEXT_URL,
    });
    await expect(documentLoader('https://schema.org/')).rejects.toThrow(/refused/);
  });
});

describe('input checks', () => {
  it('refuses relative catalogue and dataset IRIs', () => {
    expect(() => buildCatalogQuads({ ...sampleCatalogInfo, uri: '/v1/catalog' }, [])).toThrow(/absolute IRI/);
    expect(() => buildDatasetQuads(sampleCatalogInfo, { ...eds, uri: 'datasets/1' })).toThrow(/absolute IRI/);
  });
});
