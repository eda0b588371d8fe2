// Partners sign in their own browser: an evaluator submits, an auditor countersigns or disputes, each with an
// ECDSA P-256 key the browser made non-extractable and keeps in IndexedDB, registered for their organisation
// once they confirm. The stored signatures verify with the registered browser keys (and with no other), the
// key cannot be exported from the page, and the second signature needs no new registration. Without
// JavaScript the form says signing needs it and the desk refuses the unsigned post at /signature, in both
// languages. axe-core on every step it can run on (it needs script); the confirmation works with the keyboard
// alone.
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, demoIds } from '../access-fixtures';
import {
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  focused,
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
const EVALUATOR = 'demo-evaluator-evalsante';
const AUDITOR = 'demo-auditor-auditnum';

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  ids = await demoIds(served.desk, await orgIds());
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function orgIds(): Promise<Map<string, string>> {
  const { items } = (await (await served.desk.request('/v1/organizations')).json()) as {
    items: { id: string; slug: string }[];
  };
  return new Map(items.map((o) => [o.slug, o.id]));
}

const words = (text: string) => text.replace(/\s+/g, ' ');

const evidenceOf = (kind: string, id: string) =>
  kind === 'link'
    ? `https://guichet-pasteur.example.org/preuves/${id}`
    : kind === 'document'
      ? 'd'.repeat(64)
      : `Constaté sur place (${id}).`;

/** A complete draft evaluation of the Pasteur desk, scored through the API: ready to be signed. */
async function completeDraft(periodFrom: string, periodTo: string): Promise<string> {
  const token = await served.desk.token(EVALUATOR);
  const opened = await served.desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
    method: 'POST',
    token,
    json: { periodFrom, periodTo },
  });
  expect(opened.status).toBe(201);
  const e = (await opened.json()) as { id: string; version: number };
  const scores = Object.fromEntries(
    criteria.map((c) => {
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
  return e.id;
}

async function signIn(page: Page, lang: 'fr' | 'en', subject: string, next: string) {
  await page.goto(`${served.origin}/${lang}/sign-in?next=${encodeURIComponent(next)}`);
  const name = lang === 'fr' ? 'Se connecter comme' : 'Sign in as';
  await page.getByRole('button', { name: `${name} ${subject}` }).click();
  await page.waitForURL(`${served.origin}${next}`);
}

interface Stored {
  signature: string | null;
  countersignature: string | null;
  state: string;
}

async function evaluation(id: string, subject = EVALUATOR): Promise<Stored> {
  const res = await served.desk.request(`/v1/evaluations/${id}`, { token: await served.desk.token(subject) });
  return (await res.json()) as Stored;
}

async function keysOf(slug: string): Promise<{ kid: string; jwk: JWK; origin: string }[]> {
  const res = await served.desk.request(`/v1/organizations/${ids.orgs.get(slug)}/keys`);
  return ((await res.json()) as { items: { kid: string; jwk: JWK; origin: string }[] }).items;
}

/** Verifies a stored JWS with the organisation's registered key its header names; returns that kid. */
async function verifiesWithRegisteredKey(jws: string, slug: string, typ: string): Promise<string> {
  const header = decodeProtectedHeader(jws);
  expect(header).toMatchObject({ alg: 'ES256', typ });
  const key = (await keysOf(slug)).find((k) => k.kid === header.kid);
  expect(key, `key ${header.kid} registered for ${slug}`).toBeDefined();
  await compactVerify(jws, await importJWK(key!.jwk, 'ES256'), { algorithms: ['ES256'] });
  return key!.kid;
}

/** The browser's stored key for the page's person: its kid, and whether the page could export it. */
function browserKey(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('phoenix-signing', 1);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<{ kid: string; privateKey: CryptoKey }[]>((resolve, reject) => {
      const r = db.transaction('keys').objectStore('keys').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const exported = await Promise.all(
      all.map((k) =>
        crypto.subtle.exportKey('jwk', k.privateKey).then(
          () => true,
          () => false,
        ),
      ),
    );
    return all.map((k, i) => ({ kid: k.kid, extractable: k.privateKey.extractable, exported: exported[i] }));
  });
}

describe('signing in the browser', () => {
  it('an evaluator registers the browser’s key once, signs and submits; the stored JWS verifies with it', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const first = await completeDraft('2022-01-01', '2023-01-01');
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr', EVALUATOR, `/fr/evaluations/${first}/submit`);
    // With the script, no "needs JavaScript" warning.
    await expect.poll(() => page.locator('[data-signing-needs-script]').isHidden()).toBe(true);
    await checkAccessibility(page);

    await page.getByRole('button', { name: 'Oui, soumettre et signer' }).click();
    const confirm = page.getByRole('region', { name: 'Enregistrer la clé de ce navigateur ?' });
    await confirm.waitFor();
    expect(await focused(page)).toMatchObject({ id: 'signing-confirm-title' });
    const thumbprint = (await confirm.locator('code').innerText()).trim();
    expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await checkAccessibility(page);
    await Promise.all([
      page.waitForURL(/\?submitted=1$/),
      confirm.getByRole('button', { name: 'Enregistrer la clé et signer' }).click(),
    ]);
    expect(words(await page.locator('main').innerText())).toContain(
      'Évaluation signée par votre organisation et soumise.',
    );
    await checkAccessibility(page);

    const stored = await evaluation(first);
    expect(stored.state).toBe('submitted');
    const kid = await verifiesWithRegisteredKey(stored.signature!, 'evalsante', 'phoenix-evaluation+jws');
    expect(kid).toBe(thumbprint);
    expect((await keysOf('evalsante')).find((k) => k.kid === kid)).toMatchObject({ origin: 'uploaded' });
    // The key stays in the browser, where even the page cannot export it.
    expect(await browserKey(page)).toEqual([{ kid, extractable: false, exported: false }]);

    // The next signature uses the same key, with no registration.
    const second = await completeDraft('2021-01-01', '2022-01-01');
    await page.goto(`${served.origin}/fr/evaluations/${second}/submit`);
    await Promise.all([
      page.waitForURL(/\?submitted=1$/),
      page.getByRole('button', { name: 'Oui, soumettre et signer' }).click(),
    ]);
    const again = await evaluation(second);
    expect(await verifiesWithRegisteredKey(again.signature!, 'evalsante', 'phoenix-evaluation+jws')).toBe(
      kid,
    );
    expect((await keysOf('evalsante')).filter((k) => k.kid === kid)).toHaveLength(1);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 180_000);

  it('an auditor countersigns one evaluation and disputes another, signed with the auditor organisation’s browser key', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const submitted: string[] = [];
    for (const [from, to] of [
      ['2019-01-01', '2020-01-01'],
      ['2018-01-01', '2019-01-01'],
    ]) {
      const id = await completeDraft(from!, to!);
      const evaluatorPage = await (await newContext(browser)).newPage();
      await signIn(evaluatorPage, 'fr', EVALUATOR, `/fr/evaluations/${id}/submit`);
      await evaluatorPage.getByRole('button', { name: 'Oui, soumettre et signer' }).click();
      await evaluatorPage.getByRole('button', { name: 'Enregistrer la clé et signer' }).click();
      await evaluatorPage.waitForURL(/\?submitted=1$/);
      await evaluatorPage.context().close();
      submitted.push(id);
    }
    const [countersigned, disputed] = submitted as [string, string];

    const guarded = await newContext(browser, 'desktop', 'en-GB');
    const page = await guarded.newPage();
    await signIn(page, 'en', AUDITOR, `/en/audit/evaluations/${countersigned}/countersign`);
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'I countersign this evaluation' }).click();
    const confirm = page.getByRole('region', { name: 'Register this browser’s key?' });
    await confirm.waitFor();
    await checkAccessibility(page);
    await Promise.all([
      page.waitForURL(/\?done=countersigned$/),
      confirm.getByRole('button', { name: 'Register the key and sign' }).click(),
    ]);
    await checkAccessibility(page);
    const stored = await evaluation(countersigned, AUDITOR);
    expect(stored.state).toBe('countersigned');
    const kid = await verifiesWithRegisteredKey(
      stored.countersignature!,
      'audit-numerique-sante',
      'phoenix-countersignature+jws',
    );
    expect(await browserKey(page)).toEqual([{ kid, extractable: false, exported: false }]);

    // A dispute: the criteria typed in the form are the ones signed (line breaks included).
    await page.goto(`${served.origin}/en/audit/evaluations/${disputed}`);
    await page.selectOption('#field-criteria-0-criterion', 'pseudonymisation');
    await page.fill('#field-criteria-0-comment', 'No re-identification risk analysis.\nSee the annex.');
    await Promise.all([
      page.waitForURL(/\?done=disputed$/),
      page.getByRole('button', { name: 'Dispute these criteria' }).click(),
    ]);
    await checkAccessibility(page);
    const dispute = (await (
      await served.desk.request(`/v1/evaluations/${disputed}/dispute`, {
        token: await served.desk.token(AUDITOR),
      })
    ).json()) as { criteria: { criterion: string; comment: string }[]; signature?: string };
    expect(dispute.criteria).toEqual([
      { criterion: 'pseudonymisation', comment: 'No re-identification risk analysis.\nSee the annex.' },
    ]);
    if (dispute.signature) {
      expect(
        await verifiesWithRegisteredKey(dispute.signature, 'audit-numerique-sante', 'phoenix-dispute+jws'),
      ).toBe(kid);
    }
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 240_000);

  it('cancels the key registration with the keyboard: nothing signed, nothing sent, focus back on the button', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await completeDraft('2017-01-01', '2018-01-01');
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr', EVALUATOR, `/fr/evaluations/${id}/submit`);
    const before = (await keysOf('evalsante')).length;
    await tabTo(page, { selector: 'button', text: 'Oui, soumettre et signer' });
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Enregistrer la clé de ce navigateur ?' }).waitFor();
    await tabTo(page, { selector: 'button', text: 'Annuler' }, 5);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ text: 'Oui, soumettre et signer' });
    expect(words(await page.locator('[data-signing-status]').innerText())).toBe(
      'Rien n’a été signé ni envoyé.',
    );
    expect((await keysOf('evalsante')).length).toBe(before);
    expect((await evaluation(id)).state).toBe('draft');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  }, 120_000);

  it('says without JavaScript that signing needs it, and the desk refuses the unsigned post at /signature', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await completeDraft('2016-01-01', '2017-01-01');
    for (const [lang, warning, error, button] of [
      [
        'fr',
        'La signature se fait dans votre navigateur et demande JavaScript',
        'aucune signature reçue',
        'Oui, soumettre et signer',
      ],
      [
        'en',
        'Signing happens in your browser and needs JavaScript',
        'no signature received',
        'Yes, submit and sign',
      ],
    ] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: lang });
      const page = await context.newPage();
      await page.goto(`${served.origin}/${lang}/sign-in?next=%2F${lang}%2Fevaluations%2F${id}%2Fsubmit`);
      await page
        .getByRole('button', { name: `${lang === 'fr' ? 'Se connecter comme' : 'Sign in as'} ${EVALUATOR}` })
        .click();
      await page.waitForURL(new RegExp(`/${lang}/evaluations/${id}/submit$`));
      expect(words(await page.locator('main').innerText())).toContain(warning);
      await page.getByRole('button', { name: button }).click();
      await page.waitForLoadState();
      expect(await page.locator('#error-summary a[href="#field-signature"]').innerText()).toContain(error);
      expect(await page.locator('#field-signature-error').innerText()).toContain(error);
      expect((await evaluation(id)).state).toBe('draft');
      await context.close();
    }
  }, 120_000);
});
