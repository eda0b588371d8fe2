// The console's dataset form on descriptor schema 1.1.0: every property has a field (the HealthDCAT-AP extras
// folded away), an edit in the console keeps every field it did not touch, and the rules between fields and the
// vocabularies speak French at the field they are about.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetView } from '../../src/services/datasets';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';
import { ConsoleClient, formFields, textOf } from './console-client';

let desk: TestDesk;
let pasteurId: string;
let pasteurDeskId: string;

beforeAll(async () => {
  desk = await createTestDesk();
  const orgs = await desk.seed();
  pasteurId = orgs.get('institut-pasteur')!;
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  pasteurDeskId = desks.items.find((d) => d.slug === 'guichet-pasteur')!.id;
});
afterAll(() => desk?.close());

const everyField = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL('../fixtures/descriptors/every-field-1.1.0.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

async function datasetOf(id: string): Promise<DatasetView> {
  const res = await desk.request(`/v1/datasets/${id}`, { token: await desk.token('demo-editor-pasteur') });
  expect(res.status).toBe(200);
  return (await res.json()) as DatasetView;
}

/** A draft with every 1.1.0 property, made through the API as an import or another tool would. */
async function draftWithEveryField(): Promise<DatasetView> {
  const res = await desk.request('/v1/datasets', {
    method: 'POST',
    token: await desk.token('demo-editor-pasteur'),
    json: { providerId: pasteurId, deskId: pasteurDeskId, descriptor: everyField() },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as DatasetView;
}

async function signedIn(lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn('demo-editor-pasteur', lang);
  return client;
}

describe('editing in the console a dataset that uses every 1.1.0 property', () => {
  it('changes the title and keeps every other field as it was', async () => {
    const created = await draftWithEveryField();
    expect(created.descriptor).toEqual(everyField());
    const client = await signedIn();
    const path = `/fr/my/datasets/${created.id}/edit`;
    const form = await client.get(path);
    expect(form.status).toBe(200);
    const fields = formFields(form.html, path);
    expect(fields['/descriptor/title/fr']).toEqual(['Cohorte Zéphyr — suivi des bronchiolites']);
    fields['/descriptor/title/fr'] = ['Cohorte Zéphyr, titre revu'];

    const saved = await client.post(path, fields);
    expect(saved.status).toBe(303);
    const after = await datasetOf(created.id);
    expect(after.version).toBe(created.version + 1);
    const expected = everyField();
    expected.title = { ...(expected.title as object), fr: 'Cohorte Zéphyr, titre revu' };
    expect(after.descriptor).toEqual(expected);
    // The revisions compared say the same: one field changed.
    const compare = await client.get(`/fr/my/datasets/${created.id}/revisions?from=1&to=2`);
    expect(compare.status).toBe(200);
    expect(textOf(compare.html)).toContain('1 champ modifié.');
    expect(compare.html).toContain('Concepts codés › 1 › Code (CURIE) ou IRI du concept');
  });

  it('shows the 1.1.0 values in their fields, partial dates and decimals as typed text', async () => {
    const created = await draftWithEveryField();
    const page = await (await signedIn()).get(`/fr/my/datasets/${created.id}/edit`);
    const { html } = page;
    expect(html).toContain('name="/descriptor/codeValues/0/code" value="ICD-10:J21"');
    expect(html).toContain('name="/descriptor/codeValues/0/label/fr" value="Bronchiolite aiguë"');
    expect(html).toContain('name="/descriptor/qualifiedAttributions/0/agent/name" value="Hôpital Necker"');
    expect(html).toContain('name="/descriptor/samples/0/format" value="CSV"');
    expect(html).toContain(
      'type="text" id="field-descriptor-temporal-start" name="/descriptor/temporal/start" value="2018"',
    );
    expect(html).toContain('name="/descriptor/issued" value="2024-01"');
    expect(html).toMatch(
      /name="\/descriptor\/spatialResolutionInMeters" value="12.5"[^>]*inputmode="decimal"/,
    );
    // The extras are folded, and the summary says how many are filled in.
    expect(html).toMatch(
      /<details class="more-fields"><summary>Afficher ou masquer ces \d+ propriétés \(\d+ renseignées\)<\/summary>/,
    );
    expect(textOf(html)).toContain('Autres propriétés HealthDCAT-AP');
    expect(textOf(html)).toContain('Concepts codés');
    // Repeated groups inside repeated groups still give each element its own id, and each label its input.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const [, target] of html.matchAll(/<label for="([^"]+)"/g)) expect(ids, target).toContain(target);
    for (const [, refs] of html.matchAll(/aria-describedby="([^"]+)"/g))
      for (const ref of refs!.split(' ')) expect(ids, ref).toContain(ref);
  });
});

describe('the rules 1.1.0 adds, on the form', () => {
  it('puts each violation at its field, in French, opens the extras where one is, and writes nothing', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/new');
    const before = await tableCounts(desk);
    const page = await client.post('/fr/my/datasets/new', {
      '/providerId': pasteurId,
      '/deskId': pasteurDeskId,
      '/descriptor/title/fr': 'Cohorte aux âges inversés',
      '/descriptor/description/fr': 'Test.',
      '/descriptor/publisher/name': 'Institut Pasteur',
      '/descriptor/accessRights': 'RESTRICTED',
      '/descriptor/minTypicalAge': '10',
      '/descriptor/maxTypicalAge': '2',
      '/descriptor/codeValues/0/code': '',
      '/descriptor/codeValues/1/code': 'FOO:123',
      '/descriptor/temporal/start': '2020',
      '/descriptor/temporal/end': '2019-06',
      '/descriptor/spatial': 'FRA\nXX99',
      '/descriptor/spatialResolutionInMeters': '12,5',
      '/descriptor/version': '1.0',
      '/descriptor/accrualPeriodicity': 'tous les ans',
    });
    expect(page.status).toBe(400);
    expect(await tableCounts(desk)).toEqual(before);
    const { html } = page;
    const errorAt = (id: string) =>
      new RegExp(`id="field-descriptor-${id}-error">([^<]*)<`).exec(html)?.[1]?.replace(/\s/g, ' ');
    expect(errorAt('minTypicalAge')).toBe('Âge minimal habituel : 10 dépasse l’âge maximal habituel (2)');
    expect(errorAt('maxTypicalAge')).toBe(
      'Âge maximal habituel : 2 est inférieur à l’âge minimal habituel (10)',
    );
    // The empty first slot is no item: the unknown system is item 0, shown in slot 1.
    expect(errorAt('codeValues-1-code')).toBe(
      'Code (CURIE) ou IRI du concept : ’FOO’ n’est pas un système de codage connu',
    );
    expect(errorAt('temporal-start')).toBe('Début : commence après la fin de la période (2019-06)');
    expect(errorAt('temporal-end')).toBe('Fin : finit avant le début de la période (2020)');
    expect(errorAt('spatial')).toMatch(/^Couverture géographique : ’XX99’ n’est ni un code pays européen/);
    expect(errorAt('accrualPeriodicity')).toMatch(
      /^Fréquence de mise à jour \(code européen\) : ’tous les ans’ n’est pas valide/,
    );
    // A violation among the extras unfolds them, so that the summary's link leads to a visible field.
    expect(html).toContain('<details class="more-fields" open="">');
    expect(html).toContain('href="#field-descriptor-accrualPeriodicity"');
    // What was typed stays, the decimal comma too.
    expect(html).toContain('name="/descriptor/spatialResolutionInMeters" value="12,5"');
    expect(html).toContain('name="/descriptor/codeValues/1/code" value="FOO:123"');
  });

  it('leaves the extras folded when nothing is wrong there', async () => {
    const client = await signedIn('en');
    const page = await client.get('/en/my/datasets/new');
    expect(page.html).toContain('<details class="more-fields"><summary>Show or hide these');
    expect(textOf(page.html)).toContain('More HealthDCAT-AP properties');
  });
});
