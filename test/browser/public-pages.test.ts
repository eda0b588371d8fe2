// The console's public pages in a real browser: no serious or critical axe-core violation (WCAG 2.1 AA), no
// Content-Security-Policy violation, no request off the machine, and no sideways scrolling at 320 px.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';

const CHROMIUM = '/usr/bin/chromium';
const SKIPPED = `${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`;
const absent = !existsSync(CHROMIUM);
if (absent && process.env.CI) throw new Error(`the browser suite must run in CI, but ${SKIPPED}`);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let desk: TestDesk;
let server: ServerType;
let origin: string;
let browser: Browser;
let pages: string[] = [];

beforeAll(async () => {
  if (absent) return;
  desk = await createTestDesk();
  await desk.seed();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
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
  ];
});

afterAll(async () => {
  if (absent) return;
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await desk?.close();
});

describe('the public pages in a browser', () => {
  it('break neither the CSP nor the machine’s isolation, and fit 320 px without sideways scrolling', async ({
    skip,
  }) => {
    skip(absent, SKIPPED);
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const problems: string[] = [];
    for (const path of pages) {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${path}: ${m.text()}`);
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      expect((await page.goto(`${origin}${path}`))?.status(), path).toBe(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${path}: ${overflow}px wider than 320`);
      await page.close();
    }
    await context.close();
    expect(problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('have no serious or critical axe-core violation (WCAG 2.1 AA)', async ({ skip }) => {
    skip(absent, SKIPPED);
    // axe is injected as a script of the test's own, which the pages' CSP would rightly refuse.
    const context = await browser.newContext({ bypassCSP: true });
    const found: string[] = [];
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(`${origin}${path}`);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                o: unknown,
              ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      for (const v of violations)
        if (v.impact === 'serious' || v.impact === 'critical')
          found.push(`${path}: ${v.id} (${v.impact}) at ${v.targets.slice(0, 3).join(', ')}`);
      await page.close();
    }
    await context.close();
    expect(found).toEqual([]);
  });
});
