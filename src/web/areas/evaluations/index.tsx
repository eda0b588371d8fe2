// Evaluators' pages: their organisation's evaluations, opening one, scoring it against the PHOENIX grid with
// evidence (metric-backed criteria preselected from the desk's figures), submitting it for signature,
// answering an auditor's dispute and opening the new version, and comparing versions on a radar chart.
// Every rule is the services'; pages only show them.
import type { Hono } from 'hono';
import { levelFor } from '../../../domain/desk-metrics';
import type { EvaluationGrid, GridLevel } from '../../../domain/evaluation-grid';
import { type Scores, scoreSheet } from '../../../domain/evaluation-scoring';
import { Problem } from '../../../domain/problem';
import { unwrap } from '../../../http/respond';
import { evaluationGrid } from '../../../policies/evaluation-grids';
import { orgsWithRole, type Principal } from '../../../services/deps';
import { type DeskMetrics, deskMetrics } from '../../../services/desk-metrics';
import { answerDispute, evaluationHistory, reviseEvaluation } from '../../../services/evaluation-disputes';
import { listOwnEvaluations } from '../../../services/evaluation-lists';
import { evaluationSigningDocument, submitEvaluation } from '../../../services/evaluation-signatures';
import {
  type EvaluationView,
  getEvaluation,
  METRIC_FIELDS,
  openEvaluation,
  scoreEvaluation,
} from '../../../services/evaluations';
import { evidenceBundle } from '../../../services/evidence-bundle';
import { getDesk, listDesks, namesById } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { href, ID, LANG, pageContext, type WebContext, type WebEnv } from '../../context';
import { fill } from '../../i18n';
import { Layout } from '../../layout';
import { messages } from './messages';
import { ConfirmPage, EvaluationPage, type HistoryEntry, ListPage, type OpenForm } from './pages';
import { formFromBody, formFromScores, type ScoreForm, scoresFromForm } from './score-form';
import {
  hasSignatureViolation,
  mountSigningKeys,
  postedSignature,
  preparedAnswer,
  signatureViolations,
  signerFor,
} from './signing';

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to see evaluations');
  return principal;
}

type Body = Record<string, unknown>;
const text = (body: Body, name: string): string => {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

async function renderList(c: WebContext, form: OpenForm, violations: Violation[], status: number) {
  const principal = signedIn(c);
  const deps = c.get('services');
  const p = pageContext(c);
  const desks = await listDesks(deps);
  const names = new Map(desks.map((d) => [d.id, d.name]));
  const items = (await listOwnEvaluations(deps, principal)).map((e) => ({
    ...e,
    deskName: names.get(e.deskId) ?? e.deskId,
  }));
  return c.html(
    <Layout p={p} title={messages[p.lang].listTitle}>
      <ListPage
        p={p}
        items={items}
        canOpen={orgsWithRole(principal, 'evaluator').length > 0}
        desks={desks.map((d) => ({ value: d.id, label: d.name }))}
        form={form}
        violations={violations}
      />
    </Layout>,
    status as 200,
  );
}

function gridOfView(view: EvaluationView): EvaluationGrid {
  const grid = evaluationGrid(view.grid.id, view.grid.version);
  if (!grid) throw new Problem('internal', `grid ${view.grid.id}@${view.grid.version} is not installed`);
  return grid;
}

/** Each metric-backed criterion's figure and proposed level: from the signed scores once submitted. */
function computedLevels(view: EvaluationView, grid: EvaluationGrid, figures: DeskMetrics | undefined) {
  const out = new Map<string, { value: number | null; level: GridLevel | null }>();
  for (const c of grid.groups.flatMap((g) => g.criteria)) {
    if (!c.metric) continue;
    const frozen = view.scores[c.id]?.computed;
    if (view.state !== 'draft' && frozen) {
      out.set(c.id, frozen);
      continue;
    }
    const field = METRIC_FIELDS[c.metric.id];
    const value = figures && field ? (figures[field] as number | null) : null;
    out.set(c.id, { value, level: value === null ? null : levelFor(c.metric, value) });
  }
  return out;
}

/**
 * What submission would refuse today: the score sheet once the figures fill metric-backed criteria, as
 * submitEvaluation fills them (the service checks again when the evaluator confirms).
 */
function foreseenProblems(
  view: EvaluationView,
  grid: EvaluationGrid,
  computed: Map<string, { value: number | null; level: GridLevel | null }>,
) {
  const scores: Scores = { ...view.scores };
  for (const [id, figure] of computed) {
    const given = scores[id];
    if (given) scores[id] = { ...given, computed: figure };
    else if (figure.level !== null) scores[id] = { level: figure.level, evidence: [], computed: figure };
  }
  return scoreSheet(grid, scores).problems;
}

interface Render {
  form?: ScoreForm;
  formVersion?: number;
  violations?: Violation[];
  answerValues?: Map<string, string>;
  answerViolations?: Violation[];
  notice?: string | undefined;
  warning?: string | undefined;
}

async function renderEvaluation(c: WebContext, id: string, r: Render, status: number) {
  const principal = signedIn(c);
  const deps = c.get('services');
  const p = pageContext(c);
  const view = unwrap(await getEvaluation(deps, principal, id));
  const grid = gridOfView(view);
  const [desk, figures, history, names] = await Promise.all([
    getDesk(deps, view.deskId),
    deskMetrics(deps, view.deskId, view.period.from, view.period.to),
    evaluationHistory(deps, principal, id),
    namesById(deps),
  ]);
  const computed = computedLevels(view, grid, figures.ok ? figures.value : undefined);
  const proposed = new Map([...computed].map(([k, v]) => [k, v.level]));
  const deskName = desk.ok ? desk.value.name : view.deskId;
  return c.html(
    <Layout p={p} title={fill(messages[p.lang].pageTitle, { desk: deskName })}>
      <EvaluationPage
        p={p}
        view={view}
        grid={grid}
        deskName={deskName}
        figures={figures.ok ? figures.value : undefined}
        computed={computed}
        history={history.ok ? (history.value as HistoryEntry[]) : []}
        orgNames={names.organizations}
        evaluator={principal.memberships.some(
          (m) => m.organizationId === view.evaluatorOrganizationId && m.role === 'evaluator',
        )}
        form={r.form ?? formFromScores(grid, view.scores, proposed)}
        formVersion={r.formVersion ?? view.version}
        violations={r.violations ?? []}
        answerValues={r.answerValues ?? new Map()}
        answerViolations={r.answerViolations ?? []}
        notice={r.notice}
        warning={r.warning}
      />
    </Layout>,
    status as 200,
  );
}

async function renderConfirm(
  c: WebContext,
  id: string,
  problems: { criterion: string; problem: string }[],
  status: number,
  violations: Violation[] = [],
) {
  const principal = signedIn(c);
  const deps = c.get('services');
  const p = pageContext(c);
  const view = unwrap(await getEvaluation(deps, principal, id));
  const [desk, names] = await Promise.all([getDesk(deps, view.deskId), namesById(deps)]);
  const organization = view.evaluatorOrganizationId;
  const signer = await signerFor(c, {
    id: organization,
    name: names.organizations.get(organization) ?? organization,
  });
  return c.html(
    <Layout p={p} title={messages[p.lang].confirmTitle}>
      <ConfirmPage
        p={p}
        view={view}
        grid={gridOfView(view)}
        deskName={desk.ok ? desk.value.name : view.deskId}
        problems={problems}
        signer={signer}
        violations={violations}
      />
    </Layout>,
    status as 200,
  );
}

const NOTICES = ['opened', 'saved', 'submitted', 'answered', 'revised'] as const;

export function evaluationsArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      mountSigningKeys(web);

      web.get(`${LANG}/evaluations`, (c) =>
        renderList(c, { deskId: '', periodFrom: '', periodTo: '' }, [], 200),
      );

      web.post(`${LANG}/evaluations`, async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        const body = await c.req.parseBody({ all: true });
        const form = {
          deskId: text(body, '/deskId'),
          periodFrom: text(body, '/periodFrom'),
          periodTo: text(body, '/periodTo'),
        };
        const violations: Violation[] = [];
        if (form.deskId === '') violations.push({ pointer: '/deskId', message: t.deskRequired });
        for (const k of ['periodFrom', 'periodTo'] as const)
          if (!ISO_DATE.test(form[k])) violations.push({ pointer: `/${k}`, message: t.dateRequired });
        if (violations.length === 0 && form.periodFrom >= form.periodTo)
          violations.push({ pointer: '/periodTo', message: t.periodEmpty });
        const desk = violations.length === 0 ? await getDesk(deps, form.deskId) : undefined;
        if (desk && !desk.ok) violations.push({ pointer: '/deskId', message: t.unknownDesk });
        if (violations.length > 0) return renderList(c, form, violations, 400);
        const opened = await openEvaluation(deps, principal, form.deskId, {
          gridId: 'phoenix-grid',
          gridVersion: '1.0.0',
          periodFrom: form.periodFrom,
          periodTo: form.periodTo,
        });
        if (!opened.ok && opened.problem.code === 'validation_failed')
          return renderList(c, form, opened.problem.violations ?? [], 400);
        const view = unwrap(opened);
        return c.redirect(`${href(p, `/evaluations/${view.id}`)}?opened=1`, 303);
      });

      web.get(`${LANG}/evaluations/${ID}`, (c) => {
        const t = messages[c.get('lang')];
        const flag = NOTICES.find((n) => c.req.query(n) !== undefined);
        return renderEvaluation(c, c.req.param('id'), { notice: flag ? t[flag] : undefined }, 200);
      });

      // Save (and, with intent=submit, go on to the confirmation): errors at their fields, values kept.
      web.post(`${LANG}/evaluations/${ID}`, async (c) => {
        const principal = signedIn(c);
        const deps = c.get('services');
        const p = pageContext(c);
        const t = messages[p.lang];
        const id = c.req.param('id');
        const view = unwrap(await getEvaluation(deps, principal, id));
        const grid = gridOfView(view);
        const body = await c.req.parseBody({ all: true });
        const form = formFromBody(grid, body);
        const posted = Number(text(body, 'version'));
        const formVersion = Number.isInteger(posted) ? posted : view.version;
        const { scores, violations } = scoresFromForm(grid, form, p.lang);
        if (violations.length > 0) return renderEvaluation(c, id, { form, formVersion, violations }, 400);
        const saved = await scoreEvaluation(deps, principal, id, formVersion, scores);
        if (!saved.ok) {
          const problem = saved.problem;
          if (problem.code === 'validation_failed')
            return renderEvaluation(c, id, { form, formVersion, violations: problem.violations ?? [] }, 400);
          if (problem.code === 'precondition_failed') {
            // Kept as typed, with the current version: saving again applies them over the other change.
            return renderEvaluation(
              c,
              id,
              { form, formVersion: view.version, warning: fill(t.stale, { current: view.version }) },
              412,
            );
          }
          if (problem.code === 'conflict') return renderEvaluation(c, id, { warning: t.immutable }, 409);
          throw problem;
        }
        if (text(body, 'intent') === 'submit') return c.redirect(href(p, `/evaluations/${id}/submit`), 303);
        return c.redirect(`${href(p, `/evaluations/${id}`)}?saved=1`, 303);
      });

      /** What submission would refuse today, for the confirmation. */
      const foreseen = async (c: WebContext, view: EvaluationView) => {
        const grid = gridOfView(view);
        const figures = await deskMetrics(c.get('services'), view.deskId, view.period.from, view.period.to);
        return foreseenProblems(
          view,
          grid,
          computedLevels(view, grid, figures.ok ? figures.value : undefined),
        );
      };

      web.get(`${LANG}/evaluations/${ID}/submit`, async (c) => {
        const principal = signedIn(c);
        const id = c.req.param('id');
        const view = unwrap(await getEvaluation(c.get('services'), principal, id));
        if (view.state !== 'draft') return c.redirect(href(pageContext(c), `/evaluations/${id}`), 303);
        return renderConfirm(c, id, await foreseen(c, view), 200);
      });

      // The document the evaluator's browser signs, as GET /v1/evaluations/{id}/signing-document gives it.
      web.get(`${LANG}/evaluations/${ID}/signing-document`, async (c) =>
        preparedAnswer(c, await evaluationSigningDocument(c.get('services'), signedIn(c), c.req.param('id'))),
      );

      // The evidence bundle, as GET /v1/evaluations/{id}/bundle gives it, to take away and verify offline.
      web.get(`${LANG}/evaluations/${ID}/bundle`, async (c) => {
        const id = c.req.param('id');
        const bundle = unwrap(await evidenceBundle(c.get('services'), signedIn(c), id));
        return c.json(bundle, 200, {
          'content-disposition': `attachment; filename="evaluation-${id}.bundle.json"`,
          'cache-control': 'no-store',
        });
      });

      web.post(`${LANG}/evaluations/${ID}/submit`, async (c) => {
        const principal = signedIn(c);
        const id = c.req.param('id');
        const posted = postedSignature(pageContext(c).lang, await c.req.parseBody());
        if ('violation' in posted) {
          // Unsigned: what else submission would refuse is said too, so nothing is learnt one step at a time.
          const view = unwrap(await getEvaluation(c.get('services'), principal, id));
          const problems = view.state === 'draft' ? await foreseen(c, view) : [];
          return renderConfirm(c, id, problems, 400, [posted.violation]);
        }
        const submitted = await submitEvaluation(c.get('services'), principal, id, posted.signature);
        if (!submitted.ok && submitted.problem.code === 'validation_failed') {
          const violations = submitted.problem.violations ?? [];
          const problems = violations
            .filter((v) => v.pointer.startsWith('/scores/'))
            .map((v) => ({ criterion: v.pointer.replace(/^\/scores\//, ''), problem: v.message }));
          return renderConfirm(c, id, problems, 400, signatureViolations(submitted.problem));
        }
        // A document that changed since it was prepared: signed again from this page, it goes through.
        if (
          !submitted.ok &&
          submitted.problem.code === 'conflict' &&
          hasSignatureViolation(submitted.problem)
        )
          return renderConfirm(c, id, [], 409, signatureViolations(submitted.problem));
        unwrap(submitted);
        return c.redirect(`${href(pageContext(c), `/evaluations/${id}`)}?submitted=1`, 303);
      });

      web.post(`${LANG}/evaluations/${ID}/answer`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const t = messages[p.lang];
        const id = c.req.param('id');
        const body = await c.req.parseBody({ all: true });
        const answer: { criterion: string; comment: string }[] = [];
        for (let i = 0; i < 100 && body[`/answer/${i}/criterion`] !== undefined; i++)
          answer.push({
            criterion: text(body, `/answer/${i}/criterion`),
            comment: text(body, `/answer/${i}/comment`),
          });
        const answerValues = new Map(answer.map((a) => [a.criterion, a.comment]));
        const violations: Violation[] = answer.flatMap((a, i) =>
          a.comment === ''
            ? [{ pointer: `/answer/${i}/comment`, message: t.answerRequired }]
            : a.comment.length > 4000
              ? [{ pointer: `/answer/${i}/comment`, message: t.answerTooLong }]
              : [],
        );
        if (violations.length > 0)
          return renderEvaluation(c, id, { answerValues, answerViolations: violations }, 400);
        const answered = await answerDispute(c.get('services'), principal, id, answer);
        if (!answered.ok && answered.problem.code === 'validation_failed')
          return renderEvaluation(
            c,
            id,
            { answerValues, answerViolations: answered.problem.violations ?? [] },
            400,
          );
        unwrap(answered);
        return c.redirect(`${href(p, `/evaluations/${id}`)}?answered=1`, 303);
      });

      web.post(`${LANG}/evaluations/${ID}/revisions`, async (c) => {
        const principal = signedIn(c);
        const created = unwrap(await reviseEvaluation(c.get('services'), principal, c.req.param('id')));
        return c.redirect(`${href(pageContext(c), `/evaluations/${created.id}`)}?revised=1`, 303);
      });
    },
  };
}
