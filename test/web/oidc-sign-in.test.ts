// Console sign-in with OpenID Connect (authorisation code with PKCE) against a real provider on a loopback
// port: a full round trip signs the person in with the memberships the desk knows them by, and every way the
// flow can be bent (state, code, verifier, nonce, issuer, audience, flow cookie) leaves them signed out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';
import { type OidcProvider, startOidcProvider } from '../support/oidc-provider';
import { ConsoleClient, DESK_ORIGIN, textOf } from './console-client';

const CLIENT_ID = 'phoenix-console';
const CLIENT_SECRET = 'console-secret-for-tests';
const CALLBACK = `${DESK_ORIGIN}/auth/callback`;
const FLOW_COOKIE = 'phoenix_oidc';

let provider: OidcProvider;
let desk: TestDesk;
/** The desk's clock, which a test may move forward. */
let clock = new Date();

function oidcEnv(
  p: Pick<OidcProvider, 'issuer' | 'jwksUrl'>,
  secret = CLIENT_SECRET,
): Record<string, string> {
  return {
    OIDC_ISSUER: p.issuer,
    OIDC_JWKS_URL: p.jwksUrl,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: secret,
    OIDC_PROVIDER_NAME: 'Annuaire santé de test',
    OIDC_ALGORITHMS: 'RS256',
    PHOENIX_OIDC_ALLOW_HTTP: 'true',
  };
}

beforeAll(async () => {
  provider = await startOidcProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [CALLBACK],
  });
  provider.names.set('demo-editor-pasteur', 'Louis Bernard');
  desk = await createTestDesk({ env: oidcEnv(provider), now: () => clock });
  // The demo cast as the provider knows them: their memberships are the desk's, keyed by (issuer, subject).
  await desk.seed(provider.issuer);
});

afterAll(async () => {
  await desk?.close();
  await provider?.close();
});

/** The console's redirect to the provider, from the sign-in button's link. */
async function startFlow(client: ConsoleClient, next = '/fr'): Promise<URL> {
  const page = await client.get(`/fr/sign-in/oidc?next=${encodeURIComponent(next)}`);
  expect(page.status).toBe(303);
  expect(client.cookies.has(FLOW_COOKIE)).toBe(true);
  return new URL(page.location!);
}

/** The person signs in at the provider as `subject`; returns the provider's redirect back to the desk. */
async function atProvider(authorize: URL, subject: string | undefined): Promise<URL> {
  const url = new URL(authorize);
  if (subject) url.searchParams.set('login_hint', subject);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const callback = (client: ConsoleClient, back: URL) => client.get(`${back.pathname}${back.search}`);

/** Whether the client's session names someone (the home page greets them and offers to sign out). */
async function signedInAs(client: ConsoleClient): Promise<string | undefined> {
  const home = textOf((await client.get('/fr')).html);
  if (home.includes('Se connecter')) return undefined;
  return home;
}

describe('OpenID Connect sign-in', () => {
  it('offers the provider by name on the sign-in page, and no demo sign-in', async () => {
    const page = await new ConsoleClient(desk).get('/fr/sign-in?next=%2Ffr%2Fvisas');
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('Annuaire santé de test');
    expect(page.html).toContain('href="/fr/sign-in/oidc?next=%2Ffr%2Fvisas"');
    expect(page.html).not.toContain('/sign-in/dev');
  });

  it('asks the provider for a code with PKCE (S256), state, nonce and the registered callback', async () => {
    const authorize = await startFlow(new ConsoleClient(desk));
    expect(authorize.origin + authorize.pathname).toBe(`${provider.issuer}/authorize`);
    const q = Object.fromEntries(authorize.searchParams);
    expect(q).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      response_type: 'code',
      code_challenge_method: 'S256',
      ui_locales: 'fr',
    });
    expect(q.scope?.split(' ')).toContain('openid');
    for (const random of ['code_challenge', 'state', 'nonce']) expect(q[random]).toMatch(/^[\w-]{40,}$/);
  });

  it('signs the person in as the subject the provider names, with their memberships at the desk', async () => {
    const client = new ConsoleClient(desk);
    const authorize = await startFlow(client, '/fr/sign-in?x=1');
    const landed = await callback(client, await atProvider(authorize, 'demo-editor-pasteur'));
    expect(landed.status).toBe(303);
    expect(landed.location).toBe('/fr/sign-in?x=1');
    // The flow's cookie is spent, the session cookie carries the identity.
    expect(client.cookies.has(FLOW_COOKIE)).toBe(false);
    const home = await signedInAs(client);
    expect(home).toContain('Louis Bernard');
    // Editor at Institut Pasteur: the seeded membership, looked up by the provider's issuer and subject.
    expect(home).toContain('Mes jeux de données');
    expect((await client.get('/fr')).headers.get('cache-control')).toBe('no-store');
  });

  it('knows a subject the desk has never seen as a person without memberships', async () => {
    const client = new ConsoleClient(desk);
    const authorize = await startFlow(client);
    expect((await callback(client, await atProvider(authorize, 'newcomer-42'))).status).toBe(303);
    const home = await signedInAs(client);
    expect(home).toContain('newcomer-42');
    expect(home).not.toContain('Mes jeux de données');
  });

  it('follows the flow in English when it started in English', async () => {
    const client = new ConsoleClient(desk);
    const page = await client.get('/en/sign-in/oidc');
    const authorize = new URL(page.location!);
    expect(authorize.searchParams.get('ui_locales')).toBe('en');
    const landed = await callback(client, await atProvider(authorize, 'demo-editor-pasteur'));
    expect(landed.location).toBe('/en');
  });
});

describe('a bent sign-in leaves the person signed out', () => {
  async function expectRefused(client: ConsoleClient, back: URL, status: number) {
    const page = await callback(client, back);
    expect(page.status).toBe(status);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('phoenix_session=') && /=[^;]/.test(c))).toBe(
      false,
    );
    expect(await signedInAs(client)).toBeUndefined();
    return page;
  }

  it('refuses a state that is not the flow’s', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    back.searchParams.set('state', 'forged-state-forged-state-forged-state-000');
    const page = await expectRefused(client, back, 403);
    expect(textOf(page.html)).toContain('Connexion refusée');
  });

  it('refuses a code spent once already, even with the flow cookie it came with', async () => {
    const first = new ConsoleClient(desk);
    const authorize = await startFlow(first);
    const flowCookie = first.cookies.get(FLOW_COOKIE)!;
    const back = await atProvider(authorize, 'demo-editor-pasteur');
    expect((await callback(first, back)).status).toBe(303);
    const replay = new ConsoleClient(desk);
    replay.cookies.set(FLOW_COOKIE, flowCookie);
    await expectRefused(replay, back, 403);
    expect(provider.refusals.at(-1)).toBe('code already spent');
  });

  it('refuses a code issued to another flow (its PKCE verifier does not match)', async () => {
    // An attacker's code injected into the victim's callback with the victim's own state.
    const attacker = new ConsoleClient(desk);
    const stolen = await atProvider(await startFlow(attacker), 'demo-admin');
    const victim = new ConsoleClient(desk);
    const mine = await atProvider(await startFlow(victim), 'demo-editor-pasteur');
    mine.searchParams.set('code', stolen.searchParams.get('code')!);
    await expectRefused(victim, mine, 403);
    expect(provider.refusals.at(-1)).toBe('code verifier does not match the challenge');
  });

  it('refuses an ID token with another nonce', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    provider.tamperNext({ nonce: 'a-nonce-from-another-flow' });
    await expectRefused(client, back, 403);
  });

  it('refuses an ID token whose issuer is not the configured one', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    provider.tamperNext({ iss: 'http://127.0.0.1:1' });
    await expectRefused(client, back, 403);
  });

  it('refuses a redirect naming another issuer (RFC 9207 mix-up defence)', async () => {
    const client = new ConsoleClient(desk);
    const authorize = await startFlow(client);
    provider.tamperNext({ redirectIss: 'https://evil.example' });
    await expectRefused(client, await atProvider(authorize, 'demo-editor-pasteur'), 403);
  });

  it('refuses an ID token meant for another client, or already expired', async () => {
    for (const t of [{ aud: 'another-client' }, { expiresIn: -600 }]) {
      const client = new ConsoleClient(desk);
      const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
      provider.tamperNext(t);
      await expectRefused(client, back, 403);
    }
  });

  it('refuses the provider’s error answer (nobody signed in there)', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), undefined);
    expect(back.searchParams.get('error')).toBe('login_required');
    await expectRefused(client, back, 403);
  });

  it('refuses a callback whose flow cookie has expired', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    const started = clock;
    clock = new Date(started.getTime() + 11 * 60_000);
    try {
      const page = await expectRefused(client, back, 403);
      expect(textOf(page.html)).toContain('Cette connexion a expiré');
      expect(page.html).toContain('href="/fr/sign-in?next=%2Ffr"');
    } finally {
      clock = started;
    }
  });

  it('refuses a callback without the flow cookie (a code pushed into another browser)', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    client.cookies.delete(FLOW_COOKIE);
    await expectRefused(client, back, 403);
  });

  it('refuses a flow cookie that was tampered with', async () => {
    const client = new ConsoleClient(desk);
    const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
    const sealed = client.cookies.get(FLOW_COOKIE)!;
    client.cookies.set(
      FLOW_COOKIE,
      sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1),
    );
    await expectRefused(client, back, 403);
  });
});

describe('a provider the desk cannot trust', () => {
  it('refuses a provider whose discovery document names another issuer', async () => {
    const impostor = await startOidcProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [CALLBACK],
      discoveryIssuer: 'https://idp.example.org',
    });
    const other = await createTestDesk({ env: oidcEnv(impostor) });
    try {
      const client = new ConsoleClient(other);
      const page = await client.get('/fr/sign-in/oidc');
      expect(page.status).toBe(502);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(textOf(page.html)).toContain('Connexion impossible pour le moment');
      expect(client.cookies.has(FLOW_COOKIE)).toBe(false);
      expect(page.location).toBeNull();
    } finally {
      await other.close();
      await impostor.close();
    }
  });

  it('is refused by the provider with the wrong client secret, and signs nobody in', async () => {
    const other = await createTestDesk({ env: oidcEnv(provider, 'not-the-secret') });
    try {
      const client = new ConsoleClient(other);
      const back = await atProvider(await startFlow(client), 'demo-editor-pasteur');
      expect((await callback(client, back)).status).toBe(403);
      expect(provider.refusals.at(-1)).toBe('wrong client secret');
      expect(await signedInAs(client)).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
