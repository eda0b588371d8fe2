// The console's public pages in a real browser: no serious or critical axe-core violation (WCAG 2.1 AA), no
// Content-Security-Policy violation, no request off the machine, no sideways scrolling at 320 px nor at
// 200 % zoom, and a visitor finds a dataset with the keyboard alone.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  horizontalOverflow,
  launchChromium,
  newContext,
  type ServedDesk,
  SKIPPED,
  startConsoleDesk,
  tabTo,
} from './console-support';

let served: ServedDesk;
let browser: Browser;
let pages: string[] = [];

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  const { desk } = served;
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  const datasets = (await (await desk.request('/v1/datasets?q=diabete')).json()) as {
    items: { id: string }[];
  };
  const id = (slug: string) => desks.items.find((d) => d.slug === slug)!.id;
  pages = [
    '/fr',
    '/en',
    '/fr/datasets',
    '/en/datasets?q=cancer',
    '/fr/datasets?q=zzzz&theme=AGRI',
    `/fr/datasets/${datasets.items[0]!.id}`,
    `/en/datasets/${datasets.items[0]!.id}`,
    '/fr/desks',
    `/fr/desks/${id('guichet-pasteur')}`,
    `/en/desks/${id('guichet-foch')}`,
    '/fr/register',
    '/fr/visas/verify',
  ];
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('the public pages in a browser', () => {
  it('have no serious or critical axe-core violation, break no CSP and send nothing off the machine', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    for (const path of pages) {
      expect((await page.goto(`${served.origin}${path}`))?.status(), path).toBe(200);
      await checkAccessibility(page);
    }
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it.for(['reflow320', 'zoom200'] as const)(
    'fit the %s viewport without sideways scrolling',
    async (viewport, { skip }) => {
      skip(chromiumAbsent, SKIPPED);
      const guarded = await newContext(browser, viewport);
      const page = await guarded.newPage();
      const wider: string[] = [];
      for (const path of pages) {
        await page.goto(`${served.origin}${path}`);
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) wider.push(`${path}: ${overflow}px too wide`);
      }
      expect(wider).toEqual([]);
      expectNoBlockedRequestOrViolation(guarded);
      await guarded.close();
    },
  );

  it('lets a visitor search the catalogue and open a dataset with the keyboard alone', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr`);
    await tabTo(page, { selector: 'input[type="search"], input[name="q"]' });
    await page.keyboard.type('diabete');
    await Promise.all([page.waitForURL(/\/fr\/datasets\?.*q=diabete/), page.keyboard.press('Enter')]);
    // The first result's title is the first link in the results after the search form and its filters.
    const { focused: link } = await tabTo(page, { selector: '.results a' }, 120);
    expect(link.text.toLowerCase()).toContain('diabète');
    await Promise.all([page.waitForURL(/\/fr\/datasets\/[0-9a-f-]{36}$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe(link.text);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });
});
