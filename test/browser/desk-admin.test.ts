// A desk admin's journey in a real browser, in French and in English: their desk, its settings changed and
// refused at a field, a reviewer added and removed, an auditor appointed and removed, the figures drawn as
// charts beside their tables; axe-core on every page, no blocked request, no CSP violation; and the settings
// saved with the keyboard alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, demoIds, draftApplication } from '../access-fixtures';
import {
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  focusIsVisible,
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
  // Two decisions today, so that the figures have something to draw.
  const admin = await served.desk.token('demo-desk-admin-pasteur');
  for (const outcome of ['approved', 'rejected'] as const) {
    const id = await draftApplication(served.desk, ids, { submit: true });
    await served.desk.request(`/v1/access-requests/${id}/start-review`, { method: 'POST', token: admin });
    const decided = await served.desk.request(`/v1/access-requests/${id}/decision`, {
      method: 'POST',
      token: admin,
      json: { outcome, rationale: 'decided' },
    });
    if (decided.status !== 200) throw new Error(`decision refused: ${decided.status}`);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const words = (text: string) => text.replace(/\s+/g, ' ');
const main = async (page: Page) => words((await page.locator('main').textContent()) ?? '');

async function signIn(page: Page, lang: 'fr' | 'en') {
  await page.goto(`${served.origin}/${lang}/sign-in?next=%2F${lang}%2Fmy%2Fdesks`);
  const label = lang === 'fr' ? 'Se connecter comme' : 'Sign in as';
  await page.getByRole('button', { name: `${label} demo-desk-admin-pasteur` }).click();
  await page.waitForURL(`${served.origin}/${lang}/my/desks`);
}

async function checkFigures(page: Page) {
  for (const id of ['chart-days', 'chart-months', 'chart-approval']) {
    await expect.poll(() => page.locator(`svg#${id}`).isVisible()).toBe(true);
    const box = await page.locator(`svg#${id}`).boundingBox();
    expect(box!.height).toBeGreaterThan(50);
  }
  for (const id of ['figures-summary', 'figures-days', 'figures-months', 'figures-approval']) {
    expect(await page.locator(`table#${id}`).isVisible()).toBe(true);
  }
}

describe('a desk admin in a browser', () => {
  it('runs their desk in French: settings, a refusal at its field, a reviewer, the figures', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr');
    expect(await main(page)).toContain('Mon guichet');
    await checkAccessibility(page);

    await page.getByRole('link', { name: /^Réglages de / }).click();
    await page.waitForURL(/\/fr\/my\/desks\/[0-9a-f-]{36}\/settings$/);
    await checkAccessibility(page);

    await page.fill('#field-decisionDeadlineDays', 'quarante');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    expect(await main(page)).toContain('Saisissez un nombre entier de jours ouvrés');
    expect(await page.locator('#field-decisionDeadlineDays').inputValue()).toBe('quarante');
    await checkAccessibility(page);
    await page.fill('#field-decisionDeadlineDays', '40');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.waitForURL(/\/settings\?done=saved$/);
    expect(await main(page)).toContain('Réglages enregistrés');
    await checkAccessibility(page);

    await page.fill('#field-subject', 'demo-editor-pasteur');
    await page.getByRole('button', { name: 'Ajouter le rapporteur' }).click();
    await page.waitForURL(/\/settings\?done=reviewer-added$/);
    const links = await page
      .locator('a[href*="/reviewers/"]')
      .evaluateAll((as) =>
        as.map((a) => ({ href: a.getAttribute('href'), row: a.closest('tr')?.textContent ?? '' })),
      );
    const editor = links.find((l) => l.row.includes('demo-editor-pasteur'))!;
    await page.locator(`a[href="${editor.href}"]`).click();
    await page.waitForURL(/\/remove$/);
    expect(await main(page)).toContain('des rapporteurs ?');
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Oui, retirer' }).click();
    await page.waitForURL(/\/settings\?done=reviewer-removed$/);
    expect(await main(page)).not.toContain('demo-editor-pasteur');

    await page.goto(`${served.origin}/fr/my/desks`);
    await page.getByRole('link', { name: /^Chiffres de / }).click();
    await page.waitForURL(/\/figures$/);
    await checkFigures(page);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('runs their desk in English: an auditor appointed and removed, the figures at 320 px', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'en');
    expect(await main(page)).toContain('My desk');
    await checkAccessibility(page);
    await page.getByRole('link', { name: /^Settings of / }).click();
    await page.waitForURL(/\/en\/my\/desks\/[0-9a-f-]{36}\/settings$/);
    await checkAccessibility(page);
    await page.selectOption('#field-organizationId', { label: 'ÉvalSanté Partenaires' });
    await page.getByRole('button', { name: 'Appoint the organisation' }).click();
    await page.waitForURL(/\/settings\?done=auditor-appointed$/);
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Remove ÉvalSanté Partenaires' }).click();
    expect(await main(page)).toContain('Remove ÉvalSanté Partenaires from the auditors?');
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.waitForURL(/\/settings\?done=auditor-removed$/);
    expect(await main(page)).toContain('Auditing organisation removed.');

    const figuresUrl = page.url().replace(/\/settings\?.*$/, '/figures');
    await page.goto(figuresUrl);
    await checkFigures(page);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();

    const narrow = await newContext(browser, 'reflow320');
    const small = await narrow.newPage();
    await signIn(small, 'en');
    await small.goto(figuresUrl);
    await checkFigures(small);
    expect(await horizontalOverflow(small)).toBeLessThanOrEqual(0);
    expectNoBlockedRequestOrViolation(narrow);
    await narrow.close();
  }, 120_000);

  it('saves the settings with the keyboard alone', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in?next=%2Ffr%2Fmy%2Fdesks`);
    await tabTo(page, { selector: 'button', text: 'demo-desk-admin-pasteur' }, 100);
    await Promise.all([page.waitForURL(/\/fr\/my\/desks$/), page.keyboard.press('Enter')]);
    const link = await tabTo(page, { selector: 'a', text: 'Réglages de' });
    expect(focusIsVisible(link.focused)).toBe(true);
    await Promise.all([page.waitForURL(/\/settings$/), page.keyboard.press('Enter')]);
    const field = await tabTo(page, { selector: '#field-decisionDeadlineDays' }, 100);
    expect(focusIsVisible(field.focused)).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('35');
    await tabTo(page, { selector: 'button', text: 'Enregistrer les réglages' });
    await Promise.all([page.waitForURL(/\/settings\?done=saved$/), page.keyboard.press('Enter')]);
    expect(await page.locator('#field-decisionDeadlineDays').inputValue()).toBe('35');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);
});
