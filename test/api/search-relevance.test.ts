import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../src/db/schema';
import { searchDatasets } from '../../src/services/catalog-search';
import { refreshStaleSearchColumns } from '../../src/services/search-index';
import { validateDescriptor } from '../../src/validation/descriptor-validation';
import { RELEVANCE_CATALOGUE } from '../fixtures/search-relevance/catalogue';
import {
  type JudgedCatalogue,
  mean,
  publishJudgedCatalogue,
  type QueryScore,
  scoreJudgedQueries,
} from '../fixtures/search-relevance/judge';
import { JUDGED_QUERIES } from '../fixtures/search-relevance/queries';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let catalogue: JudgedCatalogue;
let scores: QueryScore[];

beforeAll(async () => {
  desk = await createTestDesk();
  catalogue = await publishJudgedCatalogue(desk.services);
  scores = await scoreJudgedQueries(desk.services, catalogue);
});
afterAll(() => desk.close());

const top = (q: string, n = 10) => scores.find((s) => s.query.q === q)!.ranked.slice(0, n);

describe('the judged catalogue', () => {
  it('holds at least 60 descriptors valid under schema 1.0.0, some in one language only', () => {
    const entries = Object.entries(RELEVANCE_CATALOGUE);
    expect(entries.length).toBeGreaterThanOrEqual(60);
    for (const [key, descriptor] of entries)
      expect([key, validateDescriptor(descriptor).ok]).toEqual([key, true]);
    const only = (lang: 'fr' | 'en') =>
      entries.filter(([, d]) => d.title[lang] && !d.title[lang === 'fr' ? 'en' : 'fr']).length;
    expect(only('fr')).toBeGreaterThanOrEqual(10);
    expect(only('en')).toBeGreaterThanOrEqual(10);
  });

  it('judges at least 40 queries, every judgement naming a descriptor of the catalogue', () => {
    expect(JUDGED_QUERIES.length).toBeGreaterThanOrEqual(40);
    for (const q of JUDGED_QUERIES)
      for (const key of Object.keys(q.judgements)) expect(RELEVANCE_CATALOGUE).toHaveProperty([key]);
  });
});

describe('catalogue search relevance', () => {
  it('reaches a mean nDCG@5 of 0.85 and a mean recall@10 of 0.85 over the judged queries', () => {
    expect(mean(scores.map((s) => s.ndcg5))).toBeGreaterThanOrEqual(0.85);
    expect(mean(scores.map((s) => s.recall10))).toBeGreaterThanOrEqual(0.85);
  });

  it('finds datasets described only in French from an English query', () => {
    expect(top('diabetes')).toEqual(expect.arrayContaining(['diabete-ville', 'entred-diabete']));
    expect(top('rare diseases', 3)).toContain('bndmr');
    expect(top('mortality', 5)).toContain('cepidc');
    expect(top('occupational health')).toEqual(
      expect.arrayContaining(['sante-travail', 'sumer-expositions']),
    );
    expect(top('clinical data warehouse')).toEqual(expect.arrayContaining(['hcl-eds', 'chu-rennes-eds']));
  });

  it('finds datasets described only in English from a French query', () => {
    expect(top('mucoviscidose')).toContain('cf-european-registry');
    expect(top('santé mentale')).toContain('mental-health-survey');
    expect(top('AVC')).toContain('stroke-trial');
  });

  it('matches stems, synonyms and prefixes', () => {
    expect(top('diabétique')).toEqual(expect.arrayContaining(['entred-diabete', 'diabete-ville']));
    expect(top('hospitalisations psychiatriques', 1)).toEqual(['psychiatrie-rimp']);
    expect(top('BPCO', 1)).toEqual(['copd-registry']);
    expect(top('prematur', 1)).toEqual(['epipage']);
  });

  it('finds codes as codes: an ICD-10 code, and a coding system under any of its spellings', () => {
    expect(top('E11', 1)).toEqual(['entred-diabete']);
    // Every dataset described with CIM-10 or ICD-10 is found as ICD10.
    expect(top('ICD10')).toEqual(expect.arrayContaining(['copd-registry', 'psychiatrie-rimp']));
    expect(scores.find((s) => s.query.q === 'ICD10')!.total).toBe(18);
    expect(top('Orphanet')).toEqual(expect.arrayContaining(['bndmr', 'drepanocytose']));
  });
});

describe('search columns of rows indexed by an older version', () => {
  it('re-derives them, after which the cross-language match is back', async () => {
    const bank = [...catalogue.keys].find(([, key]) => key === 'bndmr')![0];
    await desk.database.db.execute(
      sql`update ${datasets} set search_concepts = '', search_version = 0 where id = ${bank}`,
    );
    const filters = { provider: [catalogue.providerId] };
    const found = async () => {
      const r = await searchDatasets(desk.services, undefined, { q: 'rare diseases', filters, limit: 10 });
      return r.ok && r.value.items.some((i) => i.id === bank);
    };
    expect(await found()).toBe(false);
    expect(await refreshStaleSearchColumns(desk.database.db)).toBe(1);
    expect(await found()).toBe(true);
    expect(await refreshStaleSearchColumns(desk.database.db)).toBe(0);
  });
});
