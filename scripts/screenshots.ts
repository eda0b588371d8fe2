// `npm run screenshots`: the console's pages as people see them, in docs/screenshots/<name>.png. Starts the
// embedded default with the demo cast (a temporary data folder, a free port), drives Debian's Chromium
// through SHOTS, anonymous or signed in through the dev sign-in form, and skips with a warning a page that
// is not built yet (404), so the list can name pages before they exist. Before the shots, the demo gets what
// the journey's pages show: a draft dataset with two revisions (made in the browser, as its provider would),
// an application approved through the JSON API (so its team holds visas) and a draft application.
//   npm run screenshots              every shot
//   npm run screenshots -- home      the shots whose name starts with one of the words given
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { loadOrCreateDevIssuerKey } from '../src/adapters/dev-secrets';
import { mintDevToken } from '../src/crypto/dev-issuer';
import { ROOT, startDemoDesk } from './desk-processes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT_DIR = join(ROOT, 'docs', 'screenshots');

interface Shot {
  name: string;
  /** The path; `{name}` stands for one of the ids of `Prepared` (`{dataset}`: a published demo dataset). */
  path: string;
  /** A member of the demo cast, signed in through the dev sign-in form first. */
  as?: string;
  /** Width in CSS pixels (1280 unless given). */
  width?: number;
  /**
   * What the person does on the page before the shot (posts a form…); the shot is of the page it leads to, or
   * of the same page when it answers null (it waited for something on it).
   */
  act?: (page: Page, prepared: Prepared) => Promise<Response | null>;
}

/** What the shots show beyond the demo cast's own data, made before them (see `prepare`). */
interface Prepared {
  /** A published demo dataset (the COVID-19 cohort, offered by the Pasteur desk). */
  dataset: string;
  /** The Pasteur desk, which has a countersigned evaluation: its scorecard. */
  desk: string;
  /** A draft dataset of Institut Pasteur, saved twice: two revisions to compare, a publication to confirm. */
  draft: string;
  /** An application approved by the Pasteur desk's two reviewers: its timeline, its team's visas. */
  approved: string;
  /** A draft application, whose form shows the match of its purpose with the dataset's conditions. */
  applicationDraft: string;
  /** A visa of the approved application, for the verification page. */
  visa: string;
  /** An application submitted to the Pasteur desk and awaiting its reviewers. */
  pending: string;
  /** The Pasteur desk's countersigned demo evaluation. */
  evaluation: string;
}

/** Presses a form's button and waits for the page the post answers with (after its redirect, if any). */
const submit = async (page: Page, name: string): Promise<Response | null> => {
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name, exact: true }).last().click(),
  ]);
  return res;
};

const SHOTS: Shot[] = [
  { name: 'home-fr', path: '/fr' },
  { name: 'home-en', path: '/en' },
  { name: 'home-320px-fr', path: '/fr', width: 320 },
  { name: 'sign-in-fr', path: '/fr/sign-in' },
  { name: 'sign-in-en', path: '/en/sign-in' },
  { name: 'not-found-fr', path: '/fr/no-such-page' },
  { name: 'catalogue-fr', path: '/fr/datasets' },
  { name: 'catalogue-en', path: '/en/datasets' },
  { name: 'catalogue-search-fr', path: '/fr/datasets?q=cancer' },
  { name: 'dataset-fr', path: '/fr/datasets/{dataset}' },
  { name: 'dataset-en', path: '/en/datasets/{dataset}' },
  { name: 'desks-fr', path: '/fr/desks' },
  { name: 'desk-fr', path: '/fr/desks/{desk}' },
  { name: 'desk-en', path: '/en/desks/{desk}' },
  { name: 'register-fr', path: '/fr/register' },
  { name: 'home-editor-fr', path: '/fr', as: 'demo-editor-pasteur' },
  { name: 'my-datasets-fr', path: '/fr/my/datasets', as: 'demo-editor-pasteur' },
  { name: 'my-datasets-en', path: '/en/my/datasets', as: 'demo-editor-pasteur' },
  { name: 'dataset-new-fr', path: '/fr/my/datasets/new', as: 'demo-editor-pasteur' },
  {
    name: 'dataset-new-errors-fr',
    path: '/fr/my/datasets/new',
    as: 'demo-editor-pasteur',
    act: (page) => submit(page, 'Enregistrer le brouillon'),
  },
  { name: 'dataset-import-fr', path: '/fr/my/datasets/import', as: 'demo-editor-pasteur' },
  { name: 'dataset-manage-fr', path: '/fr/my/datasets/{draft}', as: 'demo-editor-pasteur' },
  { name: 'dataset-manage-published-fr', path: '/fr/my/datasets/{dataset}', as: 'demo-editor-pasteur' },
  { name: 'dataset-revisions-fr', path: '/fr/my/datasets/{draft}/revisions', as: 'demo-editor-pasteur' },
  { name: 'dataset-publish-fr', path: '/fr/my/datasets/{draft}/publish', as: 'demo-editor-pasteur' },
  { name: 'applications-fr', path: '/fr/applications', as: 'demo-requester-cesp' },
  {
    name: 'application-new-fr',
    path: '/fr/applications/new?dataset={dataset}',
    as: 'demo-requester-cesp',
  },
  {
    name: 'application-form-fr',
    path: '/fr/applications/{applicationDraft}/edit',
    as: 'demo-requester-cesp',
  },
  { name: 'application-fr', path: '/fr/applications/{approved}', as: 'demo-requester-cesp' },
  { name: 'application-en', path: '/en/applications/{approved}', as: 'demo-requester-cesp' },
  { name: 'visas-fr', path: '/fr/visas', as: 'demo-requester-cesp' },
  { name: 'visas-en', path: '/en/visas', as: 'demo-requester-cesp' },
  { name: 'visa-verify-fr', path: '/fr/visas/verify' },
  {
    name: 'visa-verified-fr',
    path: '/fr/visas/verify',
    act: async (page, prepared) => {
      await page.getByLabel('Visa à vérifier (JWT)').fill(prepared.visa);
      return submit(page, 'Vérifier');
    },
  },
];

/** Waits until the browser has checked what the page shows (the auditor's pages verify in the browser). */
const verified =
  (text: string) =>
  async (page: Page): Promise<null> => {
    await page.getByText(text).first().waitFor({ timeout: 10_000 });
    return null;
  };

SHOTS.push(
  { name: 'review-fr', path: '/fr/review', as: 'demo-reviewer-pasteur' },
  { name: 'review-application-fr', path: '/fr/review/{pending}', as: 'demo-reviewer-pasteur' },
  { name: 'review-application-en', path: '/en/review/{approved}', as: 'demo-desk-admin-pasteur' },
  { name: 'home-desk-admin-fr', path: '/fr', as: 'demo-desk-admin-pasteur' },
  { name: 'desk-settings-fr', path: '/fr/my/desks/{desk}/settings', as: 'demo-desk-admin-pasteur' },
  { name: 'desk-figures-fr', path: '/fr/my/desks/{desk}/figures', as: 'demo-desk-admin-pasteur' },
  { name: 'evaluations-fr', path: '/fr/evaluations', as: 'demo-evaluator-evalsante' },
  { name: 'evaluation-fr', path: '/fr/evaluations/{evaluation}', as: 'demo-evaluator-evalsante' },
  { name: 'audit-fr', path: '/fr/audit', as: 'demo-auditor-auditnum' },
  {
    name: 'audit-evaluation-fr',
    path: '/fr/audit/evaluations/{evaluation}',
    as: 'demo-auditor-auditnum',
    act: verified('Signature vérifiée par votre navigateur'),
  },
  {
    name: 'audit-log-fr',
    path: '/fr/audit/log?desk={desk}',
    as: 'demo-auditor-auditnum',
    act: verified('Séquence du guichet vérifiée par votre navigateur'),
  },
  { name: 'evaluation-en', path: '/en/evaluations/{evaluation}', as: 'demo-evaluator-evalsante' },
  {
    name: 'audit-evaluation-en',
    path: '/en/audit/evaluations/{evaluation}',
    as: 'demo-auditor-auditnum',
    act: verified('Signature verified by your browser'),
  },
  {
    name: 'audit-log-en',
    path: '/en/audit/log?desk={desk}',
    as: 'demo-auditor-auditnum',
    act: verified('Desk sequence verified by your browser'),
  },
  { name: 'admin-organizations-fr', path: '/fr/admin/organizations', as: 'demo-admin' },
  { name: 'admin-keys-fr', path: '/fr/admin/keys', as: 'demo-admin' },
);

/** Pages that answer with an error on purpose, shot as they are. */
const EXPECTED_ERRORS = new Set(['not-found-fr', 'dataset-new-errors-fr']);

async function signIn(page: Page, base: string, subject: string): Promise<void> {
  await page.goto(`${base}/fr/sign-in`);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/sign-in/dev')),
    page.locator(`form:has(input[name="subject"][value="${subject}"]) button[type="submit"]`).click(),
  ]);
}

/** A caller of the JSON API as members of the demo cast, with dev-issuer tokens minted from the desk's key. */
async function apiAs(base: string, dataDir: string) {
  const key = await loadOrCreateDevIssuerKey(dataDir);
  const audience = process.env.OIDC_AUDIENCE || 'phoenix-desk';
  return async (subject: string, path: string, init: { method?: string; json?: unknown } = {}) => {
    const token = await mintDevToken(key, { subject, audience });
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    if (!res.ok)
      throw new Error(`${init.method ?? 'GET'} ${path} as ${subject}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

const APPLICATION = {
  title: {
    fr: 'Facteurs pronostiques du COVID long chez l’adulte',
    en: 'Prognostic factors of long COVID in adults',
  },
  summary: {
    fr: 'Étude rétrospective de la cohorte : symptômes persistants à six mois et facteurs associés.',
    en: 'Retrospective study of the cohort: symptoms persisting at six months and associated factors.',
  },
  purpose: { permission: 'HMB', commercial: false, durationMonths: 24, processingRegion: 'FR-IDF' },
  legalBasis: { article6: 'e', article9: 'j' },
  ethicsReference: 'CESREES-2026-118',
  processingEnvironment: 'Bulle sécurisée HDS du CESP',
};

/**
 * Gives the demo what the journey's pages show: a draft dataset described and then corrected in the console
 * (two revisions), an application submitted and approved by the Pasteur desk's two reviewers through the
 * JSON API (its team then holds visas), and a draft application.
 */
async function prepare(browser: Browser, base: string, dataDir: string): Promise<Prepared> {
  const api = await apiAs(base, dataDir);
  const desks = (await api('demo-requester-cesp', '/v1/desks')) as { items: { id: string; slug: string }[] };
  const desk = desks.items.find((d) => d.slug === 'guichet-pasteur')?.id;
  const datasets = (await api('demo-requester-cesp', '/v1/datasets?limit=100')) as {
    items: { id: string; title: { en?: string } }[];
  };
  const dataset = datasets.items.find((d) => d.title.en?.includes('COVID-19'))?.id;
  if (!desk || !dataset) throw new Error('the demo has no Pasteur desk or no COVID-19 dataset');

  const draftOf = async (title: { fr: string; en: string }) =>
    (
      await api('demo-requester-cesp', '/v1/access-requests', {
        method: 'POST',
        json: {
          deskId: desk,
          application: { ...APPLICATION, title },
          datasetIds: [dataset],
          team: ['demo-researcher-cesp'],
        },
      })
    ).id as string;
  const approved = await draftOf(APPLICATION.title);
  await api('demo-requester-cesp', `/v1/access-requests/${approved}/submit`, { method: 'POST' });
  for (const reviewer of ['demo-reviewer-pasteur', 'demo-reviewer2-pasteur']) {
    await api(reviewer, `/v1/access-requests/${approved}/votes`, {
      method: 'POST',
      json: { choice: 'approve', rationale: 'Protocole solide, environnement de traitement conforme.' },
    });
  }
  const visas = (await api('demo-requester-cesp', '/v1/me/visas')) as { ga4gh_passport_v1: string[] };
  const visa = visas.ga4gh_passport_v1[0];
  if (!visa) throw new Error('the approved application gave its requester no visa');
  const applicationDraft = await draftOf({
    fr: 'Réinfections par le SARS-CoV-2 et vaccination',
    en: 'SARS-CoV-2 reinfections and vaccination',
  });
  const pending = await draftOf({
    fr: 'Troubles du sommeil après une infection par le SARS-CoV-2',
    en: 'Sleep disorders after SARS-CoV-2 infection',
  });
  await api('demo-requester-cesp', `/v1/access-requests/${pending}/submit`, { method: 'POST' });
  const scorecard = (await api('demo-requester-cesp', `/v1/desks/${desk}/scorecard`)) as {
    latest?: { evaluationId?: string };
  };
  const evaluation = scorecard.latest?.evaluationId;
  if (!evaluation) throw new Error('the Pasteur desk has no evaluation in the demo');
  // A signed tree head over all of the above, so that the audit log shows its entries checked in the browser.
  await api('demo-admin', '/v1/audit/checkpoints', { method: 'POST' });

  // The draft dataset, as its provider describes it in the console and then completes it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page, base, 'demo-editor-pasteur');
  await page.goto(`${base}/fr/my/datasets/new`);
  const title = page.getByRole('group', { name: 'Titre (obligatoire)' });
  await title.getByLabel('En français').fill('Cohorte pédiatrique d’asthme sévère');
  await title.getByLabel('En anglais').fill('Paediatric severe asthma cohort');
  const description = page.getByRole('group', { name: 'Description (obligatoire)' });
  await description
    .getByLabel('En français')
    .fill('Enfants suivis pour un asthme sévère dans les centres de référence, de 2015 à 2024.');
  await page.getByLabel('Droits d’accès (obligatoire)').selectOption('RESTRICTED');
  await page.getByLabel('Usage permis').selectOption('HMB');
  await page.getByRole('checkbox', { name: 'Pas d’usage commercial (NCU)' }).check();
  await submit(page, 'Enregistrer le brouillon');
  const draft = /\/my\/datasets\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!draft) throw new Error(`the draft dataset was not saved (${page.url()})`);
  await page.goto(`${base}/fr/my/datasets/${draft}/edit`);
  await page
    .getByRole('group', { name: 'Description (obligatoire)' })
    .getByLabel('En anglais')
    .fill('Children followed for severe asthma in the reference centres, from 2015 to 2024.');
  await page.getByRole('group', { name: 'Mots-clés' }).getByLabel('En français').fill('asthme, pédiatrie');
  await page.getByRole('checkbox', { name: 'Avis favorable d’un comité d’éthique requis (IRB)' }).check();
  await submit(page, 'Enregistrer une nouvelle révision');
  await context.close();
  return { dataset, desk, draft, approved, applicationDraft, visa, pending, evaluation };
}

async function main() {
  const only = process.argv.slice(2);
  const shots = only.length > 0 ? SHOTS.filter((s) => only.some((w) => s.name.startsWith(w))) : SHOTS;
  mkdirSync(OUT_DIR, { recursive: true });
  console.log('screenshots: starting the embedded desk with the demo cast…');
  const desk = await startDemoDesk();
  let browser: Browser | undefined;
  const written: string[] = [];
  const skipped: string[] = [];
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--hide-scrollbars',
        '--force-color-profile=srgb',
      ],
    });
    console.log('screenshots: preparing a draft dataset, an approved application and a draft one…');
    const prepared = await prepare(browser, desk.base, desk.dataDir);
    // One context per person, so a signed-in shot does not sign the next anonymous one in.
    const pages = new Map<string, Page>();
    for (const shot of shots) {
      const who = shot.as ?? '';
      let page = pages.get(who);
      if (!page) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
        page = await context.newPage();
        if (shot.as) await signIn(page, desk.base, shot.as);
        pages.set(who, page);
      }
      await page.setViewportSize({ width: shot.width ?? 1280, height: 800 });
      const path = shot.path.replace(/\{(\w+)\}/g, (_, id: keyof Prepared) => prepared[id]);
      let res = await page.goto(`${desk.base}${path}`);
      if (shot.act && res?.status() === 200) res = (await shot.act(page, prepared)) ?? res;
      const status = res?.status() ?? 0;
      if (status !== 200 && !EXPECTED_ERRORS.has(shot.name)) {
        const why = status === 404 ? 'not built yet (404)' : `answered ${status}`;
        console.warn(`screenshots: warning: skipped ${shot.name}: ${shot.path} ${why}`);
        skipped.push(shot.name);
        continue;
      }
      const file = join(OUT_DIR, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      written.push(shot.name);
      console.log(`screenshots: ${shot.name}.png  ${shot.path}${shot.as ? ` (as ${shot.as})` : ''}`);
    }
  } finally {
    await browser?.close();
    await desk.stop();
  }
  console.log(
    `screenshots: ${written.length} written to docs/screenshots/, ${skipped.length} skipped${
      skipped.length ? ` (${skipped.join(', ')})` : ''
    }`,
  );
}

main().catch((e) => {
  console.error(`screenshots: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
