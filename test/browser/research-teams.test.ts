// A research team's journey in a real browser: the autosave updates the live match and the version the next
// save sends; the pages pass axe-core (WCAG 2.1 AA) with no blocked request and no CSP violation, and the
// form reflows at 320 px.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, demoIds } from '../access-fixtures';
import {
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  focused,
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
let ids: DemoIds;

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  ids = await demoIds(served.desk, new Map());
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Visible text with the no-break spaces of French typography as plain spaces. */
const words = (text: string) => text.replace(/\s+/g, ' ');

describe('a research team in a browser', () => {
  it('drafts an application, sees the match change as it types, saves over the autosave, submits', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    const origin = served.origin;
    await page.goto(`${origin}/fr/sign-in?next=%2Ffr%2Fapplications`);
    await page.getByRole('button', { name: 'Se connecter comme demo-requester-cesp' }).click();
    await page.waitForURL(`${origin}/fr/applications`);
    await checkAccessibility(page);

    const covid = ids.dataset('COVID-19');
    await page.goto(`${origin}/fr/applications/new?dataset=${covid}&fresh=1`);
    await checkAccessibility(page);
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
    await expect.poll(async () => words(await match.innerText())).toContain(': compatible');
    await checkAccessibility(page);

    // Declaring commercial use: the autosave saves it and the match turns, with the reason in words.
    await page.check('#field-application-purpose-commercial-0');
    await expect
      .poll(async () => words(await match.innerText()), { timeout: 10_000 })
      .toContain('incompatible');
    expect(words(await match.innerText())).toContain('NCU : usage commercial déclaré');
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
    expect(words(await page.locator('main').innerText())).toContain('30 jours ouvrés restants');
    await checkAccessibility(page);

    await page.goto(`${origin}/fr/visas`);
    await checkAccessibility(page);
    await page.goto(`${origin}/fr/visas/verify`);
    await page.fill('#field-visa', 'not.a.visa');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    expect(await page.locator('main').innerText()).toContain('Visa non valide');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('applies for a dataset with the keyboard alone, from its page to the submitted application', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    const origin = served.origin;
    const typeInto = async (selector: string, text: string) => {
      await tabTo(page, { selector }, 150);
      await page.keyboard.type(text);
    };
    /** Tabs into a radio group, then moves with the arrow keys until the wanted radio is checked. */
    const chooseRadio = async (groupId: string, wanted: string) => {
      await tabTo(page, { selector: `input[type="radio"][id^="${groupId}-"]` }, 150);
      for (let i = 0; i < 8 && (await focused(page))?.id !== wanted; i++)
        await page.keyboard.press('ArrowDown');
      expect(await page.locator(`#${wanted}`).isChecked()).toBe(true);
    };
    /** Focuses a closed select and moves through its options with the arrow keys to the wanted value. */
    const chooseOption = async (selector: string, value: string) => {
      await tabTo(page, { selector }, 150);
      for (let i = 0; i < 30 && (await page.locator(selector).inputValue()) !== value; i++)
        await page.keyboard.press('ArrowDown');
      expect(await page.locator(selector).inputValue()).toBe(value);
    };

    await page.goto(`${origin}/fr/sign-in?next=%2Ffr%2Fdatasets%2F${ids.dataset('COVID-19')}`);
    await tabTo(page, { selector: 'button', text: 'demo-researcher-cesp' });
    await Promise.all([page.waitForURL(/\/fr\/datasets\/[0-9a-f-]{36}$/), page.keyboard.press('Enter')]);
    await tabTo(page, { selector: 'a', text: 'Demander l’accès' });
    await Promise.all([page.waitForURL(/\/fr\/applications\/new\?dataset=/), page.keyboard.press('Enter')]);
    await checkAccessibility(page);

    await typeInto('#field-application-title-fr', 'Cohorte COVID long au clavier');
    await typeInto('#field-application-summary-fr', 'Étude menée sans souris.');
    await chooseRadio('field-application-purpose-permission', 'field-application-purpose-permission-1'); // HMB
    await chooseRadio('field-application-purpose-commercial', 'field-application-purpose-commercial-1'); // no
    await typeInto('#field-application-purpose-durationMonths', '12');
    await chooseOption('#field-application-legalBasis-article6', 'e');
    await chooseOption('#field-application-legalBasis-article9', 'j');
    await typeInto('#field-application-processingEnvironment', 'Bulle sécurisée HDS du CESP');
    await tabTo(page, { selector: '.actions button[value="save"]' }, 150);
    await Promise.all([page.waitForURL(/\/edit\?(created|saved)=1$/), page.keyboard.press('Enter')]);
    await checkAccessibility(page);

    // From the saved draft: Tab from the top of the page to the send button, and send.
    await tabTo(page, { selector: 'button', text: 'Envoyer la demande' }, 200);
    await Promise.all([
      page.waitForURL(/\/fr\/applications\/[0-9a-f-]{36}\?submitted=1$/),
      page.keyboard.press('Enter'),
    ]);
    expect(words(await page.locator('main').innerText())).toContain('30 jours ouvrés restants');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('lays the application form out at 320 px without sideways scrolling', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'reflow320');
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in?next=%2Ffr`);
    await page.getByRole('button', { name: 'Se connecter comme demo-requester-cesp' }).click();
    await page.waitForURL(`${served.origin}/fr`);
    await page.goto(`${served.origin}/fr/applications/new?dataset=${ids.dataset('COVID-19')}&fresh=1`);
    expect(await horizontalOverflow(page)).toBe(0);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);
});
