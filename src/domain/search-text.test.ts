import { describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../../test/fixtures-descriptor';
import type { DatasetDescriptor } from './descriptor';
import { foldText, queryWords, searchTexts, tokenize } from './search-text';

describe('search text folding', () => {
  it('folds accents, case and ligatures', () => {
    expect(foldText('Diabète ŒSOPHAGE Éléonore')).toBe('diabete oesophage eleonore');
  });

  it('splits on anything that is not a letter or digit', () => {
    expect(tokenize("l'entrepôt (EDS) : CIM-10")).toEqual(['l', 'entrepot', 'eds', 'cim', '10']);
  });

  it('queries the meaningful words only', () => {
    expect(queryWords('cancer du sein')).toEqual(['cancer', 'sein']);
    expect(queryWords('The breast of')).toEqual(['breast']);
  });

  it('leaves no tsquery syntax from the user through', () => {
    expect(queryWords("a & b | !c:* <-> 'd'")).toEqual(['b', 'c']);
    expect(queryWords('&&&|||')).toEqual([]);
  });
});

describe('indexed texts', () => {
  const frenchOnly = (text: string, extra: Partial<DatasetDescriptor> = {}): DatasetDescriptor => ({
    ...sampleDescriptor(),
    title: { fr: text },
    description: { fr: text },
    keywords: { fr: [] },
    codingSystems: [],
    dataUseConditions: { permission: { code: 'GRU' } },
    ...extra,
  });

  it('adds the English labels of the concepts a French text speaks of, weighted apart', () => {
    const t = searchTexts(frenchOnly('Banque nationale de données maladies rares et mortalité'));
    expect(t.concepts.split(' ')).toEqual(
      expect.arrayContaining(['rare', 'diseases', 'orphan', 'mortality']),
    );
    expect(t.body).not.toContain('mortality');
  });

  it('finds a concept through an ICD-10 code in its range', () => {
    const t = searchTexts(
      frenchOnly('Cohorte de patients', {
        dataUseConditions: { permission: { code: 'DS', disease: 'E11' } },
      }),
    );
    expect(t.concepts.split(' ')).toEqual(expect.arrayContaining(['diabetes', 'diabete']));
  });

  it('indexes every spelling of a coding system family', () => {
    const t = searchTexts(frenchOnly('Entrepôt', { codingSystems: ['CIM-10'] }));
    expect(t.concepts.split(' ')).toEqual(expect.arrayContaining(['icd10', 'cim10', 'icd']));
  });

  it('indexes coded concepts (schema 1.1.0) by whole CURIE, bare code, system and label', () => {
    const descriptor = {
      ...frenchOnly('Cohorte'),
      codeValues: [
        { code: 'ICD-10:E11', label: { fr: 'Diabète de type 2' } },
        { code: 'ORPHA:558', label: { en: 'Marfan syndrome' } },
        { code: 'ICD-O-3:8500/3' },
        { code: 'http://purl.obolibrary.org/obo/MONDO_0007254' },
      ],
    } as DatasetDescriptor;
    const t = searchTexts(descriptor);
    const body = t.body.split(' ');
    expect(body).toEqual(expect.arrayContaining(['e11', 'icd10e11', 'orpha', '558', 'orpha558', 'marfan']));
    expect(body).toEqual(expect.arrayContaining(['8500', 'mondo', '0007254', 'diabete']));
    const concepts = t.concepts.split(' ');
    // The ICD-10 code and the label both lead to the diabetes concept; ORPHA and ICD-O-3 are spelt out.
    expect(concepts).toEqual(expect.arrayContaining(['diabetes', 'orphanet', 'cimo3', '85003']));
  });
});
