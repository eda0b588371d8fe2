// An auditor's journey in a real browser: the browser itself verifies the evaluation's signature and the
// audit log's tree head and inclusion proofs with WebCrypto, in French and in English; a page whose signed
// evaluation, shown scores or proof were altered on the way says it does not verify; the pages pass axe-core
// with no blocked request and no CSP violation; countersigning works with the keyboard alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, demoIds } from '../access-fixtures';
import { signTreeHead, submittedEvaluation } from '../web/audit-fixtures';
import {
  activate,
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
let pasteur: string;
let demoEvaluation: string;

beforeAll(async () => {
  if (chromiumAbsent) return;
  [served, browser] = await Promise.all([startConsoleDesk(), launchChromium()]);
  ids = await demoIds(served.desk, new Map());
  pasteur = ids.desks.get('guichet-pasteur')!;
  const scorecard = (await (await served.desk.request(`/v1/desks/${pasteur}/scorecard`)).json()) as {
    latest: { evaluationId: string };
  };
  demoEvaluation = scorecard.latest.evaluationId;
  await signTreeHead(served.desk);
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Visible text with the no-break spaces of French typography as plain spaces. */
const words = (text: string) => text.replace(/\s+/g, ' ');

const TEXTS = {
  fr: {
    signIn: 'Se connecter comme demo-auditor-auditnum',
    verified: 'Signature vérifiée par votre navigateur',
    countersigned: 'Contre-signature vérifiée par votre navigateur',
    notVerified: 'La signature ne se vérifie PAS',
    headVerified: 'Tête d’arbre vérifiée par votre navigateur',
    inclusion: 'inclusion vérifiée par votre navigateur',
    sequence: 'Séquence du guichet vérifiée par votre navigateur : entrées 1 à',
  },
  en: {
    signIn: 'Sign in as demo-auditor-auditnum',
    verified: 'Signature verified by your browser',
    countersigned: 'Countersignature verified by your browser',
    notVerified: 'The signature does NOT verify',
    headVerified: 'Tree head verified by your browser',
    inclusion: 'inclusion checked by your browser',
    sequence: 'Desk sequence verified by your browser: entries 1 to',
  },
} as const;

async function signIn(page: Page, lang: 'fr' | 'en', next: string) {
  await page.goto(`${served.origin}/${lang}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: TEXTS[lang].signIn }).click();
  await page.waitForURL(`${served.origin}${next}`);
}

const statusOf = (page: Page, id: string) => async () => words(await page.locator(`#${id}`).innerText());

/** Serves the page as the desk sent it, changed by `alter` on the way: what a tampering proxy would do. */
async function tamper(page: Page, path: string, alter: (html: string) => string) {
  await page.route(`${served.origin}${path}`, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const altered = alter(html);
    expect(altered).not.toBe(html);
    await route.fulfill({ response, body: altered });
  });
}

/** The JSON the page gives its verification script, rewritten. */
function alterData(html: string, change: (data: Record<string, unknown>) => void): string {
  return html.replace(
    /(<script type="application\/json" id="audit-verify-data">)([\s\S]*?)(<\/script>)/,
    (_, open: string, json: string, close: string) => {
      const data = JSON.parse(json) as Record<string, unknown>;
      change(data);
      return `${open}${JSON.stringify(data).replace(/</g, '\\u003c')}${close}`;
    },
  );
}

describe('an auditor in a browser', () => {
  for (const lang of ['fr', 'en'] as const) {
    it(`sees the evaluation's signature and the log's proofs verified by the browser (${lang})`, async ({
      skip,
    }) => {
      skip(chromiumAbsent, SKIPPED);
      const t = TEXTS[lang];
      const guarded = await newContext(browser, 'desktop', lang === 'fr' ? 'fr-FR' : 'en-GB');
      const page = await guarded.newPage();
      await signIn(page, lang, `/${lang}/audit`);
      await checkAccessibility(page);

      await page.locator(`a[href="/${lang}/audit/evaluations/${demoEvaluation}"]`).click();
      await page.waitForURL(`${served.origin}/${lang}/audit/evaluations/${demoEvaluation}`);
      await expect.poll(statusOf(page, 'signature-status')).toContain(t.verified);
      await expect.poll(statusOf(page, 'countersignature-status')).toContain(t.countersigned);
      await expect(page.locator('#signature-status').getAttribute('aria-live')).resolves.toBe('polite');
      await checkAccessibility(page);

      await page.goto(`${served.origin}/${lang}/audit/log?desk=${pasteur}`);
      await expect.poll(statusOf(page, 'tree-head-status')).toContain(t.headVerified);
      const cells = page.locator('td[id^="inclusion-"]');
      const count = await cells.count();
      // The demo's entries of the Pasteur desk, all under the tree head signed before the suite.
      expect(count).toBeGreaterThan(5);
      await expect
        .poll(async () => (await cells.allInnerTexts()).filter((x) => x.includes(t.inclusion)).length)
        .toBe(count);
      // One desk's entries, from its first: its own sequence, checked here too.
      await expect.poll(statusOf(page, 'desk-sequence-status')).toContain(t.sequence);
      await checkAccessibility(page);
      expectNoBlockedRequestOrViolation(guarded);
      await guarded.close();
    });
  }

  it('says a signed evaluation altered on the way does not verify, nor one whose shown scores were changed', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr', '/fr/audit');
    const path = `/fr/audit/evaluations/${demoEvaluation}`;

    // One character of the signed payload changed: the signature no longer matches it.
    await tamper(page, path, (html) =>
      alterData(html, (data) => {
        const [header, payload, signature] = String(data.signature).split('.') as [string, string, string];
        const at = 40;
        const swapped = payload[at] === 'A' ? 'B' : 'A';
        data.signature = `${header}.${payload.slice(0, at)}${swapped}${payload.slice(at + 1)}.${signature}`;
      }),
    );
    await page.goto(`${served.origin}${path}`);
    await expect.poll(statusOf(page, 'signature-status')).toContain(TEXTS.fr.notVerified);
    expect(await statusOf(page, 'signature-status')()).toContain('la signature ne correspond pas au contenu');
    expect(await page.locator('#signature-status').getAttribute('data-verified')).toBe('false');
    await checkAccessibility(page);
    await page.unrouteAll();

    // The signature intact, but one score shown changed: the signed content is not what the page shows.
    await tamper(page, path, (html) =>
      html.replace(/data-level="(\d)"/, (_, l) => `data-level="${(Number(l) + 1) % 5}"`),
    );
    await page.goto(`${served.origin}${path}`);
    await expect.poll(statusOf(page, 'signature-status')).toContain(TEXTS.fr.notVerified);
    expect(await statusOf(page, 'signature-status')()).toContain(
      'le contenu signé diffère de l’évaluation affichée',
    );
    await page.unrouteAll();

    // And untouched, it verifies.
    await page.goto(`${served.origin}${path}`);
    await expect.poll(statusOf(page, 'signature-status')).toContain(TEXTS.fr.verified);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('says an inclusion proof altered on the way does not verify, and checks the others', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'desktop', 'en-GB');
    const page = await guarded.newPage();
    await signIn(page, 'en', '/en/audit');
    const path = `/en/audit/log?desk=${pasteur}`;
    let altered = '';
    await tamper(page, path, (html) =>
      alterData(html, (data) => {
        const entries = data.entries as { entry: { id: string }; proof: { auditPath: string[] } | null }[];
        const target = entries.find((e) => e.proof && e.proof.auditPath.length > 0)!;
        altered = target.entry.id;
        const first = target.proof!.auditPath[0]!;
        target.proof!.auditPath[0] = `${first[0] === 'a' ? 'b' : 'a'}${first.slice(1)}`;
      }),
    );
    await page.goto(`${served.origin}${path}`);
    await expect.poll(statusOf(page, 'tree-head-status')).toContain(TEXTS.en.headVerified);
    await expect
      .poll(statusOf(page, `inclusion-${altered}`))
      .toContain('The signature does NOT verify: the audit path does not lead to the signed root');
    const cells = page.locator('td[id^="inclusion-"]');
    const count = await cells.count();
    await expect
      .poll(async () => (await cells.allInnerTexts()).filter((x) => x.includes(TEXTS.en.inclusion)).length)
      .toBe(count - 1);
    await expect
      .poll(statusOf(page, 'inclusion-summary'))
      .toContain(`${count - 1} inclusions checked, 1 failed.`);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('says an entry of the desk left out of the page is missing, though every entry shown is included', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'desktop', 'en-GB');
    const page = await guarded.newPage();
    await signIn(page, 'en', '/en/audit');
    const path = `/en/audit/log?desk=${pasteur}`;
    let left = 0;
    // A desk hiding one entry: its row and its data gone, every other entry and proof intact.
    await tamper(page, path, (html) => {
      let hidden = '';
      const shown = alterData(html, (data) => {
        const entries = data.entries as { entry: { id: string; payload: { deskSeq?: number } } }[];
        const at = entries.findIndex((e) => (e.entry.payload.deskSeq ?? 0) >= 3);
        left = entries[at]!.entry.payload.deskSeq!;
        hidden = entries[at]!.entry.id;
        entries.splice(at, 1);
      });
      return shown.replace(new RegExp(`<tr data-entry-id="${hidden}"[\\s\\S]*?</tr>`), '');
    });
    await page.goto(`${served.origin}${path}`);
    await expect.poll(statusOf(page, 'tree-head-status')).toContain(TEXTS.en.headVerified);
    await expect
      .poll(statusOf(page, 'desk-sequence-status'))
      .toContain(`Desk sequence failed: entries ${left}–${left} are missing.`);
    expect(await page.locator('#desk-sequence-status').getAttribute('data-verified')).toBe('false');
    expect(await statusOf(page, 'inclusion-summary')()).toContain('0 failed');
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('says, without script, that nothing was checked here and how to check it', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await signIn(page, 'en', '/en/audit');
      await page.goto(`${served.origin}/en/audit/evaluations/${demoEvaluation}`);
      const main = words(await page.locator('main').innerText());
      expect(main).toContain('Signature not checked here');
      expect(main).toContain('Scripts are turned off: the signature has not been checked on this page.');
      expect(main).not.toContain('verified by your browser');
      await page.goto(`${served.origin}/en/audit/log?desk=${pasteur}`);
      const log = words(await page.locator('main').innerText());
      expect(log).toContain('Tree head not checked here.');
      expect(log).toContain('Desk sequence not checked here.');
      expect(log).toContain('not checked here');
      expect(log).not.toContain('inclusion checked by your browser');
    } finally {
      await context.close();
    }
  });

  it('fits the audit pages in 320 px without sideways scrolling, still accessible', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const guarded = await newContext(browser, 'reflow320');
    const page = await guarded.newPage();
    await signIn(page, 'fr', '/fr/audit');
    for (const path of [
      '/fr/audit',
      `/fr/audit/evaluations/${demoEvaluation}`,
      `/fr/audit/evaluations/${demoEvaluation}/countersign`,
      `/fr/audit/log?desk=${pasteur}`,
    ]) {
      await page.goto(`${served.origin}${path}`);
      expect(await horizontalOverflow(page), path).toBe(0);
      await checkAccessibility(page);
    }
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });

  it('countersigns an evaluation with the keyboard alone, after its confirmation', async ({ skip }) => {
    skip(chromiumAbsent, SKIPPED);
    const id = await submittedEvaluation(served.desk, pasteur, { from: '2024-01-01', to: '2025-01-01' });
    const guarded = await newContext(browser);
    const page = await guarded.newPage();
    await signIn(page, 'fr', '/fr/audit');
    await page.goto(`${served.origin}/fr/audit`);
    const link = await tabTo(page, { selector: `a[href="/fr/audit/evaluations/${id}"]` });
    expect(focusIsVisible(link.focused)).toBe(true);
    await activate(page, 'Enter');
    await expect.poll(statusOf(page, 'signature-status')).toContain(TEXTS.fr.verified);
    await checkAccessibility(page);
    const countersign = await tabTo(page, { text: 'Contresigner cette évaluation' }, 200);
    expect(focusIsVisible(countersign.focused)).toBe(true);
    await activate(page, 'Enter');
    expect(page.url()).toBe(`${served.origin}/fr/audit/evaluations/${id}/countersign`);
    await checkAccessibility(page);
    const confirm = await tabTo(page, { text: 'Je contresigne cette évaluation' });
    expect(focusIsVisible(confirm.focused)).toBe(true);
    await page.keyboard.press('Enter');
    // The first signature in this browser: the key's confirmation takes the focus.
    await page.getByRole('region', { name: 'Enregistrer la clé de ce navigateur ?' }).waitFor();
    await tabTo(page, { selector: 'button', text: 'Enregistrer la clé et signer' }, 5);
    await Promise.all([page.waitForURL(/\?done=countersigned$/), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(`${served.origin}/fr/audit/evaluations/${id}?done=countersigned`);
    expect(words(await page.locator('main').innerText())).toContain('Évaluation contresignée.');
    await expect.poll(statusOf(page, 'countersignature-status')).toContain(TEXTS.fr.countersigned);
    await checkAccessibility(page);
    expectNoBlockedRequestOrViolation(guarded);
    await guarded.close();
  });
});
