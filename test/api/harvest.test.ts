// Harvesting a remote catalogue in ckanext-dcat's shape (1 000 records, Turtle pages linked by
// hydra:PagedCollection): publication under the source's provider, conditional re-harvest, revisions,
// retirements and per-record errors in the run's report, and who may register sources.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/catalog/dcat-import';
import { NS } from '../../src/catalog/rdf-vocabulary';
import { rowsOf } from '../../src/db/database';
import { runPeriodicJobs } from '../../src/services/periodic-jobs';
import { createTestDesk, type TestDesk } from '../harness';
import { type CkanCatalogue, startCkanCatalogue } from '../support/ckan-catalogue';
import { expectConforms, validateShacl } from '../support/shacl';

let desk: TestDesk;
let remote: CkanCatalogue;
let admin: string;
let providerId: string;

beforeAll(async () => {
  desk = await createTestDesk();
  const orgs = await desk.seed();
  providerId = orgs.get('institut-pasteur')!;
  admin = await desk.token('demo-admin');
  remote = await startCkanCatalogue(1000);
}, 60_000);
afterAll(async () => {
  await remote?.close();
  await desk?.close();
});

interface Run {
  status: string;
  counts: Record<string, number>;
  errors: { iri: string; problem: { code: string; violations?: { pointer: string }[] } }[];
  failure: string | null;
}

async function register(url: string, schedule = 'manual'): Promise<string> {
  const res = await desk.request('/v1/harvest-sources', {
    method: 'POST',
    token: admin,
    json: { url, providerId, schedule },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function run(sourceId: string): Promise<Run> {
  const res = await desk.request(`/v1/harvest-sources/${sourceId}/runs`, { method: 'POST', token: admin });
  expect(res.status).toBe(201);
  return (await res.json()) as Run;
}

async function count(query: string): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await desk.services.db.execute(sql.raw(query)));
  return Number(row?.n ?? 0);
}

const writes = async () => ({
  datasets: await count('select count(*) as n from datasets'),
  revisions: await count('select count(*) as n from dataset_revisions'),
  datasetEvents: await count("select count(*) as n from audit_events where subject_type = 'dataset'"),
});

describe('harvesting a ckanext-dcat catalogue', () => {
  let sourceId: string;

  it('publishes its 1 000 records under the provider, following hydra:nextPage', async () => {
    sourceId = await register(`${remote.url}/catalog.ttl`);
    const report = await run(sourceId);
    expect(report).toMatchObject({ status: 'succeeded', failure: null, errors: [] });
    expect(report.counts).toMatchObject({ pages: 10, records: 1000, created: 1000, failed: 0, retired: 0 });
    expect(
      await count(
        `select count(*) as n from datasets d join harvested_records h on h.dataset_id = d.id
         where d.status = 'published' and d.provider_id = '${providerId}'`,
      ),
    ).toBe(1000);
    const search = await desk.request('/v1/datasets?q=cancers%20du%20sein&limit=1');
    expect(((await search.json()) as { total: number }).total).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('exports the harvested records, beside descriptor 1.1.0 ones, as conforming DCAT-AP 3.0.0', async () => {
    const editor = await desk.token('demo-editor-pasteur');
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: editor,
      json: {
        providerId,
        descriptor: {
          title: { fr: 'Cohorte de patients atteints de mucoviscidose' },
          description: { fr: 'Suivi des patients atteints de mucoviscidose (ORPHA:586) en Île-de-France.' },
          publisher: { name: 'Institut Pasteur' },
          accessRights: 'NON_PUBLIC',
          codeValues: [{ code: 'Orphanet:586', label: { fr: 'Mucoviscidose' } }],
          codingSystems: ['Orphanet'],
          spatial: ['FR-IDF', 'FR10'],
          temporal: { start: '2012' },
        },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const published = await desk.request(`/v1/datasets/${id}/publish`, {
      method: 'POST',
      token: editor,
      headers: { 'if-match': '"1"' },
    });
    expect(published.status).toBe(200);
    // The catalogue pages in creation order: its last page holds the 1.1.0 record after harvested ones.
    const total = await count("select count(*) as n from datasets where status = 'published'");
    const last = Math.ceil(total / 20);
    const page = await desk.request(`/v1/catalog?limit=20&page=${last}`, {
      headers: { accept: 'text/turtle' },
    });
    expect(page.status).toBe(200);
    const quads = await parseRdf(await page.text(), 'text/turtle');
    const datasets = quads
      .filter((q) => q.predicate.value === `${NS.dcat}dataset`)
      .map((q) => q.object.value);
    expect(datasets).toContain(`http://desk.test/v1/datasets/${id}`);
    const harvested = await count('select count(*) as n from harvested_records');
    expect(harvested).toBe(1000);
    expect(datasets.length).toBe(total - (last - 1) * 20);
    expect(datasets.length).toBeGreaterThan(1);
    expectConforms(await validateShacl(quads), 'a catalogue page with harvested and 1.1.0 records');
  }, 60_000);

  it('answers a re-harvest from the 304 of the first page, writing no dataset', async () => {
    const before = await writes();
    const requests = remote.stats.requests;
    const report = await run(sourceId);
    expect(report.status).toBe('not_modified');
    expect(remote.stats.requests - requests).toBe(1);
    expect(await writes()).toEqual(before);
  });

  it('writes nothing either when the pages come back whole and unchanged', async () => {
    remote.validators = false;
    const before = await writes();
    const report = await run(sourceId);
    expect(report).toMatchObject({ status: 'succeeded', errors: [] });
    expect(report.counts).toMatchObject({
      records: 1000,
      unchanged: 1000,
      created: 0,
      revised: 0,
      retired: 0,
    });
    expect(await writes()).toEqual(before);
    remote.validators = true;
  }, 60_000);

  it('revises the changed records, retires the removed ones, adds the new one, and reports the invalid one', async () => {
    const ids = [...remote.records.keys()];
    for (const id of ids.slice(10, 13)) remote.change(id);
    for (const id of ids.slice(500, 502)) remote.remove(id);
    remote.invalidate(ids[700]!);
    const [added] = remote.add(1);
    const report = await run(sourceId);
    expect(report.status).toBe('succeeded');
    expect(report.counts).toMatchObject({
      records: 999,
      revised: 3,
      retired: 2,
      created: 1,
      failed: 1,
      unchanged: 994,
    });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      iri: `${remote.url}/dataset/${ids[700]}`,
      problem: { code: 'validation_failed', violations: [{ pointer: '/title' }] },
    });
    const statusOf = async (id: string) =>
      rowsOf<{ status: string; version: number }>(
        await desk.services.db.execute(
          sql`select d.status, d.version from datasets d join harvested_records h on h.dataset_id = d.id
              where h.remote_iri = ${`${remote.url}/dataset/${id}`}`,
        ),
      )[0];
    expect(await statusOf(ids[10]!)).toEqual({ status: 'published', version: 2 });
    expect(await statusOf(ids[500]!)).toEqual({ status: 'retired', version: 2 });
    expect(await statusOf(added!.id)).toEqual({ status: 'published', version: 1 });
    // The invalid record keeps the dataset it made last time.
    expect(await statusOf(ids[700]!)).toEqual({ status: 'published', version: 1 });
    const runs = await desk.request(`/v1/harvest-sources/${sourceId}/runs`, { token: admin });
    const { items } = (await runs.json()) as { items: Run[] };
    expect(items.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'not_modified', 'succeeded']);
  }, 60_000);

  it('records every run in the audit trail, with its counts', async () => {
    const [finished] = rowsOf<{ n: number | string }>(
      await desk.services.db.execute(
        sql`select count(*) as n from audit_events where action = 'harvest.finished' and subject_id = ${sourceId}`,
      ),
    );
    expect(Number(finished?.n)).toBe(4);
  });

  it('reads the same catalogue served as JSON-LD', async () => {
    remote.format = 'jsonld';
    const other = await startCkanCatalogue(150);
    other.format = 'jsonld';
    try {
      const report = await run(await register(`${other.url}/catalog.ttl`));
      expect(report.counts).toMatchObject({ pages: 2, records: 150, created: 150, failed: 0 });
    } finally {
      remote.format = 'turtle';
      await other.close();
    }
  }, 60_000);

  it('follows a redirect to http(s) and refuses one to another scheme, recording the failure', async () => {
    const moved = await run(await register(`${remote.url}/moved`));
    expect(moved.status).toBe('succeeded');
    expect(moved.counts.records).toBe(remote.records.size);
    const refused = await run(await register(`${remote.url}/to-file`));
    expect(refused).toMatchObject({ status: 'failed', counts: { pages: 0 } });
    expect(refused.failure).toMatch(/refused a redirect to file:/);
  }, 60_000);
});

describe('scheduled harvests', () => {
  it('harvests a source whose time has come from the periodic jobs, then waits for its next time', async () => {
    const small = await startCkanCatalogue(120);
    try {
      const id = await register(`${small.url}/catalog.ttl`, 'every 6h');
      expect((await runPeriodicJobs(desk.services)).harvests).toBe(1);
      const { items } = (await (
        await desk.request(`/v1/harvest-sources/${id}/runs`, { token: admin })
      ).json()) as {
        items: (Run & { trigger: string })[];
      };
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded', counts: { created: 120 } });
      expect((await runPeriodicJobs(desk.services)).harvests).toBe(0);
      const source = (await (await desk.request(`/v1/harvest-sources/${id}`, { token: admin })).json()) as {
        nextRunAt: string;
      };
      expect(Date.parse(source.nextRunAt) - Date.now()).toBeGreaterThan(5.9 * 3600_000);
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe('registering harvest sources', () => {
  it('refuses a URL that is not http(s), an unknown provider and a bad schedule, with pointers', async () => {
    const res = await desk.request('/v1/harvest-sources', {
      method: 'POST',
      token: admin,
      json: { url: 'ftp://ckan.example/catalog.ttl', providerId: crypto.randomUUID(), schedule: 'hourly' },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; violations: { pointer: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.violations.map((v) => v.pointer).sort()).toEqual(['/providerId', '/schedule', '/url']);
  });

  it('refuses a second registration of the same catalogue', async () => {
    await register('https://ckan.example/once.ttl', 'daily 03:00');
    const res = await desk.request('/v1/harvest-sources', {
      method: 'POST',
      token: admin,
      json: { url: 'https://ckan.example/once.ttl', providerId, schedule: 'every 6h' },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { violations: { pointer: string }[] }).violations[0]?.pointer).toBe('/url');
  });

  it('changes a source at the version it was read, and disables it on DELETE', async () => {
    const id = await register('https://ckan.example/changing.ttl', 'every 12h');
    const read = await desk.request(`/v1/harvest-sources/${id}`, { token: admin });
    const etag = read.headers.get('etag')!;
    const patch = (headers: Record<string, string>, json: unknown) =>
      desk.request(`/v1/harvest-sources/${id}`, { method: 'PATCH', token: admin, headers, json });
    expect((await patch({}, { schedule: 'daily 04:00' })).status).toBe(428);
    const bad = await patch({ 'if-match': etag }, { schedule: 'daily 25:00' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { violations: { pointer: string }[] }).violations[0]?.pointer).toBe(
      '/schedule',
    );
    const changed = await patch({ 'if-match': etag }, { schedule: 'daily 04:00' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ schedule: 'daily 04:00', version: 2, enabled: true });
    expect((await patch({ 'if-match': etag }, { enabled: false })).status).toBe(412);
    expect((await desk.request(`/v1/harvest-sources/${id}`, { method: 'DELETE', token: admin })).status).toBe(
      204,
    );
    const after = await desk.request(`/v1/harvest-sources/${id}`, { token: admin });
    expect(await after.json()).toMatchObject({ enabled: false, nextRunAt: null });
  });

  it('is for platform admins only', async () => {
    const editor = await desk.token('demo-editor-pasteur');
    const list = await desk.request('/v1/harvest-sources', { token: editor });
    expect(list.status).toBe(403);
    const create = await desk.request('/v1/harvest-sources', {
      method: 'POST',
      token: editor,
      json: { url: 'https://ckan.example/x.ttl', providerId, schedule: 'manual' },
    });
    expect(create.status).toBe(403);
    const [source] = rowsOf<{ id: string }>(
      await desk.services.db.execute(sql`select id from harvest_sources limit 1`),
    );
    const runNow = await desk.request(`/v1/harvest-sources/${source!.id}/runs`, {
      method: 'POST',
      token: editor,
    });
    expect(runNow.status).toBe(403);
    expect((await desk.request('/v1/harvest-sources')).status).toBe(401);
  });
});
