// "My visas" in the console and the public verifier: an approval's visas, shown, copied, downloaded, verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, draftApplication, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;
let ids: DemoIds;
let requestId: string;

async function as(subject: string, lang: 'fr' | 'en' = 'fr') {
  const client = new ConsoleClient(desk);
  await client.signIn(subject, lang);
  return client;
}

async function api(path: string, who: string, init: { method?: string; json?: unknown } = {}) {
  const res = await desk.request(path, { token: await desk.token(who), ...init });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const jwtIn = (html: string) => /<pre id="visa-[^"]+">([^<]+)<\/pre>/.exec(html)?.[1]?.trim() ?? '';

// One approval through the API, as the desk's reviewers give it: two votes under the default policy.
beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
  requestId = await draftApplication(desk, ids, { submit: true, team: ['demo-researcher-cesp'] });
  for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
    const vote = await api(`/v1/access-requests/${requestId}/votes`, reviewer, {
      method: 'POST',
      json: { choice: 'approve', rationale: 'Protocole solide.' },
    });
    expect(vote.status).toBe(200);
  }
});
afterAll(() => desk?.close());

describe('my visas', () => {
  it('asks a visitor to sign in first', async () => {
    const page = await new ConsoleClient(desk).get('/fr/visas');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/fr/sign-in?next=%2Ffr%2Fvisas');
  });

  it('shows each current grant as a signed visa: what it grants, until when, its conditions', async () => {
    const client = await as('demo-researcher-cesp');
    const page = await client.get('/fr/visas');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = textOf(page.html);
    expect(text).toContain('Cohorte COVID-19 Île-de-France');
    expect(text).toContain('Les résultats doivent être publiés.'); // PUB, in words
    expect(text).toMatch(/du \d+(er)? \S+ \d{4} au \d+(er)? \S+ \d{4}/);
    const jwt = jwtIn(page.html);
    expect(jwt.split('.')).toHaveLength(3);
    // The copy button waits for the script (hidden without it), and says what it copies.
    expect(page.html).toMatch(/<button type="button" class="secondary" data-copy="#visa-[^"]+"[^>]*hidden/);
    expect(page.html).toContain('Copier le visa');
    expect(page.html.match(/<h1/g)).toHaveLength(1);
    // The same visas as the API serves the same person.
    const fromApi = await api('/v1/me/visas', 'demo-researcher-cesp');
    expect(fromApi.body.ga4gh_passport_v1).toEqual([jwt]);
  });

  it('downloads a visa as an application/jwt attachment', async () => {
    const client = await as('demo-researcher-cesp');
    const page = await client.get('/fr/visas');
    const link = /href="(\/fr\/visas\/[0-9a-f-]+\.jwt)"/.exec(page.html)?.[1];
    expect(link).toBeTruthy();
    const file = await client.get(link!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/jwt');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="visa-[0-9a-f-]+\.jwt"$/);
    expect(file.html).toBe(jwtIn(page.html));
    // Someone else's grant is nobody's download.
    const other = await as('demo-requester-cesp');
    const mine = await other.get('/fr/visas');
    expect(jwtIn(mine.html)).not.toBe(jwtIn(page.html));
    expect((await other.get(link!)).status).toBe(404);
  });

  it('says so when the caller has no current access', async () => {
    const client = await as('demo-editor-foch');
    const text = textOf((await client.get('/fr/visas')).html);
    expect(text).toContain('Vous n’avez aucun accès en cours.');
  });
});

describe('the visa verifier', () => {
  it('verifies a pasted visa for anyone, and says what it found in words', async () => {
    const holder = await as('demo-researcher-cesp', 'en');
    const jwt = jwtIn((await holder.get('/en/visas')).html);
    const visitor = new ConsoleClient(desk);
    const form = await visitor.get('/en/visas/verify');
    expect(form.status).toBe(200);
    expect(form.html).toContain('<label for="field-visa">');
    const verdict = await visitor.post('/en/visas/verify', { '/visa': jwt });
    expect(verdict.status).toBe(200);
    const text = textOf(verdict.html);
    expect(text).toContain('Valid visa: it may be accepted.');
    expect(text).toContain('Signature ✓ verified with a key this desk publishes');
    expect(text).toContain('Revocation ✓ access current, not revoked');
    expect(text).toContain('demo-researcher-cesp');
    expect(text).toContain('Île-de-France COVID-19 cohort');
    expect(text).toContain('Guichet de données Institut Pasteur');
  });

  it('refuses a tampered visa at the signature, and an empty one at the field', async () => {
    const holder = await as('demo-researcher-cesp');
    const jwt = jwtIn((await holder.get('/fr/visas')).html);
    const [header, payload, signature] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url')}.${signature}`;
    const visitor = new ConsoleClient(desk);
    await visitor.get('/fr/visas/verify');
    const refused = textOf((await visitor.post('/fr/visas/verify', { '/visa': forged })).html);
    expect(refused).toContain('Visa non valide');
    expect(refused).toContain('Signature ✗ échec : la signature ne correspond pas au contenu');
    expect(refused).toContain('Révocation – non vérifié');

    await visitor.get('/fr/visas/verify');
    const empty = await visitor.post('/fr/visas/verify', { '/visa': '  ' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('href="#field-visa"');
    expect(textOf(empty.html)).toContain('collez un visa');
  });

  it('shows a revoked grant’s visa as revoked', async () => {
    const holder = await as('demo-researcher-cesp');
    const page = await holder.get('/fr/visas');
    const jwt = jwtIn(page.html);
    const grantId = /visa-([0-9a-f-]+)\.jwt/.exec(page.html)?.[1];
    const revoked = await api(`/v1/grants/${grantId}/revoke`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { reason: 'Fin du projet.' },
    });
    expect(revoked.status).toBe(200);
    const visitor = new ConsoleClient(desk);
    await visitor.get('/fr/visas/verify');
    const text = textOf((await visitor.post('/fr/visas/verify', { '/visa': jwt })).html);
    expect(text).toContain('Visa non valide');
    expect(text).toContain('Signature ✓');
    expect(text).toMatch(/Révocation ✗ échec : accès révoqué le \d+/);
    // And the holder's page no longer offers it.
    expect(jwtIn((await holder.get('/fr/visas')).html)).toBe('');
  });

  it('refuses a verification posted without the form’s token', async () => {
    const visitor = new ConsoleClient(desk);
    await visitor.get('/fr/visas/verify');
    expect((await visitor.post('/fr/visas/verify', { '/visa': 'x.y.z' }, { csrf: null })).status).toBe(403);
  });
});
