// The pages of an application: the list, the start, the form with its live match, the page, the withdrawal.
import type { Child } from 'hono/jsx';
import type { RequestState } from '../../../domain/access-request-lifecycle';
import type { DatasetMatch } from '../../../domain/duo-matching';
import type { RequestEventView, RequestSummary, RequestView } from '../../../services/access-requests';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import {
  CheckboxGroup,
  type Choice,
  CsrfField,
  ErrorSummary,
  FieldGroup,
  fieldId,
  messagesAt,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from '../../forms';
import { fill, formatDate, formatDateTime, formatNumber, type Lang } from '../../i18n';
import { type ApplicationForm, count, F, FORM_FIELDS, inWords } from './form';
import { type ApplicationMessages, messages } from './messages';

export interface DatasetInfo {
  id: string;
  title: string;
}

/** Where the deadline stands: working days left, overdue, paused or decided. */
export interface Clock {
  deadline: string | null;
  left: number | null;
  overdueBy: number | null;
  paused: boolean;
}

const tOf = (p: PageContext): ApplicationMessages => messages[p.lang];

export const STATE_WORDS: Record<RequestState, keyof ApplicationMessages> = {
  draft: 'stateDraft',
  submitted: 'stateSubmitted',
  in_review: 'stateInReview',
  changes_requested: 'stateChangesRequested',
  approved: 'stateApproved',
  rejected: 'stateRejected',
  withdrawn: 'stateWithdrawn',
  revoked: 'stateRevoked',
  expired: 'stateExpired',
};

export const stateWords = (lang: Lang, state: RequestState) => messages[lang][STATE_WORDS[state]];

export function ClockText(props: { p: PageContext; clock: Clock }) {
  const t = tOf(props.p);
  const { clock } = props;
  if (!clock.deadline) return <>{t.deadlineNone}</>;
  const on = fill(t.deadlineOn, { date: formatDate(props.p.lang, `${clock.deadline}T12:00:00Z`) });
  if (clock.paused) return <>{`${on} — ${t.paused}`}</>;
  if (clock.overdueBy !== null)
    return (
      <>
        {`${on} — `}
        <strong class="overdue">{`${t.overdueShort} ${count(props.p.lang, t.overdue, clock.overdueBy)}`}</strong>
      </>
    );
  if (clock.left !== null) return <>{`${on} — ${count(props.p.lang, t.daysLeft, clock.left)}`}</>;
  return <>{on}</>;
}

export function ListPage(props: {
  p: PageContext;
  items: (RequestSummary & { deskName: string; clock: Clock })[];
}) {
  const { p } = props;
  const t = tOf(p);
  return (
    <>
      <h1>{t.listTitle}</h1>
      <p class="lead">{t.listIntro}</p>
      <p>
        <a href={href(p, '/datasets')}>{t.openCatalogue}</a>
      </p>
      {props.items.length === 0 ? (
        <p>{t.listEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="applications">
            <caption>{t.listCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colTitle}</th>
                <th scope="col">{t.colDesk}</th>
                <th scope="col">{t.colState}</th>
                <th scope="col">{t.colDeadline}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={href(p, `/applications/${r.id}`)}>
                      {(p.lang === 'fr' ? (r.title.fr ?? r.title.en) : (r.title.en ?? r.title.fr)) ||
                        t.untitled}
                    </a>
                  </th>
                  <td>{r.deskName}</td>
                  <td>
                    <span class={`state state-${r.state}`}>{stateWords(p.lang, r.state)}</span>
                  </td>
                  <td>
                    <ClockText p={p} clock={r.clock} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** One dataset's fit, as the autosave answer replaces it inside `#match-<id>`. */
export function MatchBody(props: {
  p: PageContext;
  dataset: DatasetInfo;
  match: DatasetMatch | undefined;
  override?: { rationale: string } | null | undefined;
}) {
  const { p, match } = props;
  const t = tOf(p);
  const result = !match
    ? t.matchUnknown
    : match.result === 'match'
      ? t.matchMatch
      : match.result === 'no_match'
        ? t.matchNoMatch
        : t.matchNeedsReview;
  const kind = match ? match.result.replace('_', '-') : 'unknown';
  return (
    <>
      <p>
        <span class={`match match-${kind}`}>
          {fill(t.matchFor, { dataset: props.dataset.title, result })}
        </span>
      </p>
      {match?.reasons.length ? (
        <ul>
          {match.reasons.map((r) => (
            <li>{inWords(p.lang, r)}</li>
          ))}
        </ul>
      ) : null}
      {match?.obligations.length ? (
        <p>{fill(t.obligations, { list: match.obligations.join(', ') })}</p>
      ) : null}
      {props.override ? <p>{fill(t.override, { rationale: props.override.rationale })}</p> : null}
    </>
  );
}

export const matchElementId = (datasetId: string) => `match-${datasetId}`;

function MatchList(props: {
  p: PageContext;
  datasets: DatasetInfo[];
  matches: Map<string, DatasetMatch>;
  overrides?: Map<string, { rationale: string } | null>;
}) {
  return (
    <ul class="matches">
      {props.datasets.map((d) => (
        <li id={matchElementId(d.id)}>
          <MatchBody
            p={props.p}
            dataset={d}
            match={props.matches.get(d.id)}
            override={props.overrides?.get(d.id)}
          />
        </li>
      ))}
    </ul>
  );
}

function Group(props: { pointer: string; legend: string; errors: string[]; children: Child }) {
  return (
    <FieldGroup id={fieldId(props.pointer)} legend={props.legend} errors={props.errors}>
      {props.children}
    </FieldGroup>
  );
}

const ARTICLE6 = ['a', 'b', 'c', 'd', 'e', 'f'];
const ARTICLE9 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

export interface FormPageProps {
  p: PageContext;
  /** Where the form posts (its own path) and, with script, autosaves. */
  action: string;
  /** The submit path, when the application exists. */
  submitAction?: string | undefined;
  form: ApplicationForm;
  version?: number | undefined;
  state?: RequestState | undefined;
  deskName: string;
  datasets: DatasetInfo[];
  matches: Map<string, DatasetMatch>;
  /** The desk's other published datasets, for the add select. */
  addable: DatasetInfo[];
  query: string;
  /** Colleagues who may be named in the team (subjects), the requester excluded. */
  colleagues: string[];
  requesterName: string;
  organizations?: Choice[] | undefined;
  violations: Violation[];
  notice?: string | undefined;
  warning?: string | undefined;
  changesReason?: string | null | undefined;
}

export function ApplicationFormPage(props: FormPageProps) {
  const { p, form } = props;
  const t = tOf(p);
  const v = props.violations;
  const at = (pointer: string, group = false) => messagesAt(v, pointer, group);
  const creating = props.version === undefined;
  const yesNo: Choice[] = [
    { value: 'yes', label: p.t.yes },
    { value: 'no', label: p.t.no },
  ];
  const colleagues = [...new Set([...props.colleagues, ...form.team])];
  return (
    <>
      <h1>{creating ? t.newTitle : t.editTitle}</h1>
      <ErrorSummary p={p} violations={v} fields={FORM_FIELDS} />
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.warning ? <p class="notice notice-warn">{props.warning}</p> : null}
      {props.changesReason ? (
        <p class="notice notice-warn">{fill(t.changesRequestedNotice, { reason: props.changesReason })}</p>
      ) : null}
      <p class="lead">{creating ? t.createIntro : t.editIntro}</p>
      <form
        method="post"
        action={props.action}
        data-autosave={props.action}
        data-autosave-failed={t.autosaveFailed}
        novalidate
      >
        <CsrfField p={p} />
        <input
          type="hidden"
          name="_version"
          value={props.version === undefined ? '' : String(props.version)}
        />
        {/* Enter in a field presses the form's first button: let that be "save", not "remove". */}
        <button type="submit" name="_action" value="save" class="visually-hidden" tabindex={-1}>
          {creating ? t.createDraft : t.saveDraft}
        </button>
        <p class="hint autosave-status" aria-live="polite" data-autosave-status></p>

        <h2>{t.sectionProject}</h2>
        <Group pointer={F.title} legend={t.titleLegend} errors={at(F.title)}>
          <TextField
            pointer={F.titleFr}
            label={t.inFrench}
            lang="fr"
            value={form.titleFr}
            errors={at(F.titleFr)}
          />
          <TextField
            pointer={F.titleEn}
            label={t.inEnglish}
            lang="en"
            value={form.titleEn}
            errors={at(F.titleEn)}
          />
        </Group>
        <Group pointer={F.summary} legend={t.summaryLegend} errors={at(F.summary)}>
          <TextArea
            pointer={F.summaryFr}
            label={t.inFrench}
            lang="fr"
            value={form.summaryFr}
            errors={at(F.summaryFr)}
          />
          <TextArea
            pointer={F.summaryEn}
            label={t.inEnglish}
            lang="en"
            value={form.summaryEn}
            errors={at(F.summaryEn)}
          />
        </Group>
        {props.organizations && props.organizations.length > 1 ? (
          <SelectField
            pointer={F.organizationId}
            label={t.organization}
            value={form.organizationId}
            choices={props.organizations}
            empty={t.chooseOne}
            errors={at(F.organizationId)}
          />
        ) : null}

        <h2>{t.sectionDatasets}</h2>
        <Group
          pointer={F.datasetIds}
          legend={fill(t.basketLegend, { desk: props.deskName })}
          errors={at(F.datasetIds, true)}
        >
          {props.datasets.length === 0 ? <p>{t.basketEmpty}</p> : null}
          <ul class="basket">
            {props.datasets.map((d) => (
              <li>
                <input type="hidden" name={F.datasetIds} value={d.id} />
                <span>{d.title}</span>{' '}
                <button type="submit" class="secondary" name="_remove" value={d.id}>
                  {fill(t.remove, { title: d.title })}
                </button>
              </li>
            ))}
          </ul>
        </Group>
        <fieldset class="field">
          <legend>{t.addLegend}</legend>
          <div class="field">
            <label for="dataset-search">{t.searchLabel}</label>
            <input type="search" id="dataset-search" name="_q" value={props.query} />
          </div>
          <button type="submit" class="secondary" name="_action" value="search">
            {t.searchButton}
          </button>
          {props.addable.length === 0 ? (
            <p>{t.noMoreDatasets}</p>
          ) : (
            <>
              <SelectField
                pointer="_add"
                label={t.addLabel}
                choices={props.addable.map((d) => ({ value: d.id, label: d.title }))}
                empty={t.addEmpty}
              />
              <button type="submit" class="secondary" name="_action" value="add">
                {t.addButton}
              </button>
            </>
          )}
        </fieldset>

        <h2>{t.sectionTeam}</h2>
        <CheckboxGroup
          pointer={F.team}
          label={t.teamLegend}
          hint={`${t.teamHint} ${fill(t.teamYou, { name: props.requesterName })}`}
          values={form.team}
          choices={colleagues.map((s) => ({ value: s, label: s }))}
          errors={at(F.team, true)}
        />
        <TextArea pointer={F.teamOthers} label={t.teamOthers} hint={t.teamOthersHint} rows={2} />

        <h2>{t.sectionPurpose}</h2>
        <div class="purpose">
          <RadioGroup
            pointer={F.permission}
            label={t.permissionLegend}
            value={form.permission}
            errors={at(F.permission)}
            choices={(['GRU', 'HMB', 'DS', 'POA'] as const).map((code) => ({
              value: code,
              label: t[`permission${code}`],
            }))}
          />
          <TextField
            pointer={F.disease}
            label={t.disease}
            hint={t.diseaseHint}
            value={form.disease}
            errors={at(F.disease)}
          />
          <RadioGroup
            pointer={F.commercial}
            label={t.commercialLegend}
            value={form.commercial}
            errors={at(F.commercial)}
            choices={yesNo}
          />
          <RadioGroup
            pointer={F.notForProfit}
            label={t.notForProfitLegend}
            value={form.notForProfit}
            errors={at(F.notForProfit)}
            choices={[...yesNo, { value: '', label: t.notDeclared }]}
          />
          <fieldset class="field">
            <legend>{t.flagsLegend}</legend>
            <ul class="choices">
              <li>
                <input
                  type="checkbox"
                  id={fieldId(F.methodsDevelopment)}
                  name={F.methodsDevelopment}
                  value="yes"
                  checked={form.methodsDevelopment}
                />
                <label for={fieldId(F.methodsDevelopment)}>{t.methodsDevelopment}</label>
              </li>
              <li>
                <input
                  type="checkbox"
                  id={fieldId(F.geneticStudy)}
                  name={F.geneticStudy}
                  value="yes"
                  checked={form.geneticStudy}
                />
                <label for={fieldId(F.geneticStudy)}>{t.geneticStudy}</label>
              </li>
            </ul>
          </fieldset>
          <TextField
            pointer={F.processingRegion}
            label={t.processingRegion}
            hint={t.processingRegionHint}
            value={form.processingRegion}
            errors={at(F.processingRegion)}
          />
          <TextField
            pointer={F.durationMonths}
            label={t.durationMonths}
            hint={t.durationHint}
            inputmode="numeric"
            value={form.durationMonths}
            errors={at(F.durationMonths)}
          />
        </div>

        <section class="live-match" aria-labelledby="live-match-title">
          <h3 id="live-match-title">{t.liveMatchTitle}</h3>
          <p class="hint">{t.liveMatchHint}</p>
          <MatchList p={p} datasets={props.datasets} matches={props.matches} />
        </section>

        <h2>{t.sectionLegal}</h2>
        <Group pointer={F.legalBasis} legend={t.legalBasisLegend} errors={at(F.legalBasis)}>
          <SelectField
            pointer={F.article6}
            label={t.article6}
            value={form.article6}
            empty={t.chooseOne}
            choices={ARTICLE6.map((l) => ({ value: l, label: `6.1.${l}` }))}
            errors={at(F.article6)}
          />
          <SelectField
            pointer={F.article9}
            label={t.article9}
            value={form.article9}
            empty={t.chooseOne}
            choices={ARTICLE9.map((l) => ({ value: l, label: `9.2.${l}` }))}
            errors={at(F.article9)}
          />
        </Group>
        <TextField
          pointer={F.ethicsReference}
          label={t.ethicsReference}
          hint={t.ethicsHint}
          value={form.ethicsReference}
          errors={at(F.ethicsReference)}
        />
        <TextArea
          pointer={F.processingEnvironment}
          label={t.processingEnvironment}
          hint={t.processingEnvironmentHint}
          rows={3}
          value={form.processingEnvironment}
          errors={at(F.processingEnvironment)}
        />

        <div class="actions">
          <button type="submit" name="_action" value="save">
            {creating ? t.createDraft : t.saveDraft}
          </button>
          {props.submitAction ? (
            <button type="submit" formaction={props.submitAction} class="primary">
              {props.state === 'changes_requested' ? t.resubmit : t.submit}
            </button>
          ) : null}
        </div>
      </form>
    </>
  );
}

const EVENT_WORDS: Record<string, keyof ApplicationMessages> = {
  created: 'eventCreated',
  updated: 'eventUpdated',
  submitted: 'eventSubmitted',
  resubmitted: 'eventResubmitted',
  withdrawn: 'eventWithdrawn',
  review_started: 'eventReviewStarted',
  changes_requested: 'eventChangesRequested',
  vote_cast: 'eventVoteCast',
  approved: 'eventApproved',
  rejected: 'eventRejected',
  revoked: 'eventRevoked',
  expired: 'eventExpired',
};

/**
 * The reasons the desk writes itself in the timeline (a decision by quorum, an expiry), as the services word
 * them, in the page's language; a person's reason is shown as they wrote it.
 */
const SYSTEM_REASONS: Record<string, keyof ApplicationMessages> = {
  'quorum reached under the desk policy': 'eventReasonQuorum',
  'every grant has ended': 'eventReasonGrantsEnded',
};

export function ApplicationPage(props: {
  p: PageContext;
  view: RequestView;
  title: string;
  deskName: string;
  decisionDays: number;
  clock: Clock;
  datasets: DatasetInfo[];
  events: RequestEventView[];
  /** Names of the people the events and the team name (user id → name). */
  names: Map<string, string>;
  notice?: string | undefined;
}) {
  const { p, view } = props;
  const t = tOf(p);
  const requester = view.yourRoles.includes('requester');
  const editable = requester && ['draft', 'changes_requested'].includes(view.state);
  const withdrawable =
    requester && ['draft', 'submitted', 'in_review', 'changes_requested'].includes(view.state);
  const lastChanges = [...props.events].reverse().find((e) => e.type === 'changes_requested');
  const matches = new Map(view.datasets.map((d) => [d.datasetId, d.match]));
  const overrides = new Map(view.datasets.map((d) => [d.datasetId, d.override]));
  const summary =
    p.lang === 'fr'
      ? (view.application.summary.fr ?? view.application.summary.en)
      : (view.application.summary.en ?? view.application.summary.fr);
  return (
    <>
      <h1>{fill(t.pageTitle, { title: props.title })}</h1>
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t.stateLabel}</dt>
        <dd>
          <span class={`state state-${view.state}`}>{stateWords(p.lang, view.state)}</span>
        </dd>
        <dt>{t.deskLabel}</dt>
        <dd>
          {props.deskName}
          <br />
          <span class="hint">{fill(t.deskDeadline, { n: formatNumber(p.lang, props.decisionDays) })}</span>
        </dd>
        {view.submittedAt ? (
          <>
            <dt>{t.submittedLabel}</dt>
            <dd>{formatDateTime(p.lang, view.submittedAt)}</dd>
          </>
        ) : null}
        <dt>{t.deadlineLabel}</dt>
        <dd>
          <ClockText p={p} clock={props.clock} />
          {view.workingDaysToDecision !== null ? (
            <>
              <br />
              {count(p.lang, t.decidedIn, view.workingDaysToDecision)}
            </>
          ) : null}
        </dd>
        <dt>{t.teamLabel}</dt>
        <dd>{view.team.map((id) => props.names.get(id) ?? id).join(', ')}</dd>
        <dt>{t.summaryLabel}</dt>
        <dd>{summary ?? ''}</dd>
      </dl>

      {view.state === 'changes_requested' ? (
        <section class="changes-requested" aria-labelledby="changes-title">
          <h2 id="changes-title">{t.changesTitle}</h2>
          <p>{t.changesIntro}</p>
          <blockquote>{lastChanges?.reason ?? ''}</blockquote>
          {editable ? (
            <p>
              <a class="button" href={href(p, `/applications/${view.id}/edit`)}>
                {t.editAndResubmit}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}

      <div class="actions">
        {editable && view.state === 'draft' ? (
          <a class="button" href={href(p, `/applications/${view.id}/edit`)}>
            {t.edit}
          </a>
        ) : null}
        {withdrawable ? (
          <a class="button secondary" href={href(p, `/applications/${view.id}/withdraw`)}>
            {t.withdraw}
          </a>
        ) : null}
        {view.state === 'approved' ? <a href={href(p, '/visas')}>{t.seeVisas}</a> : null}
      </div>

      <h2>{t.datasetsTitle}</h2>
      <MatchList p={p} datasets={props.datasets} matches={matches} overrides={overrides} />

      <h2>{t.timelineTitle}</h2>
      {props.events.length === 0 ? (
        <p>{t.timelineEmpty}</p>
      ) : (
        <ol class="timeline">
          {props.events.map((e) => (
            <li>
              <time datetime={e.at}>{formatDateTime(p.lang, e.at)}</time>
              {' — '}
              <strong>{EVENT_WORDS[e.type] ? t[EVENT_WORDS[e.type]!] : e.type}</strong>
              {e.actorId ? ` ${fill(t.eventBy, { who: props.names.get(e.actorId) ?? e.actorId })}` : ''}
              {e.reason ? (
                <>
                  <br />
                  {fill(t.eventReason, {
                    reason: SYSTEM_REASONS[e.reason] ? t[SYSTEM_REASONS[e.reason]!] : e.reason,
                  })}
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={href(p, '/applications')}>{t.backToList}</a>
      </p>
    </>
  );
}

export function WithdrawPage(props: {
  p: PageContext;
  id: string;
  title: string;
  reason: string;
  violations: Violation[];
}) {
  const { p } = props;
  const t = tOf(p);
  return (
    <>
      <h1>{fill(t.withdrawTitle, { title: props.title })}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={['/reason']} />
      <p>{t.withdrawIntro}</p>
      <form method="post" action={href(p, `/applications/${props.id}/withdraw`)}>
        <CsrfField p={p} />
        <TextArea
          pointer="/reason"
          label={t.withdrawReason}
          hint={t.withdrawReasonHint}
          rows={3}
          value={props.reason}
          errors={messagesAt(props.violations, '/reason')}
        />
        <div class="actions">
          <button type="submit" class="danger">
            {t.withdrawConfirm}
          </button>
          <a href={href(p, `/applications/${props.id}`)}>{t.withdrawCancel}</a>
        </div>
      </form>
    </>
  );
}
