// Research teams' applications: list, start from a dataset, edit with the live purpose match (and autosave),
// submit, follow the deadline and the timeline, withdraw. Every rule is the services'; pages only show them.
import type { Hono } from 'hono';
import { CLOCK_RUNNING_STATES, type RequestState } from '../../../domain/access-request-lifecycle';
import type { DataUseConditions } from '../../../domain/descriptor';
import { type DatasetMatch, matchPurpose } from '../../../domain/duo-matching';
import { type Outcome, Problem } from '../../../domain/problem';
import { toIsoDate, workingDaysBetween } from '../../../domain/working-days';
import { unwrap } from '../../../http/respond';
import { submitRequest, withdrawRequest } from '../../../services/access-request-decisions';
import {
  createRequest,
  getRequest,
  listRequestEvents,
  listRequests,
  type RequestView,
  updateRequest,
} from '../../../services/access-requests';
import { searchDatasets } from '../../../services/catalog-search';
import { getDataset } from '../../../services/datasets';
import { orgsWithRole, type Principal } from '../../../services/deps';
import { getDesk, getOrganization, listDesks, listMembers } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { href, pageContext, type WebContext, type WebEnv } from '../../context';
import { CsrfField } from '../../forms';
import { fill, type Lang, localized, TIME_ZONE } from '../../i18n';
import { Layout } from '../../layout';
import {
  type ApplicationForm,
  applicationTitle,
  checkForm,
  count,
  emptyForm,
  formFromBody,
  formFromView,
  purposeOf,
  violationsInWords,
} from './form';
import { messages } from './messages';
import {
  ApplicationFormPage,
  ApplicationPage,
  type Clock,
  type DatasetInfo,
  type FormPageProps,
  ListPage,
  MatchBody,
  matchElementId,
  stateWords,
  WithdrawPage,
} from './pages';

const ID = '{[0-9a-fA-F-]+}';
const EDITABLE: RequestState[] = ['draft', 'changes_requested'];

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to see your applications');
  return principal;
}

/** Where the deadline stands today, in French working days. */
export function clockOf(
  r: { state: RequestState; deadline: string | null; overdue: boolean },
  now: Date,
): Clock {
  const clock: Clock = { deadline: r.deadline, left: null, overdueBy: null, paused: false };
  if (!r.deadline) return clock;
  const today = toIsoDate(now);
  if (r.state === 'changes_requested') clock.paused = true;
  else if (CLOCK_RUNNING_STATES.includes(r.state)) {
    if (r.overdue) clock.overdueBy = workingDaysBetween(r.deadline, today);
    else clock.left = workingDaysBetween(today, r.deadline);
  }
  return clock;
}

interface LoadedDataset extends DatasetInfo {
  deskId: string | null;
  status: string;
  conditions: DataUseConditions | undefined;
}

async function loadDatasets(c: WebContext, principal: Principal, ids: string[]): Promise<LoadedDataset[]> {
  const lang = c.get('lang');
  return Promise.all(
    ids.map(async (id) => {
      const found = UUID.test(id) ? await getDataset(c.get('services'), principal, id) : undefined;
      if (!found?.ok) return { id, title: id, deskId: null, status: 'unknown', conditions: undefined };
      const d = found.value;
      return {
        id,
        title: localized(lang, d.descriptor.title) || id,
        deskId: d.deskId,
        status: d.status,
        conditions: d.descriptor.dataUseConditions,
      };
    }),
  );
}

/** The match each dataset would get from the purpose as typed now. */
function liveMatches(form: ApplicationForm, datasets: LoadedDataset[]): Map<string, DatasetMatch> {
  const purpose = purposeOf(form);
  if (!purpose) return new Map();
  return new Map(datasets.map((d) => [d.id, matchPurpose(d.conditions, purpose)]));
}

/** Subjects of the organisation's members (user id → subject), as far as the caller may list them. */
async function memberSubjects(c: WebContext, principal: Principal, orgId: string) {
  const members = await listMembers(c.get('services'), principal, orgId);
  return members.ok ? members.value : [];
}

async function deskName(c: WebContext, deskId: string | null): Promise<{ name: string; days: number }> {
  if (!deskId) return { name: '—', days: 0 };
  const desk = await getDesk(c.get('services'), deskId);
  return desk.ok
    ? { name: desk.value.name, days: desk.value.decisionDeadlineDays }
    : { name: deskId, days: 0 };
}

interface FormRender {
  form: ApplicationForm;
  deskId: string;
  orgId: string;
  action: string;
  view?: RequestView | undefined;
  version?: number | undefined;
  query?: string | undefined;
  violations?: Violation[];
  notice?: string | undefined;
  warning?: string | undefined;
}

async function formProps(c: WebContext, principal: Principal, r: FormRender): Promise<FormPageProps> {
  const p = pageContext(c);
  const deps = c.get('services');
  const datasets = await loadDatasets(c, principal, r.form.datasetIds);
  const query = r.query ?? '';
  const found = await searchDatasets(deps, principal, {
    q: query || undefined,
    filters: { desk: [r.deskId] },
    limit: 100,
  });
  const addable = found.ok
    ? found.value.items
        .filter((d) => !r.form.datasetIds.includes(d.id))
        .map((d) => ({ id: d.id, title: localized(p.lang, d.title) || d.id }))
    : [];
  const members = await memberSubjects(c, principal, r.orgId);
  const colleagues = [
    ...new Set(
      members.filter((m) => m.role === 'requester' && m.userId !== principal.userId).map((m) => m.subject),
    ),
  ];
  const orgs = orgsWithRole(principal, 'requester');
  const organizations =
    orgs.length > 1
      ? await Promise.all(
          orgs.map(async (id) => {
            const org = await getOrganization(deps, id);
            return { value: id, label: org.ok ? org.value.name : id };
          }),
        )
      : undefined;
  let changesReason: string | null = null;
  if (r.view?.state === 'changes_requested') {
    const events = await listRequestEvents(deps, principal, r.view.id);
    changesReason = events.ok
      ? ([...events.value].reverse().find((e) => e.type === 'changes_requested')?.reason ?? null)
      : null;
  }
  return {
    p,
    action: r.action,
    submitAction: r.view ? href(p, `/applications/${r.view.id}/submit`) : undefined,
    form: r.form,
    version: r.version ?? (r.form.version ? Number(r.form.version) : r.view?.version),
    state: r.view?.state,
    deskName: (await deskName(c, r.deskId)).name,
    datasets,
    matches: liveMatches(r.form, datasets),
    addable,
    query,
    colleagues,
    requesterName: p.displayName ?? principal.subject,
    organizations,
    violations: r.violations ?? [],
    notice: r.notice,
    warning: r.warning,
    changesReason,
  };
}

async function renderForm(c: WebContext, principal: Principal, r: FormRender, status: number) {
  const props = await formProps(c, principal, r);
  const t = messages[props.p.lang];
  return c.html(
    <Layout p={props.p} title={props.version === undefined ? t.newTitle : t.editTitle}>
      <ApplicationFormPage {...props} />
    </Layout>,
    status as 200,
  );
}

/** The autosave answer: a status sentence, and each dataset's fit as HTML for its `#match-…` element. */
async function autosaveAnswer(
  c: WebContext,
  principal: Principal,
  form: ApplicationForm,
  message: string,
  status: number,
  extra: Record<string, unknown> = {},
) {
  const p = pageContext(c);
  const datasets = await loadDatasets(c, principal, form.datasetIds);
  const matches = liveMatches(form, datasets);
  const match: Record<string, string> = {};
  for (const d of datasets) {
    match[matchElementId(d.id)] = String(
      await (<MatchBody p={p} dataset={d} match={matches.get(d.id)} />).toString(),
    );
  }
  c.header('cache-control', 'no-store');
  return c.json({ message, match, ...extra }, status as 200);
}

const fieldOf = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};

const TIME: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: TIME_ZONE }),
};
const timeNow = (c: WebContext) => TIME[c.get('lang')].format(c.get('services').now());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An identifier from the path or a form; anything that is not one names nothing (as the API's 404). */
function uuidOr404(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw new Problem('not_found', 'no such resource');
  return value;
}

function problemOf<T>(outcome: Outcome<T>): Problem | undefined {
  return outcome.ok ? undefined : outcome.problem;
}

export function applicationsArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get('/:lang{(?:fr|en)}/applications', async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const page = unwrap(await listRequests(deps, principal, { limit: 100 }));
        const desks = new Map((await listDesks(deps)).map((d) => [d.id, d.name]));
        const items = page.items.map((r) => ({
          ...r,
          deskName: desks.get(r.deskId) ?? r.deskId,
          clock: clockOf(r, deps.now()),
        }));
        return c.html(
          <Layout p={p} title={messages[p.lang].listTitle}>
            <ListPage p={p} items={items} />
          </Layout>,
          200,
        );
      });

      // Starting from a dataset: add it to a draft of the same desk, or start a new application.
      const startPage = async (
        c: WebContext,
        form?: ApplicationForm,
        extra: Partial<FormRender> = {},
        status = 200,
      ) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        const datasetId = uuidOr404(c.req.query('dataset'));
        const dataset = unwrap(await getDataset(deps, principal, datasetId));
        const title = localized(p.lang, dataset.descriptor.title);
        const orgs = orgsWithRole(principal, 'requester');
        if (!dataset.deskId || dataset.status !== 'published' || orgs.length === 0) {
          return c.html(
            <Layout p={p} title={t.newTitle}>
              <h1>{t.newTitle}</h1>
              <p class="notice notice-warn">{orgs.length === 0 ? t.notRequester : t.notRequestable}</p>
              <p>
                <a href={href(p, `/datasets/${dataset.id}`)}>{title}</a>
              </p>
            </Layout>,
            orgs.length === 0 ? 403 : 409,
          );
        }
        const desk = await deskName(c, dataset.deskId);
        const action = `${href(p, '/applications/new')}?dataset=${encodeURIComponent(dataset.id)}`;
        if (!form && c.req.query('fresh') === undefined) {
          const mine = unwrap(await listRequests(deps, principal, { state: 'draft', limit: 100 }));
          const views = (
            await Promise.all(mine.items.map(async (r) => getRequest(deps, principal, r.id)))
          ).flatMap((v) => (v.ok && v.value.yourRoles.includes('requester') ? [v.value] : []));
          const here = views.filter((v) => v.deskId === dataset.deskId);
          const elsewhere = views.filter((v) => v.deskId !== dataset.deskId);
          if (here.length > 0 || elsewhere.length > 0) {
            return c.html(
              <Layout p={p} title={t.newTitle}>
                <h1>{t.newTitle}</h1>
                <p class="lead">{fill(t.newFor, { dataset: title, desk: desk.name })}</p>
                <p>{fill(t.newBasketRule, { desk: desk.name })}</p>
                {here.length > 0 ? (
                  <section aria-labelledby="drafts-title">
                    <h2 id="drafts-title">{t.newDraftsTitle}</h2>
                    <p>{t.newDraftsIntro}</p>
                    <ul class="drafts">
                      {here.map((v) => {
                        const draftTitle = applicationTitle(p.lang, v.application, t.untitled);
                        return (
                          <li>
                            {v.datasets.some((d) => d.datasetId === dataset.id) ? (
                              <a href={href(p, `/applications/${v.id}/edit`)}>
                                {fill(t.alreadyInDraft, { title: draftTitle })}
                              </a>
                            ) : (
                              <form method="post" action={action}>
                                <CsrfField p={p} />
                                <input type="hidden" name="_into" value={v.id} />
                                <button type="submit">{fill(t.addToDraft, { title: draftTitle })}</button>
                              </form>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </section>
                ) : null}
                {elsewhere.length > 0 ? (
                  <p class="notice">
                    {fill(t.otherDeskDrafts, {
                      titles: elsewhere
                        .map((v) => applicationTitle(p.lang, v.application, t.untitled))
                        .join(', '),
                    })}
                  </p>
                ) : null}
                <p>
                  <a class="button" href={`${action}&fresh=1`}>
                    {t.startFresh}
                  </a>
                </p>
              </Layout>,
              200,
            );
          }
        }
        return renderForm(
          c,
          principal,
          {
            form: form ?? { ...emptyForm([dataset.id]), organizationId: orgs.length === 1 ? orgs[0]! : '' },
            deskId: dataset.deskId,
            orgId: form?.organizationId || orgs[0]!,
            action,
            ...extra,
          },
          status,
        );
      };

      web.get('/:lang{(?:fr|en)}/applications/new', (c) => startPage(c));

      web.post('/:lang{(?:fr|en)}/applications/new', async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        const body = await c.req.parseBody({ all: true });
        const datasetId = uuidOr404(c.req.query('dataset'));
        const into = fieldOf(body, '_into') && uuidOr404(fieldOf(body, '_into'));
        if (into) {
          // Adds the dataset to an existing draft, as it stands.
          const view = unwrap(await getRequest(deps, principal, into));
          const members = await memberSubjects(c, principal, view.requesterOrganizationId);
          const form = formFromView(
            view,
            new Map(members.map((m) => [m.userId, m.subject])),
            view.requesterId,
          );
          form.datasetIds.push(datasetId);
          const checked = checkForm(p.lang, form);
          const outcome = checked.ok
            ? await updateRequest(deps, principal, into, view.version, checked.input)
            : undefined;
          if (outcome?.ok) return c.redirect(`${href(p, `/applications/${into}/edit`)}?added=1`, 303);
          const problem = problemOf(outcome ?? { ok: true, value: null });
          return renderForm(
            c,
            principal,
            {
              form,
              deskId: view.deskId,
              orgId: view.requesterOrganizationId,
              action: href(p, `/applications/${into}/edit`),
              view,
              violations: checked.ok
                ? violationsInWords(p.lang, problem?.violations ?? [])
                : checked.violations,
              warning:
                problem && !problem.violations
                  ? fill(t.conflict, { detail: problem.detail ?? '' })
                  : undefined,
            },
            problem?.status ?? 400,
          );
        }
        const form = formFromBody(body);
        const autosave = fieldOf(body, '_autosave') === '1';
        const action = fieldOf(body, '_action');
        const remove = fieldOf(body, '_remove');
        const add = fieldOf(body, '_add');
        if (remove) form.datasetIds = form.datasetIds.filter((d) => d !== remove);
        if (action === 'add' && add && !form.datasetIds.includes(add)) form.datasetIds.push(add);
        const dataset = unwrap(await getDataset(deps, principal, datasetId));
        if (!form.organizationId) form.organizationId = orgsWithRole(principal, 'requester')[0] ?? '';
        if (remove || action === 'add' || action === 'search')
          return startPage(c, form, { query: fieldOf(body, '_q') });
        const checked = checkForm(p.lang, form);
        if (!checked.ok) {
          if (autosave)
            return autosaveAnswer(
              c,
              principal,
              form,
              count(p.lang, t.autosaveInvalid, checked.violations.length),
              400,
            );
          return startPage(c, form, { violations: checked.violations }, 400);
        }
        const created = await createRequest(deps, principal, {
          ...checked.input,
          deskId: dataset.deskId ?? '',
          organizationId: form.organizationId || undefined,
        });
        if (!created.ok) {
          const violations = violationsInWords(p.lang, created.problem.violations ?? []);
          if (autosave)
            return autosaveAnswer(
              c,
              principal,
              form,
              count(p.lang, t.autosaveInvalid, Math.max(1, violations.length)),
              created.problem.status,
            );
          return startPage(
            c,
            form,
            {
              violations,
              warning: violations.length
                ? undefined
                : fill(t.conflict, { detail: created.problem.detail ?? '' }),
            },
            created.problem.status,
          );
        }
        const edit = href(p, `/applications/${created.value.id}/edit`);
        if (autosave)
          return autosaveAnswer(c, principal, form, fill(t.autosaveCreated, { time: timeNow(c) }), 201, {
            location: edit,
            autosave: edit,
            action: edit,
            fields: { _version: String(created.value.version) },
          });
        return c.redirect(`${edit}?created=1`, 303);
      });

      const editTarget = async (c: WebContext, principal: Principal, id: string) => {
        const view = unwrap(await getRequest(c.get('services'), principal, id));
        // Team members read the application; only its requester edits it (as the service says too).
        if (!view.yourRoles.includes('requester')) throw new Problem('forbidden', 'only the requester edits');
        return view;
      };

      const NOTICES = {
        saved: 'saved',
        created: 'created',
        added: 'datasetAdded',
        removed: 'datasetRemoved',
      } as const;

      web.get(`/:lang{(?:fr|en)}/applications/:id${ID}/edit`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = messages[p.lang];
        const view = await editTarget(c, principal, uuidOr404(c.req.param('id')));
        if (!EDITABLE.includes(view.state)) return c.redirect(href(p, `/applications/${view.id}`), 303);
        const members = await memberSubjects(c, principal, view.requesterOrganizationId);
        const form = formFromView(view, new Map(members.map((m) => [m.userId, m.subject])), view.requesterId);
        const key = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find(
          (k) => c.req.query(k) !== undefined,
        );
        return renderForm(
          c,
          principal,
          {
            form,
            deskId: view.deskId,
            orgId: view.requesterOrganizationId,
            action: href(p, `/applications/${view.id}/edit`),
            view,
            query: c.req.query('q'),
            notice: key ? t[NOTICES[key]] : undefined,
          },
          200,
        );
      });

      /** Saves the posted form; answers with a failure page (or autosave JSON), or undefined when saved. */
      const save = async (
        c: WebContext,
        principal: Principal,
        view: RequestView,
        form: ApplicationForm,
        autosave: boolean,
      ) => {
        const p = pageContext(c);
        const t = messages[p.lang];
        const deps = c.get('services');
        const base: FormRender = {
          form,
          deskId: view.deskId,
          orgId: view.requesterOrganizationId,
          action: href(p, `/applications/${view.id}/edit`),
          view,
        };
        if (!EDITABLE.includes(view.state)) {
          const warning = fill(t.notEditable, { state: stateWords(p.lang, view.state) });
          if (autosave)
            return { failed: await autosaveAnswer(c, principal, form, t.autosaveNotEditable, 409) };
          return { failed: await renderForm(c, principal, { ...base, warning }, 409) };
        }
        const checked = checkForm(p.lang, form);
        if (!checked.ok) {
          if (autosave)
            return {
              failed: await autosaveAnswer(
                c,
                principal,
                form,
                count(p.lang, t.autosaveInvalid, checked.violations.length),
                400,
              ),
            };
          return {
            failed: await renderForm(
              c,
              principal,
              { ...base, violations: checked.violations, version: Number(form.version) },
              400,
            ),
          };
        }
        const updated = await updateRequest(deps, principal, view.id, Number(form.version), checked.input);
        if (updated.ok) return { view: updated.value };
        const problem = updated.problem;
        if (problem.code === 'precondition_failed') {
          // Stale: the values typed are kept, and the form now carries the current version to save over it.
          if (autosave) return { failed: await autosaveAnswer(c, principal, form, t.autosaveStale, 412) };
          return {
            failed: await renderForm(
              c,
              principal,
              { ...base, version: view.version, warning: fill(t.stale, { current: view.version }) },
              412,
            ),
          };
        }
        const violations = violationsInWords(p.lang, problem.violations ?? []);
        if (autosave)
          return {
            failed: await autosaveAnswer(
              c,
              principal,
              form,
              count(p.lang, t.autosaveInvalid, Math.max(1, violations.length)),
              problem.status,
            ),
          };
        return {
          failed: await renderForm(
            c,
            principal,
            {
              ...base,
              version: Number(form.version),
              violations,
              warning: violations.length ? undefined : fill(t.conflict, { detail: problem.detail ?? '' }),
            },
            problem.status,
          ),
        };
      };

      web.post(`/:lang{(?:fr|en)}/applications/:id${ID}/edit`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = messages[p.lang];
        const view = await editTarget(c, principal, uuidOr404(c.req.param('id')));
        const body = await c.req.parseBody({ all: true });
        const form = formFromBody(body);
        form.organizationId = view.requesterOrganizationId;
        const autosave = fieldOf(body, '_autosave') === '1';
        const action = fieldOf(body, '_action');
        const remove = fieldOf(body, '_remove');
        const add = fieldOf(body, '_add');
        if (action === 'search') {
          return renderForm(
            c,
            principal,
            {
              form,
              deskId: view.deskId,
              orgId: view.requesterOrganizationId,
              action: href(p, `/applications/${view.id}/edit`),
              view,
              version: Number(form.version),
              query: fieldOf(body, '_q'),
            },
            200,
          );
        }
        if (remove) form.datasetIds = form.datasetIds.filter((d) => d !== remove);
        if (action === 'add' && add && !form.datasetIds.includes(add)) form.datasetIds.push(add);
        const saved = await save(c, principal, view, form, autosave);
        if (saved.failed) return saved.failed;
        if (autosave)
          return autosaveAnswer(c, principal, form, fill(t.autosaveSaved, { time: timeNow(c) }), 200, {
            fields: { _version: String(saved.view.version) },
          });
        const notice = remove ? 'removed' : action === 'add' ? 'added' : 'saved';
        return c.redirect(`${href(p, `/applications/${view.id}/edit`)}?${notice}=1`, 303);
      });

      web.post(`/:lang{(?:fr|en)}/applications/:id${ID}/submit`, async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        let view = await editTarget(c, principal, uuidOr404(c.req.param('id')));
        const body = await c.req.parseBody({ all: true });
        // From the edit form, what was typed is saved first; a bare submit sends the application as stored.
        if (fieldOf(body, '_version') !== '') {
          const form = formFromBody(body);
          form.organizationId = view.requesterOrganizationId;
          const saved = await save(c, principal, view, form, false);
          if (saved.failed) return saved.failed;
          view = saved.view;
        }
        const resubmission = view.state === 'changes_requested';
        const submitted = await submitRequest(deps, principal, view.id);
        if (submitted.ok)
          return c.redirect(
            `${href(p, `/applications/${view.id}`)}?${resubmission ? 'resubmitted' : 'submitted'}=1`,
            303,
          );
        const problem = submitted.problem;
        const members = await memberSubjects(c, principal, view.requesterOrganizationId);
        const violations = violationsInWords(p.lang, problem.violations ?? []);
        return renderForm(
          c,
          principal,
          {
            form: formFromView(view, new Map(members.map((m) => [m.userId, m.subject])), view.requesterId),
            deskId: view.deskId,
            orgId: view.requesterOrganizationId,
            action: href(p, `/applications/${view.id}/edit`),
            view,
            violations,
            warning: violations.length ? undefined : fill(t.conflict, { detail: problem.detail ?? '' }),
          },
          problem.status,
        );
      });

      web.get(`/:lang{(?:fr|en)}/applications/:id${ID}`, async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        const view = unwrap(await getRequest(deps, principal, uuidOr404(c.req.param('id'))));
        const events = unwrap(await listRequestEvents(deps, principal, view.id));
        const members = await memberSubjects(c, principal, view.requesterOrganizationId);
        const names = new Map(members.map((m) => [m.userId, m.subject]));
        const desk = await deskName(c, view.deskId);
        const datasets = await loadDatasets(
          c,
          principal,
          view.datasets.map((d) => d.datasetId),
        );
        const title = applicationTitle(p.lang, view.application, t.untitled);
        const notice = (['submitted', 'resubmitted', 'withdrawn'] as const).find(
          (k) => c.req.query(k) !== undefined,
        );
        return c.html(
          <Layout p={p} title={fill(t.pageTitle, { title })}>
            <ApplicationPage
              p={p}
              view={view}
              title={title}
              deskName={desk.name}
              decisionDays={desk.days}
              clock={clockOf(view, deps.now())}
              datasets={datasets}
              events={events}
              names={names}
              notice={notice ? t[notice] : undefined}
            />
          </Layout>,
          200,
        );
      });

      const withdrawPage = async (c: WebContext, reason: string, violations: Violation[], status: number) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = messages[p.lang];
        const view = unwrap(await getRequest(c.get('services'), principal, uuidOr404(c.req.param('id'))));
        if (!view.yourRoles.includes('requester'))
          throw new Problem('forbidden', 'only the requester withdraws');
        const title = applicationTitle(p.lang, view.application, t.untitled);
        return c.html(
          <Layout p={p} title={fill(t.withdrawTitle, { title })}>
            <WithdrawPage p={p} id={view.id} title={title} reason={reason} violations={violations} />
          </Layout>,
          status as 200,
        );
      };

      web.get(`/:lang{(?:fr|en)}/applications/:id${ID}/withdraw`, (c) => withdrawPage(c, '', [], 200));

      web.post(`/:lang{(?:fr|en)}/applications/:id${ID}/withdraw`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = messages[p.lang];
        const body = await c.req.parseBody({ all: true });
        const reason = fieldOf(body, '/reason').trim();
        if (reason.length > 2000)
          return withdrawPage(c, reason, [{ pointer: '/reason', message: t.violationTooLong }], 400);
        const done = await withdrawRequest(
          c.get('services'),
          principal,
          uuidOr404(c.req.param('id')),
          reason || undefined,
        );
        if (!done.ok) {
          if (done.problem.code === 'not_found') throw done.problem;
          return withdrawPage(
            c,
            reason,
            [{ pointer: '', message: fill(t.conflict, { detail: done.problem.detail ?? '' }) }],
            done.problem.status,
          );
        }
        return c.redirect(`${href(p, `/applications/${done.value.id}`)}?withdrawn=1`, 303);
      });
    },
  };
}
