// DCAT-AP / HealthDCAT-AP import: the HealthDCAT-AP example record, tolerance, round trips and syntax errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleCatalogInfo, sampleEntries } from '../../test/fixtures/rdf/sample-entries';
import type { DatasetDescriptor } from '../domain/descriptor';
import { validateDescriptor } from '../validation/descriptor-validation';
import { buildCatalogQuads, toJsonLd, toTurtle } from './dcat-export';
import { type ImportedDataset, parseCatalogDocument, RdfParseError } from './dcat-import';

const example = readFileSync(
  new URL('../../test/fixtures/rdf/healthdcat-ap-example-dataset.ttl', import.meta.url),
  'utf8',
);

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
@prefix dpv: <https://w3id.org/dpv#> .
@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
`;

async function importOne(turtle: string): Promise<ImportedDataset> {
  const [only, ...rest] = await parseCatalogDocument(PREFIXES + turtle, 'text/turtle');
  expect(rest).toHaveLength(0);
  if (!only) throw new Error('no dataset imported');
  return only;
}

/** Arrays are sets in RDF: compare descriptors with sorted arrays. */
function normalised(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map(normalised).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  }
  return value;
}

describe('the HealthDCAT-AP example record (ckanext-dcat dataset_health.ttl)', () => {
  it('imports to a descriptor that satisfies the descriptor schema', async () => {
    const [imported, ...rest] = await parseCatalogDocument(example, 'text/turtle');
    expect(rest).toHaveLength(0);
    const d = imported?.descriptor as DatasetDescriptor;
    expect(imported?.sourceUri).toBe('http://example.healthdata.nl/set/dataset');
    expect(d.title).toEqual({ en: 'HealthDCAT-AP test dataset' });
    expect(d.description).toEqual({ en: 'This dataset is an example of using HealthDCAT-AP in CKAN' });
    expect(d.publisher).toEqual({
      name: 'Contact Point',
      homepage: 'https://healthdata.nl',
      email: 'info@example.com',
      type: 'National Public Health Institute',
    });
    expect(d.contactPoint).toEqual({
      name: 'Contact Point',
      email: 'contact@example.com',
      url: 'https://healthdata.nl',
      organisationName: 'Contact Point',
      organisationUnit: 'Health Information',
    });
    expect(d.accessRights).toBe('NON_PUBLIC');
    expect(d.themes).toEqual(['HEAL']);
    expect(d.spatial).toEqual(['BEL']);
    expect(d.healthCategories).toEqual(['PHDR', 'IDHP', 'DIOH', 'EHRS']);
    expect(d.healthThemes).toEqual([
      'http://www.wikidata.org/entity/Q7907952',
      'http://www.wikidata.org/entity/Q58624061',
    ]);
    expect(d.numberOfRecords).toBe(123456789);
    expect(d.numberOfUniqueIndividuals).toBe(7654321);
    expect(d.minTypicalAge).toBe(0);
    expect(d.maxTypicalAge).toBe(110);
    expect(d.retentionPeriod).toEqual({
      start: '2020-03-01',
      end: '2034-12-31',
      comment: 'As stated in the CSI deliberation',
    });
    expect(d.temporal).toEqual({ start: '2020-03-01', end: '2024-12-31' });
    expect(d.personalData).toEqual(['Age', 'Gender', 'HealthRecord']);
    expect(d.legalBasis).toEqual(['Consent']);
    expect(d.purpose).toEqual(['AcademicResearch']);
    expect(d.languages).toEqual(['en', 'nl', 'fr']);
    expect(d.keywords).toEqual({ en: ['Test 1', 'Test 2', 'Test 3'] });
    expect(d.distributions).toEqual([
      expect.objectContaining({
        accessUrl: 'https://www.dummy.com/',
        format: 'CSV',
        mediaType: 'text/csv',
        license: 'CC_BYNCND_3_0',
      }),
    ]);
    expect(d.issued).toBe('2024-01-01T00:00:00Z');
    expect(validateDescriptor(d)).toMatchObject({ ok: true });
  });

  it('reports what it could not keep: only what has no place in a desk catalogue', async () => {
    const [imported] = await parseCatalogDocument(example, 'text/turtle');
    const warnings = imported?.warnings.join('\n') ?? '';
    // The source catalogue (dct:isPartOf) is replaced by the desk's; provenance activities have no field.
    expect(warnings).toMatch(/not imported \(no descriptor field\): dct:isPartOf, prov:wasGeneratedBy$/m);
    expect(warnings).not.toMatch(/hdab|accrualPeriodicity|conformsTo|provenance,|isReferencedBy/);
  });
});

describe('round trips', () => {
  const quads = buildCatalogQuads(sampleCatalogInfo, sampleEntries);

  it.each([
    ['text/turtle', () => toTurtle(quads)],
    ['application/ld+json', async () => JSON.stringify(await toJsonLd(quads))],
  ] as const)('export then import through %s gives the descriptors back', async (contentType, serialise) => {
    const imported = await parseCatalogDocument(await serialise(), contentType);
    expect(imported.map((i) => i.sourceUri).sort()).toEqual(sampleEntries.map((e) => e.uri).sort());
    for (const i of imported) {
      const entry = sampleEntries.find((e) => e.uri === i.sourceUri);
      expect(i.warnings).toEqual([]);
      const stored = validateDescriptor(entry?.descriptor);
      expect(normalised(i.descriptor)).toEqual(normalised(stored.ok ? stored.value : undefined));
      expect(validateDescriptor(i.descriptor)).toMatchObject({ ok: true });
    }
  });

  it('keeps only held HDS certifications (certified: false is not published)', async () => {
    const entry = sampleEntries[3];
    if (!entry) throw new Error('fixture');
    const notCertified = { ...entry, descriptor: { ...entry.descriptor, hdsHosting: { certified: false } } };
    const turtle = await toTurtle(buildCatalogQuads(sampleCatalogInfo, [notCertified]));
    const [back] = await parseCatalogDocument(turtle, 'text/turtle');
    expect(back?.descriptor.hdsHosting).toBeUndefined();
  });
});

describe('tolerance', () => {
  it('puts untagged literals in English, keeps French, and uses another language only as a last resort', async () => {
    const { descriptor, warnings } = await importOne(`
      <http://ex.org/a> a dcat:Dataset ;
        dct:title "Plain title", "Titre"@fr-FR, "Titel"@de ;
        dct:description "Beschreibung"@nl ;
        dcat:keyword "un"@fr, "two", "drei"@de .`);
    expect(descriptor.title).toEqual({ en: 'Plain title', fr: 'Titre' });
    expect(descriptor.description).toEqual({ en: 'Beschreibung' });
    expect(descriptor.keywords).toEqual({ fr: ['un'], en: ['two'] });
    expect(warnings.join('\n')).toMatch(/description has no French or English value/);
  });

  it('parses untyped and differently typed numbers, and drops what is not a count', async () => {
    const { descriptor, warnings } = await importOne(`
      <http://ex.org/a> a dcat:Dataset ; dct:title "t" ; dct:description "d" ;
        healthdcatap:numberOfRecords "42" ;
        healthdcatap:numberOfUniqueIndividuals 17 ;
        healthdcatap:minTypicalAge "18.0"^^xsd:decimal ;
        healthdcatap:maxTypicalAge "about ninety" .`);
    expect(descriptor.numberOfRecords).toBe(42);
    expect(descriptor.numberOfUniqueIndividuals).toBe(17);
    expect(descriptor.minTypicalAge).toBe(18);
    expect(descriptor.maxTypicalAge).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/maximum typical age "about ninety"/i);
  });

  it('drops values outside the descriptor vocabularies with a warning', async () => {
    const { descriptor, warnings } = await importOne(`
      <http://ex.org/a> a dcat:Dataset ; dct:title "t" ; dct:description "d" ;
        dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL>, <http://eurovoc.europa.eu/100142> ;
        healthdcatap:healthCategory <http://example.org/categories/EHRS>, <http://example.org/categories/NOPE> ;
        healthdcatap:hasCodingSystem <https://www.wikidata.org/wiki/Property:P494>, <http://snomed.info/sct>, <http://example.org/cs> ;
        dpv:hasLegalBasis dpv:Consent, <https://w3id.org/dpv/legal/eu/gdpr#A6-1-e>, dpv:Whim ;
        dpv:hasPersonalData <https://w3id.org/dpv/pd#Age>, <http://example.org/pd#Age> .`);
    expect(descriptor.themes).toEqual(['HEAL']);
    expect(descriptor.healthCategories).toEqual(['EHRS']);
    expect(descriptor.codingSystems).toEqual(['ICD-10', 'SNOMED-CT']);
    expect(descriptor.legalBasis).toEqual(['Consent', 'PublicInterest']);
    expect(descriptor.personalData).toEqual(['Age']);
    const text = warnings.join('\n');
    for (const dropped of [
      'eurovoc.europa.eu/100142',
      'categories/NOPE',
      'example.org/cs',
      'dpv#Whim',
      'example.org/pd#Age',
    ]) {
      expect(text).toContain(dropped);
    }
  });

  it('defaults access rights to NON_PUBLIC and accepts a blank-node dataset', async () => {
    const { descriptor, warnings, sourceUri } = await importOne(
      `[] a dcat:Dataset ; dct:title "t" ; dct:description "d" .`,
    );
    expect(descriptor.accessRights).toBe('NON_PUBLIC');
    expect(sourceUri).toMatch(/^_:/);
    expect(warnings).toContain('no dct:accessRights; NON_PUBLIC was assumed');
  });

  it('reads DUO conditions and drops modifiers without their parameter', async () => {
    const { descriptor, warnings } = await importOne(`
      <http://ex.org/a> a dcat:Dataset ; dct:title "t" ; dct:description "d" ;
        odrl:hasPolicy [ a odrl:Offer ; odrl:permission [ odrl:action odrl:use ;
          odrl:constraint [ odrl:leftOperand odrl:purpose ; odrl:operator odrl:isA ; odrl:rightOperand obo:DUO_0000007 ; rdf:value "E11" ] ,
                          [ odrl:rightOperand obo:DUO_0000025 ; rdf:value "12" ] ,
                          [ odrl:rightOperand obo:DUO_0000022 ] ,
                          [ odrl:rightOperand obo:DUO_0000021 ] ] ] .`);
    expect(normalised(descriptor.dataUseConditions)).toEqual(
      normalised({
        permission: { code: 'DS', disease: 'E11' },
        modifiers: [{ code: 'TS', months: 12 }, { code: 'IRB' }],
      }),
    );
    expect(warnings.join('\n')).toMatch(/GS \(geographical restriction\) has no valid region/);
  });

  it('keeps years, months and dates as precise as the source gives them', async () => {
    const { descriptor, warnings } = await importOne(`
      <http://ex.org/a> a dcat:Dataset ; dct:title "t" ; dct:description "d" ; dct:issued "2021-05-04"^^xsd:date ;
        dct:modified "2022"^^xsd:gYear ;
        dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019"^^xsd:gYear ; dcat:endDate "2020-02"^^xsd:gYearMonth ] .`);
    expect(descriptor.temporal).toEqual({ start: '2019', end: '2020-02' });
    expect(descriptor.issued).toBe('2021-05-04');
    expect(descriptor.modified).toBe('2022');
    expect(warnings.join('\n')).not.toMatch(/date/);
  });

  it('imports a JSON-LD document with an inline context', async () => {
    const doc = {
      '@context': { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/' },
      '@id': 'http://ex.org/jsonld',
      '@type': 'dcat:Dataset',
      'dct:title': { '@value': 'Titre', '@language': 'fr' },
      'dct:description': 'Description',
      'dct:accessRights': { '@id': 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' },
    };
    const [imported] = await parseCatalogDocument(JSON.stringify(doc), 'application/ld+json');
    expect(imported?.descriptor).toMatchObject({
      title: { fr: 'Titre' },
      description: { en: 'Description' },
      accessRights: 'PUBLIC',
    });
  });

  it('returns nothing for a document without datasets', async () => {
    await expect(
      parseCatalogDocument(`${PREFIXES}<http://ex.org/x> dct:title "t" .`, 'text/turtle'),
    ).resolves.toEqual([]);
  });
});

describe('syntax errors', () => {
  it('reports the Turtle line without a stack trace', async () => {
    const body = `${PREFIXES}<http://ex.org/a> a dcat:Dataset ;\n  dct:title "unterminated .\n`;
    const error = await parseCatalogDocument(body, 'text/turtle').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RdfParseError);
    const e = error as RdfParseError;
    expect(e.line).toBe(11);
    expect(e.message).toMatch(/^Turtle syntax error: .*line 11/);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('reports the JSON line and column', async () => {
    const error = await parseCatalogDocument(
      '{\n  "@id": "http://ex.org/a",\n  "@type" "x"\n}',
      'application/ld+json',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RdfParseError);
    expect(error).toMatchObject({ line: 3, column: 11 });
    expect((error as Error).message).toMatch(/^JSON syntax error \(line 3, column 11\)/);
  });

  it('refuses remote JSON-LD contexts instead of fetching them', async () => {
    const doc = {
      '@context': 'https://schema.org/',
      '@id': 'http://ex.org/a',
      '@type': 'Dataset',
      name: 'x',
    };
    const error = await parseCatalogDocument(JSON.stringify(doc), 'application/ld+json').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RdfParseError);
    expect((error as Error).message).toMatch(/remote JSON-LD document refused: https:\/\/schema\.org\//);
  });

  it('reports invalid JSON-LD briefly', async () => {
    const error = await parseCatalogDocument(
      '{"@context": {"x": {"@id": 5}}, "x": 1}',
      'application/ld+json',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RdfParseError);
    expect((error as Error).message).toMatch(/^JSON-LD error: /);
    expect((error as Error).message.length).toBeLessThan(300);
  });
});
