// Behaviour of descriptor validation: the schema contract, the wording and pointers of violations, the demo data.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoDescriptors } from '../demo/descriptors';
import { ACCESS_RIGHTS, DUO_MODIFIERS, DUO_PERMISSIONS } from '../domain/descriptor';
import { formatViolations, type Violation, validateDescriptor } from './descriptor-validation';

const repoFile = (path: string): URL => new URL(`../../${path}`, import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(repoFile(path), 'utf8'));
const FIXTURES = 'test/fixtures/descriptors/';

type Json = Record<string, unknown>;
const schema = readJson('catalog-schemas/dataset-descriptor/1.1.0.schema.json') as Json;
const schema100 = readJson('catalog-schemas/dataset-descriptor/1.0.0.schema.json') as Json;
const VERSION_100 = 'https://phoenix-desk.example/schemas/dataset-descriptor/1.0.0';

/** A descriptor that uses every property of the schema. */
function fullDescriptor(): Json {
  return {
    title: { fr: 'Entrepôt de données — diabète de type 2', en: 'Data warehouse — type 2 diabetes' },
    description: { fr: 'Extrait pseudonymisé de l’EDS.', en: 'Pseudonymised extract of the warehouse.' },
    keywords: { fr: ['diabète', 'EDS'], en: ['diabetes'] },
    themes: ['HEAL', 'SOCI'],
    publisher: {
      name: 'Hôpital Foch',
      homepage: 'https://www.hopital-foch.com',
      email: 'eds@hopital-foch.example',
      type: 'Hospital',
    },
    contactPoint: {
      name: 'Cellule EDS',
      email: 'eds@hopital-foch.example',
      url: 'https://foch.example/contact',
    },
    spatial: ['FRA', 'FR10'],
    temporal: { start: '2015-01-01', end: '2024-12-31', comment: 'Séjours clos.' },
    populationCoverage: { fr: 'Adultes diabétiques.', en: 'Adults with diabetes.' },
    minTypicalAge: 18,
    maxTypicalAge: 95,
    numberOfRecords: 2_450_000,
    numberOfUniqueIndividuals: 18_420,
    healthCategories: ['EHRS', 'IDHP'],
    healthThemes: ['http://www.wikidata.org/entity/Q3025883'],
    codingSystems: ['ICD-10', 'CIM-10', 'OMOP'],
    personalData: ['Age', 'Gender', 'HealthRecord'],
    legalBasis: ['PublicInterest'],
    purpose: ['ScientificResearch'],
    hdsHosting: { certified: true, host: 'Hébergeur certifié' },
    accessRights: 'NON_PUBLIC',
    retentionPeriod: { start: '2015-01-01', end: '2034-12-31' },
    distributions: [
      {
        title: { fr: 'Extraction OMOP', en: 'OMOP extraction' },
        accessUrl: 'https://phoenix-desk.example/desks/foch/datasets/eds',
        downloadUrl: 'https://foch.example/eds.parquet',
        format: 'PARQUET',
        mediaType: 'application/vnd.apache.parquet',
        license: 'CC_BY_4_0',
        byteSize: 1_000_000,
      },
    ],
    dataUseConditions: {
      permission: { code: 'DS', disease: 'E11' },
      modifiers: [
        { code: 'IRB' },
        { code: 'TS', months: 36 },
        { code: 'GS', region: 'FR-IDF' },
        { code: 'MOR', until: '2026-06-30' },
      ],
    },
    landingPage: 'https://phoenix-desk.example/desks/foch/datasets/eds',
    languages: ['fr', 'en'],
    issued: '2023-03-15T09:00:00Z',
    modified: '2025-01-10T16:30:00+01:00',
  };
}

/** The same with every property 1.1.0 adds: the HealthDCAT-AP properties, coded concepts, partial dates. */
function fullDescriptor110(): Json {
  const distribution = {
    accessUrl: 'https://foch.example/eds/analytics',
    description: { fr: 'Rapport technique.' },
    identifier: 'eds-analytics-1',
    issued: '2024-06',
    modified: '2024-06-04T18:00:00Z',
    rights: 'Accès libre.',
    languages: ['fr'],
    applicableLegislation: ['http://data.europa.eu/eli/reg/2022/868/oj'],
    retentionPeriod: { start: '2024', end: '2034' },
  };
  return {
    ...fullDescriptor(),
    alternative: ['EDS-DT2'],
    identifier: 'https://foch.example/datasets/eds-dt2',
    otherIdentifiers: [{ notation: 'FOCH-EDS-042', schemaAgency: 'Hôpital Foch' }],
    version: '2025.1',
    versionNotes: { fr: 'Ajout de la biologie.' },
    publisherNote: { fr: 'Hôpital privé à but non lucratif.' },
    trustedDataHolder: false,
    hdab: { name: 'Health Data Hub', homepage: 'https://www.health-data-hub.fr' },
    creators: [{ name: 'Direction des données, Hôpital Foch' }],
    qualifiedAttributions: [
      {
        agent: { name: 'Institut Pasteur' },
        role: 'https://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/processor',
      },
    ],
    temporalResolution: 'P1D',
    spatialResolutionInMeters: 1000,
    accrualPeriodicity: 'QUARTERLY',
    codeValues: [
      { code: 'ICD-10:E11', label: { fr: 'Diabète de type 2', en: 'Type 2 diabetes' } },
      { code: 'ORPHA:558' },
      { code: 'http://purl.obolibrary.org/obo/MONDO_0005148' },
    ],
    qualityCertificates: [{ body: 'https://certificates.theodi.org/en/datasets/393/certificate' }],
    samples: [distribution],
    analytics: [distribution],
    documentation: [{ url: 'https://foch.example/eds/documentation', label: 'Dictionnaire des données' }],
    conformsTo: ['https://ohdsi.github.io/CommonDataModel/cdm54.html'],
    provenance: { fr: 'Extrait du DPI et du PMSI.' },
    isReferencedBy: ['https://doi.org/10.1038/sdata.2016.18'],
    relations: ['https://foch.example/datasets/eds-ic'],
    qualifiedRelations: [
      {
        relation: 'https://foch.example/datasets/eds-ic',
        role: 'http://www.iana.org/assignments/relation/related',
      },
    ],
    hasVersion: ['https://foch.example/datasets/eds-dt2/2024'],
    isVersionOf: ['https://foch.example/datasets/eds'],
    source: ['https://foch.example/datasets/dpi'],
    applicableLegislation: ['http://data.europa.eu/eli/reg/2022/868/oj'],
    datasetType: 'PERSONAL_DATA',
  };
}

function violationsOf(input: unknown): Violation[] {
  const result = validateDescriptor(input);
  if (result.ok) throw new Error('expected the descriptor to be rejected');
  return result.violations;
}

function withDataUse(dataUseConditions: unknown): Json {
  return { ...fullDescriptor(), dataUseConditions };
}

describe('validateDescriptor', () => {
  it('accepts a descriptor that uses every property and returns it unchanged', () => {
    const input = fullDescriptor110();
    const properties = Object.keys(schema.properties as Json).filter((k) => k !== '$schema');
    expect(Object.keys(input).sort()).toEqual(properties.sort());
    const result = validateDescriptor(input);
    expect(result).toEqual({ ok: true, value: fullDescriptor110() });
  });

  it('accepts a 1.0.0 descriptor as it is, with or without its $schema, and stores it as 1.1.0', () => {
    // Stored in 1.1.0's canonical form: a NUTS IRI as its code (exported as the same IRI).
    const input = { ...fullDescriptor(), spatial: ['FRA', 'http://data.europa.eu/nuts/code/FR10'] };
    expect(Object.keys(input).sort()).toEqual(Object.keys(schema100.properties as Json).sort());
    expect(validateDescriptor(input)).toEqual({ ok: true, value: fullDescriptor() });
    expect(validateDescriptor({ $schema: VERSION_100, ...input })).toEqual({
      ok: true,
      value: fullDescriptor(),
    });
  });

  it('holds a descriptor that names 1.0.0 to 1.0.0: no 1.1.0 fields, no aliases', () => {
    expect(violationsOf({ $schema: VERSION_100, ...fullDescriptor110() })).toContainEqual({
      pointer: '/codeValues',
      message: expect.stringContaining("unknown property 'codeValues'"),
    });
    expect(violationsOf({ $schema: VERSION_100, ...fullDescriptor(), codingSystems: ['SNOMED CT'] })).toEqual(
      [
        expect.objectContaining({ pointer: '/spatial/1', message: expect.stringContaining("'FR10'") }),
        expect.objectContaining({ pointer: '/codingSystems/0' }),
      ],
    );
    expect(violationsOf({ ...fullDescriptor(), $schema: 'https://example.org/other' })).toEqual([
      expect.objectContaining({ pointer: '/$schema' }),
    ]);
  });

  it('accepts a descriptor with only the required properties', () => {
    const result = validateDescriptor({
      title: { en: 'Minimal' },
      description: { fr: 'Minimal' },
      publisher: { name: 'Institut Pasteur' },
      accessRights: 'PUBLIC',
    });
    expect(result.ok).toBe(true);
  });

  it('points at a missing required property', () => {
    const { title: _title, ...withoutTitle } = fullDescriptor();
    expect(violationsOf(withoutTitle)).toEqual([{ pointer: '/title', message: 'is required' }]);
  });

  it('rejects something that is not an object at the root', () => {
    expect(violationsOf(null)).toEqual([{ pointer: '', message: 'must be an object' }]);
    expect(violationsOf([])).toEqual([{ pointer: '', message: 'must be an object' }]);
  });

  it('requires at least one language in a localized text, and no empty strings', () => {
    expect(violationsOf({ ...fullDescriptor(), title: {} })).toEqual([
      { pointer: '/title', message: 'must not be empty; give at least one of: fr, en' },
    ]);
    expect(violationsOf({ ...fullDescriptor(), title: { fr: '' } })).toEqual([
      { pointer: '/title/fr', message: 'must not be empty' },
    ]);
    expect(violationsOf({ ...fullDescriptor(), title: 'Diabète' })).toEqual([
      { pointer: '/title', message: 'must be an object' },
    ]);
  });

  it('limits a title to 300 characters, counted as characters rather than UTF-16 units', () => {
    expect(validateDescriptor({ ...fullDescriptor(), title: { fr: 'é'.repeat(300) } }).ok).toBe(true);
    expect(validateDescriptor({ ...fullDescriptor(), title: { fr: '🩺'.repeat(300) } }).ok).toBe(true);
    expect(violationsOf({ ...fullDescriptor(), title: { fr: 'é'.repeat(301) } })).toEqual([
      { pointer: '/title/fr', message: 'must be at most 300 characters' },
    ]);
  });

  it('limits descriptions to 10000 characters and keywords to 100', () => {
    const violations = violationsOf({
      ...fullDescriptor(),
      description: { en: 'x'.repeat(10_001) },
      keywords: { fr: ['k'.repeat(101)] },
    });
    expect(violations).toEqual([
      { pointer: '/description/en', message: 'must be at most 10000 characters' },
      { pointer: '/keywords/fr/0', message: 'must be at most 100 characters' },
    ]);
  });

  it('names an unknown property at the top level and in nested objects', () => {
    expect(violationsOf({ ...fullDescriptor(), foo: 1 })).toEqual([
      { pointer: '/foo', message: "unknown property 'foo'" },
    ]);
    const nested = fullDescriptor();
    nested.publisher = { name: 'Roche', siret: '123' };
    nested.dataUseConditions = { permission: { code: 'HMB', note: 'x' } };
    expect(violationsOf(nested)).toEqual([
      {
        pointer: '/publisher/siret',
        message: "unknown property 'siret' (allowed: name, homepage, email, type)",
      },
      {
        pointer: '/dataUseConditions/permission/note',
        message: "unknown property 'note' (allowed: code, disease)",
      },
    ]);
  });

  it('escapes unknown property names in the pointer (RFC 6901)', () => {
    expect(violationsOf({ ...fullDescriptor(), 'a/b~c': 1 })).toEqual([
      { pointer: '/a~1b~0c', message: "unknown property 'a/b~c'" },
    ]);
  });

  it('rejects malformed email, URI, date and date-time values', () => {
    const input = fullDescriptor();
    input.publisher = { name: 'Hôpital Foch', email: 'foch-at-example', homepage: 'www.hopital-foch.com' };
    input.temporal = { start: '2024-02-30', end: '31/12/2024' };
    input.issued = '2024-01-01T25:00:00Z';
    input.modified = '2024-1-5';
    input.landingPage = 'pas une URI';
    expect(violationsOf(input)).toEqual([
      { pointer: '/publisher/homepage', message: 'must be an absolute URI, e.g. https://example.org/page' },
      { pointer: '/publisher/email', message: 'must be a valid email address' },
      {
        pointer: '/temporal/end',
        message: "'31/12/2024' is not a valid date, year-month or year (e.g. 2012, 2012-05, 2012-05-31)",
      },
      { pointer: '/landingPage', message: 'must be an absolute URI, e.g. https://example.org/page' },
      {
        pointer: '/modified',
        message:
          "'2024-1-5' is not a valid date-time, date, year-month or year (e.g. 2024-01-31T12:00:00Z, 2024-01-31, 2024)",
      },
      { pointer: '/temporal/start', message: "'2024-02-30' is not a calendar date" },
      { pointer: '/issued', message: "'2024-01-01T25:00:00Z' is not a valid time of day" },
    ]);
  });

  it('takes a year, a month or a day wherever a date is given', () => {
    const input = {
      ...fullDescriptor(),
      temporal: { start: '2012', end: '2019-06' },
      issued: '2012',
      modified: '2024-02-29',
    };
    expect(validateDescriptor(input)).toMatchObject({ ok: true });
  });

  it('reports fields that contradict each other at both pointers', () => {
    const input = {
      ...fullDescriptor(),
      minTypicalAge: 90,
      maxTypicalAge: 18,
      numberOfRecords: 10,
      numberOfUniqueIndividuals: 11,
      temporal: { start: '2013', end: '2012-12-31' },
      retentionPeriod: { start: '2020-05', end: '2020-05' },
    };
    expect(violationsOf(input)).toEqual([
      { pointer: '/temporal/start', message: 'starts after the end at /temporal/end (2012-12-31)' },
      { pointer: '/temporal/end', message: 'ends before the start at /temporal/start (2013)' },
      {
        pointer: '/minTypicalAge',
        message: '90 is greater than the maximum typical age at /maxTypicalAge (18)',
      },
      {
        pointer: '/maxTypicalAge',
        message: '18 is less than the minimum typical age at /minTypicalAge (90)',
      },
      {
        pointer: '/numberOfUniqueIndividuals',
        message: '11 is greater than the number of records at /numberOfRecords (10)',
      },
      {
        pointer: '/numberOfRecords',
        message: '10 is less than the number of unique individuals at /numberOfUniqueIndividuals (11)',
      },
    ]);
    expect(validateDescriptor({ ...fullDescriptor(), minTypicalAge: 18, maxTypicalAge: 18 }).ok).toBe(true);
  });

  it('normalises the usual spellings of coding systems and CURIE prefixes', () => {
    const result = validateDescriptor({
      ...fullDescriptor(),
      codingSystems: ['SNOMED CT', 'Orphanet', 'ICPC-2', 'CIM-O-3', 'icd-10'],
      codeValues: [{ code: 'Orphanet:558' }, { code: 'mondo:0007254' }, { code: 'ICD-O-3:8500/3' }],
      spatial: ['fra', 'FR10', 'FRK', 'FR-IDF'],
      dataUseConditions: { permission: { code: 'DS', disease: 'orpha:558' } },
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        codingSystems: ['SNOMED-CT', 'ORPHA', 'ICPC-2', 'ICD-O-3', 'ICD-10'],
        codeValues: [{ code: 'ORPHA:558' }, { code: 'MONDO:0007254' }, { code: 'ICD-O-3:8500/3' }],
        spatial: ['FRA', 'FR10', 'FRK', 'FR-IDF'],
        dataUseConditions: { permission: { code: 'DS', disease: 'ORPHA:558' } },
      },
    });
  });

  it('checks places and coded concepts against the shipped lists', () => {
    expect(
      violationsOf({
        ...fullDescriptor(),
        spatial: ['FRX', 'FRK9', 'http://data.europa.eu/nuts/code/FRZ9'],
        codeValues: [{ code: 'XYZ:1' }, { code: 'ORPHA:abc' }, { code: 'diabète' }],
      }),
    ).toEqual([
      {
        pointer: '/codeValues/2/code',
        message: expect.stringContaining("'diabète' is not a valid CURIE or concept IRI"),
      },
      { pointer: '/spatial/0', message: expect.stringContaining("'FRX' is not a known EU country code") },
      { pointer: '/spatial/1', message: expect.stringContaining("'FRK9' is not a known EU country code") },
      { pointer: '/spatial/2', message: expect.stringContaining('is not a known EU country or NUTS unit') },
      {
        pointer: '/codeValues/0/code',
        message: expect.stringContaining("'XYZ' is not a known coding system"),
      },
      { pointer: '/codeValues/1/code', message: "'abc' is not a ORPHA code" },
    ]);
  });

  it('names the vocabulary when a code is unknown', () => {
    const input = fullDescriptor();
    input.accessRights = 'OPEN';
    input.codingSystems = ['ICD-10-XYZ'];
    const violations = violationsOf(input);
    expect(violations).toEqual([
      expect.objectContaining({
        pointer: '/codingSystems/0',
        message: expect.stringContaining(
          "'ICD-10-XYZ' is not a known coding system; expected one of ICD-10, CIM-10",
        ),
      }),
      {
        pointer: '/accessRights',
        message: "'OPEN' is not a known access right; expected one of PUBLIC, RESTRICTED, NON_PUBLIC",
      },
    ]);
  });

  it('accepts the HealthDCAT-AP category codes used by imported records', () => {
    const input = { ...fullDescriptor(), healthCategories: ['PHDR', 'IDHP', 'DIOH', 'EHRS'] };
    expect(validateDescriptor(input).ok).toBe(true);
  });

  it('quotes at most 80 characters of an offending value', () => {
    expect(violationsOf({ ...fullDescriptor(), accessRights: 'X'.repeat(500) })).toContainEqual({
      pointer: '/accessRights',
      message: expect.stringMatching(/^'X{79}…' is not a known access right; /),
    });
  });

  it('reports a duplicate in a list at the repeated item', () => {
    expect(violationsOf({ ...fullDescriptor(), themes: ['HEAL', 'SOCI', 'HEAL'] })).toEqual([
      { pointer: '/themes/2', message: "'HEAL' is a duplicate of item 0" },
    ]);
  });
});

describe('validateDescriptor with DUO data-use conditions', () => {
  it('requires the disease for DS (disease-specific research)', () => {
    expect(violationsOf(withDataUse({ permission: { code: 'DS' } }))).toEqual([
      {
        pointer: '/dataUseConditions/permission/disease',
        message: "DS (disease-specific research) requires 'disease'",
      },
    ]);
  });

  it('accepts an ICD-10 code, a CURIE or an ontology IRI as the DS disease, and nothing else', () => {
    for (const disease of [
      'E11',
      'C50.9',
      'U07.1',
      'ORPHA:558',
      'MONDO:0007254',
      'http://purl.obolibrary.org/obo/MONDO_0005148',
    ]) {
      expect(validateDescriptor(withDataUse({ permission: { code: 'DS', disease } })).ok).toBe(true);
    }
    expect(violationsOf(withDataUse({ permission: { code: 'DS', disease: 'diabète' } }))).toEqual([
      {
        pointer: '/dataUseConditions/permission/disease',
        message:
          "'diabète' is not a valid disease code, CURIE or IRI (e.g. E11, ORPHA:558, http://purl.obolibrary.org/obo/MONDO_0005148)",
      },
    ]);
    expect(violationsOf(withDataUse({ permission: { code: 'DS', disease: 'XYZ:1' } }))).toEqual([
      {
        pointer: '/dataUseConditions/permission/disease',
        message: expect.stringContaining("'XYZ' is not a known coding system"),
      },
    ]);
  });

  it('refuses a disease on a permission other than DS', () => {
    expect(violationsOf(withDataUse({ permission: { code: 'HMB', disease: 'E11' } }))).toEqual([
      {
        pointer: '/dataUseConditions/permission/disease',
        message: "'disease' is only allowed with DS (disease-specific research)",
      },
    ]);
  });

  it('requires months for TS, region for GS and until for MOR', () => {
    const violations = violationsOf(
      withDataUse({
        permission: { code: 'GRU' },
        modifiers: [{ code: 'TS' }, { code: 'GS' }, { code: 'MOR' }],
      }),
    );
    expect(violations).toEqual([
      {
        pointer: '/dataUseConditions/modifiers/0/months',
        message: "TS (time limit on use) requires 'months'",
      },
      {
        pointer: '/dataUseConditions/modifiers/1/region',
        message: "GS (geographical restriction) requires 'region'",
      },
      {
        pointer: '/dataUseConditions/modifiers/2/until',
        message: "MOR (publication moratorium) requires 'until'",
      },
    ]);
  });

  it('keeps TS months between 1 and 600 whole months', () => {
    const months = (value: unknown) =>
      violationsOf(withDataUse({ permission: { code: 'GRU' }, modifiers: [{ code: 'TS', months: value }] }));
    expect(months(0)).toEqual([
      { pointer: '/dataUseConditions/modifiers/0/months', message: 'must be at least 1' },
    ]);
    expect(months(601)).toEqual([
      { pointer: '/dataUseConditions/modifiers/0/months', message: 'must be at most 600' },
    ]);
    expect(months(1.5)).toEqual([
      { pointer: '/dataUseConditions/modifiers/0/months', message: 'must be an integer' },
    ]);
  });

  it('refuses a modifier field given with another code', () => {
    expect(
      violationsOf(withDataUse({ permission: { code: 'GRU' }, modifiers: [{ code: 'IRB', months: 12 }] })),
    ).toEqual([
      {
        pointer: '/dataUseConditions/modifiers/0/months',
        message: "'months' is only allowed with TS (time limit on use)",
      },
    ]);
  });

  it('lists the DUO codes when a code is unknown', () => {
    const violations = violationsOf(
      withDataUse({ permission: { code: 'RESEARCH' }, modifiers: [{ code: 'XYZ' }] }),
    );
    expect(violations).toEqual([
      {
        pointer: '/dataUseConditions/permission/code',
        message: "'RESEARCH' is not a known DUO permission code; expected one of NRES, GRU, HMB, DS, POA",
      },
      {
        pointer: '/dataUseConditions/modifiers/0/code',
        message: `'XYZ' is not a known DUO modifier code; expected one of ${DUO_MODIFIERS.join(', ')}`,
      },
    ]);
  });

  it('allows each modifier code once and points at the repeat', () => {
    const violations = violationsOf(
      withDataUse({
        permission: { code: 'GRU' },
        modifiers: [{ code: 'TS', months: 12 }, { code: 'PUB' }, { code: 'TS', months: 24 }],
      }),
    );
    expect(violations).toEqual([
      {
        pointer: '/dataUseConditions/modifiers/2',
        message: "'TS' is given more than once (first at /dataUseConditions/modifiers/0)",
      },
    ]);
  });

  it('validates GS regions as ISO 3166 codes', () => {
    for (const region of ['FR', 'FR-IDF', 'FR-75', 'EU']) {
      const input = withDataUse({ permission: { code: 'GRU' }, modifiers: [{ code: 'GS', region }] });
      expect(validateDescriptor(input).ok).toBe(true);
    }
    expect(
      violationsOf(
        withDataUse({ permission: { code: 'GRU' }, modifiers: [{ code: 'GS', region: 'France' }] }),
      ),
    ).toEqual([
      {
        pointer: '/dataUseConditions/modifiers/0/region',
        message: "'France' is not a valid ISO 3166 region code (e.g. FR, FR-IDF, EU)",
      },
    ]);
  });
});

describe('validateDescriptor on a descriptor with many faults', () => {
  const violations = violationsOf(readJson(`${FIXTURES}invalid-many-errors.json`));

  it('reports every fault together, each once, with its pointer', () => {
    expect(violations.map((v) => v.pointer).sort()).toEqual(
      [
        '/foo',
        '/title/fr',
        '/description/de',
        '/keywords/fr/1',
        '/themes/1',
        '/publisher/country',
        '/publisher/homepage',
        '/publisher/email',
        '/temporal/start',
        '/minTypicalAge',
        '/numberOfRecords',
        '/healthCategories/0',
        '/codingSystems/0',
        '/accessRights',
        '/dataUseConditions/permission/disease',
        '/dataUseConditions/modifiers/0/months',
        '/dataUseConditions/modifiers/1/code',
        '/dataUseConditions/modifiers/2/region',
        '/dataUseConditions/modifiers/3/months',
        '/dataUseConditions/modifiers/4',
        '/issued',
      ].sort(),
    );
    const keys = violations.map((v) => `${v.pointer} ${v.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('words each fault for a human', () => {
    expect(violations).toEqual(
      expect.arrayContaining([
        { pointer: '/title/fr', message: 'must not be empty' },
        { pointer: '/description/de', message: "unknown property 'de' (allowed: fr, en)" },
        { pointer: '/keywords/fr/1', message: "'diabète' is a duplicate of item 0" },
        { pointer: '/minTypicalAge', message: 'must be at least 0' },
        { pointer: '/numberOfRecords', message: 'must be an integer' },
        {
          pointer: '/dataUseConditions/permission/disease',
          message: "DS (disease-specific research) requires 'disease'",
        },
        {
          pointer: '/dataUseConditions/modifiers/4',
          message: "'IRB' is given more than once (first at /dataUseConditions/modifiers/3)",
        },
        { pointer: '/foo', message: "unknown property 'foo'" },
      ]),
    );
    expect(violations.find((v) => v.pointer === '/healthCategories/0')?.message).toMatch(
      /^'EHR' is not a known HealthDCAT-AP health category; expected one of EHRS, /,
    );
  });

  it('keeps Ajv noise (if/then, contains) out of the report', () => {
    for (const { message } of violations) {
      expect(message).not.toMatch(/must match "(then|else)" schema|must be equal to constant|valid item/);
    }
  });

  it('formats one line per violation for the CLI', () => {
    const text = formatViolations(violations);
    expect(text.split('\n')).toHaveLength(violations.length);
    expect(text).toContain("/foo: unknown property 'foo'");
    expect(text).toContain('/title/fr: must not be empty');
    expect(formatViolations([{ pointer: '', message: 'must be an object' }])).toBe(
      '(root): must be an object',
    );
  });
});

describe('demo and fixture descriptors', () => {
  it.each(demoDescriptors.map((d) => [d.slug, d] as const))('demo descriptor %s is valid', (_slug, demo) => {
    const result = validateDescriptor(demo.descriptor);
    expect(result.ok ? [] : result.violations).toEqual([]);
  });

  it('gives each demo descriptor a unique URL-safe slug and a PHOENIX partner', () => {
    const slugs = demoDescriptors.map((d) => d.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const demo of demoDescriptors) {
      expect(demo.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(['pasteur', 'foch', 'roche']).toContain(demo.provider);
    }
    expect(new Set(demoDescriptors.map((d) => d.provider))).toEqual(new Set(['pasteur', 'foch', 'roche']));
  });

  it('includes the datasets the demo scenarios search for', () => {
    const diabetes = demoDescriptors.find((d) => d.descriptor.keywords?.fr?.includes('diabète'));
    expect(diabetes?.provider).toBe('foch');
    expect(diabetes?.descriptor.dataUseConditions?.permission).toEqual({ code: 'DS', disease: 'E11' });
    expect(diabetes?.descriptor.codingSystems).toEqual(expect.arrayContaining(['ICD-10', 'CIM-10', 'OMOP']));
    expect(demoDescriptors.some((d) => d.descriptor.title.fr?.includes('cancer du sein'))).toBe(true);
  });

  const fixtureFiles = readdirSync(repoFile(FIXTURES)).filter(
    (f) => f.endsWith('.json') && !f.startsWith('invalid-'),
  );

  it.each(fixtureFiles)('fixture %s is valid', (file) => {
    const result = validateDescriptor(readJson(`${FIXTURES}${file}`));
    expect(result.ok ? [] : result.violations).toEqual([]);
  });
});

describe('dataset-descriptor schema', () => {
  const nodeAt = (...path: string[]): Json | undefined =>
    path.reduce<Json | undefined>((node, key) => node?.[key] as Json | undefined, schema);
  const enumAt = (...path: string[]): unknown => nodeAt(...path)?.enum;

  /** Every schema object that describes data (not the matching subschemas of if/contains). */
  function dataSchemas(node: unknown, path: string, out: Array<[string, Json]> = []): Array<[string, Json]> {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return out;
    out.push([path, node as Json]);
    for (const [key, value] of Object.entries(node as Json)) {
      if (['if', 'contains', 'then', 'else', 'examples', 'enum'].includes(key)) continue;
      if (key === 'properties' || key === '$defs') {
        for (const [name, child] of Object.entries(value as Json))
          dataSchemas(child, `${path}/${key}/${name}`, out);
      } else if (key === 'items' || key === 'allOf') {
        for (const child of [value].flat()) dataSchemas(child, `${path}/${key}`, out);
      }
    }
    return out;
  }

  it.each([
    ['1.1.0', schema],
    ['1.0.0', schema100],
  ])('%s closes every object, bounds every string and array', (_version, versionSchema) => {
    for (const [path, node] of dataSchemas(versionSchema, '#')) {
      if (node.type === 'object') expect(node.additionalProperties, path).toBe(false);
      if (node.type === 'string') expect(node.maxLength, path).toEqual(expect.any(Number));
      if (node.type === 'array') expect(node.maxItems, path).toEqual(expect.any(Number));
    }
  });

  it.each([
    ['1.1.0', schema],
    ['1.0.0', schema100],
  ])('%s documents every property with a title and a description', (_version, versionSchema) => {
    for (const [path, node] of dataSchemas(versionSchema, '#')) {
      if (!/\/properties\/[^/]+$/.test(path)) continue;
      expect(node.title, path).toEqual(expect.any(String));
      expect(node.description, path).toEqual(expect.any(String));
    }
  });

  it('keeps DUO and access-right codes in step with the domain types and duo.csv', () => {
    expect(enumAt('$defs', 'duoPermission', 'properties', 'code')).toEqual([...DUO_PERMISSIONS]);
    expect(enumAt('$defs', 'duoModifier', 'properties', 'code')).toEqual([...DUO_MODIFIERS]);
    expect(enumAt('properties', 'accessRights')).toEqual([...ACCESS_RIGHTS]);

    const duo = readJson('catalog-schemas/vocabularies/duo.json') as {
      permissions: Array<{ code: string; id: string; label: string }>;
      modifiers: Array<{ code: string; id: string; label: string }>;
    };
    expect(duo.permissions.map((t) => t.code)).toEqual([...DUO_PERMISSIONS]);
    expect(duo.modifiers.map((t) => t.code)).toEqual([...DUO_MODIFIERS]);

    const csv = parseCsv(readFileSync(repoFile('catalog-schemas/vocabularies/duo.csv'), 'utf8'));
    const shorthandRows = csv.slice(1).filter((row) => row[1] !== '');
    expect(shorthandRows.map((row) => [row[0], row[1], row[2]])).toEqual(
      [...duo.permissions, ...duo.modifiers].map((t) => [t.id, t.code, t.label]),
    );
  });

  it('keeps the enumerated vocabularies in step with catalog-schemas/vocabularies', () => {
    const codes = (file: string, key: string): string[] =>
      ((readJson(`catalog-schemas/vocabularies/${file}`) as Json)[key] as Array<{ code: string }>).map(
        (t) => t.code,
      );
    expect(enumAt('properties', 'themes', 'items')).toEqual(codes('data-themes.json', 'themes'));
    expect(enumAt('properties', 'healthCategories', 'items')).toEqual(
      codes('health-categories.json', 'categories'),
    );
    expect(enumAt('properties', 'codingSystems', 'items')).toEqual(
      codes('coding-systems.json', 'codingSystems'),
    );
    // 1.0.0 is frozen: its list is the systems without a "since" version.
    const systems = (readJson('catalog-schemas/vocabularies/coding-systems.json') as Json)
      .codingSystems as Array<{
      code: string;
      since?: string;
    }>;
    expect((((schema100.properties as Json).codingSystems as Json).items as Json).enum).toEqual(
      systems.filter((s) => s.since === undefined).map((s) => s.code),
    );
    expect(enumAt('properties', 'accessRights')).toEqual(codes('access-rights.json', 'accessRights'));
    const dpv = readJson('catalog-schemas/vocabularies/dpv.json') as Record<
      string,
      { terms: Array<{ code: string }> }
    >;
    expect(enumAt('properties', 'legalBasis', 'items')).toEqual(dpv.legalBasis?.terms.map((t) => t.code));
  });

  it('compiles to a self-contained validator: no import, require, eval or new Function', () => {
    const code = readFileSync(repoFile('src/generated/dataset-descriptor.validator.js'), 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/\bnew\s+Function\b|\beval\s*\(/);
  });
});

/** Minimal RFC 4180 reader: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
