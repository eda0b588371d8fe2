// The reviewers' and desk admins' pages: the queue, the home page's "to review" panel, the review page.
import type { RequestState } from '../../../domain/access-request-lifecycle';
import type { DatasetMatch } from '../../../domain/duo-matching';
import type { RequestEventView, RequestView } from '../../../services/access-requests';
import type { GrantView } from '../../../services/grants';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import { permissionText } from '../../duo-labels';
import { CsrfField, ErrorSummary, messagesAt, RadioGroup, SelectField, TextArea } from '../../forms';
import { fill, formatDate, formatDateTime, formatNumber, type Lang, localized, plural } from '../../i18n';
import { messages as applicationMessages } from '../applications/messages';
import { type Clock, ClockText, MatchBody, stateWords } from '../applications/pages';
import { type ReviewMessages, reviewMessages } from './messages';

const tOf = (p: PageContext): ReviewMessages => reviewMessages[p.lang];

export const count = (lang: Lang, n: number, one: string, other: string) =>
  fill(plural(lang, n, { one, other }), { n: formatNumber(lang, n) });

export interface QueueItem {
  id: string;
  title: string;
  deskName: string;
  state: RequestState;
  overdue: boolean;
  clock: Clock;
}

export interface QueueFilters {
  desk: string;
  state: string;
  overdue: boolean;
}

/** The states a reviewer can filter on (a draft is never the desk's). */
export const FILTER_STATES: RequestState[] = [
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'withdrawn',
  'revoked',
  'expired',
];

export function QueuePage(props: {
  p: PageContext;
  items: QueueItem[];
  desks: { id: string; name: string }[];
  filters: QueueFilters;
}) {
  const { p, items, filters } = props;
  const t = tOf(p);
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <>
      <h1>{filters.overdue ? t.overdueOnlyTitle : t.queueTitle}</h1>
      <p class="lead">{t.queueIntro}</p>
      <p class="queue-count" role="status">
        <strong>{count(p.lang, items.length, t.queueCountOne, t.queueCountOther)}</strong>
        {`, ${count(p.lang, overdue, t.overdueCountOne, t.overdueCountOther)}`}
        {' — '}
        {filters.overdue ? (
          <a href={href(p, '/review')}>{t.showAll}</a>
        ) : (
          <a href={`${href(p, '/review')}?overdue=1`}>{t.showOverdue}</a>
        )}
      </p>
      <search>
        <form method="get" action={href(p, '/review')} class="review-filters">
          <fieldset class="field">
            <legend>{t.filtersLegend}</legend>
            <SelectField
              pointer="desk"
              label={t.filterDesk}
              value={filters.desk}
              empty={t.filterAllDesks}
              choices={props.desks.map((d) => ({ value: d.id, label: d.name }))}
            />
            <SelectField
              pointer="state"
              label={t.filterState}
              value={filters.state}
              empty={t.filterAwaiting}
              choices={[
                { value: 'all', label: t.filterAllStates },
                ...FILTER_STATES.map((s) => ({ value: s, label: stateWords(p.lang, s) })),
              ]}
            />
            <div class="field">
              <input type="checkbox" id="field-overdue" name="overdue" value="1" checked={filters.overdue} />{' '}
              <label for="field-overdue">{t.filterOverdue}</label>
            </div>
            <button type="submit">{t.filterApply}</button>
          </fieldset>
        </form>
      </search>
      {items.length === 0 ? (
        <p>{t.queueEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="review-queue">
            <caption>{t.queueCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colTitle}</th>
                <th scope="col">{t.colDesk}</th>
                <th scope="col">{t.colState}</th>
                <th scope="col">{t.colDeadline}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr class={r.overdue ? 'overdue-row' : undefined}>
                  <th scope="row">
                    <a href={href(p, `/review/${r.id}`)}>{r.title}</a>
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

/** The home page's panel: how many applications await the person, how many are overdue, each a link. */
export function ToReviewPanel(props: { p: PageContext; awaiting: number; overdue: number }) {
  const { p } = props;
  const t = tOf(p);
  return (
    <section class="to-review" aria-labelledby="to-review-title">
      <h2 id="to-review-title">{t.panelTitle}</h2>
      <ul>
        <li>
          <a href={href(p, '/review')}>
            {count(p.lang, props.awaiting, t.panelAwaitingOne, t.panelAwaitingOther)}
          </a>
        </li>
        <li>
          <a href={`${href(p, '/review')}?overdue=1`}>
            {count(p.lang, props.overdue, t.panelOverdueOne, t.panelOverdueOther)}
          </a>
        </li>
      </ul>
    </section>
  );
}

/** What the forms of the review page hold after a failed post. */
export interface ReviewForms {
  vote: { choice: string; rationale: string };
  changes: { reason: string };
  decision: { outcome: string; rationale: string; overrides: Record<string, string> };
  revoke: { reason: string };
}

export const emptyForms = (): ReviewForms => ({
  vote: { choice: '', rationale: '' },
  changes: { reason: '' },
  decision: { outcome: '', rationale: '', overrides: {} },
  revoke: { reason: '' },
});

/** The form fields are JSON pointers into the page's document of actions: `/vote/rationale`, … */
export const P = {
  voteChoice: '/vote/choice',
  voteRationale: '/vote/rationale',
  changesReason: '/changes/reason',
  decisionOutcome: '/decision/outcome',
  decisionRationale: '/decision/rationale',
  overrideRationale: (i: number) => `/decision/overrides/${i}/rationale`,
  overrideDataset: (i: number) => `/decision/overrides/${i}/datasetId`,
  revokeReason: '/revoke/reason',
} as const;

const EVENT_WORDS: Record<string, keyof typeof applicationMessages.fr> = {
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

const SYSTEM_REASONS: Record<string, keyof typeof applicationMessages.fr> = {
  'quorum reached under the desk policy': 'eventReasonQuorum',
  'every grant has ended': 'eventReasonGrantsEnded',
};

const choiceWords = (t: ReviewMessages, choice: string) =>
  choice === 'approve'
    ? t.choiceApprove
    : choice === 'reject'
      ? t.choiceReject
      : choice === 'abstain'
        ? t.choiceAbstain
        : choice;

/**
 * How the page names a person: desk staff by their subject; the team, which the API names by user id only,
 * by what they are to the application (the requester, team member n).
 */
export function personName(t: ReviewMessages, view: RequestView, names: Map<string, string>) {
  const others = view.team.filter((id) => id !== view.requesterId);
  return (id: string): string =>
    names.get(id) ??
    (id === view.requesterId
      ? t.personRequester
      : others.includes(id)
        ? fill(t.personTeam, { n: others.indexOf(id) + 1 })
        : id);
}

export interface ReviewPageProps {
  p: PageContext;
  view: RequestView;
  title: string;
  deskName: string;
  clock: Clock;
  datasets: { id: string; title: string }[];
  events: RequestEventView[];
  grants: GrantView[];
  /** user id → name, for the people the page may name. */
  names: Map<string, string>;
  /** The person's own user id, to show their current vote. */
  me: string;
  forms: ReviewForms;
  violations: Violation[];
  notice?: string | undefined;
}

export function ReviewPage(props: ReviewPageProps) {
  const { p, view, forms } = props;
  const t = tOf(p);
  const at = t;
  const a = applicationMessages[p.lang];
  const v = props.violations;
  const reviewer = view.yourRoles.includes('reviewer');
  const admin = view.yourRoles.includes('desk_admin');
  const open = view.state === 'submitted' || view.state === 'in_review';
  const purpose = view.application.purpose;
  const others = view.team.filter((id) => id !== view.requesterId);
  const name = personName(t, view, props.names);
  const mine = view.votes?.find((x) => x.reviewerId === props.me);
  const mismatched = view.datasets.filter((d) => d.match.result === 'no_match' && !d.override);
  const titleOf = (id: string) => props.datasets.find((d) => d.id === id)?.title ?? id;
  const fields = [
    P.voteChoice,
    P.voteRationale,
    P.changesReason,
    P.decisionOutcome,
    P.decisionRationale,
    ...mismatched.map((_, i) => P.overrideRationale(i)),
    P.revokeReason,
  ];
  const action = (path: string) => href(p, `/review/${view.id}/${path}`);
  return (
    <>
      <h1>{fill(t.reviewTitle, { title: props.title })}</h1>
      <ErrorSummary p={p} violations={v} fields={fields} />
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
        <dd>{props.deskName}</dd>
        <dt>{t.policyLabel}</dt>
        <dd>{view.policy.decisionBy === 'automatic' ? t.policyAutomatic : t.policyDeskAdmin}</dd>
        {view.submittedAt ? (
          <>
            <dt>{t.submittedLabel}</dt>
            <dd>{formatDateTime(p.lang, view.submittedAt)}</dd>
          </>
        ) : null}
        <dt>{t.deadlineLabel}</dt>
        <dd>
          <ClockText p={p} clock={props.clock} />
        </dd>
        <dt>{t.summaryLabel}</dt>
        <dd>{localized(p.lang, view.application.summary)}</dd>
      </dl>

      <h2>{t.purposeTitle}</h2>
      <ul>
        <li>{permissionText(p.lang, purpose.permission, purpose.disease)}</li>
        <li>{purpose.commercial ? t.commercialYes : t.commercialNo}</li>
        {purpose.notForProfit ? <li>{t.notForProfit}</li> : null}
        {purpose.methodsDevelopment ? <li>{t.methodsDevelopment}</li> : null}
        {purpose.geneticStudy ? <li>{t.geneticStudy}</li> : null}
        {purpose.processingRegion ? (
          <li>{fill(t.processingRegion, { region: purpose.processingRegion })}</li>
        ) : null}
        <li>{fill(t.duration, { n: formatNumber(p.lang, purpose.durationMonths) })}</li>
      </ul>

      <h2>{t.datasetsTitle}</h2>
      <ul class="matches">
        {view.datasets.map((d) => (
          <li>
            <MatchBody
              p={p}
              dataset={{ id: d.datasetId, title: titleOf(d.datasetId) }}
              match={d.match as DatasetMatch}
              override={d.override}
            />
          </li>
        ))}
      </ul>

      <h2>{t.teamTitle}</h2>
      <ul>
        <li>{props.names.get(view.requesterId) ?? t.teamRequester}</li>
        {others.map((id, i) => (
          <li>{props.names.get(id) ?? fill(t.teamMember, { n: i + 1 })}</li>
        ))}
      </ul>

      <h2>{t.legalTitle}</h2>
      <dl class="facts">
        <dt>{t.legalBasisLabel}</dt>
        <dd>
          {fill(t.legalBasis, {
            a6: view.application.legalBasis.article6,
            a9: view.application.legalBasis.article9,
          })}
        </dd>
        <dt>{t.ethicsLabel}</dt>
        <dd>{view.application.ethicsReference ?? t.ethicsNone}</dd>
        <dt>{t.environmentLabel}</dt>
        <dd>{view.application.processingEnvironment}</dd>
      </dl>

      <h2>{t.votesTitle}</h2>
      {view.votes === null ? (
        <p>{t.votesHidden}</p>
      ) : view.votes.length === 0 ? (
        <p>{t.votesNone}</p>
      ) : (
        <ul class="votes">
          {view.votes.map((x) => (
            <li>
              <strong>{fill(t.voteBy, { who: name(x.reviewerId), choice: choiceWords(t, x.choice) })}</strong>{' '}
              <time datetime={x.castAt}>({formatDateTime(p.lang, x.castAt)})</time>
              <br />
              {x.rationale}
            </li>
          ))}
        </ul>
      )}

      {!reviewer && !admin ? <p class="notice">{t.notEligible}</p> : null}

      {open && view.state === 'submitted' && (reviewer || admin) ? (
        <section class="review-action" aria-labelledby="start-title">
          <h2 id="start-title">{t.startTitle}</h2>
          <p>{t.startIntro}</p>
          <form method="post" action={action('start')}>
            <CsrfField p={p} />
            <button type="submit">{t.startButton}</button>
          </form>
        </section>
      ) : null}

      {open && reviewer ? (
        <section class="review-action" aria-labelledby="vote-title">
          <h2 id="vote-title">{t.voteTitle}</h2>
          {mine ? <p>{fill(t.yourVote, { choice: choiceWords(t, mine.choice) })}</p> : null}
          <form method="post" action={action('vote')} novalidate>
            <CsrfField p={p} />
            <RadioGroup
              pointer={P.voteChoice}
              label={t.voteChoice}
              value={forms.vote.choice || mine?.choice}
              errors={messagesAt(v, P.voteChoice)}
              choices={(['approve', 'reject', 'abstain'] as const).map((c) => ({
                value: c,
                label: choiceWords(t, c),
              }))}
            />
            <TextArea
              pointer={P.voteRationale}
              label={t.voteRationale}
              hint={t.voteRationaleHint}
              rows={4}
              value={forms.vote.rationale}
              errors={messagesAt(v, P.voteRationale)}
            />
            <button type="submit" class="primary">
              {t.voteButton}
            </button>
          </form>
        </section>
      ) : null}

      {open && admin ? (
        <section class="review-action" aria-labelledby="changes-title">
          <h2 id="changes-title">{t.changesTitle}</h2>
          <p>{t.changesIntro}</p>
          <form method="post" action={action('changes')} novalidate>
            <CsrfField p={p} />
            <TextArea
              pointer={P.changesReason}
              label={t.changesReason}
              rows={4}
              value={forms.changes.reason}
              errors={messagesAt(v, P.changesReason)}
            />
            <button type="submit">{t.changesButton}</button>
          </form>
        </section>
      ) : null}

      {view.state === 'in_review' && admin ? (
        <section class="review-action" aria-labelledby="decide-title">
          <h2 id="decide-title">{t.decideTitle}</h2>
          <p>{t.decideIntro}</p>
          <form method="post" action={action('decision')} novalidate>
            <CsrfField p={p} />
            <RadioGroup
              pointer={P.decisionOutcome}
              label={t.decideOutcome}
              value={forms.decision.outcome}
              errors={messagesAt(v, P.decisionOutcome)}
              choices={[
                { value: 'approved', label: t.outcomeApproved },
                { value: 'rejected', label: t.outcomeRejected },
              ]}
            />
            <TextArea
              pointer={P.decisionRationale}
              label={t.decideRationale}
              rows={4}
              value={forms.decision.rationale}
              errors={messagesAt(v, P.decisionRationale)}
            />
            {mismatched.length > 0 ? <p>{t.decideOverrideIntro}</p> : null}
            {mismatched.map((d, i) => (
              <>
                <input type="hidden" name={P.overrideDataset(i)} value={d.datasetId} />
                <TextArea
                  pointer={P.overrideRationale(i)}
                  label={fill(t.overrideRationale, { dataset: titleOf(d.datasetId) })}
                  hint={t.overrideHint}
                  rows={3}
                  value={forms.decision.overrides[d.datasetId] ?? ''}
                  errors={messagesAt(v, P.overrideRationale(i))}
                />
              </>
            ))}
            <button type="submit" class="primary">
              {t.decideButton}
            </button>
          </form>
        </section>
      ) : null}

      {props.grants.length > 0 ? (
        <>
          <h2>{t.grantsTitle}</h2>
          <div class="table-wrap">
            <table>
              <caption>{t.grantsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.colGrantHolder}</th>
                  <th scope="col">{t.colGrantDataset}</th>
                  <th scope="col">{t.colGrantEnds}</th>
                  <th scope="col">{t.colGrantStatus}</th>
                  {admin ? <th scope="col">{t.colGrantAction}</th> : null}
                </tr>
              </thead>
              <tbody>
                {props.grants.map((g) => (
                  <tr>
                    <th scope="row">{name(g.userId)}</th>
                    <td>{titleOf(g.datasetId)}</td>
                    <td>{formatDate(p.lang, g.endsAt)}</td>
                    <td>
                      {g.status === 'active'
                        ? t.grantActive
                        : g.status === 'revoked'
                          ? t.grantRevoked
                          : t.grantExpired}
                      {g.revokedReason ? (
                        <>
                          <br />
                          {g.revokedReason}
                        </>
                      ) : null}
                    </td>
                    {admin ? (
                      <td>
                        {g.status === 'active' ? (
                          <a href={href(p, `/review/${view.id}/grants/${g.id}/revoke`)}>
                            {fill(t.revokeGrantLink, { who: name(g.userId), dataset: titleOf(g.datasetId) })}
                          </a>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {view.state === 'approved' && admin ? (
        <section class="review-action" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t.revokeTitle}</h2>
          <p>{t.revokeIntro}</p>
          <form method="post" action={action('revoke')} novalidate>
            <CsrfField p={p} />
            <TextArea
              pointer={P.revokeReason}
              label={t.revokeReason}
              rows={3}
              value={forms.revoke.reason}
              errors={messagesAt(v, P.revokeReason)}
            />
            <button type="submit" class="danger">
              {t.revokeButton}
            </button>
          </form>
        </section>
      ) : null}

      <h2>{t.eventsTitle}</h2>
      <ol class="timeline">
        {props.events.map((e) => (
          <li>
            <time datetime={e.at}>{formatDateTime(p.lang, e.at)}</time>
            {' — '}
            <strong>{EVENT_WORDS[e.type] ? a[EVENT_WORDS[e.type]!] : e.type}</strong>
            {e.actorId ? ` ${fill(a.eventBy, { who: name(e.actorId) })}` : ''}
            {e.type === 'vote_cast' && typeof e.details.choice === 'string'
              ? ` (${choiceWords(at, e.details.choice)})`
              : ''}
            {e.reason ? (
              <>
                <br />
                {fill(a.eventReason, {
                  reason: SYSTEM_REASONS[e.reason] ? a[SYSTEM_REASONS[e.reason]!] : e.reason,
                })}
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <p>
        <a href={href(p, '/review')}>{t.backToQueue}</a>
      </p>
    </>
  );
}

export function RevokeGrantPage(props: {
  p: PageContext;
  view: RequestView;
  grant: GrantView;
  holder: string;
  dataset: string;
  reason: string;
  violations: Violation[];
}) {
  const { p, grant } = props;
  const t = tOf(p);
  return (
    <>
      <h1>{t.revokeGrantTitle}</h1>
      <ErrorSummary p={p} violations={props.violations} fields={['/reason']} />
      <dl class="facts">
        <dt>{t.colGrantHolder}</dt>
        <dd>{props.holder}</dd>
        <dt>{t.colGrantDataset}</dt>
        <dd>{props.dataset}</dd>
        <dt>{t.colGrantEnds}</dt>
        <dd>{formatDate(p.lang, grant.endsAt)}</dd>
      </dl>
      <p>{t.revokeGrantIntro}</p>
      <form method="post" action={href(p, `/review/${props.view.id}/grants/${grant.id}/revoke`)} novalidate>
        <CsrfField p={p} />
        <TextArea
          pointer="/reason"
          label={t.revokeReason}
          rows={3}
          value={props.reason}
          errors={messagesAt(props.violations, '/reason')}
        />
        <div class="actions">
          <button type="submit" class="danger">
            {t.revokeGrantButton}
          </button>
          <a href={href(p, `/review/${props.view.id}`)}>{p.t.cancel}</a>
        </div>
      </form>
    </>
  );
}
