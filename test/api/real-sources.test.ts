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
let orgs: Map<string, string>;
let editor: string;
const published = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  editor = await desk.token('demo-editor-foch');
});
afterAll(() => desk.close());

describe('real sources', () => {
  it('covers the seven kinds of source', () => {
    expect(SOURCES).toHaveLength(7);
  });

  it.each(SOURCES)('%s publishes on the first try', async (file, descriptor) => {
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token: editor,
      json: { providerId: orgs.get('hopital-foch'), descriptor },
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
    const turtle = await res.text();
    for (const curie of ['ORPHA_558', 'MONDO_0007254', 'nuts/code/FR10']) expect(turtle).toContain(curie);
    expectConforms(
      await validateShacl(await parseRdf(turtle, 'text/turtle')),
      'the catalogue with the real sources',
    );
  });
});
