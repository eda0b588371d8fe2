// A research team's journey in a real browser: the autosave updates the live match and the version the next
// save sends, the pages keep their CSP, and axe-core finds no serious or critical violation on them.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const CHROMIUM = '/usr/bin/chromium';
const SKIPPED = `${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`;
const absent = !existsSync(CHROMIUM);
if (absent && process.env.CI) throw new Error(`the browser suite must run in CI, but ${SKIPPED}`);

const DESK_HOST = 'desk.test';

let desk: TestDesk;
let ids: DemoIds;
let server: ServerType;
let origin: string;
let browser: Browser;
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  if (absent) return;
  ({ desk, ids } = await seededDesk());
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://${DESK_HOST}:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', `--host-resolver-rules=MAP ${DESK_HOST} 127.0.0.1`],
  });
  context = await browser.newContext();
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === DESK_HOST ? route.continue() : route.abort('blockedbyclient'),
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}, 60_000);

afterAll(async () => {
  if (absent) return;
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await desk?.close();
});

function watch(page: Page) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
}

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, page.url()).toEqual([]);
}

describe('a research team in a browser', () => {
  it('drafts an application, sees the match change as it types, and saves over the autosave', async ({
    skip,
  }) => {
    skip(absent, SKIPPED);
    const page = await context.newPage();
    watch(page);
    await page.goto(`${origin}/fr/sign-in?next=%2Ffr%2Fapplications`);
    await page.getByRole('button', { name: 'Se connecter comme demo-requester-cesp' }).click();
    await page.waitForURL(`${origin}/fr/applications`);
    await expectAccessible(page);

    const covid = ids.dataset('COVID-19');
    await page.goto(`${origin}/fr/applications/new?dataset=${covid}&fresh=1`);
    await expectAccessible(page);
    await page.fill('#field-application-title-fr', 'Séroprévalence et COVID long');
    await page.fill('#field-application-summary-fr', 'Étude rétrospective de la cohorte.');
    await page.check('#field-application-purpose-permission-1'); // HMB
    await page.check('#field-application-purpose-commercial-1'); // no
    await page.fill('#field-application-purpose-durationMonths', '12');
    await page.selectOption('#field-application-legalBasis-article6', 'e');
    await page.selectOption('#field-application-legalBasis-article9', 'j');
    await page.fill('#field-application-processingEnvironment', 'Bulle sécurisée HDS du CESP');
    await page.locator('.actions button[value="save"]').click();
    await page.waitForURL(/\/fr\/applications\/[0-9a-f-]{36}\/edit\?(created|saved)=1$/);
    const match = page.locator(`#match-${covid}`);
    await expect.poll(() => match.innerText()).toContain('compatible');
    await expectAccessible(page);

    // Declaring commercial use: the autosave saves it and the match turns, with the reason in words.
    await page.check('#field-application-purpose-commercial-0');
    await expect.poll(() => match.innerText(), { timeout: 10_000 }).toContain('incompatible');
    // (French typography puts a no-break space before the colon.)
    expect((await match.innerText()).replace(/\s+/g, ' ')).toContain('NCU : usage commercial déclaré');
    await expect
      .poll(() => page.locator('[data-autosave-status]').innerText())
      .toContain('Brouillon enregistré automatiquement');

    // The autosave moved the version on; the form followed, so saving by hand is not refused as stale.
    await page.fill('#field-application-title-en', 'Seroprevalence and long COVID');
    await page.locator('.actions button[value="save"]').click();
    await page.waitForURL(/\/edit\?saved=1$/);
    expect(await page.locator('main').innerText()).toContain('Brouillon enregistré.');

    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.waitForURL(/\/fr\/applications\/[0-9a-f-]{36}\?submitted=1$/);
    expect(await page.locator('main').innerText()).toContain('30 jours ouvrés restants');
    await expectAccessible(page);

    await page.goto(`${origin}/fr/visas`);
    await expectAccessible(page);
    await page.goto(`${origin}/fr/visas/verify`);
    await page.fill('#field-visa', 'not.a.visa');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    expect(await page.locator('main').innerText()).toContain('Visa non valide');
    await expectAccessible(page);
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
