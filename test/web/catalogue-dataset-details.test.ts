// A dataset's page shows what descriptor 1.1.0 adds: coded concepts linked to their IRIs, places by name, the
// provider's version, update frequency, provenance, documentation and publications, in French and English.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conceptIri } from '../../src/catalog/concepts';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let pasteurId: string;

beforeAll(async () => {
  desk = await createTestDesk();
  pasteurId = (await desk.seed()).get('institut-pasteur')!;
});
afterAll(() => desk?.close());

async function published(descriptor: unknown): Promise<string> {
  const token = await desk.token('demo-editor-pasteur');
  const created = await desk.request('/v1/datasets', {
    method: 'POST',
    token,
    json: { providerId: pasteurId, deskId: null, descriptor },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const done = await desk.request(`/v1/datasets/${id}/publish`, {
    method: 'POST',
    token,
    headers: { 'if-match': '"1"' },
  });
  expect(done.status).toBe(200);
  return id;
}

const everyField = () =>
  JSON.parse(
    readFileSync(new URL('../fixtures/descriptors/every-field-1.1.0.json', import.meta.url), 'utf8'),
  );

describe('the 1.1.0 parts of a dataset’s page', () => {
  it('links coded concepts to their IRIs, names places, and gives version, frequency, provenance, documents', async () => {
    const id = await published(everyField());
    const fr = await new ConsoleClient(desk).get(`/fr/datasets/${id}`);
    expect(fr.status).toBe(200);
    const { html } = fr;
    const text = textOf(html);
    expect(html).toContain('<h2 id="dataset-details">Concepts, version et documentation</h2>');
    expect(html).toContain('<dt>Concepts codés</dt>');
    // A labelled concept shows its label and its code; one without a label shows its code; each links to its IRI.
    expect(html).toContain(`<a href="${conceptIri('ICD-10:J21')}">Bronchiolite aiguë</a>`);
    expect(text).toContain('Bronchiolite aiguë (ICD-10:J21)');
    expect(html).toContain(`<a href="${conceptIri('ORPHA:558')}">ORPHA:558</a>`);
    expect(html).toContain(
      '<a href="http://purl.obolibrary.org/obo/MONDO_0005148">http://purl.obolibrary.org/obo/MONDO_0005148</a>',
    );
    // Places by their names, codes beside.
    expect(text).toContain('France (FRA)');
    expect(text).toContain('Île-de-France (FR-IDF)');
    expect(text).toContain('Paris (FR-75C)');
    expect(text).toContain('Ile-de-France (FR10)');
    expect(text).toMatch(/Version du fournisseur 2\.1 — Ajout de la virologie\./);
    expect(text).toContain('Fréquence de mise à jour annuelle');
    expect(text).toContain('Provenance Extrait des dossiers hospitaliers.');
    expect(html).toContain(
      '<a href="https://www.pasteur.fr/zephyr/dictionnaire">Dictionnaire des données</a>',
    );
    expect(html).toContain(
      '<a href="https://doi.org/10.1038/sdata.2016.18">https://doi.org/10.1038/sdata.2016.18</a>',
    );

    const en = await new ConsoleClient(desk).get(`/en/datasets/${id}`);
    const english = textOf(en.html);
    expect(english).toContain('Concepts, version and documentation');
    expect(english).toContain('Acute bronchiolitis (ICD-10:J21)');
    expect(english).toContain('Update frequency annual');
    expect(english).toContain('Provider’s version 2.1 — Virology added.');
    // A place named in French only says so.
    expect(en.html).toContain('<span lang="fr">Ile-de-France</span>');
  });

  it('has no such section for a dataset without those fields, and shows an unknown IRI as it is', async () => {
    const id = await published({
      title: { fr: 'Registre sans détails' },
      description: { fr: 'Registre.' },
      publisher: { name: 'Institut Pasteur' },
      accessRights: 'RESTRICTED',
      spatial: ['https://sws.geonames.org/3012874/'],
    });
    const { html } = await new ConsoleClient(desk).get(`/fr/datasets/${id}`);
    expect(html).not.toContain('id="dataset-details"');
    expect(html).toContain(
      '<a href="https://sws.geonames.org/3012874/">https://sws.geonames.org/3012874/</a>',
    );
  });
});
