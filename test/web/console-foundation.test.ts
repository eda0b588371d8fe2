// The console's foundation: languages, the layout's guards (CSP with a nonce, framing, caching), the sealed
// session cookie, CSRF on every post, dev sign-in and sign-out, error pages in the page's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';
import { ConsoleClient, textOf } from './console-client';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
});
afterAll(() => desk?.close());

describe('languages', () => {
  it('sends / to the language the browser prefers, French by default', async () => {
    const client = new ConsoleClient(desk);
    expect((await client.get('/', { 'accept-language': 'en-GB,en;q=0.9' })).location).toBe('/en');
    expect((await client.get('/', { 'accept-language': 'de' })).location).toBe('/fr');
    expect((await client.get('/')).headers.get('vary')).toContain('Accept-Language');
  });

  it('renders each page in its language with a switch to the same page in the other', async () => {
    const client = new ConsoleClient(desk);
    const fr = await client.get('/fr/sign-in?next=%2Ffr');
    expect(fr.status).toBe(200);
    expect(fr.html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(fr.html).toContain('href="/en/sign-in?next=%2Ffr"');
    const en = await client.get('/en/sign-in');
    expect(en.html).toContain('<html lang="en">');
    expect(textOf(en.html)).toContain('Demo sign-in');
    expect(textOf(fr.html)).toContain('Connexion de démonstration');
  });
});

describe('the pages’ guards', () => {
  it('sets a strict CSP whose nonce is the one on the page’s script, and refuses framing', async () => {
    const page = await new ConsoleClient(desk).get('/fr');
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.html).toContain(`nonce="${nonce}"`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // same-origin, not no-referrer: browsers then send a real Origin on the console's own form posts.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    // A fresh nonce every response.
    const again = await new ConsoleClient(desk).get('/fr');
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('serves the style sheet and script at content-hashed paths, cached for a year', async () => {
    const page = await new ConsoleClient(desk).get('/fr');
    const css = /href="(\/assets\/console\.[0-9a-f]{12}\.css)"/.exec(page.html)?.[1];
    const js = /src="(\/assets\/console\.[0-9a-f]{12}\.js)"/.exec(page.html)?.[1];
    expect(css && js).toBeTruthy();
    for (const path of [css!, js!]) {
      const asset = await desk.app.request(path);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe('sign-in, sessions and CSRF', () => {
  it('signs a member of the demo cast in and out with an HttpOnly, SameSite=Lax, expiring cookie', async () => {
    const client = new ConsoleClient(desk);
    await client.get('/fr/sign-in');
    const signedIn = await client.post('/fr/sign-in/dev', { subject: 'demo-editor-pasteur', next: '/fr' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/fr');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('phoenix_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const home = await client.get('/fr');
    expect(textOf(home.html)).toContain('Louis Bernard');
    expect(textOf(home.html)).toContain('Mes jeux de données');
    expect(home.headers.get('cache-control')).toBe('no-store');
    const out = await client.post('/fr/sign-out', {});
    expect(out.status).toBe(303);
    expect(textOf((await client.get('/fr')).html)).toContain('Se connecter');
  });

  it('refuses a post without the token, with another session’s token, or from another origin', async () => {
    const client = new ConsoleClient(desk);
    await client.get('/fr/sign-in');
    const token = client.csrf();
    const form = { subject: 'demo-editor-pasteur' };
    expect((await client.post('/fr/sign-in/dev', form, { csrf: null })).status).toBe(403);
    const evil = await client.post('/fr/sign-in/dev', form, { origin: 'https://evil.example', csrf: token });
    expect(evil.status).toBe(403);
    expect((await client.post('/fr/sign-in/dev', form, { origin: null, csrf: token })).status).toBe(403);
    const other = new ConsoleClient(desk);
    await other.get('/fr/sign-in');
    expect((await other.post('/fr/sign-in/dev', form, { csrf: token })).status).toBe(403);
    const refused = await client.post('/fr/sign-in/dev', form, { csrf: null });
    expect(textOf(refused.html)).toContain('Formulaire expiré ou venu d’ailleurs');
    expect((await client.post('/fr/sign-in/dev', form, { csrf: token })).status).toBe(303);
  });

  it('takes a browser’s `Origin: null` (Referrer-Policy: no-referrer) by what Sec-Fetch-Site says', async () => {
    const client = new ConsoleClient(desk);
    const postAs = async (site: string | undefined) => {
      await client.get('/fr/sign-in');
      const headers: Record<string, string> = { origin: 'null' };
      if (site) headers['sec-fetch-site'] = site;
      const body = new URLSearchParams({ _csrf: client.csrf(), subject: 'demo-editor-pasteur', next: '/fr' });
      return (await client.request('/fr/sign-in/dev', { method: 'POST', body, headers })).status;
    };
    expect(await postAs('cross-site')).toBe(403);
    expect(await postAs('same-site')).toBe(403);
    expect(await postAs(undefined)).toBe(403);
    expect(await postAs('same-origin')).toBe(303);
  });

  it('treats a forged or tampered cookie as no session at all', async () => {
    const client = new ConsoleClient(desk);
    await client.signIn('demo-editor-pasteur');
    const sealed = client.cookies.get('phoenix_session')!;
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    client.cookies.set('phoenix_session', flipped);
    const page = await client.get('/fr');
    expect(textOf(page.html)).toContain('Se connecter');
    expect(textOf(page.html)).not.toContain('Louis Bernard');
  });

  it('never sends a signed-in visitor to another site after sign-in', async () => {
    const client = new ConsoleClient(desk);
    await client.get('/fr/sign-in');
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/v1/datasets']) {
      const page = await client.post('/fr/sign-in/dev', { subject: 'demo-requester-cesp', next });
      expect(page.location).toBe('/fr');
      await client.get('/fr/sign-in');
    }
  });

  it('marks the cookie Secure with the __Host- prefix behind https', async () => {
    const secure = await createTestDesk({ env: { PUBLIC_BASE_URL: 'https://desk.example.org' } });
    try {
      const page = await secure.app.request('https://desk.example.org/fr/sign-in');
      const cookie = page.headers.getSetCookie()[0] ?? '';
      expect(cookie).toMatch(/^__Host-phoenix_session=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
    } finally {
      await secure.close();
    }
  });
});

describe('error pages', () => {
  it('answers an unknown console path with a page in its language, and the API with JSON', async () => {
    const client = new ConsoleClient(desk);
    const page = await client.get('/en/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(textOf(page.html)).toContain('Page not found');
    // Not the home page under another name, in either language.
    for (const path of ['/fr/no-such-page', '/frx', '/xen']) {
      const other = await client.get(path);
      expect({ path, status: other.status }).toEqual({ path, status: 404 });
    }
    const api = await desk.app.request('/v1/no-such-thing');
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('shows a query the database cannot store as an error page, not JSON', async () => {
    const page = await new ConsoleClient(desk).get('/fr?q=a%00b');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
