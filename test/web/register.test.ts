// The public register page: access granted, with no personal data, and countersigned evaluations, each a
// table with its caption, paged by its own cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

const clock = handClock('2026-11-26T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;

async function approve(): Promise<string> {
  const id = await draftApplication(desk, ids, { submit: true, team: ['demo-researcher-cesp'] });
  for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
    const res = await desk.request(`/v1/access-requests/${id}/votes`, {
      method: 'POST',
      token: await desk.token(reviewer),
      json: { choice: 'approve', rationale: 'Sound protocol.' },
    });
    expect(res.status).toBe(200);
  }
  return id;
}

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
});
afterAll(() => desk?.close());

describe('the public register', () => {
  it('says when nothing has been granted yet, and lists the countersigned evaluation of the demo', async () => {
    const page = await new ConsoleClient(desk).get('/fr/register');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Aucun accès n’a encore été accordé.');
    expect(page.html).toContain(
      '<caption>Évaluations des guichets contresignées par un auditeur, de la plus récente à la plus ancienne</caption>',
    );
    const pasteur = ids.desks.get('guichet-pasteur')!;
    expect(page.html).toContain(
      `<th scope="row"><a href="/fr/desks/${pasteur}">Guichet de données Institut Pasteur</a></th>`,
    );
    expect(text).toContain('ÉvalSanté');
    expect(text).toMatch(/\d+(,\d)? \/ 100/);
  });

  it('lists an approved application with its project, team organisation, datasets and grants, and no person', async () => {
    await approve();
    const page = await new ConsoleClient(desk).get('/en/register');
    const text = textOf(page.html);
    expect(page.html).toContain('<caption>Approved access applications, most recent first</caption>');
    expect(page.html).toContain('<th scope="row">Prognostic factors of long COVID</th>');
    expect(text).toContain('Health research — non-commercial use');
    expect(page.html).toContain(`href="/en/datasets/${ids.dataset('COVID-19')}"`);
    expect(text).toContain('approved');
    expect(text).toMatch(/\d+ grants? in force/);
    // The register names organisations, never people.
    for (const name of [
      'Inès Bertrand',
      'Yanis Mercier',
      'Hugo Michel',
      'Chloé Lefèvre',
      'Paul Roux',
      'demo-',
    ])
      expect(text).not.toContain(name);
  });

  it('pages each table by its own cursor, with a way back to the first page', async () => {
    await approve();
    const client = new ConsoleClient(desk);
    const first = await client.get('/en/register?limit=1');
    const rows = (html: string) =>
      [...html.matchAll(/<th scope="row">Prognostic factors of long COVID<\/th>/g)].length;
    expect(rows(first.html)).toBe(1);
    const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/en\/register\?limit=1&cursor=[0-9a-f-]{36}#access$/);
    const api = (await (await desk.request('/v1/register?limit=1')).json()) as { nextCursor: string };
    expect(next).toContain(api.nextCursor);
    const second = await client.get(next!.replace(/#.*/, ''));
    expect(rows(second.html)).toBe(1);
    expect(second.html).toContain('href="/en/register?limit=1#access">First page</a>');
    // A cursor that is not one is ignored rather than sent to the database.
    expect((await client.get('/en/register?cursor=nonsense')).status).toBe(200);
  });
});
