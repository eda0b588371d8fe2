// A first visit end to end, in French and in English, as people do it in a browser: from the desk's address a
// data provider signs in (by keyboard), describes a dataset, saves it and publishes it after the confirmation
// (by keyboard); a research team signs in, finds the dataset by its title typed without accents, applies for
// access with a purpose that fits the dataset's conditions, sends the application and reads its state, its
// deadline and its timeline. Every page on the way passes axe-core (WCAG 2.1 AA), with no request to
// another origin and no CSP violation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  type GuardedContext,
  launchChromium,
  newContext,
  type ServedDesk,
  SKIPPED,
  startConsoleDesk,
  tabTo,
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

/** What a person reads and types on the way, in each language; each run has its own dataset. */
const RUNS = {
  fr: {
    locale: 'fr-FR',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    myDatasets: 'Mes jeux de données',
    newDataset: 'Décrire un nouveau jeu de données',
    titleGroup: 'Titre (obligatoire)',
    descriptionGroup: 'Description (obligatoire)',
    inFrench: 'En français',
    inEnglish: 'En anglais',
    accessRights: 'Droits d’accès (obligatoire)',
    permission: 'Usage permis',
    noCommercialUse: 'Pas d’usage commercial (NCU)',
    saveDataset: 'Enregistrer le brouillon',
    publish: 'Publier…',
    publishNow: 'Publier maintenant',
    published: 'Le jeu de données est publié',
    catalogue: 'Catalogue',
    search: 'Rechercher',
    apply: 'Demander l’accès',
    projectTitle: 'Titre du projet',
    projectSummary: 'Résumé du projet',
    colleague: 'demo-researcher-cesp',
    health: 'Recherche en santé, médicale ou biomédicale (HMB)',
    commercial: /^Usage commercial/,
    no: 'non',
    region: 'Zone de traitement',
    duration: 'Durée d’accès demandée (mois)',
    article6: 'Article 6.1 (licéité)',
    article9: 'Article 9.2 (données de santé)',
    ethics: 'Référence de l’avis éthique',
    environment: 'Environnement de traitement',
    createDraft: 'Créer le brouillon',
    fit: ' : compatible',
    send: 'Envoyer la demande',
    sent: 'Demande envoyée au guichet.',
    state: 'envoyée, en attente des rapporteurs',
    decides: /Ce guichet décide en (\d+) jours ouvrés au plus/,
    daysLeft: (n: string) => `${n} jours ouvrés restants`,
    due: 'décision attendue le',
    timeline: 'Historique',
    events: ['Brouillon créé', 'Demande envoyée au guichet'],
    dataset: {
      titleFr: 'Cohorte pédiatrique d’asthme sévère Éléonore',
      titleEn: 'Paediatric severe asthma cohort Éléonore',
      descriptionFr: 'Enfants suivis pour un asthme sévère dans les centres de référence, de 2015 à 2024.',
      descriptionEn: 'Children followed for severe asthma in the reference centres, from 2015 to 2024.',
      typed: 'cohorte pediatrique asthme severe eleonore',
    },
    application: {
      titleFr: 'Biothérapies et exacerbations de l’asthme sévère de l’enfant',
      titleEn: 'Biologics and exacerbations of severe asthma in children',
      summaryFr: 'Étude rétrospective des exacerbations avant et après une biothérapie.',
      summaryEn: 'Retrospective study of exacerbations before and after a biologic.',
    },
  },
  en: {
    locale: 'en-GB',
    signIn: 'Sign in',
    signOut: 'Sign out',
    myDatasets: 'My datasets',
    newDataset: 'Describe a new dataset',
    titleGroup: 'Title (required)',
    descriptionGroup: 'Description (required)',
    inFrench: 'In French',
    inEnglish: 'In English',
    accessRights: 'Access right (required)',
    permission: 'DUO permission code',
    noCommercialUse: 'No commercial use (NCU)',
    saveDataset: 'Save the draft',
    publish: 'Publish…',
    publishNow: 'Publish now',
    published: 'The dataset is published',
    catalogue: 'Catalogue',
    search: 'Search',
    apply: 'Apply for access',
    projectTitle: 'Project title',
    projectSummary: 'Project summary',
    colleague: 'demo-researcher-cesp',
    health: 'Health, medical or biomedical research (HMB)',
    commercial: /^Commercial use/,
    no: 'no',
    region: 'Processing region',
    duration: 'Access duration requested (months)',
    article6: 'Article 6(1) (lawfulness)',
    article9: 'Article 9(2) (health data)',
    ethics: 'Ethics approval reference',
    environment: 'Processing environment',
    createDraft: 'Create the draft',
    fit: ': match',
    send: 'Send the application',
    sent: 'Application sent to the desk.',
    state: 'sent, waiting for the reviewers',
    decides: /This desk decides within (\d+) working days/,
    daysLeft: (n: string) => `${n} working days left`,
    due: 'decision due on',
    timeline: 'Timeline',
    events: ['Draft created', 'Application sent to the desk'],
    dataset: {
      titleFr: 'Cohorte de mucoviscidose pédiatrique Hélène',
      titleEn: 'Paediatric cystic fibrosis cohort Hélène',
      descriptionFr:
        'Enfants atteints de mucoviscidose suivis dans les centres de ressources et de compétences.',
      descriptionEn: 'Children with cystic fibrosis followed in the cystic fibrosis resource centres.',
      typed: 'mucoviscidose pediatrique helene',
    },
    application: {
      titleFr: 'Modulateurs du CFTR et croissance de l’enfant',
      titleEn: 'CFTR modulators and growth in children',
      summaryFr: 'Étude de la croissance des enfants traités par modulateur du CFTR.',
      summaryEn: 'Study of the growth of children treated with a CFTR modulator.',
    },
  },
} as const;

type Lang = keyof typeof RUNS;

/** Checks the page a step arrived on: axe-core, and nothing blocked or violated so far. */
async function arrived(guarded: GuardedContext, page: Page, visited: string[]): Promise<void> {
  const url = new URL(page.url());
  visited.push(`${url.pathname}${url.search}`);
  await checkAccessibility(page);
  expect(await page.locator('h1').count(), url.pathname).toBe(1);
  expectNoBlockedRequestOrViolation(guarded);
}

/** Follows a link or a button by a click, as a person with a mouse does, and waits for the next page. */
async function follow(page: Page, target: ReturnType<Page['getByRole']>): Promise<void> {
  await Promise.all([page.waitForNavigation(), target.click()]);
}

describe('a first visit, from the desk’s address to a submitted application', () => {
  it.for(['fr', 'en'] as const)(
    '%s: a provider publishes a dataset, a research team finds it and applies, every page accessible',
    { timeout: 120_000 },
    async (lang: Lang, { skip }) => {
      skip(chromiumAbsent, SKIPPED);
      const r = RUNS[lang];
      const origin = served.origin;
      const visited: string[] = [];

      // The data provider, whose browser speaks the run's language.
      const provider = await newContext(browser, 'desktop', r.locale);
      const page = await provider.newPage();
      await page.goto(`${origin}/`);
      expect(new URL(page.url()).pathname).toBe(`/${lang}`);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('banner').getByRole('link', { name: r.signIn, exact: true }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}/sign-in`);
      await arrived(provider, page, visited);
      // Signing in with the keyboard alone: Tab to the demo member's button, Enter.
      await tabTo(page, { selector: 'button', text: 'demo-editor-pasteur' });
      await activate(page, 'Enter');
      expect(new URL(page.url()).pathname).toBe(`/${lang}`);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('navigation').getByRole('link', { name: r.myDatasets }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}/my/datasets`);
      await arrived(provider, page, visited);
      await follow(page, page.getByRole('link', { name: r.newDataset }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}/my/datasets/new`);
      await arrived(provider, page, visited);

      const title = page.getByRole('group', { name: r.titleGroup });
      await title.getByLabel(r.inFrench).fill(r.dataset.titleFr);
      await title.getByLabel(r.inEnglish).fill(r.dataset.titleEn);
      const description = page.getByRole('group', { name: r.descriptionGroup });
      await description.getByLabel(r.inFrench).fill(r.dataset.descriptionFr);
      await description.getByLabel(r.inEnglish).fill(r.dataset.descriptionEn);
      await page.getByLabel(r.accessRights).selectOption('RESTRICTED');
      await page.getByLabel(r.permission).selectOption('HMB');
      await page.getByRole('checkbox', { name: r.noCommercialUse }).check();
      await follow(page, page.getByRole('button', { name: r.saveDataset }));
      expect(page.url()).toMatch(new RegExp(`/${lang}/my/datasets/[0-9a-f-]{36}\\?done=created$`));
      await arrived(provider, page, visited);

      // The confirmation of the publication, with the keyboard alone.
      await tabTo(page, { selector: 'a', text: r.publish });
      await activate(page, 'Enter');
      expect(page.url()).toMatch(/\/publish$/);
      await arrived(provider, page, visited);
      await tabTo(page, { selector: 'button', text: r.publishNow });
      await activate(page, 'Enter');
      expect(page.url()).toMatch(/\?done=published$/);
      expect(words(await page.locator('.notice-ok').innerText())).toContain(r.published);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('button', { name: r.signOut }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}`);
      expect(await page.getByRole('banner').innerText()).toContain(r.signIn);
      await arrived(provider, page, visited);

      // The research team, in the same browser after the provider signed out.
      await follow(page, page.getByRole('banner').getByRole('link', { name: r.signIn, exact: true }));
      await arrived(provider, page, visited);
      await follow(page, page.getByRole('button', { name: 'demo-requester-cesp' }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}`);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('navigation').getByRole('link', { name: r.catalogue }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}/datasets`);
      await arrived(provider, page, visited);
      // Typed without accents, as people often do; the search ignores them.
      await page.getByRole('searchbox', { name: r.search }).fill(r.dataset.typed);
      await follow(page, page.getByRole('main').getByRole('button', { name: r.search, exact: true }));
      await arrived(provider, page, visited);
      const shownTitle = lang === 'fr' ? r.dataset.titleFr : r.dataset.titleEn;
      await follow(page, page.getByRole('main').getByRole('link', { name: shownTitle }));
      expect(page.url()).toMatch(new RegExp(`/${lang}/datasets/[0-9a-f-]{36}$`));
      const datasetId = page.url().split('/').pop()!;
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(shownTitle);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('link', { name: r.apply }));
      expect(page.url()).toContain(`/${lang}/applications/new?dataset=${datasetId}`);
      await arrived(provider, page, visited);

      const project = page.getByRole('group', { name: r.projectTitle });
      await project.getByLabel(r.inFrench).fill(r.application.titleFr);
      await project.getByLabel(r.inEnglish).fill(r.application.titleEn);
      const summary = page.getByRole('group', { name: r.projectSummary });
      await summary.getByLabel(r.inFrench).fill(r.application.summaryFr);
      await summary.getByLabel(r.inEnglish).fill(r.application.summaryEn);
      await page.getByRole('checkbox', { name: r.colleague }).check();
      await page.getByRole('radio', { name: r.health }).check();
      await page.getByRole('group', { name: r.commercial }).getByRole('radio', { name: r.no }).check();
      await page.getByLabel(r.region).fill('FR');
      await page.getByLabel(r.duration).fill('24');
      await page.getByLabel(r.article6).selectOption('e');
      await page.getByLabel(r.article9).selectOption('j');
      await page.getByLabel(r.ethics).fill('CESREES 2025-117');
      await page.getByLabel(r.environment).fill('Bulle sécurisée HDS du CESP');
      await follow(page, page.locator('.actions').getByRole('button', { name: r.createDraft }));
      expect(page.url()).toMatch(new RegExp(`/${lang}/applications/[0-9a-f-]{36}/edit\\?(created|saved)=1$`));
      // The live match says the purpose fits the dataset's conditions (HMB, no commercial use).
      const match = page.locator(`#match-${datasetId}`);
      expect(words(await match.innerText())).toContain(`${shownTitle}${r.fit}`);
      await arrived(provider, page, visited);

      await follow(page, page.getByRole('button', { name: r.send }));
      expect(page.url()).toMatch(new RegExp(`/${lang}/applications/[0-9a-f-]{36}\\?submitted=1$`));
      const main = words(await page.getByRole('main').innerText());
      expect(main).toContain(r.sent);
      expect(main).toContain(r.state);
      const days = r.decides.exec(main)?.[1];
      expect(days, main).toBeDefined();
      expect(main).toContain(r.daysLeft(days!));
      expect(main).toContain(r.due);
      expect(await page.getByRole('heading', { name: r.timeline }).count()).toBe(1);
      const events = (await page.locator('ol.timeline > li').allInnerTexts()).map(words);
      expect(events[0]).toContain(r.events[0]);
      expect(events.at(-1)).toContain(r.events[1]);
      await arrived(provider, page, visited);

      expect(visited.length).toBe(17);
      await provider.close();
    },
  );
});
