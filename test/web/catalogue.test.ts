// The public catalogue pages: search with facets, sort and paging; a dataset's page in words; its DCAT-AP
// downloads; drafts shown only to their provider's editors, as the API shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDescriptor } from '../../src/domain/descriptor';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let orgs: Map<string, string>;
let focheDesk: string;

async function createDataset(
  editor: string,
  provider: string,
  descriptor: DatasetDescriptor,
  options: { publish?: boolean; deskId?: string | null } = {},
): Promise<string> {
  const token = await desk.token(editor);
  const created = await desk.request('/v1/datasets', {
    method: 'POST',
    token,
    json: { providerId: orgs.get(provider), descriptor, deskId: options.deskId ?? null },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  if (options.publish) {
    const published = await desk.request(`/v1/datasets/${id}/publish`, {
      method: 'POST',
      token,
      headers: { 'if-match': '"1"' },
    });
    expect(published.status).toBe(200);
  }
  return id;
}

/** The ids of the datasets a page lists, in order. */
const listed = (html: string) =>
  [...html.matchAll(/<h3[^>]*><a href="\/(?:fr|en)\/datasets\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  focheDesk = desks.items.find((d) => d.slug === 'guichet-foch')!.id;
});
afterAll(() => desk?.close());

describe('the catalogue search page', () => {
  it('lists the published datasets with their provider, desk, themes and permitted use, counted', async () => {
    const page = await new ConsoleClient(desk).get('/fr/datasets');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(text).toMatch(/\d+ jeux de données/);
    expect(page.html).toContain('<search');
    expect(page.html).toMatch(/<form method="get" action="\/fr\/datasets"/);
    expect(page.html).toContain('<label for="catalogue-q">');
    expect(text).toContain('Hôpital Foch');
    expect(text).toContain('Guichet de données Hôpital Foch');
    expect(text).toContain('Recherche sur une maladie précise');
    expect(listed(page.html).length).toBeGreaterThanOrEqual(8);
  });

  it('offers every facet of the API in a fieldset with its legend and counts', async () => {
    const page = await new ConsoleClient(desk).get('/en/datasets');
    for (const legend of [
      'Provider',
      'Desk',
      'Theme',
      'Health data category',
      'Coding system',
      'Permitted use',
      'Access rights',
      'Status',
    ])
      expect(page.html).toContain(`<legend>${legend}</legend>`);
    const omop = (await (await desk.request('/v1/datasets?codingSystem=OMOP')).json()) as { total: number };
    expect(page.html).toMatch(
      new RegExp(
        `name="codingSystem" value="OMOP"/><label[^>]*>OMOP <span class="muted">\\(${omop.total}\\)`,
      ),
    );
    expect(textOf(page.html)).toContain('Health (');
  });

  it('searches without regard to accents and case, as the API does, and says how many match', async () => {
    const client = new ConsoleClient(desk);
    const plain = await client.get('/fr/datasets?q=DIABETE');
    const accented = await client.get(`/fr/datasets?q=${encodeURIComponent('diabète')}`);
    expect(listed(plain.html)).toEqual(listed(accented.html));
    const api = (await (await desk.request('/v1/datasets?q=diabete')).json()) as { total: number };
    expect(listed(plain.html)).toHaveLength(api.total);
    expect(textOf(plain.html)).toContain(`${api.total} jeu`);
    expect(textOf(plain.html)).toContain('pour « DIABETE »');
    expect(plain.html).toContain('value="DIABETE"');
  });

  it('says a single result in the singular', async () => {
    const page = await new ConsoleClient(desk).get('/fr/datasets?q=meningocoque');
    expect(listed(page.html)).toHaveLength(1);
    expect(textOf(page.html)).toContain('1 jeu de données pour');
  });

  it('filters by the facets ticked, keeping them ticked', async () => {
    const foch = orgs.get('hopital-foch')!;
    const page = await new ConsoleClient(desk).get(`/fr/datasets?provider=${foch}`);
    const api = (await (await desk.request(`/v1/datasets?provider=${foch}`)).json()) as {
      items: { id: string }[];
    };
    expect(listed(page.html)).toEqual(api.items.map((i) => i.id));
    expect(page.html).toMatch(new RegExp(`name="provider" value="${foch}" checked`));
    expect(textOf(page.html)).not.toContain('Roche France (');
  });

  it('says so when nothing matches, and offers to remove the filters', async () => {
    const page = await new ConsoleClient(desk).get('/fr/datasets?q=cancer&theme=AGRI');
    const text = textOf(page.html);
    expect(text).toContain('0 jeu de données');
    expect(text).toContain('Aucun jeu de données ne correspond');
    expect(page.html).toContain('href="/fr/datasets?q=cancer">Enlever tous les filtres</a>');
    // A ticked value stays on screen with no match.
    expect(page.html).toMatch(/name="theme" value="AGRI" checked/);
  });

  it('sorts by title in the page’s language, and offers relevance only with a text', async () => {
    const client = new ConsoleClient(desk);
    const page = await client.get('/en/datasets?sort=title&limit=100');
    const api = (await (await desk.request('/v1/datasets?sort=title&lang=en&limit=100')).json()) as {
      items: { id: string }[];
    };
    expect(listed(page.html)).toEqual(api.items.map((i) => i.id));
    expect(page.html).toContain('<option value="title" selected="">title</option>');
    expect(page.html).not.toContain('value="relevance"');
    expect((await client.get('/en/datasets?q=cancer')).html).toContain(
      '<option value="relevance" selected="">',
    );
  });

  it('pages by the API’s cursor, the previous and next links keeping the query', async () => {
    for (let i = 0; i < 11; i++)
      await createDataset('demo-editor-foch', 'hopital-foch', sampleDescriptor(`Pagination ${i}`), {
        publish: true,
      });
    const client = new ConsoleClient(desk);
    const first = await client.get('/fr/datasets?q=pagination&sort=title&limit=10');
    const all = (await (await desk.request('/v1/datasets?q=pagination&sort=title&limit=100')).json()) as {
      items: { id: string }[];
      total: number;
    };
    expect(all.total).toBeGreaterThan(10);
    expect(listed(first.html)).toEqual(all.items.slice(0, 10).map((i) => i.id));
    expect(first.html).not.toContain('rel="prev"');
    const next = /<a href="([^"]+)" rel="next">/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/fr\/datasets\?q=pagination&sort=title&limit=10&cursor=/);
    const second = await client.get(next!);
    expect(listed(second.html)).toEqual(all.items.slice(10, 20).map((i) => i.id));
    const prev = /<a href="([^"]+)" rel="prev">/.exec(second.html)?.[1]?.replace(/&amp;/g, '&');
    expect(prev).toMatch(/^\/fr\/datasets\?q=pagination&sort=title&limit=10&cursor=/);
    expect(listed((await client.get(prev!)).html)).toEqual(listed(first.html));
  });

  it('falls back to the other language, marked with its lang, when a title lacks the page’s', async () => {
    const descriptor = sampleDescriptor('Seulement en français');
    descriptor.title = { fr: 'Registre uniquement francophone des zéphyrs' };
    await createDataset('demo-editor-foch', 'hopital-foch', descriptor, { publish: true });
    const page = await new ConsoleClient(desk).get('/en/datasets?q=zephyrs');
    expect(page.html).toMatch(
      /<h3 lang="fr"><a href="\/en\/datasets\/[^"]+">Registre uniquement francophone des zéphyrs/,
    );
  });

  it('shows drafts only to the editors of their provider, who may filter on them', async () => {
    await createDataset('demo-editor-foch', 'hopital-foch', sampleDescriptor('Brouillon pélican'));
    const visitor = new ConsoleClient(desk);
    expect(listed((await visitor.get('/fr/datasets?q=pelican&status=draft')).html)).toHaveLength(0);
    expect((await visitor.get('/fr/datasets')).html).not.toContain('value="draft"');
    const editor = new ConsoleClient(desk);
    await editor.signIn('demo-editor-foch');
    const drafts = await editor.get('/fr/datasets?q=pelican&status=draft');
    expect(listed(drafts.html)).toHaveLength(1);
    expect(textOf(drafts.html)).toContain('brouillon');
    expect(drafts.html).toContain('value="draft" checked');
  });
});

describe('a dataset’s page', () => {
  async function demoDataset(word: string): Promise<string> {
    const all = (await (await desk.request('/v1/datasets?limit=100')).json()) as {
      items: { id: string; title: { en?: string } }[];
    };
    return all.items.find((i) => i.title.en?.includes(word))!.id;
  }

  it('gives every descriptor field in words: coverage, numbers, codes, legal basis, conditions', async () => {
    const id = await demoDataset('type 2 diabetes');
    const page = await new ConsoleClient(desk).get(`/fr/datasets/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(text).toContain('Entrepôt de données de santé de l’Hôpital Foch');
    expect(text).toContain('du 1er janvier 2015 au 31 décembre 2024');
    expect(text).toContain('de 18 à 95 ans');
    expect(text).toContain('2 450 000'); // with the French no-break space
    expect(text).toContain('18 420');
    expect(text).toContain('France');
    expect(text).toContain('Santé'); // HEAL, in words
    expect(text).toContain('Données de santé électroniques issues des dossiers patients informatisés');
    expect(text).toContain('OMOP');
    expect(text).toContain('Mission d’intérêt public');
    expect(text).toContain('certifié HDS');
    expect(text).toContain('Non public');
    expect(text).toContain('Recherche sur une maladie précise : E11.');
    expect(text).toContain('Usage limité à 36 mois.');
    expect(text).toContain('Avis favorable d’un comité d’éthique requis.'.replace("'", '’'));
    expect(text).toContain('Cellule EDS');
    expect(text).toContain('15 mars 2023');
    expect(text).toMatch(/Révision \d+ — /);
    expect(page.html).toContain(`href="/fr/desks/${focheDesk}">Guichet de données Hôpital Foch</a>`);
    expect(text).toContain('45 jours ouvrés');
    // Personal-data categories have no French name in DPV: the English one, marked as such.
    expect(page.html).toContain('<span lang="en">Health record</span>');
  });

  it('offers to apply for a published dataset a desk offers, and to edit it to its provider’s editors only', async () => {
    const id = await demoDataset('type 2 diabetes');
    const apply = `href="/fr/applications/new?dataset=${id}"`;
    const edit = `href="/fr/my/datasets/${id}/edit"`;
    const visitor = await new ConsoleClient(desk).get(`/fr/datasets/${id}`);
    expect(visitor.html).toContain(apply);
    expect(visitor.html).not.toContain(edit);
    const other = new ConsoleClient(desk);
    await other.signIn('demo-editor-pasteur');
    expect((await other.get(`/fr/datasets/${id}`)).html).not.toContain(edit);
    const editor = new ConsoleClient(desk);
    await editor.signIn('demo-editor-foch');
    expect((await editor.get(`/fr/datasets/${id}`)).html).toContain(edit);
  });

  it('offers no application for a dataset no desk offers', async () => {
    const id = await createDataset('demo-editor-foch', 'hopital-foch', sampleDescriptor('Sans guichet'), {
      publish: true,
    });
    const page = await new ConsoleClient(desk).get(`/en/datasets/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('/applications/new');
    expect(textOf(page.html)).toContain('No desk offers this dataset');
  });

  it('shows a draft to its provider’s editors only; anyone else gets the not-found page', async () => {
    const id = await createDataset('demo-editor-foch', 'hopital-foch', sampleDescriptor('Brouillon secret'), {
      deskId: focheDesk,
    });
    expect((await new ConsoleClient(desk).get(`/fr/datasets/${id}`)).status).toBe(404);
    expect((await new ConsoleClient(desk).get(`/fr/datasets/${id}/dcat.ttl`)).status).toBe(404);
    const other = new ConsoleClient(desk);
    await other.signIn('demo-editor-pasteur');
    expect((await other.get(`/fr/datasets/${id}`)).status).toBe(404);
    const editor = new ConsoleClient(desk);
    await editor.signIn('demo-editor-foch');
    const page = await editor.get(`/fr/datasets/${id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('brouillon');
    // Not published: nothing to apply for yet, and no published revision.
    expect(page.html).not.toContain('/applications/new');
    expect(textOf(page.html)).toContain('Aucune révision publiée');
  });

  it('answers an unknown dataset with the not-found page', async () => {
    const page = await new ConsoleClient(desk).get('/en/datasets/01890000-0000-7000-8000-000000000000');
    expect(page.status).toBe(404);
    expect(textOf(page.html)).toContain('Page not found');
  });

  it('downloads its DCAT-AP record in Turtle and JSON-LD, as the API serves it', async () => {
    const id = await demoDataset('type 2 diabetes');
    const client = new ConsoleClient(desk);
    const ttl = await client.get(`/fr/datasets/${id}/dcat.ttl`);
    expect(ttl.status).toBe(200);
    expect(ttl.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(ttl.headers.get('content-disposition')).toBe(`attachment; filename="dataset-${id}.ttl"`);
    const api = await desk.request(`/v1/datasets/${id}`, { headers: { accept: 'text/turtle' } });
    // The same graph; only the blank nodes' labels differ from one serialisation to the next.
    const blank = (t: string) => t.replace(/_:n3-\d+/g, '_:b');
    expect(blank(ttl.html)).toBe(blank(await api.text()));
    const jsonld = await client.get(`/en/datasets/${id}/dcat.jsonld`);
    expect(jsonld.headers.get('content-type')).toBe('application/ld+json');
    expect(jsonld.headers.get('content-disposition')).toBe(`attachment; filename="dataset-${id}.jsonld"`);
    const api2 = await desk.request(`/v1/datasets/${id}`, { headers: { accept: 'application/ld+json' } });
    expect(blank(jsonld.html)).toBe(blank(await api2.text()));
    expect(jsonld.html).toContain(`/v1/datasets/${id}`);
    const page = await client.get(`/fr/datasets/${id}`);
    expect(page.html).toContain(`href="/fr/datasets/${id}/dcat.ttl"`);
    expect(page.html).toContain(`href="/fr/datasets/${id}/dcat.jsonld"`);
  });
});
