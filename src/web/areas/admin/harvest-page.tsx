// The platform administration's harvest page: the remote catalogues the desk harvests, the last run's report
// of each (counts and the records it could not take), a button to run one now, and the form to register one.
import type { HarvestSourceView } from '../../../services/harvest-sources';
import type { OrganizationView } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { PageContext } from '../../context';
import { CsrfField, ErrorSummary, messagesAt, SelectField, TextField } from '../../forms';
import { fill, formatDateTime, type Lang } from '../../i18n';
import { Layout } from '../../layout';
import { messages } from './messages';
import { adminPath } from './pages';

type T = (typeof messages)[Lang];

export interface HarvestSourceForm {
  url: string;
  providerId: string;
  schedule: string;
}

function statusLabel(t: T, status: string): string {
  return (
    {
      running: t.harvestStatusRunning,
      succeeded: t.harvestStatusSucceeded,
      not_modified: t.harvestStatusNotModified,
      incomplete: t.harvestStatusIncomplete,
      failed: t.harvestStatusFailed,
    }[status] ?? status
  );
}

function LastRun(props: { p: PageContext; source: HarvestSourceView; index: number }) {
  const { p, source, index } = props;
  const t = messages[p.lang];
  const run = source.lastRun;
  if (!run) return <p>{t.harvestNoRun}</p>;
  const c = run.counts;
  return (
    <>
      <p>
        {fill(t.harvestLastRun, {
          time: formatDateTime(p.lang, run.startedAt),
          status: statusLabel(t, run.status),
        })}
      </p>
      <dl class="facts">
        <dt>{t.harvestPages}</dt>
        <dd>{c.pages}</dd>
        <dt>{t.harvestRecords}</dt>
        <dd>{c.records}</dd>
        <dt>{t.harvestCreated}</dt>
        <dd>{c.created}</dd>
        <dt>{t.harvestRevised}</dt>
        <dd>{c.revised}</dd>
        <dt>{t.harvestUnchanged}</dt>
        <dd>{c.unchanged}</dd>
        <dt>{t.harvestRetired}</dt>
        <dd>{c.retired}</dd>
        <dt>{t.harvestFailed}</dt>
        <dd>{c.failed}</dd>
      </dl>
      {run.failure ? <p class="notice notice-warn">{fill(t.harvestStopped, { why: run.failure })}</p> : null}
      {run.errors.length > 0 ? (
        <section class="table-wrap" tabindex={0} aria-labelledby={`harvest-errors-${index}`}>
          <table>
            <caption id={`harvest-errors-${index}`}>
              {fill(t.harvestErrorsCaption, { url: source.url })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.harvestColRecord}</th>
                <th scope="col">{t.harvestColProblem}</th>
              </tr>
            </thead>
            <tbody>
              {run.errors.map((e) => (
                <tr>
                  <th scope="row">
                    <span class="admin-url">{e.iri}</span>
                  </th>
                  <td>
                    {e.problem.detail ?? e.problem.title}
                    {e.problem.violations?.length ? (
                      <ul>
                        {e.problem.violations.map((v) => (
                          <li>
                            <code>{v.pointer || '/'}</code> {v.message}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

export function HarvestPage(props: {
  p: PageContext;
  sources: HarvestSourceView[];
  providers: OrganizationView[];
  form: HarvestSourceForm;
  violations: Violation[];
  notice?: string | undefined;
}) {
  const { p, form, violations } = props;
  const t = messages[p.lang];
  const names = new Map(props.providers.map((o) => [o.id, o.name]));
  return (
    <Layout p={p} title={violations.length ? `${p.t.errorSummaryTitle} – ${t.harvestTitle}` : t.harvestTitle}>
      <p>
        <a href={adminPath(p, '/organizations')}>{t.backToOrganizations}</a>
      </p>
      <ErrorSummary p={p} violations={violations} fields={['/url', '/providerId', '/schedule']} />
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <h1>{t.harvestTitle}</h1>
      <p class="lead">{t.harvestIntro}</p>
      {props.sources.length === 0 ? <p>{t.harvestNoSources}</p> : null}
      {props.sources.map((s, i) => (
        <section class="admin-webhook" aria-labelledby={`harvest-source-${i}`}>
          <h2 id={`harvest-source-${i}`} class="admin-url">
            {s.url}
          </h2>
          <dl class="facts">
            <dt>{t.harvestProvider}</dt>
            <dd>{names.get(s.providerId) ?? s.providerId}</dd>
            <dt>{t.harvestSchedule}</dt>
            <dd>
              <code>{s.schedule}</code>
            </dd>
            <dt>{t.harvestState}</dt>
            <dd>{s.enabled ? t.harvestEnabled : t.harvestDisabled}</dd>
            <dt>{t.harvestNextRun}</dt>
            <dd>{s.nextRunAt ? formatDateTime(p.lang, s.nextRunAt) : '—'}</dd>
          </dl>
          <form method="post" action={adminPath(p, `/harvest/${s.id}/run`)} class="inline">
            <CsrfField p={p} />
            <button type="submit" class="secondary">
              {fill(t.harvestRunNow, { url: s.url })}
            </button>
          </form>
          <LastRun p={p} source={s} index={i} />
        </section>
      ))}
      <h2 id="harvest-create-title">{t.harvestCreateTitle}</h2>
      <form method="post" action={adminPath(p, '/harvest')} aria-labelledby="harvest-create-title" novalidate>
        <CsrfField p={p} />
        <TextField
          pointer="/url"
          label={t.harvestUrlLabel}
          hint={t.harvestUrlHint}
          type="url"
          inputmode="url"
          value={form.url}
          required
          errors={messagesAt(violations, '/url')}
        />
        <SelectField
          pointer="/providerId"
          label={t.harvestProviderLabel}
          value={form.providerId}
          required
          choices={props.providers.map((o) => ({ value: o.id, label: o.name }))}
          errors={messagesAt(violations, '/providerId')}
        />
        <TextField
          pointer="/schedule"
          label={t.harvestScheduleLabel}
          hint={t.harvestScheduleHint}
          value={form.schedule}
          required
          errors={messagesAt(violations, '/schedule')}
        />
        <p class="actions">
          <button type="submit">{t.harvestCreateButton}</button>
        </p>
      </form>
    </Layout>
  );
}
