// A data provider's journey in a real browser, by keyboard: sign in, describe a dataset with a mistake,
// follow the error summary to the field, correct it, save, publish after confirming, compare revisions.
// Every page passes axe-core (WCAG 2.1 AA) with no blocked request and no CSP violation; the schema-built
// form and the revisions table reflow at 320 px.
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
} from './console-support';

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

/** Visible text with the no-break spaces of French typography as plain spaces. */
const words = (text: string) => text.replace(/\s+/g, ' ');

describe('a data provider in a browser', () => {
  it('describes, corrects, saves and publishes a dataset by keyboard, every page accessible', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    const origin = served.origin;

    await page.goto(`${origin}/fr/my/datasets`);
    expect(new URL(page.url()).pathname).toBe('/fr/sign-in');
    await Promise.all([
      page.waitForURL(`${origin}/fr/my/datasets`),
      page.getByRole('button', { name: 'Se connecter comme demo-editor-pasteur' }).press('Enter'),
    ]);
    await checkAccessibility(page);

    await Promise.all([
      page.waitForURL(`${origin}/fr/my/datasets/new`),
      page.getByRole('link', { name: 'Décrire un nouveau jeu de données' }).press('Enter'),
    ]);
    await checkAccessibility(page);
    const title = page.getByRole('group', { name: 'Titre (obligatoire)' }).getByLabel('En français');
    await title.fill('Cohorte Euros');
    await page
      .getByRole('group', { name: 'Description (obligatoire)' })
      .getByLabel('En français')
      .fill('Cohorte décrite dans un navigateur.');
    await page.getByLabel('Courriel').first().fill('pas-un-courriel');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).press('Enter');
    await page.waitForSelector('#error-summary');
    await checkAccessibility(page);

    // The summary lists the problems in the form's order and links to each field; following a link puts
    // the focus on the field, whose message is beside it.
    const summary = page.locator('#error-summary');
    expect((await summary.getByRole('link').allInnerTexts()).map(words)).toEqual([
      'Courriel : doit être une adresse électronique valide (/descriptor/publisher/email)',
      'Droits d’accès : est obligatoire (/descriptor/accessRights)',
    ]);
    await summary.getByRole('link', { name: /Courriel/ }).press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-descriptor-publisher-email');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('donnees@pasteur.example');
    await page.getByLabel('Droits d’accès').selectOption('RESTRICTED');
    expect(await title.inputValue()).toBe('Cohorte Euros');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).press('Enter');
    await page.waitForURL(/\/fr\/my\/datasets\/[0-9a-f-]{36}\?done=created$/);
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Publier…' }).press('Enter');
    await page.waitForURL(/\/publish$/);
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Publier maintenant' }).press('Enter');
    await page.waitForURL(/\?done=published$/);
    expect(words(await page.locator('.notice-ok').innerText())).toContain('Le jeu de données est publié');

    await page.getByRole('link', { name: 'Comparer les révisions' }).press('Enter');
    await page.waitForURL(/\/revisions$/);
    expect(words(await page.locator('main').innerText())).toContain('Révision 1 comparée à la révision 2');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('lays the dataset form and the comparison of revisions out at 320 px without sideways scrolling', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'reflow320');
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in?next=%2Ffr%2Fmy%2Fdatasets`);
    await page.getByRole('button', { name: 'Se connecter comme demo-editor-pasteur' }).click();
    await page.waitForURL(`${served.origin}/fr/my/datasets`);
    expect(await horizontalOverflow(page)).toBe(0);
    const first = await page.locator('table a').first().getAttribute('href');
    for (const path of ['/fr/my/datasets/new', `${first}/edit`, `${first}/revisions`]) {
      await page.goto(`${served.origin}${path}`);
      expect(await horizontalOverflow(page), path).toBe(0);
    }
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);
});
