// The home page: what the desk is, its desks with what they offer, headline figures, a search box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
});
afterAll(() => desk?.close());

describe('the home page', () => {
  it('lists each desk with its operator, deadline and published datasets, linked to its page', async () => {
    const desks = (await (await desk.request('/v1/desks')).json()) as {
      items: { id: string; slug: string; name: string }[];
    };
    const page = await new ConsoleClient(desk).get('/fr');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    for (const d of desks.items) expect(page.html).toContain(`href="/fr/desks/${d.id}">${d.name}</a>`);
    const foch = desks.items.find((d) => d.slug === 'guichet-foch')!;
    const offered = (await (await desk.request(`/v1/datasets?desk=${foch.id}`)).json()) as { total: number };
    expect(page.html).toContain(
      `href="/fr/datasets?desk=${foch.id}">${offered.total} jeux de données publiés</a>`,
    );
    expect(text).toContain('45 jours ouvrés');
    expect(text).toContain('Opérateur Hôpital Foch');
  });

  it('gives the headline figures from the catalogue and the public register', async () => {
    const all = (await (await desk.request('/v1/datasets?limit=1')).json()) as { total: number };
    const text = textOf((await new ConsoleClient(desk).get('/en')).html);
    expect(text).toContain(`${all.total} published datasets`);
    expect(text).toContain('3 desks');
    expect(text).toContain('3 providers');
    expect(text).toContain('0 access grants in force');
    expect(text).toContain('1 countersigned evaluation');
  });

  it('has one h1, a lead paragraph and a search box that asks the catalogue by GET', async () => {
    const page = await new ConsoleClient(desk).get('/en');
    expect(page.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(page.html).toContain('<p class="lead">This desk is the front door');
    expect(page.html).toMatch(/<search><form method="get" action="\/en\/datasets"/);
    expect(page.html).toContain('<label for="home-q">Search for a dataset</label>');
    expect(page.html).toContain('name="q"');
  });

  it('keeps the signed-out notice', async () => {
    expect(textOf((await new ConsoleClient(desk).get('/fr?signed-out')).html)).toContain(
      'Vous êtes déconnecté·e.',
    );
    expect(textOf((await new ConsoleClient(desk).get('/fr')).html)).not.toContain('déconnecté');
  });

  it('leaves the pages below a language to their own areas', async () => {
    // A language pattern must not swallow /fr/… paths (see LANG in src/web/context.ts).
    expect((await new ConsoleClient(desk).get('/fr/no-such-page')).status).toBe(404);
  });
});
