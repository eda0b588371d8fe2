import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database';
import { datasets, organizations, users } from '../../src/db/schema';
import { EXACT_COUNT_LIMIT, searchDatasets } from '../../src/services/catalog-search';
import { derivedColumns } from '../../src/services/datasets';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let providerId: string;
const COUNT = EXACT_COUNT_LIMIT + 200;

beforeAll(async () => {
  desk = await createTestDesk();
  providerId = uuidv7();
  const userId = uuidv7();
  const db = desk.database.db;
  await db.insert(organizations).values({ id: providerId, slug: 'many', name: 'Many', kind: 'provider' });
  await db.insert(users).values({ id: userId, issuer: 'https://many.example', subject: userId });
  const rows = Array.from({ length: COUNT }, (_, i) => {
    const descriptor = sampleDescriptor(`Cohorte ${i}`, { accessRights: i % 2 ? 'PUBLIC' : 'RESTRICTED' });
    return {
      id: uuidv7(),
      providerId,
      status: 'published',
      descriptor,
      ...derivedColumns(descriptor, { providerId, deskId: null, status: 'published' }),
      createdBy: userId,
      publishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    };
  });
  for (let i = 0; i < rows.length; i += 300) await db.insert(datasets).values(rows.slice(i, i + 300));
  await db.execute(sql`analyze datasets`);
});
afterAll(() => desk.close());

const search = async (filters: Record<string, string[]>) => {
  const r = await searchDatasets(desk.services, undefined, {
    q: 'diabete',
    filters: { provider: [providerId], ...filters },
    limit: 5,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.value;
};

describe('search past the exact-count limit', () => {
  it('flags the total and the facet counts as estimates, and still ranks a page', async () => {
    const r = await search({});
    expect(r.totalEstimated).toBe(true);
    expect(r.facetsEstimated).toBe(true);
    expect(r.total).toBeGreaterThan(EXACT_COUNT_LIMIT);
    expect(r.total).toBeLessThan(COUNT * 1.5);
    expect(r.items).toHaveLength(5);
    expect(r.items.every((i) => i.score !== null && i.score > 0)).toBe(true);
    const access = r.facets.accessRights.reduce((sum, f) => sum + f.count, 0);
    expect(access).toBe(r.total);
  });

  it('counts exactly again when the filters leave fewer matches than the limit', async () => {
    const r = await search({ accessRights: ['PUBLIC'] });
    expect(r).toMatchObject({ total: COUNT / 2, totalEstimated: false, facetsEstimated: false });
    expect(r.facets.accessRights).toEqual([{ value: 'PUBLIC', count: COUNT / 2 }]);
  });
});

describe('the catalogue’s GIN indexes', () => {
  it('keep no pending list, so a search never scans entries not yet merged into the index', async () => {
    const indexes = rowsOf<{ relname: string; reloptions: string[] | string | null }>(
      await desk.database.db.execute(sql`select relname, reloptions from pg_class
        where relname in ('datasets_search_idx', 'datasets_themes_idx', 'datasets_health_categories_idx',
          'datasets_coding_systems_idx') order by relname`),
    );
    expect(indexes.map((i) => i.relname)).toEqual([
      'datasets_coding_systems_idx',
      'datasets_health_categories_idx',
      'datasets_search_idx',
      'datasets_themes_idx',
    ]);
    for (const i of indexes) expect(String(i.reloptions)).toContain('fastupdate=false');
  });
});
