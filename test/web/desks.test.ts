// The desks' pages: the list, and a desk's operator, contact, deadline, access policy in words, the datasets
// it offers and its public scorecard (a radar chart with the same numbers as a table).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let desks: Map<string, { id: string; name: string }>;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  const list = (await (await desk.request('/v1/desks')).json()) as {
    items: { id: string; slug: string; name: string }[];
  };
  desks = new Map(list.items.map((d) => [d.slug, d]));
});
afterAll(() => desk?.close());

describe('the list of desks', () => {
  it('gives each desk with its operator, deadline, policy and datasets offered, linked to its page', async () => {
    const page = await new ConsoleClient(desk).get('/fr/desks');
    expect(page.status).toBe(200);
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    const text = textOf(page.html);
    for (const d of desks.values()) expect(page.html).toContain(`href="/fr/desks/${d.id}">${d.name}</a>`);
    expect(text).toContain('Opérateur Hôpital Foch');
    expect(text).toContain('45 jours ouvrés');
    expect(text).toContain('Données sensibles : unanimité');
    const pasteur = desks.get('guichet-pasteur')!;
    const offered = (await (await desk.request(`/v1/datasets?desk=${pasteur.id}`)).json()) as {
      total: number;
    };
    expect(text).toContain(`${offered.total} jeux de données publiés`);
  });
});

describe('a desk’s page', () => {
  it('gives its operator, contact, deadline, its policy in words and the datasets it offers', async () => {
    const foch = desks.get('guichet-foch')!;
    const page = await new ConsoleClient(desk).get(`/en/desks/${foch.id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(page.html).toContain('<h1>Guichet de données Hôpital Foch</h1>');
    expect(page.html).toContain('href="mailto:eds@foch.example.org"');
    expect(text).toContain('45 working days');
    expect(text).toContain('Reviewers must be unanimous');
    expect(text).toContain('The desk admin takes the final decision');
    const offered = (await (await desk.request(`/v1/datasets?desk=${foch.id}&limit=100`)).json()) as {
      items: { id: string }[];
    };
    expect(offered.items.length).toBeGreaterThan(0);
    for (const d of offered.items) expect(page.html).toContain(`href="/en/datasets/${d.id}"`);
    expect(page.html).toContain(`href="/en/datasets?desk=${foch.id}"`);
  });

  it('says plainly when the desk has no countersigned evaluation yet, and still gives its live figures', async () => {
    const foch = desks.get('guichet-foch')!;
    const page = await new ConsoleClient(desk).get(`/fr/desks/${foch.id}`);
    const text = textOf(page.html);
    expect(text).toContain('Ce guichet n’a encore aucune évaluation contresignée');
    expect(page.html).not.toContain('<svg');
    expect(text).toContain('Chiffres des douze derniers mois');
    expect(page.html).toContain('<th scope="row">Décisions rendues</th>');
  });

  it('shows the latest countersigned evaluation as an accessible radar and as a table of the same numbers', async () => {
    const pasteur = desks.get('guichet-pasteur')!;
    const scorecard = (await (await desk.request(`/v1/desks/${pasteur.id}/scorecard`)).json()) as {
      latest: { overall: number; groups: { id: string; score: number }[] };
    };
    const page = await new ConsoleClient(desk).get(`/fr/desks/${pasteur.id}`);
    expect(page.status).toBe(200);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.html)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(
      /aria-label="Guichet de données Institut Pasteur — évaluation du [^"]+\(\d+(\.\d+)?\/100\)"/,
    );
    expect(svg).toContain('<title>');
    expect(svg).toContain('<title>cette évaluation</title>');
    expect(page.html).toContain('<caption>Note par domaine de la grille (sur 100)</caption>');
    const rows = [...page.html.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td>/g)];
    expect(rows).toHaveLength(scorecard.latest.groups.length);
    const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
    expect(rows.map((r) => r[2])).toEqual(scorecard.latest.groups.map((g) => fr(g.score)));
    expect(textOf(page.html)).toContain(`${fr(scorecard.latest.overall)} sur 100`);
  });

  it('carries no inline style, which the Content-Security-Policy would block', async () => {
    for (const slug of ['guichet-pasteur', 'guichet-foch']) {
      const page = await new ConsoleClient(desk).get(`/fr/desks/${desks.get(slug)!.id}`);
      expect(page.html).not.toMatch(/\sstyle=|<style/);
    }
  });

  it('answers an unknown desk with the not-found page', async () => {
    const page = await new ConsoleClient(desk).get('/fr/desks/01890000-0000-7000-8000-000000000000');
    expect(page.status).toBe(404);
  });
});
