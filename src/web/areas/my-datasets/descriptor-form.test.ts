import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import descriptorSchema from '../../../../catalog-schemas/dataset-descriptor/1.1.0.schema.json';
import { demoDescriptors } from '../../../demo/descriptors';
import { validateDescriptor } from '../../../validation/descriptor-validation';
import {
  allNodes,
  DESCRIPTOR_FORM,
  descriptorValues,
  readDescriptor,
  splitList,
  violationsOnForm,
  withUnshown,
} from './descriptor-form';
import {
  choiceLabel,
  FRENCH_FIELDS,
  fieldHint,
  fieldLabel,
  hasVocabulary,
  labelOfPointer,
} from './descriptor-texts';
import { frenchMessage } from './violation-texts';

const EVERY_FIELD = new URL('../../../../test/fixtures/descriptors/every-field-1.1.0.json', import.meta.url);

describe('the dataset form drawn from the descriptor schema', () => {
  it('has a node for every top-level property of the 1.1.0 schema but $schema, in its order', () => {
    const properties = Object.keys(descriptorSchema.properties).filter((k) => k !== '$schema');
    expect(DESCRIPTOR_FORM.map((n) => n.key)).toEqual(properties.map((k) => `/${k}`));
    expect(properties).toContain('codeValues');
  });

  it('knows each field’s kind: pairs, closed and open lists, repeated groups, DUO modifiers keyed by code', () => {
    const kind = (key: string) => allNodes().find((n) => n.key === key);
    expect(kind('/title')).toMatchObject({ kind: 'pair', list: false, long: false });
    expect(kind('/description')).toMatchObject({ kind: 'pair', long: true });
    expect(kind('/keywords')).toMatchObject({ kind: 'pair', list: true });
    expect(kind('/themes')).toMatchObject({ kind: 'list', options: expect.arrayContaining(['HEAL']) });
    expect(kind('/personalData')).toMatchObject({
      kind: 'list',
      suggestions: expect.arrayContaining(['Age']),
    });
    expect(kind('/spatial')).toMatchObject({ kind: 'list' });
    expect(kind('/distributions')).toMatchObject({ kind: 'repeat' });
    expect(kind('/hdsHosting/certified')).toMatchObject({ kind: 'boolean' });
    expect(kind('/numberOfRecords')).toMatchObject({ kind: 'integer' });
    expect(kind('/landingPage')).toMatchObject({ kind: 'text', format: 'uri', long: false });
    expect(kind('/dataUseConditions/permission/disease')).toMatchObject({ kind: 'text', long: false });
    const modifiers = kind('/dataUseConditions/modifiers');
    expect(modifiers?.kind).toBe('keyed');
    if (modifiers?.kind !== 'keyed') return;
    expect(modifiers.codes).toHaveLength(18);
    expect(
      Object.fromEntries(Object.entries(modifiers.params).map(([c, ps]) => [c, ps.map((p) => p.key)])),
    ).toEqual({
      TS: ['/dataUseConditions/modifiers/months'],
      GS: ['/dataUseConditions/modifiers/region'],
      MOR: ['/dataUseConditions/modifiers/until'],
    });
  });

  it('knows the kinds 1.1.0 adds: decimals, repeated objects, an agent and its role, partial dates as text', () => {
    const kind = (key: string) => allNodes().find((n) => n.key === key);
    expect(kind('/spatialResolutionInMeters')).toMatchObject({ kind: 'number' });
    expect(kind('/codeValues')).toMatchObject({ kind: 'repeat' });
    expect(kind('/codeValues/code')).toMatchObject({
      kind: 'text',
      examples: expect.arrayContaining(['ORPHA:558']),
    });
    expect(kind('/codeValues/label')).toMatchObject({ kind: 'pair', list: false });
    expect(kind('/qualifiedAttributions/agent')).toMatchObject({ kind: 'group' });
    expect(kind('/qualifiedAttributions/role')).toMatchObject({ kind: 'text', format: 'uri' });
    for (const key of [
      '/otherIdentifiers',
      '/documentation',
      '/qualityCertificates',
      '/creators',
      '/qualifiedRelations',
    ])
      expect(kind(key), key).toMatchObject({ kind: 'repeat' });
    const children = (key: string) => {
      const n = kind(key);
      return n?.kind === 'repeat' ? n.item.children.map((c) => c.key.slice(key.length)) : [];
    };
    expect(children('/samples')).toEqual(children('/distributions'));
    expect(children('/analytics')).toEqual(children('/distributions'));
    expect(children('/distributions')).toContain('/retentionPeriod');
    // Partial dates (2012, 2012-05) are typed: a date picker would refuse them.
    for (const key of [
      '/temporal/start',
      '/retentionPeriod/end',
      '/issued',
      '/modified',
      '/distributions/issued',
    ]) {
      const n = kind(key);
      expect(n, key).toMatchObject({ kind: 'text' });
      expect(n?.kind === 'text' ? n.format : undefined, key).toBeUndefined();
      expect(n?.kind === 'text' ? n.examples : [], key).not.toEqual([]);
    }
  });

  it('reads a decimal with a point or a comma, and keeps what is not a number for the schema to refuse', () => {
    const read = (v: string) =>
      readDescriptor({ '/descriptor/spatialResolutionInMeters': [v] }).descriptor.spatialResolutionInMeters;
    expect(read('12.5')).toBe(12.5);
    expect(read('12,5')).toBe(12.5);
    expect(read('100')).toBe(100);
    expect(read('douze')).toBe('douze');
  });

  it('has a French label and help for every field, and English ones from the schema', () => {
    for (const n of allNodes()) {
      expect(FRENCH_FIELDS[n.key], n.key).toBeDefined();
      expect(fieldLabel('en', n), n.key).not.toBe('');
      expect(fieldHint('en', n), n.key).not.toMatch(/catalog-schemas/);
    }
    expect(Object.keys(FRENCH_FIELDS).sort()).toEqual([...new Set(allNodes().map((n) => n.key))].sort());
  });

  it('names every choice from its vocabulary, in both languages', () => {
    for (const n of allNodes()) {
      const codes =
        n.kind === 'list'
          ? [...(n.options ?? []), ...(n.suggestions ?? [])]
          : n.kind === 'keyed'
            ? n.codes
            : n.kind === 'choice'
              ? n.options
              : [];
      for (const code of codes) {
        expect(hasVocabulary(n.key, code), `${n.key} ${code}`).toBe(true);
        expect(choiceLabel('fr', n.key, code)).toContain(code);
      }
    }
    expect(choiceLabel('fr', '/themes', 'HEAL')).toBe('Santé (HEAL)');
    expect(choiceLabel('en', '/legalBasis', 'PublicInterest')).toBe(
      'Task carried out in the public interest (PublicInterest)',
    );
  });

  it('gives back every demo descriptor unchanged after a trip through the form', () => {
    for (const { slug, descriptor } of demoDescriptors) {
      const values = descriptorValues(descriptor as unknown as Record<string, unknown>);
      expect(readDescriptor(values).descriptor, slug).toEqual(descriptor);
    }
  });

  it('gives back a descriptor with every 1.1.0 property unchanged after a trip through the form', () => {
    const descriptor = JSON.parse(readFileSync(EVERY_FIELD, 'utf8')) as Record<string, unknown>;
    expect(validateDescriptor(descriptor)).toEqual({ ok: true, value: descriptor });
    const properties = Object.keys(descriptorSchema.properties).filter((k) => k !== '$schema');
    expect(Object.keys(descriptor).sort()).toEqual(properties.sort());
    expect(readDescriptor(descriptorValues(descriptor)).descriptor).toEqual(descriptor);
  });

  it('keeps on edit what the stored descriptor holds and the form cannot show, item by item', () => {
    const stored = {
      title: { fr: 'Avant' },
      laterProperty: { kept: true },
      contactPoint: { name: 'Cellule', laterDetail: 'x' },
      codeValues: [
        { code: 'ORPHA:558', laterNote: 'premier' },
        { code: 'ICD-10:E11', laterNote: 'second' },
      ],
    };
    const values = descriptorValues(stored);
    // The first concept removed from the form: the second keeps its own unshown note, not the first's.
    values['/descriptor/codeValues/0/code'] = [''];
    values['/descriptor/title/fr'] = ['Après'];
    expect(withUnshown(stored, readDescriptor(values))).toEqual({
      title: { fr: 'Après' },
      laterProperty: { kept: true },
      contactPoint: { name: 'Cellule', laterDetail: 'x' },
      codeValues: [{ code: 'ICD-10:E11', laterNote: 'second' }],
    });
  });

  it('splits typed lists by line, or by comma on one line, and keeps a lone item with a comma whole', () => {
    expect(splitList('a\n b \n\nc')).toEqual(['a', 'b', 'c']);
    expect(splitList('a, b,c')).toEqual(['a', 'b', 'c']);
    const values = descriptorValues({ keywords: { fr: ['diabète, type 2'] } });
    expect(readDescriptor(values).descriptor).toEqual({ keywords: { fr: ['diabète, type 2'] } });
  });

  it('leaves empty fields out, reads numbers and yes/no, and keeps what is not a number for the schema to refuse', () => {
    const read = readDescriptor({
      '/descriptor/title/fr': ['  Titre  '],
      '/descriptor/title/en': [''],
      '/descriptor/minTypicalAge': ['18'],
      '/descriptor/maxTypicalAge': ['quatre-vingt'],
      '/descriptor/hdsHosting/certified': ['true'],
      '/descriptor/hdsHosting/host': [''],
      '/descriptor/temporal/start': [''],
    });
    expect(read.descriptor).toEqual({
      title: { fr: 'Titre' },
      minTypicalAge: 18,
      maxTypicalAge: 'quatre-vingt',
      hdsHosting: { certified: true },
    });
  });

  it('maps the services’ pointers back onto the fields: empty slots skipped, modifiers by code', () => {
    const read = readDescriptor({
      '/descriptor/distributions/0/accessUrl': [''],
      '/descriptor/distributions/1/accessUrl': ['pas une adresse'],
      '/descriptor/dataUseConditions/modifiers': ['IRB', 'TS'],
      '/descriptor/dataUseConditions/modifiers/TS/months': ['douze'],
      '/descriptor/dataUseConditions/modifiers/GS/region': ['FR'],
    });
    expect(read.descriptor).toEqual({
      distributions: [{ accessUrl: 'pas une adresse' }],
      dataUseConditions: { modifiers: [{ code: 'IRB' }, { code: 'TS', months: 'douze' }] },
    });
    expect(
      violationsOnForm(read, [
        { pointer: '/descriptor/distributions/0/accessUrl', message: 'x' },
        { pointer: '/descriptor/dataUseConditions/modifiers/1/months', message: 'y' },
        { pointer: '/deskId', message: 'z' },
      ]).map((v) => v.pointer),
    ).toEqual([
      '/descriptor/distributions/1/accessUrl',
      '/descriptor/dataUseConditions/modifiers/TS/months',
      '/deskId',
    ]);
  });

  it('names the field of a form pointer, slot numbers and DUO codes aside', () => {
    expect(labelOfPointer('fr', '/descriptor/distributions/2/accessUrl')).toBe('Adresse d’accès');
    expect(labelOfPointer('fr', '/descriptor/title/fr')).toBe('Titre (français)');
    expect(labelOfPointer('en', '/descriptor/dataUseConditions/modifiers/TS/months')).toBe('Months');
    expect(labelOfPointer('en', '/descriptor/keywords/en/3')).toBe('Keywords (English)');
    expect(labelOfPointer('fr', '/deskId')).toBeUndefined();
  });

  it('words the frequent violations in French, the rules between fields and the vocabularies’ included', () => {
    expect(frenchMessage('is required')).toBe('est obligatoire');
    expect(frenchMessage('10 is greater than the maximum typical age at /maxTypicalAge (2)')).toBe(
      '10 dépasse l’âge maximal habituel (2)',
    );
    expect(frenchMessage('2 is less than the minimum typical age at /minTypicalAge (10)')).toBe(
      '2 est inférieur à l’âge minimal habituel (10)',
    );
    expect(frenchMessage('starts after the end at /temporal/end (2012)')).toBe(
      'commence après la fin de la période (2012)',
    );
    expect(frenchMessage("'2023-02-30' is not a calendar date")).toBe(
      '’2023-02-30’ n’est pas une date du calendrier',
    );
    expect(
      frenchMessage(
        "'FOO' is not a known coding system (see catalog-schemas/vocabularies/coding-systems.json)",
      ),
    ).toBe('’FOO’ n’est pas un système de codage connu');
    expect(frenchMessage("'E1' is not a ICD-10 code")).toBe('’E1’ n’est pas un code ICD-10');
    expect(
      frenchMessage(
        "'XX99' is not a known EU country code (FRA), NUTS code (FR10) or French region or department code (FR-IDF, FR-75)",
      ),
    ).toMatch(/^’XX99’ n’est ni un code pays européen/);
    expect(frenchMessage('must be a number')).toBe('doit être un nombre');
    expect(frenchMessage('must be a valid email address')).toBe('doit être une adresse électronique valide');
    expect(frenchMessage('something new')).toBe('something new');
  });
});
