// The console's foundation in a real browser cut off from every other origin: the home and sign-in pages
// pass axe-core at WCAG 2.1 AA in both languages without a blocked request or a CSP violation, a keyboard
// alone signs in and out, the skip link leads to the content, focus is visible, nothing scrolls sideways at
// 320 px or at 200 % zoom, and the language switch keeps the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  focused,
  focusIsVisible,
  horizontalOverflow,
  launchChromium,
  newContext,
  type ServedDesk,
  SKIPPED,
  startConsoleDesk,
  tabTo,
} from './console-support';

const PAGES = ['/fr', '/en', '/fr/sign-in', '/en/sign-in', '/fr/no-such-page'];

let served: ServedDesk;
let browser: Browser;

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('the console’s pages in a browser', () => {
  it('records and refuses a request to another origin', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto('http://cdn.example.invalid/font.woff2').catch(() => undefined);
    expect(guarded.blocked).toEqual(['http://cdn.example.invalid/font.woff2']);
    await guarded.close();
  });

  it.for(PAGES)(
    '%s passes axe-core (WCAG 2.1 AA) with no blocked request and no CSP violation',
    async (path, { skip }) => {
      skip(chromiumAbsent, SKIPPED);
      const guarded = await newContext(browser);
      const page = await guarded.newPage();
      const res = await page.goto(`${served.origin}${path}`);
      expect(res?.status()).toBe(path.endsWith('no-such-page') ? 404 : 200);
      await checkAccessibility(page);
      expect(await page.locator('h1').count()).toBe(1);
      expectNoBlockedRequestOrViolation(guarded);
      await guarded.close();
    },
  );

  it('signs in as a member of the demo cast and out again with the keyboard alone', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in`);
    await tabTo(page, { selector: 'button', text: 'demo-editor-pasteur' });
    await activate(page, 'Enter');
    expect(new URL(page.url()).pathname).toBe('/fr');
    await expect.poll(() => page.locator('header').textContent()).toContain('Louis Bernard');
    await checkAccessibility(page);
    await tabTo(page, { selector: 'button', text: 'Se déconnecter' });
    await activate(page, 'Space');
    expect(new URL(page.url()).pathname).toBe('/fr');
    expect(await page.locator('header').textContent()).toContain('Se connecter');
    expect(await page.locator('header').textContent()).not.toContain('Louis Bernard');
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('offers the skip link first, and it moves the focus to the main content', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    for (const path of ['/fr', '/en/sign-in']) {
      await page.goto(`${served.origin}${path}`);
      await page.keyboard.press('Tab');
      const first = await focused(page);
      expect(first).toMatchObject({
        tag: 'a',
        text: path.startsWith('/fr') ? 'Aller au contenu' : 'Skip to content',
      });
      expect(await page.isVisible('.skip-link')).toBe(true);
      await page.keyboard.press('Enter');
      expect((await focused(page))?.id).toBe('main');
      // The next Tab continues from the content, not from the top of the page.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('main, footer'))).toBe(true);
    }
    await guarded.close();
  });

  it('shows where the focus is on every element a keyboard reaches', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in`);
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now) continue;
      seen.push(`${now.tag} ${now.text}`);
      expect(focusIsVisible(now), `focus on <${now.tag}> ${now.text}`).toBe(true);
    }
    expect(seen.length).toBeGreaterThan(5);
    await guarded.close();
  });

  it.for(['reflow320', 'zoom200'] as const)(
    'does not scroll sideways in the %s viewport',
    async (viewport, { skip }) => {
      skip(chromiumAbsent, SKIPPED);
      const guarded = await newContext(browser, viewport);
      const page = await guarded.newPage();
      const width = page.viewportSize()!.width;
      for (const path of PAGES) {
        await page.goto(`${served.origin}${path}`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ path, scrollWidth }).toEqual({ path, scrollWidth: Math.min(scrollWidth, width) });
        expect(await horizontalOverflow(page)).toBe(0);
      }
      expectNoBlockedRequestOrViolation(guarded);
      await guarded.close();
    },
  );

  it('switches language on the same page, keeping its query', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in?next=%2Ffr`);
    await tabTo(page, { selector: 'a[hreflang="en"]' });
    await activate(page, 'Enter');
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe('/en/sign-in?next=%2Ffr');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('a[hreflang="fr"]');
    expect(new URL(page.url()).pathname).toBe('/fr/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await guarded.close();
  });
});
