// The application form as a document of strings: read from a post, from a stored application, turned into the
// API's body (checked by the API's own schema), and the reasons and violations the services give, in words.

import type { AccessApplication } from '../../../domain/access-application';
import type { ResearchPurpose } from '../../../domain/duo-matching';
import { ApplicationBody } from '../../../http/routes/access-requests/access-requests.routes';
import type { ApplicationInput, RequestView } from '../../../services/access-requests';
import type { Violation } from '../../../validation/violation';
import { fill, type Lang, plural } from '../../i18n';
import { type ApplicationMessages, messages } from './messages';

/** Form names are the JSON pointers of the API's body, so its violations land on their fields. */
export const F = {
  titleFr: '/application/title/fr',
  titleEn: '/application/title/en',
  title: '/application/title',
  summaryFr: '/application/summary/fr',
  summaryEn: '/application/summary/en',
  summary: '/application/summary',
  permission: '/application/purpose/permission',
  disease: '/application/purpose/disease',
  commercial: '/application/purpose/commercial',
  notForProfit: '/application/purpose/notForProfit',
  methodsDevelopment: '/application/purpose/methodsDevelopment',
  geneticStudy: '/application/purpose/geneticStudy',
  processingRegion: '/application/purpose/processingRegion',
  durationMonths: '/application/purpose/durationMonths',
  legalBasis: '/application/legalBasis',
  article6: '/application/legalBasis/article6',
  article9: '/application/legalBasis/article9',
  ethicsReference: '/application/ethicsReference',
  processingEnvironment: '/application/processingEnvironment',
  datasetIds: '/datasetIds',
  team: '/team',
  teamOthers: '_teamOthers',
  organizationId: '/organizationId',
} as const;

/** Every pointer the form has a field (or a group) for: the error summary links to the closest one. */
export const FORM_FIELDS: string[] = Object.values(F).filter((f) => f.startsWith('/'));

export interface ApplicationForm {
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  permission: string;
  disease: string;
  /** 'yes' | 'no' | '' */
  commercial: string;
  notForProfit: string;
  methodsDevelopment: boolean;
  geneticStudy: boolean;
  processingRegion: string;
  durationMonths: string;
  article6: string;
  article9: string;
  ethicsReference: string;
  processingEnvironment: string;
  datasetIds: string[];
  /** Subjects of the team members other than the requester. */
  team: string[];
  organizationId: string;
  /** The version the form was read at (If-Match of the API). */
  version: string;
}

export const emptyForm = (datasetIds: string[] = []): ApplicationForm => ({
  titleFr: '',
  titleEn: '',
  summaryFr: '',
  summaryEn: '',
  permission: '',
  disease: '',
  commercial: '',
  notForProfit: '',
  methodsDevelopment: false,
  geneticStudy: false,
  processingRegion: '',
  durationMonths: '',
  article6: '',
  article9: '',
  ethicsReference: '',
  processingEnvironment: '',
  datasetIds,
  team: [],
  organizationId: '',
  version: '',
});

type Body = Record<string, string | File | (string | File)[]>;

const all = (body: Body, name: string): string[] =>
  [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');
const one = (body: Body, name: string): string => (all(body, name)[0] ?? '').trim();
const yesNo = (v: boolean | undefined) => (v === true ? 'yes' : v === false ? 'no' : '');

export function formFromBody(body: Body): ApplicationForm {
  const others = all(body, F.teamOthers)
    .flatMap((v) => v.split(/[\s,;]+/))
    .filter(Boolean);
  return {
    titleFr: one(body, F.titleFr),
    titleEn: one(body, F.titleEn),
    summaryFr: one(body, F.summaryFr),
    summaryEn: one(body, F.summaryEn),
    permission: one(body, F.permission),
    disease: one(body, F.disease),
    commercial: one(body, F.commercial),
    notForProfit: one(body, F.notForProfit),
    methodsDevelopment: one(body, F.methodsDevelopment) === 'yes',
    geneticStudy: one(body, F.geneticStudy) === 'yes',
    processingRegion: one(body, F.processingRegion).toUpperCase(),
    durationMonths: one(body, F.durationMonths),
    article6: one(body, F.article6),
    article9: one(body, F.article9),
    ethicsReference: one(body, F.ethicsReference),
    processingEnvironment: one(body, F.processingEnvironment),
    datasetIds: [
      ...new Set(
        all(body, F.datasetIds)
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ],
    team: [...new Set([...all(body, F.team).map((v) => v.trim()), ...others].filter(Boolean))],
    organizationId: one(body, F.organizationId),
    version: one(body, '_version'),
  };
}

/** The form of a stored application; `subjects` names the team's members (user id → subject). */
export function formFromView(
  view: RequestView,
  subjects: Map<string, string>,
  requesterId: string,
): ApplicationForm {
  const a = view.application;
  return {
    titleFr: a.title.fr ?? '',
    titleEn: a.title.en ?? '',
    summaryFr: a.summary.fr ?? '',
    summaryEn: a.summary.en ?? '',
    permission: a.purpose.permission,
    disease: a.purpose.disease ?? '',
    commercial: yesNo(a.purpose.commercial),
    notForProfit: yesNo(a.purpose.notForProfit),
    methodsDevelopment: a.purpose.methodsDevelopment === true,
    geneticStudy: a.purpose.geneticStudy === true,
    processingRegion: a.purpose.processingRegion ?? '',
    durationMonths: String(a.purpose.durationMonths),
    article6: a.legalBasis.article6,
    article9: a.legalBasis.article9,
    ethicsReference: a.ethicsReference ?? '',
    processingEnvironment: a.processingEnvironment,
    datasetIds: view.datasets.map((d) => d.datasetId),
    team: view.team.filter((id) => id !== requesterId).map((id) => subjects.get(id) ?? id),
    organizationId: view.requesterOrganizationId,
    version: String(view.version),
  };
}

const text = (fr: string, en: string) => ({ ...(fr ? { fr } : {}), ...(en ? { en } : {}) });
const bool = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);

/** The body as the API takes it, before its schema checks it (an empty field is left out, not guessed). */
function draftBody(form: ApplicationForm) {
  const months = /^\d{1,4}$/.test(form.durationMonths) ? Number(form.durationMonths) : form.durationMonths;
  return {
    application: {
      title: text(form.titleFr, form.titleEn),
      summary: text(form.summaryFr, form.summaryEn),
      purpose: {
        permission: form.permission || undefined,
        ...(form.disease ? { disease: form.disease } : {}),
        commercial: bool(form.commercial),
        ...(bool(form.notForProfit) !== undefined ? { notForProfit: bool(form.notForProfit) } : {}),
        methodsDevelopment: form.methodsDevelopment,
        geneticStudy: form.geneticStudy,
        ...(form.processingRegion ? { processingRegion: form.processingRegion } : {}),
        durationMonths: months === '' ? undefined : months,
      },
      legalBasis: { article6: form.article6 || undefined, article9: form.article9 || undefined },
      ethicsReference: form.ethicsReference || null,
      processingEnvironment: form.processingEnvironment,
    },
    datasetIds: form.datasetIds,
    team: form.team,
  };
}

type Checked = { ok: true; input: ApplicationInput } | { ok: false; violations: Violation[] };

/** Checks the form with the API's own schema, so the console accepts exactly what the API accepts. */
export function checkForm(lang: Lang, form: ApplicationForm): Checked {
  const parsed = ApplicationBody.safeParse(draftBody(form));
  if (parsed.success) return { ok: true, input: parsed.data as ApplicationInput };
  const t = messages[lang];
  const violations = parsed.error.issues.map((issue) => {
    const pointer = `/${issue.path.map(String).join('/')}`;
    return { pointer, message: issueMessage(t, pointer, issue as unknown as ZodIssue) };
  });
  // The schema checks DS's disease only once the rest of the purpose is valid: say it at once.
  if (form.permission === 'DS' && !form.disease && !violations.some((v) => v.pointer === F.disease))
    violations.push({ pointer: F.disease, message: t.violationDisease });
  return { ok: false, violations };
}

interface ZodIssue {
  code: string;
  message: string;
  origin?: string;
  input?: unknown;
}

function issueMessage(t: ApplicationMessages, pointer: string, issue: ZodIssue): string {
  if (pointer === F.title || pointer === F.summary) return t.violationTitleLang;
  if (pointer === F.disease && issue.code === 'custom') return t.violationDisease;
  if (pointer === F.datasetIds && issue.code === 'too_small') return t.violationNoDataset;
  switch (issue.code) {
    case 'invalid_type':
      if (pointer === F.durationMonths && issue.message.includes('received string')) return t.violationNumber;
      return issue.message.includes('received undefined') ? t.violationRequired : t.violationFormat;
    case 'too_small':
      return issue.origin === 'string' ? t.violationRequired : t.violationRange;
    case 'too_big':
      return issue.origin === 'string' ? t.violationTooLong : t.violationRange;
    case 'invalid_value':
      return t.violationChoice;
    case 'invalid_format':
      return t.violationFormat;
    default:
      return issue.message;
  }
}

/** The purpose as matching reads it, from whatever the form holds now (undefined while it says nothing). */
export function purposeOf(form: ApplicationForm): ResearchPurpose | undefined {
  if (!['GRU', 'HMB', 'DS', 'POA'].includes(form.permission)) return undefined;
  const months = Number(form.durationMonths);
  return {
    permission: form.permission as ResearchPurpose['permission'],
    disease: form.disease || undefined,
    commercial: form.commercial === 'yes',
    notForProfit: bool(form.notForProfit),
    methodsDevelopment: form.methodsDevelopment,
    geneticStudy: form.geneticStudy,
    processingRegion: form.processingRegion || undefined,
    ethicsReference: form.ethicsReference || null,
    durationMonths: Number.isFinite(months) ? months : 0,
  };
}

type Rule = [RegExp, keyof ApplicationMessages, string[]];

// The domain's sentences (src/domain/duo-matching.ts, src/services/access-requests.ts) and the words they
// become; a sentence no rule knows is shown as the domain wrote it.
const REASONS: Rule[] = [
  [/^dataset allows HMB only; purpose is (.+), which may be broader$/, 'reasonHmbBroader', ['declared']],
  [/^dataset allows DS \((.+)\) only; no disease declared$/, 'reasonNoDisease', ['disease']],
  [/^dataset allows (.+?) only; purpose is (.+)$/, 'reasonOnly', ['allowed', 'declared']],
  [/^dataset allows (.+?); purpose is (.+)$/, 'reasonPermissionBroader', ['allowed', 'declared']],
  [/^(NCU|NPUNCU): commercial use declared$/, 'reasonCommercial', ['code']],
  [/^(NPUNCU|NPU): requester is not a not-for-profit organisation$/, 'reasonNotForProfit', ['code']],
  [/^NPU: not-for-profit status not declared$/, 'reasonNotForProfitUndeclared', []],
  [/^IRB required: no ethics reference$/, 'reasonIrb', []],
  [/^TS: use limited to (\d+) months; (\d+) requested$/, 'reasonDuration', ['max', 'asked']],
  [/^GS: use limited to (.+); processing region not declared$/, 'reasonRegionUndeclared', ['allowed']],
  [/^GS: use limited to (.+); processing in (.+)$/, 'reasonRegion', ['allowed', 'actual']],
  [/^NMDS: methods development declared$/, 'reasonMethods', []],
  [/^GSO: genetic studies only; purpose is not a genetic study$/, 'reasonGenetic', []],
  [/^NPOA: population origins or ancestry research prohibited$/, 'reasonNpoa', []],
  [/^(\w+): restriction to be checked by the committee$/, 'reasonCommittee', ['code']],
  [/^dataset declares no DUO data-use conditions$/, 'reasonNoConditions', []],
  [/^an ethics approval reference is required by this desk’s policy$/, 'violationEthics', []],
  [/^request at least one dataset$/, 'violationNoDataset', []],
  [/^this desk grants access for at most (\d+) months$/, 'violationMaxDuration', ['n']],
  [/^'(.+)' is not a member of the requesting organisation$/, 'violationNotMember', ['subject']],
  [/^this dataset is not offered through this desk$/, 'violationNotThisDesk', []],
  [/^no such published dataset$/, 'violationNoSuchDataset', []],
  [/^a requested dataset was retired$/, 'violationRetired', []],
];

/** A reason or violation of the domain in the page's language, or as written when no rule knows it. */
export function inWords(lang: Lang, sentence: string): string {
  for (const [pattern, key, names] of REASONS) {
    const m = pattern.exec(sentence);
    if (m) return fill(messages[lang][key], Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return sentence;
}

/** A service's violations in words; the ones already in words (the form's own) pass through. */
export const violationsInWords = (lang: Lang, violations: readonly Violation[]): Violation[] =>
  violations.map((v) => ({ pointer: v.pointer, message: inWords(lang, v.message) }));

/** A "one|other" message for `n`. */
export function count(lang: Lang, template: string, n: number): string {
  const [one, other] = template.split('|');
  return plural(lang, n, { one: one!, other: other ?? one! });
}

export const applicationTitle = (lang: Lang, a: Pick<AccessApplication, 'title'>, untitled: string) =>
  (lang === 'fr' ? (a.title.fr ?? a.title.en) : (a.title.en ?? a.title.fr)) || untitled;
