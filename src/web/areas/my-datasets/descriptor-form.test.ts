import { describe, expect, it } from 'vitest';
import { demoDescriptors } from '../../../demo/descriptors';
import {
  allNodes,
  DESCRIPTOR_FORM,
  descriptorValues,
  readDescriptor,
  splitList,
  violationsOnForm,
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

describe('the dataset form drawn from the descriptor schema', () => {
  it('has a node for every top-level property of the schema, in its order', () => {
    expect(DESCRIPTOR_FORM.map((n) => n.key)).toEqual([
      '/title',
      '/description',
      '/keywords',
      '/themes',
      '/publisher',
      '/contactPoint',
      '/spatial',
      '/temporal',
      '/populationCoverage',
      '/minTypicalAge',
      '/maxTypicalAge',
      '/numberOfRecords',
      '/numberOfUniqueIndividuals',
      '/healthCategories',
      '/healthThemes',
      '/codingSystems',
      '/personalData',
      '/legalBasis',
      '/purpose',
      '/hdsHosting',
      '/accessRights',
      '/retentionPeriod',
      '/distributions',
      '/dataUseConditions',
      '/landingPage',
      '/languages',
      '/issued',
      '/modified',
    ]);
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

  it('words the frequent violations in French', () => {
    expect(frenchMessage('is required')).toBe('est obligatoire');
    expect(frenchMessage('must be a valid email address')).toBe('doit être une adresse électronique valide');
    expect(frenchMessage('something new')).toBe('something new');
  });
});
