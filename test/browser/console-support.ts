// What the console's browser suites share: a seeded desk on a loopback port, Debian's Chromium, browser
// contexts cut off from every other origin that record CSP violations and script errors, axe-core at
// WCAG 2.1 AA, keyboard helpers and the viewports of the reflow and zoom criteria.
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from '../../scripts/desk-processes';
import { createTestDesk, type TestDesk } from '../harness';

export const CHROMIUM = '/usr/bin/chromium';
export const SKIPPED = `${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`;
export const chromiumAbsent = !existsSync(CHROMIUM);
// CI installs the browser: there, a missing one is a broken set-up, never a reason to skip.
if (chromiumAbsent && process.env.CI) throw new Error(`the browser suite must run in CI, but ${SKIPPED}`);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ServedDesk {
  desk: TestDesk;
  /** `http://127.0.0.1:<port>` (or `localhost`), where the browser reaches the desk: its PUBLIC_BASE_URL. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A test desk (PGlite, or PostgreSQL under PHOENIX_TEST_DATABASE_URL) with the demo cast, on a loopback port.
 * `host` names the desk as the browser reaches it (and as PUBLIC_BASE_URL says): `localhost` makes it another
 * site than a provider on 127.0.0.1. `seedIssuer`: whom the demo cast is known to (the dev issuer by default).
 */
export async function startConsoleDesk(
  options: Parameters<typeof createTestDesk>[0] & {
    seed?: boolean;
    seedIssuer?: string;
    host?: '127.0.0.1' | 'localhost';
    port?: number;
  } = {},
): Promise<ServedDesk> {
  const port = options.port ?? (await freePort());
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const desk = await createTestDesk({ ...options, env: { PUBLIC_BASE_URL: origin, ...options.env } });
  if (options.seed !== false) await desk.seed(options.seedIssuer);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    desk,
    origin,
    async close() {
      await new Promise((r) => server.close(r));
      await desk.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * The viewports of WCAG 2.1 1.4.10 (reflow) and 1.4.4 (resize text). Zoom is emulated by the CSS viewport it
 * leaves: a 1280 px wide window at 200 % lays pages out in 640 CSS px, drawn with 2 device pixels per CSS
 * pixel (deviceScaleFactor 2, which alone would only sharpen the rendering, not reflow it); at 400 % it
 * leaves the 320 CSS px of the reflow criterion.
 */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  zoom200: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  reflow320: { viewport: { width: 320, height: 256 }, deviceScaleFactor: 1 },
} as const;

export interface GuardedContext {
  context: BrowserContext;
  /** Requests the browser tried to send to another origin (aborted before they left). */
  blocked: string[];
  /** CSP violations, script errors and console errors seen on any page of the context. */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A fresh context (own cookies; axe needs pages of `browser.newContext()`) that lets requests reach the
 * loopback desk only, and records every `securitypolicyviolation` event, uncaught error and console error.
 * `locale` is the browser's language, sent as Accept-Language (French unless given).
 */
export async function newContext(
  browser: Browser,
  viewport: keyof typeof VIEWPORTS = 'desktop',
  locale = 'fr-FR',
): Promise<GuardedContext> {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], locale });
  const blocked: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || LOOPBACK.has(new URL(url).hostname)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // An error page's own status (a 404 page) is logged as a failed load of the document: not a problem.
      if (m.text().startsWith('Failed to load resource') && m.location().url === page.url()) return;
      problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()}: uncaught ${e.message}`));
  });
  return { context, blocked, problems, newPage: () => context.newPage(), close: () => context.close() };
}

/** Fails when a page or request broke the rules of every console page: nothing off-origin, no CSP violation. */
export function expectNoBlockedRequestOrViolation(guarded: GuardedContext): void {
  expect({ blocked: guarded.blocked, problems: guarded.problems }).toEqual({ blocked: [], problems: [] });
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page at WCAG 2.1 A and AA and fails on any serious or critical violation, listing
 * each with its rule, help text and the elements concerned. Returns the minor and moderate ones.
 */
export async function checkAccessibility(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const describe = (v: (typeof results.violations)[number]) =>
    [
      `${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replaceAll('\n', ' ') ?? ''}`),
    ].join('\n');
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(severe.map(describe), `axe-core on ${page.url()}`).toEqual([]);
  return results.violations.map(describe);
}

/** What has the keyboard focus: tag, text or label, and how the focus is drawn. */
export interface Focused {
  tag: string;
  id: string;
  text: string;
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
}

export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.textContent || el.getAttribute('aria-label') || (el as HTMLInputElement).value || '').trim(),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      boxShadow: style.boxShadow,
    };
  });
}

/** Whether the focus is visible: an outline that is drawn, or a focus ring made with a box shadow. */
export const focusIsVisible = (f: Focused): boolean =>
  (f.outlineStyle !== 'none' && f.outlineWidth !== '0px') || (f.boxShadow !== 'none' && f.boxShadow !== '');

/**
 * Presses Tab until the focused element matches `target` (a CSS selector, or text the element shows), as a
 * keyboard user would; fails after `limit` presses. Returns what has the focus and how many presses it took.
 */
export async function tabTo(
  page: Page,
  target: { selector?: string; text?: string | RegExp },
  limit = 60,
): Promise<{ focused: Focused; presses: number }> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now) continue;
    const bySelector = target.selector
      ? await page.evaluate((s) => document.activeElement?.matches(s) ?? false, target.selector)
      : true;
    const byText =
      target.text === undefined
        ? true
        : typeof target.text === 'string'
          ? now.text.includes(target.text)
          : target.text.test(now.text);
    if (bySelector && byText) return { focused: now, presses };
  }
  throw new Error(`no focusable element matching ${JSON.stringify(target)} within ${limit} presses of Tab`);
}

/** Activates what has the focus with Enter or Space and waits for the page it leads to. */
export async function activate(page: Page, key: 'Enter' | 'Space'): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

/** How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
