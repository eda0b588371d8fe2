// /docs in a real browser cut off from everything but the desk: the reference must render every operation
// of /openapi.json without a single request leaving the machine and without breaking its own CSP.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';

const CHROMIUM = '/usr/bin/chromium';
const SKIPPED = `${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`;
const absent = !existsSync(CHROMIUM);
// CI installs the browser: there, a missing one is a broken set-up, never a reason to skip.
if (absent && process.env.CI) throw new Error(`the browser suite must run in CI, but ${SKIPPED}`);

/** A host name of the desk's own, as a deployment has; the browser resolves it to the loopback address. */
const DESK_HOST = 'desk.test';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', DESK_HOST]);

let desk: TestDesk;
let server: ServerType;
let port: number;
let browser: Browser;
let context: BrowserContext;
/** Every request the browser tried to send off the machine (aborted before it left). */
const blocked: string[] = [];

beforeAll(async () => {
  if (absent) return;
  desk = await createTestDesk();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--host-resolver-rules=MAP ${DESK_HOST} 127.0.0.1`,
    ],
  });
  context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOOPBACK.has(new URL(url).hostname)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
});

afterAll(async () => {
  if (absent) return;
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await desk?.close();
});

describe('the API reference in a browser without internet', () => {
  it('records and refuses a request that would leave the machine', async ({ skip }) => {
    skip(absent, SKIPPED);
    const page = await context.newPage();
    await page.goto('http://cdn.example.invalid/script.js').catch(() => undefined);
    await page.close();
    expect(blocked).toEqual(['http://cdn.example.invalid/script.js']);
    blocked.length = 0;
  });

  it('lists every operation of /openapi.json with no request blocked and no CSP violation', async ({
    skip,
  }) => {
    skip(absent, SKIPPED);
    await expectEveryOperationListed(`http://127.0.0.1:${port}`);
  });

  // Swagger UI treats documents served from localhost apart (its validator skips them): a desk reached by a
  // host name of its own, as in a hospital, must stay offline too.
  it('makes no request off the machine when reached by a host name of its own', async ({ skip }) => {
    skip(absent, SKIPPED);
    await expectEveryOperationListed(`http://${DESK_HOST}:${port}`);
  });
});

async function expectEveryOperationListed(origin: string) {
  const doc = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { summary?: string }>>;
  };
  const summaries = Object.values(doc.paths)
    .flatMap((ops) => Object.values(ops))
    .map((op) => op.summary)
    .filter((s): s is string => !!s);
  expect(summaries.length).toBeGreaterThan(10);

  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const res = await page.goto(`${origin}/docs`);
  expect(res?.status()).toBe(200);
  const rendered = page.locator('.opblock-summary-description');
  await rendered.first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const shown = new Set((await rendered.allInnerTexts()).map((t) => t.trim()));
  expect(summaries.filter((s) => !shown.has(s))).toEqual([]);
  await page.close();

  expect(blocked).toEqual([]);
  expect(problems).toEqual([]);
}
