// A data provider's journey in a real browser, by keyboard: sign in, describe a dataset with a mistake,
// find the error summary and the field, correct it, save, publish after confirming; axe-core finds no
// serious or critical violation on any page of the journey, and no request or CSP violation goes astray.
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDesk, type TestDesk } from '../harness';

const CHROMIUM = '/usr/bin/chromium';
const SKIPPED = `${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`;
const absent = !existsSync(CHROMIUM);
if (absent && process.env.CI) throw new Error(`the browser suite must run in CI, but ${SKIPPED}`);

const AXE = absent ? '' : readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let desk: TestDesk;
let server: ServerType;
let origin: string;
let browser: Browser;

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
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  if (absent) return;
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await desk?.close();
});

/** The serious and critical violations axe-core finds on the page (injected past the CSP by the driver). */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      nodes: { target: unknown[] }[];
    }
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('a data provider in a browser', () => {
  it('describes, corrects, saves and publishes a dataset by keyboard, every page accessible', async ({
    skip,
  }) => {
    skip(absent, SKIPPED);
    const context = await browser.newContext();
    const offsite: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
      offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    // A form with errors is answered 400 on purpose, which the console reports; CSP violations are not.
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().startsWith('CSP violation')) problems.push(m.text());
    });
    const visited: Record<string, string[]> = {};
    const audit = async (name: string) => {
      visited[`${name} ${new URL(page.url()).pathname}`] = await axeProblems(page);
    };

    await page.goto(`${origin}/fr/my/datasets`);
    expect(new URL(page.url()).pathname).toBe('/fr/sign-in');
    await Promise.all([
      page.waitForURL('**/fr/my/datasets'),
      page.getByRole('button', { name: 'Se connecter comme demo-editor-pasteur' }).press('Enter'),
    ]);
    await audit('list');

    await page.getByRole('link', { name: 'Décrire un nouveau jeu de données' }).press('Enter');
    await page.waitForURL('**/fr/my/datasets/new');
    await audit('new form');
    await page
      .getByRole('group', { name: 'Titre (obligatoire)' })
      .getByLabel('En français')
      .fill('Cohorte Euros');
    await page
      .getByRole('group', { name: 'Description (obligatoire)' })
      .getByLabel('En français')
      .fill('Cohorte décrite dans un navigateur.');
    await page.getByLabel('Courriel').first().fill('pas-un-courriel');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).press('Enter');
    await page.waitForSelector('#error-summary');
    await audit('form with errors');

    // The summary links to the field; following it puts the focus there, where the message is.
    const summary = page.locator('#error-summary');
    await expect(summary.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Courriel\u00a0: doit être une adresse électronique valide (/descriptor/publisher/email)',
      'Droits d’accès\u00a0: est obligatoire (/descriptor/accessRights)',
    ]);
    await summary.getByRole('link', { name: /Courriel/ }).press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      'field-descriptor-publisher-email',
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.type('donnees@pasteur.example');
    await page.getByLabel('Droits d’accès').selectOption('RESTRICTED');
    await expect(
      page.getByRole('group', { name: 'Titre (obligatoire)' }).getByLabel('En français').inputValue(),
    ).resolves.toBe('Cohorte Euros');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).press('Enter');
    await page.waitForURL(/\/fr\/my\/datasets\/[0-9a-f-]{36}\?done=created$/);
    await audit('dataset');

    await page.getByRole('link', { name: 'Publier…' }).press('Enter');
    await page.waitForURL(/\/publish$/);
    await audit('publish confirmation');
    await page.getByRole('button', { name: 'Publier maintenant' }).press('Enter');
    await page.waitForURL(/\?done=published$/);
    await expect(page.locator('.notice-ok').innerText()).resolves.toContain('Le jeu de données est publié');

    await page.getByRole('link', { name: 'Comparer les révisions' }).press('Enter');
    await page.waitForURL(/\/revisions$/);
    await audit('revisions');
    await context.close();

    expect(Object.keys(visited)).toHaveLength(6);
    for (const [path, found] of Object.entries(visited)) expect(found, path).toEqual([]);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  });
});
