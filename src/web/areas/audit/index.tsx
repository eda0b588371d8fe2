// The auditor's pages: the desks they audit with their evaluations (auditedEvaluations), an evaluation with
// its signature checked by the reader's own browser, countersigned or disputed (countersignEvaluation,
// disputeEvaluation), and the audit log of their desks (listAuditEvents, scoped as GET /v1/audit/events is)
// with the latest signed tree head and the inclusion proof of each entry shown, checked in the browser too.
// The checks live in src/web/assets/audit-verify.js; without it the pages say nothing was checked here.
import type { Hono } from 'hono';
import { Problem } from '../../../domain/problem';
import { auditVerify, IMMUTABLE } from '../../../generated/console-assets.js';
import { latestCheckpoint, proveInclusion } from '../../../services/audit-checkpoints';
import { listAuditEvents } from '../../../services/audit-trail';
import { auditedEvaluations } from '../../../services/audited-evaluations';
import { orgsWithRole, type Principal } from '../../../services/deps';
import { auditedDesks } from '../../../services/desk-auditors';
import { disputeEvaluation, getDispute } from '../../../services/evaluation-disputes';
import { countersignEvaluation } from '../../../services/evaluation-signatures';
import {
  type EvaluationView,
  gridOf,
  independentAuditorOrgs,
  toView,
  visible,
} from '../../../services/evaluations';
import { organizationKeyHistory } from '../../../services/organization-keys';
import { listDesks } from '../../../services/organizations';
import { keyHistory } from '../../../services/signing-keys';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { href, ID, LANG, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { Layout } from '../../layout';
import { messages } from './messages';
import {
  AuditHome,
  CountersignPage,
  DISPUTE_ROWS,
  type DisputeRow,
  EvaluationPage,
  type LogFilters,
  LogPage,
  type ShownEntry,
} from './pages';

const PAGE_SIZE = 20;
const MAX_COMMENT = 4000;

/** The audit pages are for auditors and platform admins, as the audit trail's API is. */
function auditor(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated', 'sign in to audit');
  if (!principal.isPlatformAdmin && orgsWithRole(principal, 'auditor').length === 0)
    throw new Problem('forbidden', 'the audit pages are open to auditors and platform admins');
  return principal;
}

async function deskName(c: WebContext, id: string): Promise<string> {
  const desks = await listDesks(c.get('services'));
  return desks.find((d) => d.id === id)?.name ?? id;
}

interface EvaluationState {
  evaluation: EvaluationView;
  canAct: boolean;
}

/**
 * The evaluation as GET /v1/evaluations/{id} shows it to this person, and whether they may countersign it.
 * These pages are the auditor's: an evaluation of a desk they do not audit (one their own organisation made
 * of another desk, say) is no page of theirs.
 */
async function evaluationFor(c: WebContext, p: Principal, id: string): Promise<EvaluationState> {
  const deps = c.get('services');
  const found = await visible(deps, p, id);
  const audited = found ? await auditedDesks(deps, p) : [];
  if (!found || (audited !== 'all' && !audited.includes(found.row.deskId)))
    throw new Problem('not_found', 'no such evaluation among the desks you audit');
  return { evaluation: toView(found.row), canAct: independentAuditorOrgs(found).ok };
}

async function renderEvaluation(
  c: WebContext,
  p: Principal,
  state: EvaluationState,
  options: {
    rows?: DisputeRow[];
    violations?: Violation[];
    status?: number;
    notice?: 'countersigned' | 'disputed' | undefined;
  } = {},
) {
  const deps = c.get('services');
  const page = pageContext(c);
  const e = state.evaluation;
  const dispute = await getDispute(deps, p, e.id);
  const name = await deskName(c, e.deskId);
  const rows = options.rows ?? Array.from({ length: DISPUTE_ROWS }, () => ({ criterion: '', comment: '' }));
  const { keys } = await keyHistory(deps);
  const historyOf = async (organizationId: string | undefined) => ({
    keys: organizationId ? (await organizationKeyHistory(deps, organizationId)).map((k) => k.jwk) : [],
  });
  const signerKeys = await historyOf(e.signedBy?.organizationId);
  const countersignerKeys = await historyOf(e.countersignedBy?.organizationId);
  return c.html(
    <Layout p={page} title={messages[page.lang].evaluationTitle.replace('{desk}', name)}>
      <EvaluationPage
        p={page}
        evaluation={e}
        grid={gridOf({ gridId: e.grid.id, gridVersion: e.grid.version })}
        deskName={name}
        keys={{ keys }}
        signerKeys={signerKeys}
        countersignerKeys={countersignerKeys}
        baseUrl={page.options.publicBaseUrl}
        canAct={state.canAct}
        dispute={dispute.ok ? dispute.value : null}
        notice={options.notice}
        rows={rows}
        violations={options.violations ?? []}
      />
    </Layout>,
    (options.status ?? 200) as 200,
  );
}

/** The rows of the dispute form, as posted: `/criteria/{i}/criterion` and `/criteria/{i}/comment`. */
function postedRows(body: Record<string, unknown>): DisputeRow[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return Array.from({ length: DISPUTE_ROWS }, (_, i) => ({
    criterion: text(body[`/criteria/${i}/criterion`]).trim(),
    comment: text(body[`/criteria/${i}/comment`]),
  }));
}

/**
 * The rows a person filled in (empty ones are left out, as a forgiving form does), with the position of each
 * in the form, and what the API's schema would refuse, at the row's own fields.
 */
function disputeInput(lang: PageContext['lang'], rows: DisputeRow[]) {
  const t = messages[lang];
  const violations: Violation[] = [];
  const filled: { row: DisputeRow; at: number }[] = [];
  rows.forEach((row, at) => {
    const comment = row.comment.trim();
    if (!row.criterion && !comment) return;
    if (!row.criterion) violations.push({ pointer: `/criteria/${at}/criterion`, message: t.needCriterion });
    if (!comment) violations.push({ pointer: `/criteria/${at}/comment`, message: t.needComment });
    else if (comment.length > MAX_COMMENT)
      violations.push({ pointer: `/criteria/${at}/comment`, message: t.commentTooLong });
    filled.push({ row: { criterion: row.criterion, comment }, at });
  });
  if (filled.length === 0) violations.push({ pointer: '/criteria/0/criterion', message: t.needOneCriterion });
  return { violations, filled };
}

/** A service's violation on the n-th item sent, moved onto the form row it came from. */
function toFormPointer(v: Violation, filled: { at: number }[]): Violation {
  const match = /^\/criteria\/(\d+)(\/.*)?$/.exec(v.pointer);
  if (!match) return v;
  const at = filled[Number(match[1])]?.at ?? 0;
  return { ...v, pointer: `/criteria/${at}${match[2] ?? '/criterion'}` };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ACTION = /^[a-z_]+\.[a-z_]+$/;

/** Paris midnight of a calendar date, as an instant: the log's filters are days as the reader lives them. */
function parisMidnight(date: string): string {
  const utc = new Date(`${date}T00:00:00Z`);
  const offset =
    new Date(utc.toLocaleString('en-US', { timeZone: 'Europe/Paris' })).getTime() -
    new Date(utc.toLocaleString('en-US', { timeZone: 'UTC' })).getTime();
  return new Date(utc.getTime() - offset).toISOString();
}

export function auditArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      // The checks' script, content-hashed like the console's own.
      web.get(auditVerify.path, (c) =>
        c.body(auditVerify.body, 200, { 'content-type': auditVerify.type, 'cache-control': IMMUTABLE }),
      );

      web.get(`${LANG}/audit`, async (c) => {
        const p = auditor(c);
        const page = pageContext(c);
        const desks = await auditedEvaluations(c.get('services'), p);
        return c.html(
          <Layout p={page} title={messages[page.lang].title}>
            <AuditHome p={page} desks={desks} />
          </Layout>,
        );
      });

      web.get(`${LANG}/audit/evaluations/${ID}`, async (c) => {
        const p = auditor(c);
        const state = await evaluationFor(c, p, c.req.param('id'));
        const done = c.req.query('done');
        return renderEvaluation(c, p, state, {
          notice: done === 'countersigned' || done === 'disputed' ? done : undefined,
        });
      });

      // The dispute form posts back to the evaluation's page.
      web.post(`${LANG}/audit/evaluations/${ID}`, async (c) => {
        const p = auditor(c);
        const id = c.req.param('id');
        const state = await evaluationFor(c, p, id);
        const page = pageContext(c);
        const body = await c.req.parseBody();
        const rows = postedRows(body);
        const input = disputeInput(page.lang, rows);
        if (input.violations.length)
          return renderEvaluation(c, p, state, { rows, violations: input.violations, status: 400 });
        const outcome = await disputeEvaluation(
          c.get('services'),
          p,
          id,
          input.filled.map((f) => f.row),
          // The auditor organisation's signature over the dispute, made by the auditor's own client.
          typeof body.signature === 'string' ? body.signature : '',
        );
        if (!outcome.ok) {
          const { problem } = outcome;
          if (problem.code === 'not_found') throw problem;
          const violations = problem.violations?.length
            ? problem.violations.map((v) => toFormPointer(v, input.filled))
            : [{ pointer: '', message: problem.detail ?? problem.message }];
          return renderEvaluation(c, p, await evaluationFor(c, p, id), {
            rows,
            violations,
            status: problem.status,
          });
        }
        return c.redirect(`${href(page, `/audit/evaluations/${id}`)}?done=disputed`, 303);
      });

      // Countersigning is final: a page says what it does, and its button confirms.
      web.get(`${LANG}/audit/evaluations/${ID}/countersign`, async (c) => {
        const p = auditor(c);
        const { evaluation } = await evaluationFor(c, p, c.req.param('id'));
        const page = pageContext(c);
        const name = await deskName(c, evaluation.deskId);
        return c.html(
          <Layout p={page} title={messages[page.lang].confirmTitle.replace('{desk}', name)}>
            <CountersignPage p={page} evaluation={evaluation} deskName={name} violations={[]} />
          </Layout>,
        );
      });

      web.post(`${LANG}/audit/evaluations/${ID}/countersign`, async (c) => {
        const p = auditor(c);
        const id = c.req.param('id');
        const page = pageContext(c);
        const body = await c.req.parseBody();
        // The auditor organisation's signature over the countersigning document, made by their own client.
        const signature = typeof body.signature === 'string' ? body.signature : '';
        const outcome = await countersignEvaluation(c.get('services'), p, id, signature);
        if (!outcome.ok) {
          const { problem } = outcome;
          if (problem.code === 'not_found') throw problem;
          const { evaluation } = await evaluationFor(c, p, id);
          const name = await deskName(c, evaluation.deskId);
          return c.html(
            <Layout p={page} title={messages[page.lang].confirmTitle.replace('{desk}', name)}>
              <CountersignPage
                p={page}
                evaluation={evaluation}
                deskName={name}
                violations={[{ pointer: '', message: problem.detail ?? problem.message }]}
              />
            </Layout>,
            problem.status as 403,
          );
        }
        return c.redirect(`${href(page, `/audit/evaluations/${id}`)}?done=countersigned`, 303);
      });

      web.get(`${LANG}/audit/log`, async (c) => {
        const p = auditor(c);
        const deps = c.get('services');
        const page = pageContext(c);
        const t = messages[page.lang];
        const q = (name: string) => (c.req.query(name) ?? '').trim();
        const filters: LogFilters = { desk: q('desk'), action: q('action'), from: q('from'), to: q('to') };
        const cursor = q('cursor');
        const audited = await auditedDesks(deps, p);
        const allDesks = await listDesks(deps);
        const desks = allDesks.filter((d) => audited === 'all' || audited.includes(d.id));
        const violations: Violation[] = [];
        if (filters.desk && !desks.some((d) => d.id === filters.desk))
          violations.push({ pointer: '/desk', message: t.unknownDesk });
        if (filters.action && !ACTION.test(filters.action))
          violations.push({ pointer: '/action', message: t.badAction });
        for (const name of ['from', 'to'] as const)
          if (filters[name] && (!DATE.test(filters[name]) || Number.isNaN(Date.parse(filters[name]))))
            violations.push({ pointer: `/${name}`, message: t.badDate });
        if (!violations.length && filters.from && filters.to && filters.from >= filters.to)
          violations.push({ pointer: '/from', message: t.badRange });
        const head = await latestCheckpoint(deps);
        let entries: ShownEntry[] = [];
        let next: string | null = null;
        if (violations.length === 0 && (audited === 'all' || audited.length > 0)) {
          const listed = await listAuditEvents(deps, p, {
            afterSeq: /^\d{1,15}$/.test(cursor) ? Number(cursor) : 0,
            limit: PAGE_SIZE,
            deskId: filters.desk || undefined,
            action: filters.action || undefined,
            from: filters.from ? parisMidnight(filters.from) : undefined,
            to: filters.to ? parisMidnight(filters.to) : undefined,
          });
          if (!listed.ok) throw listed.problem;
          next = listed.value.nextCursor;
          entries = await Promise.all(
            listed.value.items.map(async (entry) => {
              if (!head) return { entry, proof: null };
              const proof = await proveInclusion(deps, entry.id, head.treeSize);
              return {
                entry,
                proof: proof.ok
                  ? {
                      leafIndex: proof.value.leafIndex,
                      treeSize: proof.value.treeSize,
                      auditPath: proof.value.auditPath,
                    }
                  : null,
              };
            }),
          );
        }
        const { keys } = await keyHistory(deps);
        return c.html(
          <Layout p={page} title={t.logTitle}>
            <LogPage
              p={page}
              desks={desks}
              filters={filters}
              violations={violations}
              head={head}
              entries={entries}
              deskNames={new Map(allDesks.map((d) => [d.id, d.name]))}
              next={next}
              first={!cursor}
              keys={{ keys }}
              baseUrl={page.options.publicBaseUrl}
            />
          </Layout>,
          violations.length ? 400 : 200,
        );
      });
    },
  };
}
