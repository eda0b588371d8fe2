// Reviewers and desk admins: the queue of applications by deadline, the review page, and its actions (open
// the review, vote, ask for changes, decide or override, revoke). Every rule is the services'.
import type { Hono } from 'hono';
import { CLOCK_RUNNING_STATES, type RequestState } from '../../../domain/access-request-lifecycle';
import { type Outcome, Problem } from '../../../domain/problem';
import { unwrap } from '../../../http/respond';
import {
  castVote,
  decideRequest,
  type Override,
  requestChanges,
  revokeRequest,
  startReview,
} from '../../../services/access-request-decisions';
import {
  getRequest,
  listRequestEvents,
  listRequests,
  type RequestSummary,
  type RequestView,
} from '../../../services/access-requests';
import { getDataset } from '../../../services/datasets';
import { type Deps, orgsWithRole, type Principal } from '../../../services/deps';
import { getGrant, listGrants, revokeGrant } from '../../../services/grants';
import { type DeskView, getDesk, listDesks, listMembers } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { href, ID, LANG, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { fill, localized } from '../../i18n';
import { Layout } from '../../layout';
import { clockOf } from '../applications';
import { messages as applicationMessages } from '../applications/messages';
import { reviewMessages } from './messages';
import {
  emptyForms,
  FILTER_STATES,
  P,
  personName,
  type QueueFilters,
  QueuePage,
  type ReviewForms,
  ReviewPage,
  RevokeGrantPage,
  ToReviewPanel,
} from './pages';

/** Submitted and in review: what awaits the desk. */
const AWAITING: readonly RequestState[] = CLOCK_RUNNING_STATES;

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to review applications');
  return principal;
}

const staffOrgs = (principal: Principal) => [
  ...new Set([...orgsWithRole(principal, 'reviewer'), ...orgsWithRole(principal, 'desk_admin')]),
];

/** The desks whose operator the person reviews for or administers. */
async function staffedDesks(deps: Deps, principal: Principal): Promise<DeskView[]> {
  const orgs = staffOrgs(principal);
  if (orgs.length === 0) return [];
  return (await listDesks(deps)).filter((d) => orgs.includes(d.operatorId));
}

/**
 * The applications of the person's desks, as GET /v1/access-requests lists them for desk staff (their own
 * applications as a requester are not part of the queue), every page of them.
 */
async function queue(
  deps: Deps,
  principal: Principal,
  desks: DeskView[],
  query: { deskId?: string | undefined; state?: RequestState | undefined; overdue?: boolean },
): Promise<RequestSummary[]> {
  const ids = new Set(desks.map((d) => d.id));
  const items: RequestSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const found = unwrap(await listRequests(deps, principal, { ...query, limit: 100, cursor }));
    items.push(...found.items.filter((r) => ids.has(r.deskId) && r.state !== 'draft'));
    if (!found.nextCursor) break;
    cursor = found.nextCursor;
  }
  return items;
}

/** Nearest deadline first; applications without one (decided, paused) last, newest first among them. */
const byDeadline = (a: RequestSummary, b: RequestSummary) =>
  a.deadline && b.deadline
    ? a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id)
    : a.deadline
      ? -1
      : b.deadline
        ? 1
        : b.id.localeCompare(a.id);

/** The home page's "to review" panel, for reviewers and desk admins (nothing for anyone else). */
export async function ToReview(props: { p: PageContext; deps: Deps }) {
  const principal = props.p.principal;
  if (!principal) return null;
  const desks = await staffedDesks(props.deps, principal);
  if (desks.length === 0) return null;
  const items = (await queue(props.deps, principal, desks, {})).filter((r) => AWAITING.includes(r.state));
  return (
    <ToReviewPanel p={props.p} awaiting={items.length} overdue={items.filter((r) => r.overdue).length} />
  );
}

/** The grant of a review page's application: only its desk's admins reach this page, as the API's revoke. */
const GRANT = ID.replace(':id', ':grant');

async function renderRevokeGrant(c: WebContext, reason: string, violations: Violation[], status: number) {
  const principal = signedIn(c);
  const deps = c.get('services');
  const p = pageContext(c);
  const t = reviewMessages[p.lang];
  const { view } = await reviewTarget(c, principal);
  const grant = unwrap(await getGrant(deps, principal, c.req.param('grant') ?? ''));
  if (grant.requestId !== view.id) throw new Problem('not_found', 'no such grant');
  if (!view.yourRoles.includes('desk_admin'))
    throw new Problem('forbidden', 'only the desk’s admins revoke grants');
  const dataset = (await datasetTitles(c, principal, view)).find((d) => d.id === grant.datasetId);
  return c.html(
    <Layout p={p} title={t.revokeGrantTitle}>
      <RevokeGrantPage
        p={p}
        view={view}
        grant={grant}
        holder={personName(t, view, new Map())(grant.userId)}
        dataset={dataset?.title ?? grant.datasetId}
        reason={reason}
        violations={violations}
      />
    </Layout>,
    status as 200,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fieldOf = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};

const NOTICES = {
  started: 'noticeStarted',
  voted: 'noticeVoted',
  changes: 'noticeChanges',
  decided: 'noticeDecided',
  revoked: 'noticeRevoked',
  grantRevoked: 'noticeGrantRevoked',
} as const;

/** The application as the person may review it: only desk staff of its desk reach the review page. */
async function reviewTarget(c: WebContext, principal: Principal) {
  const deps = c.get('services');
  const id = c.req.param('id') ?? '';
  const view = unwrap(await getRequest(deps, principal, id));
  const desk = unwrap(await getDesk(deps, view.deskId));
  if (!staffOrgs(principal).includes(desk.operatorId))
    throw new Problem('not_found', 'no such access request');
  return { view, desk };
}

async function datasetTitles(c: WebContext, principal: Principal, view: RequestView) {
  const lang = c.get('lang');
  return Promise.all(
    view.datasets.map(async (d) => {
      const found = await getDataset(c.get('services'), principal, d.datasetId);
      return {
        id: d.datasetId,
        title: found.ok ? localized(lang, found.value.descriptor.title) : d.datasetId,
      };
    }),
  );
}

async function renderReview(
  c: WebContext,
  principal: Principal,
  target: { view: RequestView; desk: DeskView },
  forms: ReviewForms,
  violations: Violation[],
  status: number,
) {
  const deps = c.get('services');
  const p = pageContext(c);
  const t = reviewMessages[p.lang];
  const { view, desk } = target;
  const events = unwrap(await listRequestEvents(deps, principal, view.id));
  const staff = await listMembers(deps, principal, desk.operatorId);
  const names = new Map(staff.ok ? staff.value.map((m) => [m.userId, m.subject]) : []);
  const datasets = await Promise.all(
    view.datasets.map(async (d) => {
      const found = await getDataset(deps, principal, d.datasetId);
      return {
        id: d.datasetId,
        title: found.ok ? localized(p.lang, found.value.descriptor.title) : d.datasetId,
      };
    }),
  );
  const grants = ['approved', 'revoked', 'expired'].includes(view.state)
    ? (await listGrants(deps, principal, { requestId: view.id, limit: 100 })).items
    : [];
  const title = localized(p.lang, view.application.title) || applicationMessages[p.lang].untitled;
  const key = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((k) => c.req.query(k) !== undefined);
  return c.html(
    <Layout p={p} title={fill(t.reviewTitle, { title })}>
      <ReviewPage
        p={p}
        view={view}
        title={title}
        deskName={desk.name}
        clock={clockOf(view, deps.now())}
        datasets={datasets}
        events={events}
        grants={grants}
        names={names}
        me={principal.userId}
        forms={forms}
        violations={violations}
        notice={status === 200 && key ? t[NOTICES[key]] : undefined}
      />
    </Layout>,
    status as 200,
  );
}

/** Checks a required text: present, and within the API's length. */
function text(lang: 'fr' | 'en', pointer: string, value: string, max: number): Violation[] {
  const t = reviewMessages[lang];
  if (value.trim() === '') return [{ pointer, message: t.required }];
  if (value.length > max) return [{ pointer, message: fill(t.tooLong, { n: max }) }];
  return [];
}

export function reviewArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get(`${LANG}/review`, async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const desks = await staffedDesks(deps, principal);
        const deskParam = c.req.query('desk') ?? '';
        const stateParam = c.req.query('state') ?? '';
        const filters: QueueFilters = {
          desk: desks.some((d) => d.id === deskParam) ? deskParam : '',
          state: stateParam === 'all' || FILTER_STATES.includes(stateParam as RequestState) ? stateParam : '',
          overdue: c.req.query('overdue') === '1',
        };
        const found =
          desks.length === 0
            ? []
            : await queue(deps, principal, desks, {
                deskId: filters.desk || undefined,
                state: filters.state && filters.state !== 'all' ? (filters.state as RequestState) : undefined,
                overdue: filters.overdue,
              });
        const names = new Map(desks.map((d) => [d.id, d.name]));
        const untitled = applicationMessages[p.lang].untitled;
        const items = found
          .filter((r) => filters.state !== '' || filters.overdue || AWAITING.includes(r.state))
          .sort(byDeadline)
          .map((r) => ({
            id: r.id,
            title: localized(p.lang, r.title) || untitled,
            deskName: names.get(r.deskId) ?? r.deskId,
            state: r.state,
            overdue: r.overdue,
            clock: clockOf(r, deps.now()),
          }));
        const t = reviewMessages[p.lang];
        return c.html(
          <Layout p={p} title={filters.overdue ? t.overdueOnlyTitle : t.queueTitle}>
            {desks.length === 0 ? (
              <>
                <h1>{t.queueTitle}</h1>
                <p>{t.notStaff}</p>
              </>
            ) : (
              <QueuePage p={p} items={items} desks={desks} filters={filters} />
            )}
          </Layout>,
          200,
        );
      });

      web.get(`${LANG}/review/${ID}/grants/${GRANT}/revoke`, (c) => renderRevokeGrant(c, '', [], 200));

      web.post(`${LANG}/review/${ID}/grants/${GRANT}/revoke`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = reviewMessages[p.lang];
        const body = await c.req.parseBody({ all: true });
        const reason = fieldOf(body, '/reason');
        const violations = text(p.lang, '/reason', reason, 2000);
        if (violations.length) return renderRevokeGrant(c, reason, violations, 400);
        const { view } = await reviewTarget(c, principal);
        const grantId = c.req.param('grant') ?? '';
        const grant = unwrap(await getGrant(c.get('services'), principal, grantId));
        if (grant.requestId !== view.id) throw new Problem('not_found', 'no such grant');
        const done = await revokeGrant(c.get('services'), principal, grantId, reason.trim());
        if (done.ok) return c.redirect(`${href(p, `/review/${view.id}`)}?grantRevoked=1`, 303);
        if (done.problem.code !== 'conflict') throw done.problem;
        return renderRevokeGrant(
          c,
          reason,
          [{ pointer: '/reason', message: fill(t.conflict, { detail: done.problem.detail ?? '' }) }],
          done.problem.status,
        );
      });

      web.get(`${LANG}/review/${ID}`, async (c) => {
        const principal = signedIn(c);
        return renderReview(c, principal, await reviewTarget(c, principal), emptyForms(), [], 200);
      });

      /** Runs an action; success redirects back to the page (PRG), failure re-renders it with the errors. */
      const act = (
        path: string,
        handle: (
          c: WebContext,
          principal: Principal,
          target: { view: RequestView; desk: DeskView },
          body: Record<string, unknown>,
          forms: ReviewForms,
        ) => Promise<{ violations: Violation[] } | { outcome: Outcome<RequestView>; pointer: string }>,
        notice: keyof typeof NOTICES,
      ) => {
        web.post(`${LANG}/review/${ID}/${path}`, async (c) => {
          const principal = signedIn(c);
          const p = pageContext(c);
          const target = await reviewTarget(c, principal);
          const body = await c.req.parseBody({ all: true });
          const forms = emptyForms();
          const done = await handle(c, principal, target, body, forms);
          if ('violations' in done) return renderReview(c, principal, target, forms, done.violations, 400);
          if (done.outcome.ok) return c.redirect(`${href(p, `/review/${target.view.id}`)}?${notice}=1`, 303);
          const problem = done.outcome.problem;
          if (problem.code === 'not_found' || problem.code === 'unauthenticated') throw problem;
          const t = reviewMessages[p.lang];
          const violations = problem.violations?.length
            ? problem.violations.map((v) => ({ pointer: done.pointer, message: v.message }))
            : [{ pointer: done.pointer, message: fill(t.conflict, { detail: problem.detail ?? '' }) }];
          // The page shows the application as it is now (another reviewer may have decided meanwhile).
          const fresh = {
            view: unwrap(await getRequest(c.get('services'), principal, target.view.id)),
            desk: target.desk,
          };
          return renderReview(c, principal, fresh, forms, violations, problem.status);
        });
      };

      act(
        'start',
        async (c, principal, { view }) => ({
          outcome: await startReview(c.get('services'), principal, view.id),
          pointer: '',
        }),
        'started',
      );

      act(
        'vote',
        async (c, principal, { view }, body, forms) => {
          const lang = c.get('lang');
          const t = reviewMessages[lang];
          forms.vote = { choice: fieldOf(body, P.voteChoice), rationale: fieldOf(body, P.voteRationale) };
          const violations = [
            ...(['approve', 'reject', 'abstain'].includes(forms.vote.choice)
              ? []
              : [{ pointer: P.voteChoice, message: t.chooseOne }]),
            ...text(lang, P.voteRationale, forms.vote.rationale, 4000),
          ];
          if (violations.length) return { violations };
          return {
            outcome: await castVote(c.get('services'), principal, view.id, {
              choice: forms.vote.choice as 'approve' | 'reject' | 'abstain',
              rationale: forms.vote.rationale.trim(),
            }),
            pointer: P.voteChoice,
          };
        },
        'voted',
      );

      act(
        'changes',
        async (c, principal, { view }, body, forms) => {
          forms.changes = { reason: fieldOf(body, P.changesReason) };
          const violations = text(c.get('lang'), P.changesReason, forms.changes.reason, 2000);
          if (violations.length) return { violations };
          return {
            outcome: await requestChanges(c.get('services'), principal, view.id, forms.changes.reason.trim()),
            pointer: P.changesReason,
          };
        },
        'changes',
      );

      act(
        'decision',
        async (c, principal, { view }, body, forms) => {
          const lang = c.get('lang');
          const t = reviewMessages[lang];
          const overrides: Override[] = [];
          const overrideViolations: Violation[] = [];
          forms.decision = {
            outcome: fieldOf(body, P.decisionOutcome),
            rationale: fieldOf(body, P.decisionRationale),
            overrides: {},
          };
          const approving = forms.decision.outcome === 'approved';
          for (let i = 0; i < 50; i++) {
            const datasetId = fieldOf(body, P.overrideDataset(i));
            if (!UUID.test(datasetId)) break;
            const rationale = fieldOf(body, P.overrideRationale(i));
            forms.decision.overrides[datasetId] = rationale;
            // A rejection needs no override; an approval needs one for each mismatched dataset.
            if (!approving) continue;
            if (rationale.trim() === '')
              overrideViolations.push({ pointer: P.overrideRationale(i), message: t.overrideRequired });
            else if (rationale.length > 2000)
              overrideViolations.push({
                pointer: P.overrideRationale(i),
                message: fill(t.tooLong, { n: 2000 }),
              });
            else overrides.push({ datasetId, rationale: rationale.trim() });
          }
          const violations = [
            ...(['approved', 'rejected'].includes(forms.decision.outcome)
              ? []
              : [{ pointer: P.decisionOutcome, message: t.chooseOne }]),
            ...text(lang, P.decisionRationale, forms.decision.rationale, 4000),
            ...overrideViolations,
          ];
          if (violations.length) return { violations };
          return {
            outcome: await decideRequest(c.get('services'), principal, view.id, {
              outcome: forms.decision.outcome as 'approved' | 'rejected',
              rationale: forms.decision.rationale.trim(),
              overrides,
            }),
            pointer: P.decisionOutcome,
          };
        },
        'decided',
      );

      act(
        'revoke',
        async (c, principal, { view }, body, forms) => {
          forms.revoke = { reason: fieldOf(body, P.revokeReason) };
          const violations = text(c.get('lang'), P.revokeReason, forms.revoke.reason, 2000);
          if (violations.length) return { violations };
          return {
            outcome: await revokeRequest(c.get('services'), principal, view.id, forms.revoke.reason.trim()),
            pointer: P.revokeReason,
          };
        },
        'revoked',
      );
    },
  };
}
