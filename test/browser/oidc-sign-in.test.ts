// OpenID Connect sign-in in a real browser: the console on `localhost`, the provider on 127.0.0.1 (another
// site), so the flow's SameSite=Lax cookie must come back on the provider's cross-site redirect. The sign-in
// and the page that refuses a bent sign-in pass axe-core, with nothing blocked and no CSP violation.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/desk-processes';
import { type OidcProvider, startOidcProvider } from '../support/oidc-provider';
import {
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  launchChromium,
  newContext,
  type ServedDesk,
  SKIPPED,
  startConsoleDesk,
  tabTo,
} from './console-support';

const CLIENT_ID = 'phoenix-console';
const CLIENT_SECRET = 'console-secret-for-browser-tests';

let provider: OidcProvider;
let served: ServedDesk;
let browser: Browser;

beforeAll(async () => {
  if (chromiumAbsent) return;
  const port = await freePort();
  provider = await startOidcProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`http://localhost:${port}/auth/callback`],
  });
  provider.names.set('demo-editor-pasteur', 'Louis Bernard');
  [served, browser] = await Promise.all([
    startConsoleDesk({
      host: 'localhost',
      port,
      seedIssuer: provider.issuer,
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_JWKS_URL: provider.jwksUrl,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_PROVIDER_NAME: 'Annuaire santé de test',
        OIDC_ALGORITHMS: 'RS256',
        PHOENIX_OIDC_ALLOW_HTTP: 'true',
      },
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await provider?.close();
});

describe('OpenID Connect sign-in in a browser', () => {
  it('signs in through the provider with the keyboard and lands signed in with the desk’s memberships', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    provider.signedIn = 'demo-editor-pasteur';
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in`);
    await checkAccessibility(page);
    await tabTo(page, { selector: 'a.button', text: 'Annuaire santé de test' });
    await Promise.all([
      page.waitForURL((url) => url.origin === served.origin && url.pathname === '/fr'),
      page.keyboard.press('Enter'),
    ]);
    const header = (await page.locator('header').textContent()) ?? '';
    expect(header).toContain('Louis Bernard');
    expect(header).toContain('Mes jeux de données');
    expect((await guarded.context.cookies(served.origin)).map((c) => c.name)).toEqual(['phoenix_session']);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('shows a refused sign-in as an accessible page, signed out', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    provider.signedIn = 'demo-editor-pasteur';
    provider.tamperNext({ nonce: 'a-nonce-from-another-flow' });
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/en/sign-in`);
    await Promise.all([
      page.waitForURL((url) => url.origin === served.origin && url.pathname === '/auth/callback'),
      page.click('a.button'),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Sign-in refused');
    await checkAccessibility(page);
    expect(await page.locator('header').textContent()).toContain('Sign in');
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });
});
