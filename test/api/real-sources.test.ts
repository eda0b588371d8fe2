// Real French health-data sources publish on the first try with their own codes and spellings (descriptor 1.1.0),
// and the catalogue that lists them still conforms to the DCAT-AP 3.0.0 SHACL shapes.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRdf } from '../../src/catalog/dcat-import';
import { createTestDesk, type TestDesk } from '../harness';
import { expectConforms, validateShacl } from '../support/shacl';

const DIR = new URL('../fixtures/descriptors/real-sources/', import.meta.url);
const SOURCES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map(
    (file) =>
      [file, JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Record<string, unknown>] as const,
  );

let desk: TestDesk;
let admin: string;
const published = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  admin = await desk.token('demo-admin');
});

/** Each source publishes in its own name: its organisation is registered, with an editor, as a desk would. */
async function providerOf(file: string, publisher: { name: string; homepage?: string }) {
  const slug = file.replace(/\.json$/, '');
  const org = await desk.request('/v1/organizations', {
    method: 'POST',
    token: admin,
    json: {
      slug,
      name: publisher.name,
      kind: 'provider',
      ...(publisher.homepage ? { homepage: publisher.homepage } : {}),
    },
  });
  expect(org.status, await org.clone().text()).toBe(201);
  const { id } = (await org.json()) as { id: string };
  const member = await desk.request(`/v1/organizations/${id}/members`, {
    method: 'POST',
    token: admin,
    json: { subject: `editor-${slug}`, role: 'editor' },
  });
  expect(member.status).toBe(201);
  return { providerId: id, editor: await desk.token(`editor-${slug}`) };
}
afterAll(() => desk.close());

describe('real sources', () => {
  it('covers the seven kinds of source', () => {
    expect(SOURCES).toHaveLength(7);
  });

  it.each(SOURCES)('%s publishes on the first try', async (file, descriptor) => {
    const { providerId, editor } = await providerOf(
      file,
      descriptor.publisher as { name: string; homepage?: string },
    );
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: editor,
      json: { providerId, descriptor },
    });
    expect(created.status, `${file}: ${await created.clone().text()}`).toBe(201);
    const { id, descriptor: stored } = (await created.json()) as {
      id: string;
      descriptor: Record<string, unknown>;
    };
    const publish = await desk.request(`/v1/datasets/${id}/publish`, {
      method: 'POST',
      token: editor,
      headers: { 'if-match': '"1"' },
    });
    expect(publish.status).toBe(200);
    published.set(file, stored);
  });

  it('stores the providers’ spellings under their canonical codes', () => {
    expect(published.get('cohorte-cancer-sein.json')).toMatchObject({
      codingSystems: ['ICD-O-3', 'SNOMED-CT', 'MONDO', 'ICD-10'],
      codeValues: [
        { code: 'MONDO:0007254' },
        { code: 'ICD-O-3:8500/3' },
        { code: 'SNOMED-CT:254837009' },
        { code: 'ICD-10:C50.9' },
      ],
    });
    expect(published.get('bndmr-maladies-rares.json')).toMatchObject({
      codingSystems: ['ORPHA', 'HPO', 'ICD-10'],
      codeValues: [
        { code: 'ORPHA:558' },
        { code: 'ORPHA:586' },
        { code: 'http://www.orpha.net/ORDO/Orphanet_98896' },
      ],
      temporal: { start: '2012' },
    });
    expect(published.get('entrepot-hospitalier-omop.json')).toMatchObject({
      codingSystems: ['OMOP', 'CIM-10', 'CCAM', 'LOINC', 'ATC', 'SNOMED-CT'],
    });
    expect(published.get('constances-cohorte.json')).toMatchObject({
      spatial: ['FR10', 'FRK', 'FR-HDF', 'FR-NOR', 'FR-75C'],
    });
  });

  it('exports a catalogue with them that conforms to DCAT-AP 3.0.0', async () => {
    const res = await desk.request('/v1/catalog', { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    const quads = await parseRdf(await res.text(), 'text/turtle');
    const objects = new Set(quads.map((q) => q.object.value));
    for (const iri of [
      'http://www.orpha.net/ORDO/Orphanet_558',
      'http://purl.obolibrary.org/obo/MONDO_0007254',
      'http://data.europa.eu/nuts/code/FR10',
    ]) {
      expect(objects).toContain(iri);
    }
    expectConforms(await validateShacl(quads), 'the catalogue with the real sources');
  });
});
