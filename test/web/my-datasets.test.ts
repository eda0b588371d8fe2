// The data providers' console: their datasets by state, the form built from the descriptor schema, import
// from JSON and Turtle, editing into revisions, comparing them, publishing and retiring; and that nobody
// reaches another organisation's drafts through it, nor changes anything without the form's token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetView } from '../../src/services/datasets';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';
import { ConsoleClient, DESK_ORIGIN, textOf } from './console-client';

let desk: TestDesk;
let pasteurId: string;
let fochId: string;
let pasteurDeskId: string;

beforeAll(async () => {
  desk = await createTestDesk();
  const orgs = await desk.seed();
  pasteurId = orgs.get('institut-pasteur')!;
  fochId = orgs.get('hopital-foch')!;
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  pasteurDeskId = desks.items.find((d) => d.slug === 'guichet-pasteur')!.id;
});
afterAll(() => desk?.close());

async function api<T>(path: string, subject?: string, init: RequestInit = {}): Promise<T> {
  const token = subject ? await desk.token(subject) : undefined;
  const res = await desk.request(path, { ...init, ...(token ? { token } : {}) });
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as T;
}

const datasetOf = (id: string) => api<DatasetView>(`/v1/datasets/${id}`, 'demo-editor-pasteur');

async function signedIn(subject = 'demo-editor-pasteur', lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

/** A Pasteur draft made through the API, to look at (or fail to reach) through the console. */
async function pasteurDraft(title: string): Promise<DatasetView> {
  const res = await desk.request('/v1/datasets', {
    method: 'POST',
    token: await desk.token('demo-editor-pasteur'),
    json: {
      providerId: pasteurId,
      deskId: pasteurDeskId,
      descriptor: {
        title: { fr: title },
        description: { fr: 'Brouillon de test.' },
        publisher: { name: 'Institut Pasteur' },
        accessRights: 'RESTRICTED',
      },
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as DatasetView;
}

const idFrom = (location: string | null) => /\/my\/datasets\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];

/** Every kind of field the schema has: pairs, lists typed and ticked, numbers, yes/no, groups, slots, DUO. */
const everyKindOfField = (title: string): Record<string, string | string[]> => ({
  '/providerId': pasteurId,
  '/deskId': pasteurDeskId,
  '/descriptor/title/fr': title,
  '/descriptor/title/en': 'Zephyr cohort — bronchiolitis follow-up',
  '/descriptor/description/fr': 'Première ligne.\nDeuxième ligne.',
  '/descriptor/description/en': 'A cohort of infants.',
  '/descriptor/keywords/fr': 'bronchiolite\nnourrissons\nVRS',
  '/descriptor/keywords/en': 'bronchiolitis, infants',
  '/descriptor/themes': ['HEAL', 'SOCI'],
  '/descriptor/publisher/name': 'Institut Pasteur',
  '/descriptor/publisher/homepage': 'https://www.pasteur.fr',
  '/descriptor/publisher/email': 'donnees@pasteur.example',
  '/descriptor/publisher/type': 'Research institute',
  '/descriptor/contactPoint/name': 'Cellule données',
  '/descriptor/contactPoint/email': 'cellule@pasteur.example',
  '/descriptor/contactPoint/url': 'https://www.pasteur.fr/contact',
  '/descriptor/spatial': 'FRA\nhttps://sws.geonames.org/3012874/',
  '/descriptor/temporal/start': '2018-01-01',
  '/descriptor/temporal/end': '2024-06-30',
  '/descriptor/temporal/comment': 'Inclusions closes',
  '/descriptor/populationCoverage/fr': 'Nourrissons hospitalisés pour bronchiolite.',
  '/descriptor/populationCoverage/en': '',
  '/descriptor/minTypicalAge': '0',
  '/descriptor/maxTypicalAge': '2',
  '/descriptor/numberOfRecords': '120000',
  '/descriptor/numberOfUniqueIndividuals': '8400',
  '/descriptor/healthCategories': ['EHRS', 'IDHP'],
  '/descriptor/healthThemes': 'http://www.wikidata.org/entity/Q535270',
  '/descriptor/codingSystems': ['CIM-10', 'SNOMED-CT'],
  '/descriptor/personalData': ['Age', 'HealthRecord', 'BloodType\nVaccinationStatus'],
  '/descriptor/legalBasis': ['PublicInterest'],
  '/descriptor/purpose': ['ScientificResearch'],
  '/descriptor/hdsHosting/certified': 'true',
  '/descriptor/hdsHosting/host': 'Hébergeur certifié',
  '/descriptor/accessRights': 'NON_PUBLIC',
  '/descriptor/retentionPeriod/end': '2044-12-31',
  '/descriptor/distributions/0/title/fr': 'Extraction OMOP',
  '/descriptor/distributions/0/title/en': '',
  '/descriptor/distributions/0/accessUrl': 'https://www.pasteur.fr/acces',
  '/descriptor/distributions/0/format': 'PARQUET',
  '/descriptor/distributions/0/byteSize': '1048576',
  '/descriptor/distributions/1/accessUrl': '',
  '/descriptor/dataUseConditions/permission/code': 'DS',
  '/descriptor/dataUseConditions/permission/disease': 'J21',
  '/descriptor/dataUseConditions/modifiers': ['IRB', 'TS', 'GS', 'MOR'],
  '/descriptor/dataUseConditions/modifiers/TS/months': '24',
  '/descriptor/dataUseConditions/modifiers/GS/region': 'EU',
  '/descriptor/dataUseConditions/modifiers/MOR/until': '2027-01-01',
  '/descriptor/landingPage': 'https://www.pasteur.fr/zephyr',
  '/descriptor/languages': 'fr\nen',
  '/descriptor/issued': '2024-01-31T09:00:00Z',
  '/descriptor/modified': '',
});

describe('sign-in', () => {
  it('sends a visitor to the sign-in page and back', async () => {
    const page = await new ConsoleClient(desk).get('/fr/my/datasets/new');
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/fr/sign-in?next=${encodeURIComponent('/fr/my/datasets/new')}`);
  });
});

describe('the list of my datasets', () => {
  it('shows the organisation’s datasets by state, drafts included, and nobody else’s', async () => {
    const draft = await pasteurDraft('Brouillon Pasteur visible de Pasteur');
    const fochDraft = await api<DatasetView>('/v1/datasets', 'demo-editor-foch', {
      method: 'POST',
      body: JSON.stringify({
        providerId: fochId,
        descriptor: {
          title: { fr: 'Brouillon Foch caché' },
          description: { fr: 'x' },
          publisher: { name: 'Hôpital Foch' },
          accessRights: 'RESTRICTED',
        },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(fochDraft.status).toBe('draft');
    const client = await signedIn();
    const page = await client.get('/fr/my/datasets');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Mes jeux de données');
    expect(text).toContain('Brouillons');
    expect(text).toContain('Brouillon Pasteur visible de Pasteur');
    expect(page.html).toContain(`href="/fr/my/datasets/${draft.id}"`);
    expect(text).not.toContain('Brouillon Foch caché');
    expect(text).not.toContain('Hôpital Foch health data warehouse');
    expect(text).not.toContain('Entrepôt de données de santé de l’Hôpital Foch');
    // The version and the last change of each row.
    expect(page.html).toMatch(new RegExp(`${draft.id}[\\s\\S]*?<time datetime="${draft.updatedAt}"`));
    const drafts = await client.get('/fr/my/datasets?status=draft');
    expect(textOf(drafts.html)).toContain('Brouillon Pasteur visible de Pasteur');
    expect(textOf(drafts.html)).not.toContain('Publiés');
    const published = await client.get('/en/my/datasets?status=published');
    expect(textOf(published.html)).not.toContain('Brouillon Pasteur visible de Pasteur');
    expect(textOf(published.html)).toContain('Published');
  });
});

describe('who has a form', () => {
  it('tells someone who edits for no provider so, and gives them no form', async () => {
    const client = await signedIn('demo-requester-cesp');
    const list = await client.get('/fr/my/datasets');
    expect(list.status).toBe(200);
    expect(textOf(list.html)).toContain('Vous n’êtes éditeur d’aucune organisation fournisseuse');
    expect(list.html).not.toContain('/my/datasets/new"');
    expect((await client.get('/fr/my/datasets/new')).status).toBe(403);
    expect((await client.get('/fr/my/datasets/import')).status).toBe(403);
  });

  it('lets an editor of several providers choose the one a dataset is for', async () => {
    const rocheId = (await api<{ items: { id: string; slug: string }[] }>('/v1/organizations')).items.find(
      (o) => o.slug === 'roche-france',
    )!.id;
    for (const org of [pasteurId, rocheId]) {
      const added = await desk.request(`/v1/organizations/${org}/members`, {
        method: 'POST',
        token: await desk.token('demo-admin'),
        json: { subject: 'editor-two-providers', role: 'editor' },
      });
      expect(added.status).toBe(201);
    }
    const client = await signedIn('editor-two-providers');
    const form = await client.get('/en/my/datasets/new');
    expect(form.html).toContain('<select id="field-providerId" name="/providerId"');
    expect(form.html).toContain(`<option value="${rocheId}">Roche France</option>`);
    const saved = await client.post('/en/my/datasets/new', {
      '/providerId': rocheId,
      '/deskId': '',
      '/descriptor/title/en': 'Roche registry chosen on the form',
      '/descriptor/description/en': 'A registry.',
      '/descriptor/publisher/name': 'Roche France',
      '/descriptor/accessRights': 'RESTRICTED',
    });
    expect(saved.status).toBe(303);
    const dataset = await api<DatasetView>(`/v1/datasets/${idFrom(saved.location)}`, 'editor-two-providers');
    expect(dataset).toMatchObject({ providerId: rocheId, deskId: null, status: 'draft' });
    const list = await client.get('/en/my/datasets');
    expect(textOf(list.html)).toContain('The datasets of Institut Pasteur, Roche France');
    expect(list.html).toContain('<th scope="col">Provider</th>');
  });
});

describe('the form built from the descriptor schema', () => {
  it('has every field, named by its pointer, with fr/en pairs, help and vocabularies as choices', async () => {
    const client = await signedIn();
    const page = await client.get('/fr/my/datasets/new');
    expect(page.status).toBe(200);
    const { html } = page;
    for (const name of [
      '/descriptor/title/fr',
      '/descriptor/title/en',
      '/descriptor/description/en',
      '/descriptor/keywords/fr',
      '/descriptor/themes',
      '/descriptor/publisher/homepage',
      '/descriptor/contactPoint/url',
      '/descriptor/spatial',
      '/descriptor/temporal/start',
      '/descriptor/populationCoverage/fr',
      '/descriptor/numberOfUniqueIndividuals',
      '/descriptor/healthCategories',
      '/descriptor/healthThemes',
      '/descriptor/codingSystems',
      '/descriptor/personalData',
      '/descriptor/legalBasis',
      '/descriptor/purpose',
      '/descriptor/hdsHosting/certified',
      '/descriptor/accessRights',
      '/descriptor/retentionPeriod/comment',
      '/descriptor/distributions/0/accessUrl',
      '/descriptor/distributions/0/title/fr',
      '/descriptor/dataUseConditions/permission/code',
      '/descriptor/dataUseConditions/permission/disease',
      '/descriptor/dataUseConditions/modifiers',
      '/descriptor/dataUseConditions/modifiers/TS/months',
      '/descriptor/dataUseConditions/modifiers/GS/region',
      '/descriptor/dataUseConditions/modifiers/MOR/until',
      '/descriptor/landingPage',
      '/descriptor/languages',
      '/descriptor/issued',
      '/descriptor/modified',
      '/deskId',
      '/providerId',
    ]) {
      expect(html, name).toContain(`name="${name}"`);
    }
    expect(html).toContain('class="pair"');
    expect(html).toMatch(/<legend>Titre <span class="required">\(obligatoire\)<\/span>/);
    // Help from the schema, in French where the schema has only English.
    expect(textOf(html)).toContain('Nom du jeu de données (dct:title)');
    // Controlled vocabularies as choices, in words.
    expect(html).toContain('Santé (HEAL)');
    expect(html).toContain('Données de santé électroniques issues des dossiers patients informatisés (EHRS)');
    expect(html).toContain('value="NON_PUBLIC"');
    expect(html).toContain('Recherche sur une maladie précise');
    expect(html).toContain('Âge (Age)');
    expect(html).toContain('Mission d’intérêt public (PublicInterest)');
    // The publisher is the provider itself, and its own desk is proposed.
    expect(html).toContain('name="/descriptor/publisher/name" value="Institut Pasteur"');
    expect(html).toMatch(new RegExp(`<option value="${pasteurDeskId}" selected="">`));
    // One h1, labels tied to their inputs and hints.
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('aria-describedby="field-descriptor-landingPage-hint"');
    expect(html).not.toMatch(/style="/);
    const en = await client.get('/en/my/datasets/new');
    expect(textOf(en.html)).toContain('Name of the dataset (dct:title), in French and/or English.');
    expect(textOf(en.html)).not.toContain('catalog-schemas/');
  });

  it('creates a dataset from every kind of field and shows its page', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/new');
    const saved = await client.post(
      '/fr/my/datasets/new',
      everyKindOfField('Cohorte Zéphyr — bronchiolites'),
    );
    expect(saved.status).toBe(303);
    const id = idFrom(saved.location);
    expect(saved.location).toBe(`/fr/my/datasets/${id}?done=created`);
    const dataset = await datasetOf(id!);
    expect(dataset).toMatchObject({
      status: 'draft',
      version: 1,
      providerId: pasteurId,
      deskId: pasteurDeskId,
    });
    expect(dataset.descriptor).toEqual({
      title: { fr: 'Cohorte Zéphyr — bronchiolites', en: 'Zephyr cohort — bronchiolitis follow-up' },
      description: { fr: 'Première ligne.\nDeuxième ligne.', en: 'A cohort of infants.' },
      keywords: { fr: ['bronchiolite', 'nourrissons', 'VRS'], en: ['bronchiolitis', 'infants'] },
      themes: ['HEAL', 'SOCI'],
      publisher: {
        name: 'Institut Pasteur',
        homepage: 'https://www.pasteur.fr',
        email: 'donnees@pasteur.example',
        type: 'Research institute',
      },
      contactPoint: {
        name: 'Cellule données',
        email: 'cellule@pasteur.example',
        url: 'https://www.pasteur.fr/contact',
      },
      spatial: ['FRA', 'https://sws.geonames.org/3012874/'],
      temporal: { start: '2018-01-01', end: '2024-06-30', comment: 'Inclusions closes' },
      populationCoverage: { fr: 'Nourrissons hospitalisés pour bronchiolite.' },
      minTypicalAge: 0,
      maxTypicalAge: 2,
      numberOfRecords: 120000,
      numberOfUniqueIndividuals: 8400,
      healthCategories: ['EHRS', 'IDHP'],
      healthThemes: ['http://www.wikidata.org/entity/Q535270'],
      codingSystems: ['CIM-10', 'SNOMED-CT'],
      personalData: ['Age', 'HealthRecord', 'BloodType', 'VaccinationStatus'],
      legalBasis: ['PublicInterest'],
      purpose: ['ScientificResearch'],
      hdsHosting: { certified: true, host: 'Hébergeur certifié' },
      accessRights: 'NON_PUBLIC',
      retentionPeriod: { end: '2044-12-31' },
      distributions: [
        {
          title: { fr: 'Extraction OMOP' },
          accessUrl: 'https://www.pasteur.fr/acces',
          format: 'PARQUET',
          byteSize: 1048576,
        },
      ],
      dataUseConditions: {
        permission: { code: 'DS', disease: 'J21' },
        modifiers: [
          { code: 'IRB' },
          { code: 'TS', months: 24 },
          { code: 'GS', region: 'EU' },
          { code: 'MOR', until: '2027-01-01' },
        ],
      },
      landingPage: 'https://www.pasteur.fr/zephyr',
      languages: ['fr', 'en'],
      issued: '2024-01-31T09:00:00Z',
    });
    const page = await client.get(saved.location!);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Cohorte Zéphyr — bronchiolites');
    expect(text).toContain('Le jeu de données est enregistré en brouillon (version 1).');
    expect(text).toContain('Brouillon');
    expect(text).toContain('Guichet de données Institut Pasteur');
    expect(text).toContain('Usage limité à 24 mois.');
    expect(page.html).toContain(`href="/fr/my/datasets/${id}/edit"`);
    expect(page.html).toContain(`href="/fr/my/datasets/${id}/publish"`);
    expect(page.html).toContain(`href="/fr/my/datasets/${id}/revisions"`);
  });

  it('comes back with the values as typed, each message at its field and a summary linking to it, and writes nothing', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/new');
    const before = await tableCounts(desk);
    const fields = {
      ...everyKindOfField(''),
      '/descriptor/title/en': '',
      '/descriptor/publisher/email': 'pas-un-courriel',
      '/descriptor/keywords/en': 'a, b',
      '/descriptor/accessRights': '',
      '/descriptor/dataUseConditions/modifiers/TS/months': 'douze',
      '/descriptor/distributions/0/accessUrl': '',
      '/descriptor/distributions/1/accessUrl': 'pas une adresse',
      '/descriptor/distributions/1/format': 'CSV',
    };
    const page = await client.post('/fr/my/datasets/new', fields);
    expect(page.status).toBe(400);
    expect(await tableCounts(desk)).toEqual(before);
    const { html } = page;
    // The summary, first in the page's content, links to each field.
    expect(html.indexOf('class="error-summary"')).toBeLessThan(html.indexOf('class="dataset-form"'));
    // In the order of the form's fields; the first slot lost its address but kept its other fields.
    const ids = [
      'field-descriptor-title',
      'field-descriptor-publisher-email',
      'field-descriptor-accessRights',
      'field-descriptor-dataUseConditions-modifiers-TS-months',
      'field-descriptor-distributions-0-accessUrl',
      'field-descriptor-distributions-1-accessUrl',
    ];
    for (const id of ids) {
      expect(html, id).toContain(`href="#${id}"`);
      expect(html, id).toContain(`id="${id}-error"`);
    }
    const links = [...html.matchAll(/<li><a href="#(field-[^"]+)">/g)].map((l) => l[1]);
    expect(links).toEqual(ids);
    expect(html).toMatch(
      /id="field-descriptor-publisher-email-error">Courriel\s: doit être une adresse électronique valide/,
    );
    expect(html).toMatch(/id="field-descriptor-accessRights-error">Droits d’accès\s: est obligatoire/);
    expect(html).toContain('aria-invalid="true"');
    // Each entry of the summary names its field, so that it reads on its own.
    expect(textOf(html)).toMatch(/Titre\s: est obligatoire \(\/descriptor\/title\)/);
    expect(textOf(html)).toMatch(/Adresse d’accès\s: doit être une adresse complète/);
    expect(textOf(html)).toMatch(/Durée en mois\s: doit être un nombre entier/);
    // Every value as it was typed, the empty slot included, the typed slot where it was.
    expect(html).toContain('name="/descriptor/publisher/email" value="pas-un-courriel"');
    expect(html).toContain('name="/descriptor/dataUseConditions/modifiers/TS/months" value="douze"');
    expect(html).toContain('name="/descriptor/distributions/1/accessUrl" value="pas une adresse"');
    expect(html).toContain('name="/descriptor/distributions/1/format" value="CSV"');
    expect(html).toMatch(/name="\/descriptor\/keywords\/en"[^>]*>a, b<\/textarea>/);
    expect(html).toMatch(/name="\/descriptor\/personalData"[^>]*>BloodType\nVaccinationStatus<\/textarea>/);
    expect(html).toMatch(/value="TS" checked=""/);
    expect(html).toMatch(/value="SOCI" checked=""/);
    expect(html).toContain(
      'name="/descriptor/description/fr" lang="fr" rows="8">Première ligne.\nDeuxième ligne.</textarea>',
    );
  });

  it('refuses another organisation’s desk at the desk field, the form kept and nothing written', async () => {
    const client = await signedIn();
    const fochDesk = (await api<{ items: { id: string; slug: string }[] }>('/v1/desks')).items.find(
      (d) => d.slug === 'guichet-foch',
    )!.id;
    await client.get('/fr/my/datasets/new');
    const before = await tableCounts(desk);
    const page = await client.post('/fr/my/datasets/new', {
      ...everyKindOfField('Pour le guichet de Foch'),
      '/deskId': fochDesk,
    });
    expect(page.status).toBe(403);
    expect(await tableCounts(desk)).toEqual(before);
    expect(page.html).toContain('href="#field-deskId"');
    expect(page.html).toMatch(
      /id="field-deskId-error">Guichet qui le servira\s: ce guichet appartient à une autre organisation/,
    );
    expect(page.html).toMatch(new RegExp(`<option value="${fochDesk}" selected="">`));
    expect(page.html).toContain('value="Pour le guichet de Foch"');
  });

  it('refuses to create a dataset for an organisation the editor does not edit for', async () => {
    const client = await signedIn('demo-editor-foch');
    await client.get('/fr/my/datasets/new');
    const before = await tableCounts(desk);
    const page = await client.post('/fr/my/datasets/new', everyKindOfField('Pour Pasteur, par Foch'));
    expect(page.status).toBe(403);
    expect(await tableCounts(desk)).toEqual(before);
  });
});

describe('import from a file', () => {
  const upload = (name: string, body: string, type: string) => {
    const form = new FormData();
    form.set('/file', new File([body], name, { type }));
    form.set('/format', '');
    form.set('/providerId', pasteurId);
    form.set('/deskId', pasteurDeskId);
    return form;
  };

  it('creates a draft from a JSON descriptor', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/import');
    const descriptor = {
      title: { fr: 'Registre importé en JSON' },
      description: { fr: 'Importé depuis un fichier.' },
      publisher: { name: 'Institut Pasteur' },
      accessRights: 'RESTRICTED',
    };
    const saved = await client.post(
      '/fr/my/datasets/import',
      upload('registre.json', JSON.stringify(descriptor), 'application/json'),
    );
    expect(saved.status).toBe(303);
    const dataset = await datasetOf(idFrom(saved.location)!);
    expect(dataset.descriptor).toEqual(descriptor);
    expect(dataset.status).toBe('draft');
  });

  it('creates a draft from a HealthDCAT-AP Turtle file, such as the desk’s own export', async () => {
    const client = await signedIn();
    const search = await api<{ items: { id: string; providerId: string }[] }>(
      `/v1/datasets?provider=${pasteurId}&limit=1`,
    );
    const exported = await desk.request(`/v1/datasets/${search.items[0]!.id}`, {
      headers: { accept: 'text/turtle' },
    });
    const turtle = await exported.text();
    expect(turtle).toContain('dcat:Dataset');
    await client.get('/fr/my/datasets/import');
    const saved = await client.post('/fr/my/datasets/import', upload('export.ttl', turtle, 'text/turtle'));
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/\?done=imported&count=1$/);
    const id = idFrom(saved.location)!;
    expect(id).not.toBe(search.items[0]!.id);
    const dataset = await datasetOf(id);
    expect(dataset.status).toBe('draft');
    const page = await client.get(saved.location!);
    expect(textOf(page.html)).toContain('Import réussi : 1 jeu de données en brouillon.');
  });

  it('imports every dataset of a document as drafts, all or nothing', async () => {
    const client = await signedIn();
    const turtleOf = async (path: string) =>
      (await desk.request(path, { headers: { accept: 'text/turtle' } })).text();
    const pasteur = await api<{ items: { id: string }[] }>(`/v1/datasets?provider=${pasteurId}&limit=2`);
    const two = (await Promise.all(pasteur.items.map((d) => turtleOf(`/v1/datasets/${d.id}`)))).join('\n');
    await client.get('/fr/my/datasets/import');
    const saved = await client.post('/fr/my/datasets/import', upload('deux.ttl', two, 'text/turtle'));
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/fr/my/datasets?status=draft&done=imported&count=2');
    expect(textOf((await client.get(saved.location!)).html)).toContain(
      'Import réussi : 2 jeux de données en brouillon.',
    );

    // The whole catalogue names other publishers too: refused, and not one draft is left behind.
    const before = await tableCounts(desk);
    await client.get('/fr/my/datasets/import');
    const refused = await client.post(
      '/fr/my/datasets/import',
      upload('catalogue.ttl', await turtleOf('/v1/catalog'), 'text/turtle'),
    );
    expect(refused.status).toBe(403);
    expect(textOf(refused.html)).toContain(
      'doit être le nom de l’organisation qui fournit le jeu de données',
    );
    expect(await tableCounts(desk)).toEqual(before);
  });

  it('creates a draft from a HealthDCAT-AP JSON-LD document', async () => {
    const client = await signedIn();
    const search = await api<{ items: { id: string }[] }>(`/v1/datasets?provider=${pasteurId}&limit=1`);
    const exported = await desk.request(`/v1/datasets/${search.items[0]!.id}`, {
      headers: { accept: 'application/ld+json' },
    });
    await client.get('/fr/my/datasets/import');
    const saved = await client.post(
      '/fr/my/datasets/import',
      upload('export.jsonld', await exported.text(), 'application/ld+json'),
    );
    expect(saved.status).toBe(303);
    expect((await datasetOf(idFrom(saved.location)!)).status).toBe('draft');
  });

  it('shows invalid JSON, schema violations and RDF errors on the page, and creates nothing', async () => {
    const client = await signedIn();
    const before = await tableCounts(desk);
    await client.get('/fr/my/datasets/import');
    const broken = await client.post(
      '/fr/my/datasets/import',
      upload('a.json', '{ "title": ', 'application/json'),
    );
    expect(broken.status).toBe(400);
    expect(broken.html).toMatch(/id="field-file-error">Ce fichier n’est pas du JSON valide/);
    expect(broken.html).toContain('href="#field-file"');

    const invalid = await client.post(
      '/fr/my/datasets/import',
      upload(
        'b.json',
        JSON.stringify({ title: { fr: 'Sans droits' }, publisher: { name: 'Institut Pasteur' } }),
        'application/json',
      ),
    );
    expect(invalid.status).toBe(400);
    expect(textOf(invalid.html)).toContain('est obligatoire (/descriptor/accessRights)');
    expect(textOf(invalid.html)).toContain('est obligatoire (/descriptor/description)');

    const turtle = await client.post(
      '/fr/my/datasets/import',
      upload(
        'c.ttl',
        '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://x/a> a dcat:Dataset ;',
        'text/turtle',
      ),
    );
    expect(turtle.status).toBe(400);
    expect(turtle.html).toMatch(/id="field-file-error">Ce document n’a pas pu être lu/);

    const none = await client.post('/fr/my/datasets/import', upload('', '', 'application/octet-stream'));
    expect(none.status).toBe(400);
    expect(textOf(none.html)).toContain('Choisissez un fichier à importer.');
    expect(await tableCounts(desk)).toEqual(before);
  });
});

describe('editing, revisions, publication and retirement', () => {
  it('edits into a new revision, refuses a stale version with the values kept, and compares revisions', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/new');
    const created = await client.post('/fr/my/datasets/new', everyKindOfField('Cohorte Aurore'));
    const id = idFrom(created.location)!;

    const form = await client.get(`/fr/my/datasets/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="/descriptor/title/fr" value="Cohorte Aurore"');
    expect(form.html).toContain('name="/expectedVersion" value="1"');
    expect(form.html).toMatch(/value="MOR" checked=""/);
    expect(form.html).toContain(
      'name="/descriptor/dataUseConditions/modifiers/MOR/until" value="2027-01-01"',
    );
    expect(form.html).toMatch(
      /name="\/descriptor\/keywords\/fr"[^>]*>bronchiolite\nnourrissons\nVRS<\/textarea>/,
    );

    const edited = await client.post(`/fr/my/datasets/${id}/edit`, {
      ...everyKindOfField('Cohorte Aurore, deuxième version'),
      '/expectedVersion': '1',
      '/descriptor/numberOfRecords': '150000',
    });
    expect(edited.status).toBe(303);
    expect(edited.location).toBe(`/fr/my/datasets/${id}?done=updated`);
    const dataset = await datasetOf(id);
    expect(dataset.version).toBe(2);
    expect(dataset.descriptor.title.fr).toBe('Cohorte Aurore, deuxième version');
    expect(textOf((await client.get(edited.location!)).html)).toContain('version 2');

    // The same form sent again still says version 1: refused, nothing saved, what was typed kept.
    await client.get(`/fr/my/datasets/${id}/edit`);
    const stale = await client.post(`/fr/my/datasets/${id}/edit`, {
      ...everyKindOfField('Cohorte Aurore, saisie concurrente'),
      '/expectedVersion': '1',
    });
    expect(stale.status).toBe(412);
    expect(textOf(stale.html)).toContain('il est maintenant en version 2');
    expect(stale.html).toContain(`href="/fr/my/datasets/${id}/edit"`);
    expect(stale.html).toContain('name="/descriptor/title/fr" value="Cohorte Aurore, saisie concurrente"');
    expect((await datasetOf(id)).version).toBe(2);

    const compare = await client.get(`/fr/my/datasets/${id}/revisions?from=1&to=2`);
    expect(compare.status).toBe(200);
    const text = textOf(compare.html);
    expect(text).toContain('Révision 1 comparée à la révision 2');
    expect(text).toContain('2 champs modifiés.');
    expect(compare.html).toMatch(
      /<tr class="changed"><th scope="row">Titre \(français\)<\/th><td><del><span class="visually-hidden">Ancienne valeur\s:\s?<\/span>Cohorte Aurore<\/del><\/td><td><ins><span class="visually-hidden">Nouvelle valeur\s:\s?<\/span>Cohorte Aurore, deuxième version<\/ins><\/td><td><strong class="change-marker">Modifié<\/strong>/,
    );
    expect(compare.html).toMatch(/Nombre d’enregistrements<\/th><td><del>[\s\S]*?120000<\/del>/);
    expect(compare.html).toMatch(
      /Titre \(anglais\)<\/th><td>Zephyr cohort — bronchiolitis follow-up<\/td><td>Zephyr cohort — bronchiolitis follow-up<\/td><td>Identique<\/td>/,
    );
    // The form that chooses the revisions asks for them by the names the page reads.
    expect(compare.html).toContain(`<form method="get" action="/fr/my/datasets/${id}/revisions"`);
    expect(compare.html).toMatch(/<select id="compare-from" name="from"><option value="1" selected="">/);
    expect(compare.html).toMatch(/<select id="compare-to" name="to">[\s\S]*?<option value="2" selected="">/);
    const reversed = await client.get(`/fr/my/datasets/${id}/revisions?from=2&to=1`);
    expect(reversed.html).toMatch(
      /<del><span class="visually-hidden">[^<]*<\/span>Cohorte Aurore, deuxième version<\/del>/,
    );
  });

  it('publishes after a confirmation, then the public search finds it; retires it the same way', async () => {
    const client = await signedIn();
    await client.get('/fr/my/datasets/new');
    const created = await client.post('/fr/my/datasets/new', everyKindOfField('Cohorte Borée publiable'));
    const id = idFrom(created.location)!;
    const search = async () =>
      (await api<{ items: { id: string }[] }>('/v1/datasets?q=Borée')).items.map((i) => i.id);
    expect(await search()).not.toContain(id);

    const confirm = await client.get(`/fr/my/datasets/${id}/publish`);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('Publier rend ce jeu de données visible de tous');
    expect(textOf(confirm.html)).toContain('Guichet de données Institut Pasteur');
    expect(confirm.html).toContain('name="/expectedVersion" value="1"');
    expect((await datasetOf(id)).status).toBe('draft');

    const published = await client.post(`/fr/my/datasets/${id}/publish`, { '/expectedVersion': '1' });
    expect(published.status).toBe(303);
    expect(published.location).toBe(`/fr/my/datasets/${id}?done=published`);
    const page = await client.get(published.location!);
    expect(textOf(page.html)).toContain('Le jeu de données est publié (version 2)');
    expect(page.html).toContain(`href="/fr/my/datasets/${id}/retire"`);
    expect(page.html).toContain(`href="/fr/datasets/${id}"`);
    expect(await search()).toContain(id);

    // Publishing twice: the page says why, nothing changes.
    const again = await client.post(`/fr/my/datasets/${id}/publish`, { '/expectedVersion': '2' });
    expect(again.status).toBe(409);
    expect(textOf(again.html)).toContain('Seul un brouillon peut être publié');

    const retire = await client.get(`/fr/my/datasets/${id}/retire`);
    expect(textOf(retire.html)).toContain('il est définitif');
    const stale = await client.post(`/fr/my/datasets/${id}/retire`, { '/expectedVersion': '1' });
    expect(stale.status).toBe(412);
    expect((await datasetOf(id)).status).toBe('published');
    const retired = await client.post(`/fr/my/datasets/${id}/retire`, { '/expectedVersion': '2' });
    expect(retired.status).toBe(303);
    expect((await datasetOf(id)).status).toBe('retired');
    expect(await search()).not.toContain(id);
    const after = await client.get(`/fr/my/datasets/${id}?done=retired`);
    expect(textOf(after.html)).toContain('Le jeu de données est retiré du catalogue (version 3).');
    expect(after.html).not.toContain(`/${id}/edit"`);
    expect((await client.get(`/fr/my/datasets/${id}/edit`)).status).toBe(409);
  });
});

describe('security', () => {
  it('never shows nor changes another organisation’s draft (404, nothing written)', async () => {
    const draft = await pasteurDraft('Brouillon confidentiel de Pasteur');
    const foch = await signedIn('demo-editor-foch');
    const list = await foch.get('/fr/my/datasets');
    expect(textOf(list.html)).not.toContain('Brouillon confidentiel de Pasteur');
    for (const path of ['', '/edit', '/revisions', '/publish', '/retire']) {
      const page = await foch.get(`/fr/my/datasets/${draft.id}${path}`);
      expect(page.status, path).toBe(404);
      expect(textOf(page.html)).not.toContain('Brouillon confidentiel de Pasteur');
    }
    // A published dataset of another provider is public, but not theirs to manage.
    const published = await api<{ items: { id: string }[] }>(`/v1/datasets?provider=${pasteurId}&limit=1`);
    expect((await foch.get(`/fr/my/datasets/${published.items[0]!.id}/edit`)).status).toBe(404);
    expect((await foch.get(`/fr/my/datasets/${published.items[0]!.id}`)).status).toBe(404);
    const before = await tableCounts(desk);
    await foch.get('/fr/my/datasets/new');
    const edit = await foch.post(`/fr/my/datasets/${draft.id}/edit`, {
      ...everyKindOfField('Réécrit par Foch'),
      '/expectedVersion': '1',
    });
    expect(edit.status).toBe(404);
    await foch.get('/fr/my/datasets');
    const publish = await foch.post(`/fr/my/datasets/${draft.id}/publish`, { '/expectedVersion': '1' });
    expect(publish.status).toBe(404);
    expect(await tableCounts(desk)).toEqual(before);
    expect(await datasetOf(draft.id)).toMatchObject({ version: 1, status: 'draft' });
  });

  it('refuses a post without the form’s token or from another origin (403), changing nothing', async () => {
    const draft = await pasteurDraft('Brouillon à protéger');
    const client = await signedIn();
    await client.get(`/fr/my/datasets/${draft.id}/publish`);
    const before = await tableCounts(desk);
    const noToken = await client.post(
      `/fr/my/datasets/${draft.id}/publish`,
      { '/expectedVersion': '1' },
      { csrf: null },
    );
    expect(noToken.status).toBe(403);
    await client.get(`/fr/my/datasets/${draft.id}/publish`);
    const elsewhere = await client.post(
      `/fr/my/datasets/${draft.id}/publish`,
      { '/expectedVersion': '1' },
      { origin: 'https://attacker.example' },
    );
    expect(elsewhere.status).toBe(403);
    await client.get('/fr/my/datasets/new');
    const create = await client.post('/fr/my/datasets/new', everyKindOfField('Sans jeton'), {
      csrf: 'forged',
    });
    expect(create.status).toBe(403);
    expect(await tableCounts(desk)).toEqual(before);
    expect(await datasetOf(draft.id)).toMatchObject({ version: 1, status: 'draft' });
    expect(DESK_ORIGIN).toBe('http://desk.test');
  });

  it('takes the desk’s own form sent with Origin: null (no-referrer pages), never one from another site', async () => {
    const draft = await pasteurDraft('Brouillon publié depuis un navigateur');
    const client = await signedIn();
    const path = `/fr/my/datasets/${draft.id}/publish`;
    await client.get(path);
    const send = (headers: Record<string, string>) =>
      client.request(path, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: client.csrf(), '/expectedVersion': '1' }),
        headers,
      });
    expect((await send({ origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    await client.get(path);
    expect((await send({ origin: 'null' })).status).toBe(403);
    expect((await datasetOf(draft.id)).status).toBe('draft');
    await client.get(path);
    const published = await send({ origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(published.status).toBe(303);
    expect((await datasetOf(draft.id)).status).toBe('published');
  });
});
