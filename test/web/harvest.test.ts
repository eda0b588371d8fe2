// Harvesting in the console: the platform admin registers a catalogue (errors beside their fields), runs it
// and reads the last run's report; a harvested dataset's public page names its source and last harvest.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database';
import { createTestDesk, type TestDesk } from '../harness';
import { type CkanCatalogue, startCkanCatalogue } from '../support/ckan-catalogue';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let remote: CkanCatalogue;
let pasteur: string;

beforeAll(async () => {
  desk = await createTestDesk();
  pasteur = (await desk.seed()).get('institut-pasteur')!;
  remote = await startCkanCatalogue(120);
  remote.invalidate([...remote.records.keys()][7]!);
});
afterAll(async () => {
  await remote?.close();
  await desk?.close();
});

async function as(subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

describe('the harvest page', () => {
  it('is for platform admins only', async () => {
    const editor = await as('demo-editor-pasteur');
    expect((await editor.get('/fr/admin/harvest')).status).toBe(403);
  });

  it('keeps what was typed and puts each error beside its field', async () => {
    const admin = await as('demo-admin');
    await admin.get('/fr/admin/harvest');
    const refused = await admin.post('/fr/admin/harvest', {
      '/url': `${remote.url}/catalog.ttl`,
      '/providerId': pasteur,
      '/schedule': 'toutes les heures',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="error-summary"');
    expect(textOf(refused.html)).toContain('Écrivez « every 6h », « daily 03:00 » ou « manual ».');
    expect(refused.html).toContain(`value="${remote.url}/catalog.ttl"`);
  });

  it('registers a catalogue, runs it now and shows the report with the record it could not take', async () => {
    const admin = await as('demo-admin', 'en');
    await admin.get('/en/admin/harvest');
    const registered = await admin.post('/en/admin/harvest', {
      '/url': `${remote.url}/catalog.ttl`,
      '/providerId': pasteur,
      '/schedule': 'manual',
    });
    expect(registered.status).toBe(303);
    const page = await admin.get(registered.location!);
    expect(textOf(page.html)).toContain('Catalogue registered.');
    expect(textOf(page.html)).toContain('Never harvested.');
    const [source] = rowsOf<{ id: string }>(
      await desk.services.db.execute(sql`select id from harvest_sources`),
    );
    const ran = await admin.post(`/en/admin/harvest/${source!.id}/run`, {});
    expect(ran.status).toBe(303);
    const report = textOf((await admin.get(ran.location!)).html);
    expect(report).toContain(': done.');
    expect(report).toMatch(/Published\s*119/);
    expect(report).toMatch(/In error\s*1/);
    expect(report).toContain(`${remote.url}/dataset/${[...remote.records.keys()][7]}`);
    expect(report).toContain('/title');
  }, 60_000);
});

describe('a harvested dataset’s page', () => {
  it('names the catalogue it was harvested from and when it was last harvested', async () => {
    const [row] = rowsOf<{ id: string }>(
      await desk.services.db.execute(sql`select dataset_id as id from harvested_records limit 1`),
    );
    const page = await new ConsoleClient(desk).get(`/en/datasets/${row!.id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain(`Harvested from the catalogue ${remote.url}/catalog.ttl`);
    expect(text).toMatch(/Last harvested \S/);
  });
});
