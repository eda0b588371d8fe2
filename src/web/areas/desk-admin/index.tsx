// The desk admins' console: the desks they run, each desk's settings (access policy, deadline, contact point,
// reviewers, appointed auditors) and its figures over a period as charts with their tables and a CSV file.
// The services decide who may change what; a desk the person does not run is not found here.
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import { type Outcome, Problem } from '../../../domain/problem';
import { accessPolicies } from '../../../policies/access-policies';
import type { Principal } from '../../../services/deps';
import {
  appointDeskAuditor,
  type DeskAuditorView,
  listDeskAuditors,
  removeDeskAuditor,
} from '../../../services/desk-auditors';
import { type DeskFigures, deskFigures } from '../../../services/desk-metrics';
import {
  addDeskReviewer,
  administeredDesks,
  administers,
  type DeskReviewerView,
  listDeskReviewers,
  removeDeskReviewer,
  updateDeskSettings,
} from '../../../services/desk-settings';
import {
  type DeskView,
  getDesk,
  getOrganization,
  listOrganizations,
  type OrganizationView,
} from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { href, ID, LANG, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { DataTable } from '../../data-table';
import {
  CsrfField,
  ErrorSummary,
  FieldGroup,
  fieldId,
  messagesAt,
  SelectField,
  TextField,
} from '../../forms';
import { fill, formatCalendarDate, formatDate, formatNumber, type Lang, plural } from '../../i18n';
import { Layout } from '../../layout';
import { policySentences } from '../desks/policy-text';
import { barChartSvg } from './charts';
import { messages } from './messages';

type M = (typeof messages)[Lang];

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated');
  return principal;
}

function must<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.problem;
  return outcome.value;
}

/** A desk the signed-in person runs; any other desk is not found here, as it is not theirs to manage. */
async function ownDesk(c: WebContext): Promise<{ principal: Principal; desk: DeskView }> {
  const principal = signedIn(c);
  const desk = await getDesk(c.get('services'), c.req.param('id') ?? '');
  if (!desk.ok || !administers(principal, desk.value)) throw new Problem('not_found', 'no such desk');
  return { principal, desk: desk.value };
}

const deskPath = (p: PageContext, id: string, rest = '') => href(p, `/my/desks/${id}${rest}`);

const deadlineText = (lang: Lang, m: M, days: number) =>
  plural(lang, days, { one: m.deadlineOne, other: m.deadlineOther });

async function form(c: WebContext): Promise<Record<string, string>> {
  const body = (await c.req.parseBody()) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

/** The service's violations in the page's language, one wording per field and cause. */
function worded(m: M, problem: Problem): Violation[] {
  const violations = problem.violations?.length
    ? problem.violations
    : [{ pointer: '', message: problem.message }];
  return violations.map((v) => {
    switch (v.pointer) {
      case '/policy':
        return { ...v, message: m.errPolicy };
      case '/decisionDeadlineDays':
        return { ...v, message: m.errDeadline };
      case '/contactEmail':
        return { ...v, message: m.errContact };
      case '/subject':
        return {
          ...v,
          message:
            v.message === 'required'
              ? m.errSubjectRequired
              : v.message === 'already a reviewer'
                ? m.errSubjectAlready
                : m.errSubjectUnknown,
        };
      case '/organizationId':
        return { ...v, message: m.errOrganisation };
      default:
        return v;
    }
  });
}

// ---- the list ----

function ListPage(props: { p: PageContext; desks: DeskView[] }) {
  const { p } = props;
  const m = messages[p.lang];
  const policies = accessPolicies();
  return (
    <Layout p={p} title={m.listTitle}>
      <h1>{m.listTitle}</h1>
      <p class="lead">{m.listIntro}</p>
      {props.desks.length === 0 ? (
        <p>{m.noDesks}</p>
      ) : (
        <ul class="cards">
          {props.desks.map((d) => (
            <li class="card">
              <h2>{d.name}</h2>
              <dl>
                <dt>{m.policy}</dt>
                <dd>{policies.get(d.policy)?.title[p.lang] ?? d.policy}</dd>
                <dt>{m.deadline}</dt>
                <dd>{deadlineText(p.lang, m, d.decisionDeadlineDays)}</dd>
                <dt>{m.contact}</dt>
                <dd>{d.contactEmail ?? m.noContact}</dd>
              </dl>
              <ul class="desk-admin-links">
                <li>
                  <a href={deskPath(p, d.id, '/settings')}>{fill(m.settingsLink, { desk: d.name })}</a>
                </li>
                <li>
                  <a href={deskPath(p, d.id, '/figures')}>{fill(m.figuresLink, { desk: d.name })}</a>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

// ---- settings ----

type FormName = 'settings' | 'reviewer' | 'auditor';

interface SettingsState {
  failed?: { form: FormName; values: Record<string, string>; violations: Violation[]; stale?: number };
  notice?: string | undefined;
}

const SETTINGS_FIELDS = ['/policy', '/decisionDeadlineDays', '/contactEmail', '/subject', '/organizationId'];

function SettingsPage(props: {
  p: PageContext;
  desk: DeskView;
  operator: OrganizationView | undefined;
  reviewers: DeskReviewerView[];
  auditors: DeskAuditorView[];
  partners: OrganizationView[];
  state: SettingsState;
}) {
  const { p, desk, state } = props;
  const m = messages[p.lang];
  const failed = state.failed;
  const valuesOf = (f: FormName) => (failed?.form === f ? failed.values : undefined);
  const errorsAt = (pointer: string) => messagesAt(failed?.violations ?? [], pointer);
  const settings = valuesOf('settings');
  const policy = settings?.['/policy'] ?? desk.policy;
  const title = fill(m.settingsTitle, { desk: desk.name });
  return (
    <Layout p={p} title={title}>
      <p>
        <a href={href(p, '/my/desks')}>{m.backToList}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary p={p} violations={failed?.violations ?? []} fields={SETTINGS_FIELDS} />
      {failed?.stale !== undefined ? (
        <p class="notice notice-warn" role="alert">
          {fill(m.staleVersion, { current: failed.stale })}
        </p>
      ) : null}
      {state.notice ? (
        <p class="notice" role="status">
          {state.notice}
        </p>
      ) : null}
      <p class="lead">{m.settingsIntro}</p>

      <h2>{m.settingsHeading}</h2>
      <form method="post" action={deskPath(p, desk.id, '/settings')} novalidate>
        <CsrfField p={p} />
        <input type="hidden" name="/version" value={String(desk.version)} />
        <FieldGroup
          id={fieldId('/policy')}
          legend={m.policyLegend}
          hint={m.policyHint}
          errors={errorsAt('/policy')}
        >
          <ul class="choices policy-choices">
            {[...accessPolicies().values()].map((pol, i) => (
              <li>
                <input
                  type="radio"
                  id={`${fieldId('/policy')}-${i}`}
                  name="/policy"
                  value={pol.id}
                  checked={pol.id === policy}
                  aria-describedby={`${fieldId('/policy')}-${i}-text`}
                />
                <label for={`${fieldId('/policy')}-${i}`}>{pol.title[p.lang]}</label>
                <ul class="policy-text" id={`${fieldId('/policy')}-${i}-text`}>
                  {policySentences(p.lang, pol).map((s) => (
                    <li>{s}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </FieldGroup>
        <TextField
          pointer="/decisionDeadlineDays"
          label={m.deadlineLabel}
          hint={m.deadlineHint}
          inputmode="numeric"
          value={settings?.['/decisionDeadlineDays'] ?? String(desk.decisionDeadlineDays)}
          errors={errorsAt('/decisionDeadlineDays')}
        />
        <TextField
          pointer="/contactEmail"
          label={m.contactLabel}
          hint={m.contactHint}
          type="email"
          autocomplete="email"
          value={settings?.['/contactEmail'] ?? desk.contactEmail ?? ''}
          errors={errorsAt('/contactEmail')}
        />
        <p class="actions">
          <button type="submit">{m.saveSettings}</button>
        </p>
      </form>

      <h2>{m.reviewersHeading}</h2>
      <p>{fill(m.reviewersIntro, { operator: props.operator?.name ?? '' })}</p>
      {props.reviewers.length === 0 ? (
        <p class="notice notice-warn">{m.noReviewers}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{m.reviewersCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.person}</th>
                <th scope="col">{m.identifier}</th>
                <th scope="col">{m.since}</th>
                <th scope="col">{m.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.reviewers.map((r) => {
                const name = r.displayName ?? r.subject;
                return (
                  <tr>
                    <th scope="row">{name}</th>
                    <td>
                      <code>{r.subject}</code>
                    </td>
                    <td>{formatDate(p.lang, r.since)}</td>
                    <td>
                      <a href={deskPath(p, desk.id, `/reviewers/${r.userId}/remove`)}>
                        {fill(m.removeReviewer, { name })}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3>{m.addReviewerHeading}</h3>
      <form method="post" action={deskPath(p, desk.id, '/reviewers')} novalidate>
        <CsrfField p={p} />
        <TextField
          pointer="/subject"
          label={m.subjectLabel}
          hint={m.subjectHint}
          value={valuesOf('reviewer')?.['/subject']}
          errors={errorsAt('/subject')}
        />
        <p class="actions">
          <button type="submit">{m.addReviewer}</button>
        </p>
      </form>

      <h2>{m.auditorsHeading}</h2>
      <p>{m.auditorsIntro}</p>
      {props.auditors.length === 0 ? (
        <p>{m.noAuditors}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{m.auditorsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.organisation}</th>
                <th scope="col">{m.appointedOn}</th>
                <th scope="col">{m.actions}</th>
              </tr>
            </thead>
            <tbody>
              {props.auditors.map((a) => (
                <tr>
                  <th scope="row">{a.name}</th>
                  <td>{formatDate(p.lang, a.appointedAt)}</td>
                  <td>
                    <a href={deskPath(p, desk.id, `/auditors/${a.organizationId}/remove`)}>
                      {fill(m.removeAuditor, { name: a.name })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{m.appointHeading}</h3>
      {props.partners.length === 0 ? (
        <p>{m.noPartnerLeft}</p>
      ) : (
        <form method="post" action={deskPath(p, desk.id, '/auditors')} novalidate>
          <CsrfField p={p} />
          <SelectField
            pointer="/organizationId"
            label={m.organisationLabel}
            empty={m.chooseOrganisation}
            choices={props.partners.map((o) => ({ value: o.id, label: o.name }))}
            value={valuesOf('auditor')?.['/organizationId']}
            errors={errorsAt('/organizationId')}
          />
          <p class="actions">
            <button type="submit">{m.appoint}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}

function ConfirmPage(props: { p: PageContext; desk: DeskView; title: string; text: string; action: string }) {
  const { p } = props;
  const m = messages[p.lang];
  return (
    <Layout p={p} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <form method="post" action={props.action} class="actions">
        <CsrfField p={p} />
        <button type="submit" class="danger">
          {m.confirmRemove}
        </button>{' '}
        <a href={deskPath(p, props.desk.id, '/settings')}>{p.t.cancel}</a>
      </form>
    </Layout>
  );
}

const NOTICES = {
  saved: 'doneSaved',
  'reviewer-added': 'doneReviewerAdded',
  'reviewer-removed': 'doneReviewerRemoved',
  'auditor-appointed': 'doneAuditorAppointed',
  'auditor-removed': 'doneAuditorRemoved',
} as const satisfies Record<string, keyof M>;

async function renderSettings(
  c: WebContext,
  principal: Principal,
  desk: DeskView,
  state: SettingsState,
  status: 200 | 400 | 404 | 409 | 412,
) {
  const services = c.get('services');
  const [operator, reviewers, auditors, organizations] = await Promise.all([
    getOrganization(services, desk.operatorId),
    listDeskReviewers(services, principal, desk.id).then(must),
    listDeskAuditors(services, desk.id).then(must),
    listOrganizations(services),
  ]);
  const appointed = new Set(auditors.map((a) => a.organizationId));
  const partners = organizations.filter(
    (o) => o.kind === 'partner' && o.id !== desk.operatorId && !appointed.has(o.id),
  );
  return c.html(
    <SettingsPage
      p={pageContext(c)}
      desk={desk}
      operator={operator.ok ? operator.value : undefined}
      reviewers={reviewers}
      auditors={auditors}
      partners={partners}
      state={state}
    />,
    status,
  );
}

const statusOf = (problem: Problem): 400 | 404 | 409 | 412 => {
  const s = problem.status;
  return s === 404 || s === 409 || s === 412 ? s : 400;
};

// ---- figures ----

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const validDate = (s: string | undefined): s is string =>
  !!s && ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The period asked for, or the last twelve months (the current one included) by default. */
function periodOf(c: WebContext, now: Date): { from: string; to: string; violations: Violation[] } {
  const m = messages[c.get('lang')];
  const defaultTo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const defaultFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const from = c.req.query('from') ?? defaultFrom.toISOString().slice(0, 10);
  const to = c.req.query('to') ?? defaultTo.toISOString().slice(0, 10);
  const violations: Violation[] = [];
  if (!validDate(from)) violations.push({ pointer: '/from', message: m.errDate });
  if (!validDate(to)) violations.push({ pointer: '/to', message: m.errDate });
  if (violations.length === 0 && from >= to) violations.push({ pointer: '/from', message: m.errFrom });
  return { from, to, violations };
}

/** A month in words: « mars 2026 » in full, « mars » alone on a chart's axis (the year goes under it). */
const monthLabel = (lang: Lang, month: string, style: 'long' | 'short' = 'long') =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: style,
    ...(style === 'long' ? { year: 'numeric' as const } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));

const percentText = (lang: Lang, m: M, share: number | null) =>
  share === null ? m.notApplicable : fill(m.percent, { n: formatNumber(lang, Math.round(share * 100)) });

function PeriodForm(props: {
  p: PageContext;
  desk: DeskView;
  from: string;
  to: string;
  violations: Violation[];
}) {
  const { p } = props;
  const m = messages[p.lang];
  const input = (name: 'from' | 'to', label: string, value: string) => {
    const errors = messagesAt(props.violations, `/${name}`);
    const id = fieldId(`/${name}`);
    return (
      <div class={errors.length ? 'field field-error' : 'field'}>
        <label for={id}>{label}</label>
        <span class="hint" id={`${id}-hint`}>
          {m.dateHint}
        </span>
        {errors.length ? (
          <span class="error-message" id={`${id}-error`}>
            {errors.join(' ; ')}
          </span>
        ) : null}
        <input
          type="date"
          id={id}
          name={name}
          value={value}
          aria-invalid={errors.length ? 'true' : undefined}
          aria-describedby={errors.length ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
      </div>
    );
  };
  return (
    <form method="get" action={deskPath(p, props.desk.id, '/figures')} class="period-form">
      <fieldset>
        <legend>{m.periodLegend}</legend>
        {input('from', m.fromLabel, props.from)}
        {input('to', m.toLabel, props.to)}
      </fieldset>
      <p class="actions">
        <button type="submit">{m.showPeriod}</button>
      </p>
    </form>
  );
}

function FiguresPage(props: {
  p: PageContext;
  desk: DeskView;
  from: string;
  to: string;
  violations: Violation[];
  figures: DeskFigures | undefined;
}) {
  const { p, desk, figures } = props;
  const m = messages[p.lang];
  const title = fill(m.figuresTitle, { desk: desk.name });
  return (
    <Layout p={p} title={title}>
      <p>
        <a href={href(p, '/my/desks')}>{m.backToList}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={['/from', '/to']} />
      <p class="lead">{m.figuresIntro}</p>
      <PeriodForm p={p} desk={desk} from={props.from} to={props.to} violations={props.violations} />
      {figures ? <Figures p={p} desk={desk} figures={figures} /> : null}
    </Layout>
  );
}

function Figures(props: { p: PageContext; desk: DeskView; figures: DeskFigures }) {
  const { p, desk, figures } = props;
  const { lang } = p;
  const m = messages[lang];
  const f = figures.metrics;
  const days = (n: number | null) =>
    n === null ? m.notApplicable : plural(lang, n, { one: m.workingDaysOne, other: m.workingDays });
  const summary: [string, string][] = [
    [m.submitted, formatNumber(lang, f.applicationsSubmitted)],
    [m.decisions, formatNumber(lang, f.decisions)],
    [m.median, days(f.medianWorkingDaysToDecision)],
    [m.p90, days(f.p90WorkingDaysToDecision)],
    [m.within, percentText(lang, m, f.shareDecidedWithinDeadline)],
    [m.approvalRate, percentText(lang, m, f.approvalRate)],
  ];
  const deadline = figures.decisionDeadlineDays;
  const within = figures.decisionRecords.filter((r) => r.withinDeadline).length;
  const { width, bins } = figures.workingDaysHistogram;
  const binLabel = (b: { from: number; to: number }) =>
    width === 1 ? fill(m.daysOne, { n: b.from }) : fill(m.daysRange, { from: b.from, to: b.to });
  const beyond = (b: { from: number; to: number }) =>
    b.from > deadline ? p.t.yes : b.to > deadline ? m.partly : p.t.no;
  const histogram = barChartSvg({
    id: 'chart-days',
    title: m.histogramTitle,
    description: fill(m.histogramDesc, { decisions: f.decisions, deadline, within }),
    bars: bins.map((b) => ({
      // Short on the axis (« 12–14 »); the table beside says it in words.
      label: width === 1 ? String(b.from) : `${b.from}–${b.to}`,
      segments: [{ value: b.count, kind: b.from > deadline ? 'late' : 'ontime' }],
      caption: b.count ? String(b.count) : '',
    })),
    // The deadline line falls just after the bin holding day `deadline`.
    marker: { at: (deadline + 1) / width, label: fill(m.deadlineMarker, { n: deadline }) },
  });
  const months = figures.months;
  const monthsChart = barChartSvg({
    id: 'chart-months',
    title: m.monthsTitle,
    description: fill(m.monthsDesc, { decisions: f.decisions, months: months.length }),
    bars: months.map((x, i) => ({
      label: monthLabel(lang, x.month, 'short'),
      sublabel: i === 0 || x.month.endsWith('-01') ? x.month.slice(0, 4) : undefined,
      segments: [
        { value: x.approved, kind: 'approved' },
        { value: x.rejected, kind: 'rejected' },
      ],
      caption: x.decisions ? String(x.decisions) : '',
    })),
    legend: [
      { kind: 'approved', label: m.approved },
      { kind: 'rejected', label: m.rejected },
    ],
  });
  const rateOf = (x: { decisions: number; approved: number }) =>
    x.decisions ? x.approved / x.decisions : null;
  const approvalChart = barChartSvg({
    id: 'chart-approval',
    title: m.approvalTitle,
    description: fill(m.approvalDesc, { rate: percentText(lang, m, f.approvalRate) }),
    max: 100,
    bars: months.map((x, i) => {
      const rate = rateOf(x);
      return {
        label: monthLabel(lang, x.month, 'short'),
        sublabel: i === 0 || x.month.endsWith('-01') ? x.month.slice(0, 4) : undefined,
        segments: [{ value: rate === null ? 0 : Math.round(rate * 100), kind: 'rate' }],
        caption: rate === null ? '' : percentText(lang, m, rate),
      };
    }),
  });
  const period = {
    from: formatCalendarDate(lang, f.period.from),
    to: formatCalendarDate(lang, f.period.to),
  };
  return (
    <>
      <DataTable
        id="figures-summary"
        caption={fill(m.summaryCaption, period)}
        columns={[m.figure, m.value]}
        rows={summary.map(([name, value]) => ({ head: name, cells: [value] }))}
      />
      <p>
        <a href={`${deskPath(p, desk.id, '/figures.csv')}?from=${f.period.from}&to=${f.period.to}`} download>
          {m.downloadCsv}
        </a>
      </p>
      {f.decisions === 0 ? <p class="notice">{m.noDecisions}</p> : null}

      <h2>{m.histogramHeading}</h2>
      <div class="chart-pair">
        <figure class="chart-figure">{raw(histogram)}</figure>
        <DataTable
          id="figures-days"
          caption={fill(m.histogramCaption, { deadline })}
          columns={[m.daysBin, m.decisions, m.beyondDeadline]}
          rows={bins.map((b) => ({ head: binLabel(b), cells: [formatNumber(lang, b.count), beyond(b)] }))}
        />
      </div>

      <h2>{m.monthsHeading}</h2>
      <div class="chart-pair">
        <figure class="chart-figure">{raw(monthsChart)}</figure>
        <DataTable
          id="figures-months"
          caption={m.monthsCaption}
          columns={[m.month, m.approved, m.rejected, m.total]}
          rows={months.map((x) => ({
            head: monthLabel(lang, x.month),
            cells: [x.approved, x.rejected, x.decisions].map((n) => formatNumber(lang, n)),
          }))}
        />
      </div>

      <h2>{m.approvalHeading}</h2>
      <div class="chart-pair">
        <figure class="chart-figure">{raw(approvalChart)}</figure>
        <DataTable
          id="figures-approval"
          caption={m.approvalCaption}
          columns={[m.month, m.decisions, m.rate]}
          rows={months.map((x) => ({
            head: monthLabel(lang, x.month),
            cells: [formatNumber(lang, x.decisions), percentText(lang, m, rateOf(x))],
          }))}
        />
      </div>
    </>
  );
}

const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One row per decision of the period: what a desk admin re-counts or charts in a spreadsheet. */
export function decisionsCsv(figures: DeskFigures): string {
  const header = [
    'request_id',
    'submitted_at',
    'decided_at',
    'month',
    'outcome',
    'working_days_to_decision',
    'deadline',
    'within_deadline',
  ];
  const rows = figures.decisionRecords.map((r) =>
    [
      r.requestId,
      r.submittedAt,
      r.decidedAt,
      r.month,
      r.outcome,
      r.workingDaysToDecision,
      r.deadline,
      r.withinDeadline,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

export function deskAdminArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      const base = `${LANG}/my/desks`;
      const one = `${base}/${ID}`;

      web.get(base, async (c) => {
        const principal = signedIn(c);
        const desks = await administeredDesks(c.get('services'), principal);
        return c.html(<ListPage p={pageContext(c)} desks={desks} />, 200);
      });

      web.get(`${one}/settings`, async (c) => {
        const { principal, desk } = await ownDesk(c);
        const m = messages[c.get('lang')];
        const done = c.req.query('done') as keyof typeof NOTICES | undefined;
        const notice =
          done && done in NOTICES ? fill(m[NOTICES[done]], { version: desk.version }) : undefined;
        return renderSettings(c, principal, desk, { notice }, 200);
      });

      web.post(`${one}/settings`, async (c) => {
        const { principal, desk } = await ownDesk(c);
        const m = messages[c.get('lang')];
        const values = await form(c);
        const days = values['/decisionDeadlineDays']?.trim() ?? '';
        const email = values['/contactEmail']?.trim() ?? '';
        const version = Number(values['/version']);
        const outcome = await updateDeskSettings(
          c.get('services'),
          principal,
          desk.id,
          {
            policy: values['/policy'] ?? '',
            decisionDeadlineDays: /^\d{1,4}$/.test(days) ? Number(days) : Number.NaN,
            contactEmail: email === '' ? null : email,
          },
          Number.isInteger(version) ? version : -1,
        );
        if (outcome.ok) return c.redirect(deskPath(pageContext(c), desk.id, '/settings?done=saved'), 303);
        const problem = outcome.problem;
        if (problem.status === 412) {
          // Someone saved in between: show the desk as it is now, the person's values set aside.
          const current = must(await getDesk(c.get('services'), desk.id));
          return renderSettings(
            c,
            principal,
            current,
            { failed: { form: 'settings', values: {}, violations: [], stale: current.version } },
            412,
          );
        }
        return renderSettings(
          c,
          principal,
          desk,
          { failed: { form: 'settings', values, violations: worded(m, problem) } },
          statusOf(problem),
        );
      });

      web.post(`${one}/reviewers`, async (c) => {
        const { principal, desk } = await ownDesk(c);
        const m = messages[c.get('lang')];
        const values = await form(c);
        const outcome = await addDeskReviewer(c.get('services'), principal, desk.id, {
          subject: values['/subject'] ?? '',
        });
        if (outcome.ok)
          return c.redirect(deskPath(pageContext(c), desk.id, '/settings?done=reviewer-added'), 303);
        return renderSettings(
          c,
          principal,
          desk,
          { failed: { form: 'reviewer', values, violations: worded(m, outcome.problem) } },
          statusOf(outcome.problem),
        );
      });

      const reviewerPath = `${one}/reviewers/:userId{[0-9a-fA-F-]{36}}/remove`;
      const reviewerOf = async (c: WebContext, principal: Principal, desk: DeskView) => {
        const reviewers = must(await listDeskReviewers(c.get('services'), principal, desk.id));
        const reviewer = reviewers.find((r) => r.userId === c.req.param('userId'));
        if (!reviewer) throw new Problem('not_found', 'this person does not review for this desk');
        return reviewer;
      };

      web.get(reviewerPath, async (c) => {
        const { principal, desk } = await ownDesk(c);
        const p = pageContext(c);
        const m = messages[p.lang];
        const reviewer = await reviewerOf(c, principal, desk);
        const name = reviewer.displayName ?? reviewer.subject;
        return c.html(
          <ConfirmPage
            p={p}
            desk={desk}
            title={fill(m.confirmRemoveReviewerTitle, { name })}
            text={fill(m.confirmRemoveReviewerText, { name })}
            action={deskPath(p, desk.id, `/reviewers/${reviewer.userId}/remove`)}
          />,
          200,
        );
      });

      web.post(reviewerPath, async (c) => {
        const { principal, desk } = await ownDesk(c);
        must(await removeDeskReviewer(c.get('services'), principal, desk.id, c.req.param('userId')));
        return c.redirect(deskPath(pageContext(c), desk.id, '/settings?done=reviewer-removed'), 303);
      });

      web.post(`${one}/auditors`, async (c) => {
        const { principal, desk } = await ownDesk(c);
        const m = messages[c.get('lang')];
        const values = await form(c);
        const organizationId = values['/organizationId'] ?? '';
        const failWith = (problem: Problem, status: 400 | 409) =>
          renderSettings(
            c,
            principal,
            desk,
            { failed: { form: 'auditor', values, violations: worded(m, problem) } },
            status,
          );
        if (!/^[0-9a-fA-F-]{36}$/.test(organizationId)) {
          return failWith(
            new Problem('validation_failed', 'choose an organisation', [
              { pointer: '/organizationId', message: 'required' },
            ]),
            400,
          );
        }
        const outcome = await appointDeskAuditor(c.get('services'), principal, desk.id, organizationId);
        if (outcome.ok)
          return c.redirect(deskPath(pageContext(c), desk.id, '/settings?done=auditor-appointed'), 303);
        const problem = outcome.problem;
        if (problem.status === 409) {
          return renderSettings(
            c,
            principal,
            desk,
            {
              failed: {
                form: 'auditor',
                values,
                violations: [{ pointer: '/organizationId', message: m.errOrganisationAlready }],
              },
            },
            409,
          );
        }
        if (problem.status === 404 || problem.status === 400) {
          return failWith(
            new Problem('validation_failed', problem.message, [{ pointer: '/organizationId', message: '' }]),
            400,
          );
        }
        throw problem;
      });

      const auditorPath = `${one}/auditors/:organizationId{[0-9a-fA-F-]{36}}/remove`;
      web.get(auditorPath, async (c) => {
        const { desk } = await ownDesk(c);
        const p = pageContext(c);
        const m = messages[p.lang];
        const auditors = must(await listDeskAuditors(c.get('services'), desk.id));
        const auditor = auditors.find((a) => a.organizationId === c.req.param('organizationId'));
        if (!auditor) throw new Problem('not_found', 'this organisation does not audit this desk');
        return c.html(
          <ConfirmPage
            p={p}
            desk={desk}
            title={fill(m.confirmRemoveAuditorTitle, { name: auditor.name })}
            text={fill(m.confirmRemoveAuditorText, { name: auditor.name })}
            action={deskPath(p, desk.id, `/auditors/${auditor.organizationId}/remove`)}
          />,
          200,
        );
      });

      web.post(auditorPath, async (c) => {
        const { principal, desk } = await ownDesk(c);
        must(await removeDeskAuditor(c.get('services'), principal, desk.id, c.req.param('organizationId')));
        return c.redirect(deskPath(pageContext(c), desk.id, '/settings?done=auditor-removed'), 303);
      });

      web.get(`${one}/figures`, async (c) => {
        const { desk } = await ownDesk(c);
        const services = c.get('services');
        const { from, to, violations } = periodOf(c, services.now());
        const figures =
          violations.length === 0 ? must(await deskFigures(services, desk.id, from, to)) : undefined;
        return c.html(
          <FiguresPage
            p={pageContext(c)}
            desk={desk}
            from={from}
            to={to}
            violations={violations}
            figures={figures}
          />,
          violations.length ? 400 : 200,
        );
      });

      web.get(`${one}/figures.csv`, async (c) => {
        const { desk } = await ownDesk(c);
        const services = c.get('services');
        const { from, to, violations } = periodOf(c, services.now());
        if (violations.length) throw new Problem('validation_failed', 'the period is not valid', violations);
        const figures = must(await deskFigures(services, desk.id, from, to));
        return c.body(decisionsCsv(figures), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${desk.slug}-decisions-${from}-${to}.csv"`,
        });
      });
    },
  };
}
