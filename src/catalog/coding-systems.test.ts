import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CODING_SYSTEMS,
  codingSystem,
  conceptIri,
  matchKey,
  normaliseCodingSystem,
  PROJECT_CONCEPT_BASE,
  parseConcept,
  readConcept,
} from './coding-systems';

const schema = JSON.parse(
  readFileSync(
    new URL('../../catalog-schemas/dataset-descriptor/1.0.0.schema.json', import.meta.url),
    'utf8',
  ),
) as { properties: { codingSystems: { items: { enum: string[] } } } };

/** Every key, normalised, with the systems that claim it: for the "claimed by one system only" checks. */
function claims(names: (code: string) => readonly string[]): Map<string, Set<string>> {
  const claimed = new Map<string, Set<string>>();
  for (const s of CODING_SYSTEMS) {
    for (const name of names(s.code)) {
      const key = matchKey(name);
      claimed.set(key, (claimed.get(key) ?? new Set()).add(s.code));
    }
  }
  return claimed;
}

describe('coding-systems.json', () => {
  it('keeps the 1.0.0 enumeration, in its order, as the entries without "since"', () => {
    const original = CODING_SYSTEMS.filter((s) => s.since === undefined).map((s) => s.code);
    expect(original).toEqual(schema.properties.codingSystems.items.enum);
    expect(CODING_SYSTEMS.filter((s) => s.since !== undefined).every((s) => s.since === '1.1.0')).toBe(true);
  });

  it('gives every system its name, steward, aliases, CURIE prefixes and IRI namespaces', () => {
    for (const s of CODING_SYSTEMS) {
      expect(s.name, s.code).not.toBe('');
      expect(s.steward, s.code).not.toBe('');
      expect(Array.isArray(s.aliases), s.code).toBe(true);
      expect(s.curiePrefixes.length, s.code).toBeGreaterThan(0);
      expect(Array.isArray(s.iriPrefixes), s.code).toBe(true);
      for (const iri of s.iriPrefixes) expect(iri, s.code).toMatch(/^https?:\/\/\S+[/#_=]$/);
    }
  });

  it('normalises every alias and code to its own system', () => {
    for (const s of CODING_SYSTEMS) {
      expect(normaliseCodingSystem(s.code)).toBe(s.code);
      for (const alias of s.aliases) expect(normaliseCodingSystem(alias), alias).toBe(s.code);
    }
  });

  it('lets no name or CURIE prefix be claimed by two systems, nor listed twice in one', () => {
    const names = claims((code) => {
      const s = codingSystem(code)!;
      return [s.code, ...s.aliases];
    });
    const prefixes = claims((code) => {
      const s = codingSystem(code)!;
      return [...new Set([s.code, ...s.curiePrefixes])];
    });
    for (const [key, systems] of [...names, ...prefixes])
      expect([key, [...systems]]).toEqual([key, [...systems].slice(0, 1)]);
    for (const s of CODING_SYSTEMS) {
      const aliasKeys = [s.code, ...s.aliases].map(matchKey);
      expect(new Set(aliasKeys).size, `${s.code}: an alias that differs only by case or punctuation`).toBe(
        aliasKeys.length,
      );
      const prefixKeys = s.curiePrefixes.map(matchKey);
      expect(new Set(prefixKeys).size, `${s.code}: a CURIE prefix listed twice`).toBe(prefixKeys.length);
    }
  });

  it('compiles every codePattern and anchors it at both ends', () => {
    for (const s of CODING_SYSTEMS.filter((c) => c.codePattern !== undefined)) {
      expect(() => new RegExp(s.codePattern ?? ''), s.code).not.toThrow();
      expect(s.codePattern, s.code).toMatch(/^\^.*\$$/);
    }
  });
});

describe('normaliseCodingSystem', () => {
  it.each([
    ['SNOMED CT', 'SNOMED-CT'],
    ['snomedct', 'SNOMED-CT'],
    ['Orphanet', 'ORPHA'],
    ['ICPC-2', 'ICPC-2'],
    ['CISP 2', 'ICPC-2'],
    ['CIM-O-3', 'ICD-O-3'],
    ['icd-10', 'ICD-10'],
    ['ICD10', 'ICD-10'],
    ['CIM10', 'CIM-10'],
    ['cim-10 fr', 'CIM-10'],
    ['FHIR', 'HL7-FHIR'],
    ['OMOP CDM', 'OMOP'],
    ['Human Phenotype Ontology', 'HPO'],
    ['Classification commune des actes medicaux', 'CCAM'],
  ])('reads %s as %s', (name, code) => {
    expect(normaliseCodingSystem(name)).toBe(code);
  });

  it('knows nothing of names it was not given', () => {
    expect(normaliseCodingSystem('ICD-12')).toBeUndefined();
    expect(normaliseCodingSystem('')).toBeUndefined();
  });
});

describe('parseConcept', () => {
  it.each([
    ['MONDO:0007254', 'MONDO', '0007254', 'MONDO:0007254', 'http://purl.obolibrary.org/obo/MONDO_0007254'],
    ['ORPHA:558', 'ORPHA', '558', 'ORPHA:558', 'http://www.orpha.net/ORDO/Orphanet_558'],
    ['Orphanet:558', 'ORPHA', '558', 'ORPHA:558', 'http://www.orpha.net/ORDO/Orphanet_558'],
    ['orpha:558', 'ORPHA', '558', 'ORPHA:558', 'http://www.orpha.net/ORDO/Orphanet_558'],
    [
      'http://www.orpha.net/ORDO/Orphanet_558',
      'ORPHA',
      '558',
      'ORPHA:558',
      'http://www.orpha.net/ORDO/Orphanet_558',
    ],
    ['ICD-O-3:8500/3', 'ICD-O-3', '8500/3', 'ICD-O-3:8500/3', `${PROJECT_CONCEPT_BASE}ICD-O-3/8500%2F3`],
    ['icd-10:E11', 'ICD-10', 'E11', 'ICD-10:E11', 'http://id.who.int/icd/release/10/2019/E11'],
    ['icd10:E11.0', 'ICD-10', 'E11.0', 'ICD-10:E11.0', 'http://id.who.int/icd/release/10/2019/E11.0'],
    ['CIM-10:E110', 'CIM-10', 'E110', 'CIM-10:E110', `${PROJECT_CONCEPT_BASE}CIM-10/E110`],
    ['SNOMED-CT:44054006', 'SNOMED-CT', '44054006', 'SNOMED-CT:44054006', 'http://snomed.info/id/44054006'],
    ['SCTID:44054006', 'SNOMED-CT', '44054006', 'SNOMED-CT:44054006', 'http://snomed.info/id/44054006'],
    ['HP:0001250', 'HPO', '0001250', 'HP:0001250', 'http://purl.obolibrary.org/obo/HP_0001250'],
    [
      'https://purl.obolibrary.org/obo/HP_0001250',
      'HPO',
      '0001250',
      'HP:0001250',
      'http://purl.obolibrary.org/obo/HP_0001250',
    ],
    ['LOINC:4548-4', 'LOINC', '4548-4', 'LOINC:4548-4', 'https://loinc.org/4548-4'],
    ['https://loinc.org/4548-4/', 'LOINC', '4548-4', 'LOINC:4548-4', 'https://loinc.org/4548-4'],
    ['ATC:A10BA02', 'ATC', 'A10BA02', 'ATC:A10BA02', 'http://www.whocc.no/atc_ddd_index/?code=A10BA02'],
    ['NCIT:C3262', 'NCIt', 'C3262', 'NCIT:C3262', 'http://purl.obolibrary.org/obo/NCIT_C3262'],
    ['CCAM:HHFA016', 'CCAM', 'HHFA016', 'CCAM:HHFA016', `${PROJECT_CONCEPT_BASE}CCAM/HHFA016`],
    ['CISP-2:T90', 'ICPC-2', 'T90', 'ICPC-2:T90', `${PROJECT_CONCEPT_BASE}ICPC-2/T90`],
    [
      `${PROJECT_CONCEPT_BASE}ICD-O-3/8500%2F3`,
      'ICD-O-3',
      '8500/3',
      'ICD-O-3:8500/3',
      `${PROJECT_CONCEPT_BASE}ICD-O-3/8500%2F3`,
    ],
  ])('reads %s', (value, system, code, curie, iri) => {
    expect(parseConcept(value)).toEqual({ kind: 'coded', system, code, curie, iri });
  });

  it('keeps an IRI in no known namespace, or not naming a code of its namespace, as an IRI', () => {
    expect(parseConcept('https://example.org/terms/diabetes')).toEqual({
      kind: 'iri',
      iri: 'https://example.org/terms/diabetes',
    });
    expect(parseConcept('http://www.orpha.net/ORDO/Orphanet_C001')).toEqual({
      kind: 'iri',
      iri: 'http://www.orpha.net/ORDO/Orphanet_C001',
    });
  });

  it('says an unknown prefix is why it refuses a CURIE', () => {
    expect(readConcept('FOO:123')).toEqual({
      kind: 'refused',
      reason: 'unknown-prefix',
      value: 'FOO:123',
      prefix: 'FOO',
    });
    expect(parseConcept('FOO:123')).toBeUndefined();
  });

  it("says a code that is not in the system's shape is why it refuses a CURIE", () => {
    expect(readConcept('MONDO:7254')).toMatchObject({
      kind: 'refused',
      reason: 'code-pattern',
      system: 'MONDO',
      code: '7254',
      pattern: '^[0-9]{7}$',
    });
    expect(readConcept('ICD-O-3:8500')).toMatchObject({ reason: 'code-pattern', system: 'ICD-O-3' });
    expect(readConcept('icd10:diabetes')).toMatchObject({ reason: 'code-pattern', system: 'ICD-10' });
  });

  it('refuses text that is neither a CURIE nor an IRI', () => {
    expect(readConcept('diabetes')).toEqual({ kind: 'refused', reason: 'not-a-concept', value: 'diabetes' });
    expect(readConcept('ORPHA: 558')).toMatchObject({ reason: 'not-a-concept' });
  });

  it('accepts any code in a system that states no pattern', () => {
    expect(parseConcept('UCUM:mg/dL')).toMatchObject({ kind: 'coded', system: 'UCUM', curie: 'UCUM:mg/dL' });
  });
});

describe('conceptIri', () => {
  it('gives the namespace IRI, or the project IRI for systems without one', () => {
    expect(conceptIri('ORPHA:558')).toBe('http://www.orpha.net/ORDO/Orphanet_558');
    expect(conceptIri('MONDO:0007254')).toBe('http://purl.obolibrary.org/obo/MONDO_0007254');
    expect(conceptIri('GHM:05M092')).toBe(`${PROJECT_CONCEPT_BASE}GHM/05M092`);
    expect(conceptIri('MONDO:12')).toBeUndefined();
  });

  it('reads back every exported IRI as the same concept', () => {
    for (const curie of [
      'ORPHA:558',
      'ICD-O-3:8500/3',
      'CIM-10:M80.0+5',
      'OMOP:201826',
      'MeSH:D003920',
      'UMLS:C0011849',
    ]) {
      const concept = parseConcept(curie);
      expect(concept?.kind, curie).toBe('coded');
      expect(parseConcept(conceptIri(curie) ?? ''), curie).toEqual(concept);
    }
  });
});
