// Reviewers and desk admins in a real browser: a reviewer votes and a desk admin decides, in French on the
// Pasteur desk and in English on the Foch desk (with an override); a desk admin reaches every overdue
// application from the home page in two clicks at most; one vote with the keyboard alone. Every page passes
// axe-core (WCAG 2.1 AA) with no off-origin request and no CSP violation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, type DemoIds, demoIds, handClock } from '../access-fixtures';
import {
  activate,
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

const clock = handClock('2026-03-02T09:00:00Z');
let served: ServedDesk;
let browser: Browser;
let ids: DemoIds;
let overdueIds: string[];

/** Files and submits an application as demo-requester-cesp through the API; returns its id. */
async function submitted(deskSlug: string, dataset: string, title: string): Promise<string> {
  const desk = served.desk;
  const token = await desk.token('demo-requester-cesp');
  const created = await desk.request('/v1/access-requests', {
    method: 'POST',
    token,
    json: {
      deskId: ids.desks.get(deskSlug),
      application: application({ title: { fr: title, en: title } }),
      datasetIds: [ids.dataset(dataset)],
      team: [],
    },
  });
  if (created.status !== 201) throw new Error(`draft refused: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const sent = await desk.request(`/v1/access-requests/${id}/submit`, { method: 'POST', token });
  if (sent.status !== 200) throw new Error(`submission refused: ${await sent.text()}`);
  return id;
}

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk({ now: () => clock.now }), launchChromium()]);
  ids = await demoIds(served.desk, new Map());
  // Two applications submitted early enough to be past their deadline when the suite's day comes.
  overdueIds = [
    await submitted('guichet-pasteur', 'COVID-19', 'Retard A'),
    await submitted('guichet-pasteur', 'COVID-19', 'Retard B'),
  ];
  clock.set('2026-04-22T09:00:00Z');
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const words = (text: string) => text.replace(/\s+/g, ' ');

async function signIn(page: Page, subject: string, lang: 'fr' | 'en', next: string) {
  await page.goto(`${served.origin}/${lang}/sign-in?next=${encodeURIComponent(next)}`);
  const label = lang === 'fr' ? `Se connecter comme ${subject}` : `Sign in as ${subject}`;
  await page.getByRole('button', { name: label }).click();
  await page.waitForURL(`${served.origin}${next}`);
}

describe('reviewers and desk admins in a browser', () => {
  it('in French: a reviewer votes, then the Pasteur desk admin decides', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await submitted('guichet-pasteur', 'COVID-19', 'Séroprévalence et COVID long');
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'demo-reviewer-pasteur', 'fr', '/fr');
    expect(words(await page.locator('#to-review-title').innerText())).toBe('À examiner');
    await checkAccessibility(page);

    await page.getByRole('navigation').getByRole('link', { name: 'À examiner' }).click();
    await page.waitForURL(`${served.origin}/fr/review`);
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Séroprévalence et COVID long' }).click();
    await page.waitForURL(`${served.origin}/fr/review/${id}`);
    await checkAccessibility(page);

    // A vote without its rationale comes back with the error summary, the choice kept.
    await page.getByRole('radio', { name: 'favorable', exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer mon vote' }).click();
    await page.waitForURL(`${served.origin}/fr/review/${id}/vote`);
    expect(await page.locator('.error-summary').innerText()).toContain('Ce champ est obligatoire');
    expect(await page.getByRole('radio', { name: 'favorable', exact: true }).isChecked()).toBe(true);
    await checkAccessibility(page);
    await page.getByLabel('Motivation', { exact: true }).fill('Finalité compatible ; environnement HDS.');
    await page.getByRole('button', { name: 'Enregistrer mon vote' }).click();
    await page.waitForURL(`${served.origin}/fr/review/${id}?voted=1`);
    expect(words(await page.locator('main').innerText())).toContain('Vote enregistré.');
    await checkAccessibility(page);

    await guarded.context.clearCookies();
    await signIn(page, 'demo-desk-admin-pasteur', 'fr', `/fr/review/${id}`);
    expect(words(await page.locator('main').innerText())).toContain('demo-reviewer-pasteur : favorable');
    await checkAccessibility(page);
    await page.getByRole('radio', { name: 'Approuver', exact: true }).check();
    await page.getByLabel('Motivation de la décision').fill('Avis favorable, finalité conforme.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.waitForURL(`${served.origin}/fr/review/${id}?decided=1`);
    const main = words(await page.locator('main').innerText());
    expect(main).toContain('Décision enregistrée.');
    expect(main).toContain('accordée');
    expect(main).toContain('en vigueur');
    await checkAccessibility(page);

    // One grant revoked with its reason, on a page of its own.
    await page.getByRole('link', { name: /^Révoquer : le demandeur/ }).click();
    await page.waitForURL(/\/fr\/review\/[0-9a-f-]{36}\/grants\/[0-9a-f-]{36}\/revoke$/);
    await checkAccessibility(page);
    await page.getByLabel('Motif de la révocation').fill('Fin de la collaboration.');
    await page.getByRole('button', { name: 'Révoquer cette autorisation' }).click();
    await page.waitForURL(`${served.origin}/fr/review/${id}?grantRevoked=1`);
    expect(words(await page.locator('main').innerText())).toContain('Fin de la collaboration.');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('in English: the Foch reviewer votes, the desk admin approves with an override', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await submitted('guichet-foch', 'type 2 diabetes', 'Diabetes and imaging');
    const guarded = await newContext(browser, 'desktop', 'en-GB');
    const page = await guarded.newPage();
    await signIn(page, 'demo-reviewer-foch', 'en', '/en/review');
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Diabetes and imaging' }).click();
    await page.waitForURL(`${served.origin}/en/review/${id}`);
    await checkAccessibility(page);
    await page.getByRole('radio', { name: 'approve', exact: true }).check();
    await page.getByLabel('Rationale', { exact: true }).fill('Sound protocol, ethics approval attached.');
    await page.getByRole('button', { name: 'Record my vote' }).click();
    await page.waitForURL(`${served.origin}/en/review/${id}?voted=1`);
    await checkAccessibility(page);

    await guarded.context.clearCookies();
    await signIn(page, 'demo-desk-admin-foch', 'en', `/en/review/${id}`);
    await checkAccessibility(page);
    await page.getByRole('radio', { name: 'Approve', exact: true }).check();
    await page.getByLabel('Rationale of the decision').fill('Unanimous favourable opinion.');
    // Approving a dataset whose conditions do not match without an override is refused at its field.
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(`${served.origin}/en/review/${id}/decision`);
    await checkAccessibility(page);
    expect(await page.locator('.error-summary a').first().getAttribute('href')).toBe(
      '#field-decision-overrides-0-rationale',
    );
    await page.getByLabel(/^Override for/).fill('Imaging of diabetic patients serves the disease studied.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(`${served.origin}/en/review/${id}?decided=1`);
    const main = words(await page.locator('main').innerText());
    expect(main).toContain('Decision recorded.');
    expect(main).toContain('Imaging of diabetic patients serves the disease studied.');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('takes a desk admin from the home page to every overdue application in two clicks at most', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'demo-desk-admin-pasteur', 'fr', '/fr');
    await checkAccessibility(page);
    let clicks = 0;
    await page
      .locator('.to-review')
      .getByRole('link', { name: /en retard/ })
      .click();
    clicks++;
    await page.waitForURL(`${served.origin}/fr/review?overdue=1`);
    expect(clicks).toBeLessThanOrEqual(2);
    for (const id of overdueIds)
      await expect(page.locator(`a[href="/fr/review/${id}"]`).count()).resolves.toBe(1);
    const main = words(await page.locator('main').innerText());
    expect(main).toContain('Demandes en retard');
    expect(main).toMatch(/2 demandes, dont 2 en retard/);
    expect(main).toContain('EN RETARD');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);

  it('votes with the keyboard alone, from the queue to the recorded vote', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await submitted('guichet-pasteur', 'COVID-19', 'Vote au clavier');
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'demo-reviewer2-pasteur', 'fr', '/fr/review');
    await tabTo(page, { text: 'Vote au clavier' }, 80);
    await activate(page, 'Enter');
    expect(page.url()).toBe(`${served.origin}/fr/review/${id}`);
    await tabTo(page, { selector: 'input[type="radio"][name="/vote/choice"]' }, 150);
    // Arrow keys move through a radio group and check what they land on: to "défavorable", then back.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: 'favorable', exact: true }).isChecked()).toBe(true);
    await tabTo(page, { selector: '#field-vote-rationale' }, 10);
    await page.keyboard.type('Protocole clair, au clavier.');
    await tabTo(page, { text: 'Enregistrer mon vote' }, 10);
    await activate(page, 'Enter');
    expect(page.url()).toBe(`${served.origin}/fr/review/${id}?voted=1`);
    expect(words(await page.locator('main').innerText())).toContain('Votre vote actuel : favorable');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);

  it('reflows the queue and the review page at 320 px', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'reflow320');
    const page = await guarded.newPage();
    await signIn(page, 'demo-desk-admin-pasteur', 'fr', '/fr/review');
    expect(await horizontalOverflow(page)).toBe(0);
    await page.goto(`${served.origin}/fr/review/${overdueIds[0]}`);
    expect(await horizontalOverflow(page)).toBe(0);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);
});
