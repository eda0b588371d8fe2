// An evaluator's journey in a real browser, in French and in English: open an evaluation, score the grid
// with evidence, submit after confirmation; in French, answer an auditor's dispute (made through the API)
// and compare the new version with the disputed one on the radar. axe-core on every page, no off-origin
// request, no CSP violation; one pass with the keyboard alone; the scoring page reflows at 320 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, demoIds } from '../access-fixtures';
import { registeredKey, signedDispute } from '../support/partner-keys';
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
const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
const criteria = grid.groups.flatMap((g) => g.criteria);

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  ids = await demoIds(served.desk, new Map());
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const words = (text: string) => text.replace(/\s+/g, ' ');
const EVALUATION = /\/evaluations\/([0-9a-f-]{36})(\?\w+=1)?$/;

const evidenceOf = (kind: string, id: string) =>
  kind === 'link'
    ? `https://guichet-pasteur.example.org/preuves/${id}`
    : kind === 'document'
      ? 'd'.repeat(64)
      : `Constaté sur place (${id}).`;

/** Scores every criterion at `level` in the form, with one piece of evidence each; figures justified. */
async function scoreAll(page: Page, level: number, justification: string) {
  for (const c of criteria) {
    const base = `field-scores-${c.id}`;
    await page.check(`#${base}-level-${level}`);
    if (!(await page.inputValue(`#${base}-evidence-0-value`))) {
      await page.selectOption(`#${base}-evidence-0-kind`, c.evidence.kinds[0]!);
      await page.fill(`#${base}-evidence-0-value`, evidenceOf(c.evidence.kinds[0]!, c.id));
    }
    if (c.metric) await page.fill(`#${base}-justification`, justification);
  }
}

async function signIn(page: Page, lang: 'fr' | 'en') {
  await page.goto(`${served.origin}/${lang}/sign-in?next=%2F${lang}%2Fevaluations`);
  const name = lang === 'fr' ? 'Se connecter comme' : 'Sign in as';
  await page.getByRole('button', { name: `${name} demo-evaluator-evalsante` }).click();
  await page.waitForURL(`${served.origin}/${lang}/evaluations`);
}

async function openEvaluation(page: Page, lang: 'fr' | 'en', from: string, to: string): Promise<string> {
  await page.selectOption('#field-deskId', ids.desks.get('guichet-pasteur')!);
  await page.fill('#field-periodFrom', from);
  await page.fill('#field-periodTo', to);
  await page
    .getByRole('button', { name: lang === 'fr' ? 'Ouvrir l’évaluation' : 'Open the evaluation' })
    .click();
  await page.waitForURL(/\/evaluations\/[0-9a-f-]{36}\?opened=1$/);
  return EVALUATION.exec(page.url())![1]!;
}

describe('an evaluator in a browser', () => {
  it('scores, submits, answers a dispute and compares versions (in French)', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr');
    await checkAccessibility(page);

    // An empty period comes back with the error at its field.
    await page.selectOption('#field-deskId', ids.desks.get('guichet-pasteur')!);
    await page.fill('#field-periodFrom', '2027-01-01');
    await page.fill('#field-periodTo', '2026-01-01');
    await page.getByRole('button', { name: 'Ouvrir l’évaluation' }).click();
    expect(await page.locator('#field-periodTo-error').innerText()).toContain(
      'la fin doit être après le début',
    );
    await checkAccessibility(page);

    const id = await openEvaluation(page, 'fr', '2026-01-01', '2027-01-01');
    expect(await page.locator('#field-scores-catalogue-completeness-level input:checked').count()).toBe(1);
    await checkAccessibility(page);

    // A wrong digest: the summary links to the field, which keeps what was typed.
    await page.check('#field-scores-impact-assessment-level-3');
    await page.fill('#field-scores-impact-assessment-evidence-0-value', 'pas-une-empreinte');
    await page.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await page.waitForLoadState();
    await page.locator('#error-summary a[href="#field-scores-impact-assessment-evidence-0-value"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      'field-scores-impact-assessment-evidence-0-value',
    );
    expect(await page.inputValue('#field-scores-impact-assessment-evidence-0-value')).toBe(
      'pas-une-empreinte',
    );
    await checkAccessibility(page);
    await page.fill('#field-scores-impact-assessment-evidence-0-value', 'e'.repeat(64));
    await scoreAll(page, 3, 'Niveau constaté sur pièces.');
    await page.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await page.waitForURL(/\?saved=1$/);
    expect(words(await page.locator('main').innerText())).toContain('Notes enregistrées.');
    await checkAccessibility(page);

    await page.getByRole('button', { name: 'Soumettre l’évaluation…' }).click();
    await page.waitForURL(/\/submit$/);
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Oui, soumettre et signer' }).click();
    // The first signature in this browser registers its key for the organisation, once confirmed.
    await page.getByRole('button', { name: 'Enregistrer la clé et signer' }).click();
    await page.waitForURL(/\?submitted=1$/);
    expect(words(await page.locator('main').innerText())).toContain(
      'signée par votre organisation à la soumission',
    );
    await checkAccessibility(page);

    // An auditor of Audit Numérique Santé disputes two criteria through the API.
    // Its client signs the dispute with a key of Audit Numérique Santé.
    const auditor = await served.desk.token('demo-auditor-auditnum');
    const orgs = (await (await served.desk.request('/v1/organizations')).json()) as {
      items: { id: string; slug: string }[];
    };
    const auditorOrg = orgs.items.find((o) => o.slug === 'audit-numerique-sante')!.id;
    const disputed = await signedDispute(
      served.desk,
      auditor,
      id,
      await registeredKey(served.desk, auditor, auditorOrg),
      auditorOrg,
      [
        { criterion: 'written-access-policy', comment: 'Le document lié est un projet.' },
        { criterion: 'pseudonymisation', comment: 'Aucune analyse de risque de réidentification.' },
      ],
    );
    expect(disputed.status).toBe(201);
    await page.goto(`${served.origin}/fr/evaluations/${id}`);
    await checkAccessibility(page);
    await page.fill('#field-answer-0-comment', 'La version adoptée est désormais liée ; niveau maintenu.');
    await page.fill('#field-answer-1-comment', 'D’accord : niveau abaissé à 1.');
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await page.waitForURL(/\?answered=1$/);
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Ouvrir une nouvelle version' }).click();
    await page.waitForURL(/\?revised=1$/);
    const second = EVALUATION.exec(page.url())![1]!;
    expect(second).not.toBe(id);
    await checkAccessibility(page);
    await page.check('#field-scores-pseudonymisation-level-1');
    await page.getByRole('button', { name: 'Soumettre l’évaluation…' }).click();
    await page.waitForURL(/\/submit$/);
    await page.getByRole('button', { name: 'Oui, soumettre et signer' }).click();
    await page.waitForURL(/\?submitted=1$/);
    const main = words(await page.locator('main').innerText());
    expect(main).toContain('en gris pointillé, la version 1 qu’elle remplace');
    await expect.poll(() => page.locator('figure.radar svg[role="img"] polygon').count()).toBe(6); // four rings, the previous version, this one
    expect(await page.locator('table.scores th[scope="col"]').allInnerTexts()).toContain('Version 1');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 180_000);

  it('opens, scores and submits an evaluation in English', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'desktop', 'en-GB');
    const page = await guarded.newPage();
    await signIn(page, 'en');
    await checkAccessibility(page);
    await openEvaluation(page, 'en', '2025-01-01', '2026-01-01');
    expect(words(await page.locator('main').innerText())).toContain('The desk’s figure over the period');
    await checkAccessibility(page);
    await scoreAll(page, 2, 'Observed on site, beyond the figure alone.');
    await page.getByRole('button', { name: 'Submit the evaluation…' }).click();
    await page.waitForURL(/\/submit$/);
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Yes, submit and sign' }).click();
    await page.getByRole('button', { name: 'Register the key and sign' }).click();
    await page.waitForURL(/\?submitted=1$/);
    const main = words(await page.locator('main').innerText());
    expect(main).toContain('Evaluation signed by your organisation and submitted.');
    expect(main).toContain('awaiting an auditor of another partner organisation');
    await checkAccessibility(page);
    await page.goto(`${served.origin}/en/evaluations`);
    expect(words(await page.locator('main').innerText())).toContain('submitted, awaiting countersignature');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('scores the last criterion, saves and submits with the keyboard alone', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    // Every criterion but the first is scored beforehand through the API; the keyboard does the rest.
    const token = await served.desk.token('demo-evaluator-evalsante');
    const opened = await served.desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
      method: 'POST',
      token,
      json: { periodFrom: '2024-01-01', periodTo: '2025-01-01' },
    });
    const e = (await opened.json()) as { id: string; version: number };
    const scores = Object.fromEntries(
      criteria.slice(1).map((c) => {
        const kind = c.evidence.kinds[0]!;
        return [
          c.id,
          {
            level: 2,
            evidence: [{ kind, value: evidenceOf(kind, c.id) }],
            ...(c.metric ? { justification: 'Constaté sur pièces.' } : {}),
          },
        ];
      }),
    );
    const put = await served.desk.request(`/v1/evaluations/${e.id}`, {
      method: 'PUT',
      token,
      headers: { 'if-match': `"${e.version}"` },
      json: { scores },
    });
    expect(put.status).toBe(200);

    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await page.goto(`${served.origin}/fr/sign-in?next=%2Ffr%2Fevaluations%2F${e.id}`);
    await tabTo(page, { selector: 'button', text: 'demo-evaluator-evalsante' });
    await Promise.all([page.waitForURL(/\/fr\/evaluations\/[0-9a-f-]{36}$/), page.keyboard.press('Enter')]);
    const first = criteria[0]!.id;
    await tabTo(page, { selector: `input[type="radio"][id^="field-scores-${first}-level-"]` }, 100);
    for (let i = 0; i < 8 && (await focused(page))?.id !== `field-scores-${first}-level-3`; i++)
      await page.keyboard.press('ArrowDown');
    expect(await page.locator(`#field-scores-${first}-level-3`).isChecked()).toBe(true);
    await tabTo(page, { selector: `#field-scores-${first}-evidence-0-value` }, 20);
    await page.keyboard.type('https://guichet-pasteur.example.org/catalogue');
    // Enter in a text field submits the form with its first button: Save.
    await Promise.all([page.waitForURL(/\?saved=1$/), page.keyboard.press('Enter')]);
    await checkAccessibility(page);
    await tabTo(page, { selector: 'button', text: 'Soumettre l’évaluation' }, 400);
    await Promise.all([page.waitForURL(/\/submit$/), page.keyboard.press('Enter')]);
    await tabTo(page, { selector: 'button', text: 'Oui, soumettre et signer' }, 60);
    await page.keyboard.press('Enter');
    // The key's confirmation takes the focus; its first button registers the key and signs.
    await page.getByRole('region', { name: 'Enregistrer la clé de ce navigateur ?' }).waitFor();
    await tabTo(page, { selector: 'button', text: 'Enregistrer la clé et signer' }, 5);
    await Promise.all([page.waitForURL(/\?submitted=1$/), page.keyboard.press('Enter')]);
    expect(words(await page.locator('main').innerText())).toContain(
      'Évaluation signée par votre organisation et soumise.',
    );
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 180_000);

  it('lays the scoring page and its radar out at 320 px without sideways scrolling', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'reflow320');
    const page = await guarded.newPage();
    await signIn(page, 'fr');
    expect(await horizontalOverflow(page)).toBe(0);
    const id = await openEvaluation(page, 'fr', '2023-01-01', '2024-01-01');
    expect(id).toBeTruthy();
    expect(await horizontalOverflow(page)).toBe(0);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 60_000);
});
