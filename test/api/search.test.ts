import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;

type Result = {
  items: {
    id: string;
    title: { fr?: string; en?: string };
    status: string;
    score: number | null;
    publishedAt: string | null;
  }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
  nextCursor: string | null;
  previousCursor: string | null;
};

async function search(query: string, token?: string): Promise<Result> {
  const res = await desk.request(`/v1/datasets?${query}`, token ? { token } : {});
  expect(res.status).toBe(200);
  return (await res.json()) as Result;
}

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
});
afterAll(() => desk.close());

describe('catalogue search', () => {
  it('finds « diabète » when searching diabete, whatever the case', async () => {
    for (const q of ['diabete', 'DIABÈTE', 'Diab']) {
      const r = await search(`q=${encodeURIComponent(q)}`);
      expect(r.total).toBeGreaterThan(0);
      expect(r.items.some((i) => /diab[eè]t/i.test(`${i.title.fr} ${i.title.en}`))).toBe(true);
    }
  });

  it('finds the breast-cancer registry for "cancer du sein", ranked first', async () => {
    const r = await search(`q=${encodeURIComponent('cancer du sein')}`);
    expect(r.items.length).toBeGreaterThan(0);
    expect(`${r.items[0]!.title.fr} ${r.items[0]!.title.en}`.toLowerCase()).toMatch(/sein|breast/);
    expect(r.items[0]!.score).toBeGreaterThan(0);
  });

  it('returns nothing for a word no dataset has', async () => {
    const r = await search('q=zzyzxqwv');
    expect(r.total).toBe(0);
    expect(r.items).toEqual([]);
  });

  it('filters, and counts facets over the matching datasets', async () => {
    const all = await search('limit=100');
    const withOmop = all.items.length;
    const omop = await search('codingSystem=OMOP&limit=100');
    expect(omop.total).toBeLessThanOrEqual(withOmop);
    const facetCount = all.facets.codingSystem!.find((f) => f.value === 'OMOP')?.count ?? 0;
    expect(omop.total).toBe(facetCount);
    const provider = orgs.get('hopital-foch')!;
    const byProvider = await search(`provider=${provider}&limit=100`);
    expect(byProvider.facets.provider).toEqual([{ value: provider, count: byProvider.total }]);
  });

  it('pages with an opaque cursor without repeating or losing a dataset', async () => {
    const all = await search('limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: string[][] = [];
    do {
      const page: Result = await search(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      // Each page points back to the one before it.
      expect(page.previousCursor === null).toBe(pages.length === 0);
      if (pages.length > 0) {
        const back: Result = await search(`limit=2&cursor=${page.previousCursor}`);
        expect(back.items.map((i) => i.id)).toEqual(pages.at(-1));
      }
      pages.push(page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));
  });

  it('shows drafts only to their provider’s editors', async () => {
    const foch = await desk.token('demo-editor-foch');
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: foch,
      json: {
        providerId: orgs.get('hopital-foch'),
        descriptor: sampleDescriptor('Brouillon invisible xylophone'),
      },
    });
    expect(created.status).toBe(201);
    expect((await search('q=xylophone&status=draft')).total).toBe(0);
    expect((await search('q=xylophone&status=draft', await desk.token('demo-editor-pasteur'))).total).toBe(0);
    expect((await search('q=xylophone&status=draft', foch)).total).toBe(1);
    expect((await search('q=xylophone', foch)).total).toBe(0);
  });

  it('sorts by title in the asked language, accents and case aside, or newest first', async () => {
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const lang of ['fr', 'en'] as const) {
      const r = await search(`sort=title&lang=${lang}&limit=100`);
      const titles = r.items.map((i) => fold(i.title[lang] ?? i.title.fr ?? i.title.en ?? ''));
      expect(titles.length).toBeGreaterThan(3);
      expect(titles).toEqual([...titles].sort());
    }
    const fr = await search('sort=title&limit=100');
    const en = await search('sort=title&lang=en&limit=100');
    expect(fr.items.map((i) => i.id)).not.toEqual(en.items.map((i) => i.id));
    // « Entrepôt de données … » sorts among the e, before « Registre … ».
    const frTitles = fr.items.map((i) => i.title.fr ?? '');
    const entrepot = frTitles.findIndex((t) => t.startsWith('Entrepôt'));
    const registre = frTitles.findIndex((t) => t.startsWith('Registre'));
    expect(entrepot).toBeGreaterThanOrEqual(0);
    expect(entrepot).toBeLessThan(registre);
    const newest = await search('sort=newest&limit=100');
    const dates = newest.items.map((i) => i.publishedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('ranks by relevance by default with a text, and by title when asked', async () => {
    const q = `q=${encodeURIComponent('cancer')}`;
    const ranked = await search(q);
    const scores = ranked.items.map((i) => i.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const byTitle = await search(`${q}&sort=title`);
    expect(byTitle.total).toBe(ranked.total);
    const titles = byTitle.items.map((i) =>
      (i.title.fr ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
    );
    expect(titles).toEqual([...titles].sort());
    expect((await desk.request('/v1/datasets?sort=colour')).status).toBe(400);
  });

  it('refuses limit above 100 and unknown parameters with a problem naming them', async () => {
    const big = await desk.request('/v1/datasets?limit=1000000');
    expect(big.status).toBe(400);
    expect(JSON.stringify(await big.json())).toContain('limit');
    const unknown = await desk.request('/v1/datasets?colour=red');
    expect(unknown.status).toBe(400);
  });
});

describe('facet keys', () => {
  it('are backfilled by the migration exactly as writes compute them', async () => {
    const { readFileSync } = await import('node:fs');
    const { sql } = await import('drizzle-orm');
    const { rowsOf } = await import('../../src/db/database');
    const migration = readFileSync(new URL('../../migrations/0002_facet-keys.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE'));
    const read = async () =>
      rowsOf<{ id: string; facet_keys: string[] | string }>(
        await desk.services.db.execute(sql`select id, facet_keys from datasets order by id`),
      ).map((r) => [
        r.id,
        [...(Array.isArray(r.facet_keys) ? r.facet_keys : r.facet_keys.slice(1, -1).split(','))].sort(),
      ]);
    const written = await read();
    expect(written.length).toBeGreaterThan(0);
    await desk.services.db.execute(sql.raw(backfill));
    expect(await read()).toEqual(written);
  });
});
