// The data providers' pages, each a function of what the services returned.
import type { Child } from 'hono/jsx';
import type { DatasetStatus } from '../../../domain/dataset-lifecycle';
import type { DatasetDescriptor } from '../../../domain/descriptor';
import type { PatchOperation } from '../../../domain/json-patch';
import type { DatasetView, RevisionView } from '../../../services/datasets';
import type { DeskView, OrganizationView } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import { href, type PageContext } from '../../context';
import { conditionsText } from '../../duo-labels';
import { CsrfField, ErrorSummary, fieldId, messagesAt, SelectField } from '../../forms';
import { fill, formatDate, formatDateTime, localized, plural } from '../../i18n';
import { Layout } from '../../layout';
import { descriptorFields } from './descriptor-fields';
import { type FormValues, first } from './descriptor-form';
import { choiceLabel, fieldLabelOf } from './descriptor-texts';
import { messages } from './messages';
import { compareRows, touched } from './revision-rows';

export const myPath = (p: Pick<PageContext, 'lang'>, rest = '') => href(p, `/my/datasets${rest}`);

export const titleOf = (p: PageContext, d: DatasetDescriptor) =>
  localized(p.lang, d.title) || messages[p.lang].untitled;

export function statusText(p: PageContext, status: DatasetStatus): string {
  const m = messages[p.lang];
  return status === 'draft' ? m.statusDraft : status === 'published' ? m.statusPublished : m.statusRetired;
}

function State(props: { p: PageContext; status: DatasetStatus }) {
  return <span class={`state state-${props.status}`}>{statusText(props.p, props.status)}</span>;
}

const orgName = (orgs: OrganizationView[], id: string) => orgs.find((o) => o.id === id)?.name ?? id;
const deskName = (desks: DeskView[], id: string | null) => desks.find((d) => d.id === id)?.name;

// ---- the list ---------------------------------------------------------------------------------------

export function ListPage(props: {
  p: PageContext;
  datasets: DatasetView[];
  providers: OrganizationView[];
  filter: DatasetStatus | undefined;
  notice: string | undefined;
}) {
  const { p, providers } = props;
  const m = messages[p.lang];
  const sections: [DatasetStatus, string][] = [
    ['draft', m.sectionDraft],
    ['published', m.sectionPublished],
    ['retired', m.sectionRetired],
  ];
  const shown = props.filter ? sections.filter(([s]) => s === props.filter) : sections;
  return (
    <Layout p={p} title={m.listTitle}>
      <h1>{m.listTitle}</h1>
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {providers.length === 0 ? (
        <p class="notice notice-warn">{m.noProvider}</p>
      ) : (
        <>
          <p class="lead">{fill(m.listIntro, { orgs: providers.map((o) => o.name).join(', ') })}</p>
          <p class="actions">
            <a class="button" href={myPath(p, '/new')}>
              {m.newDataset}
            </a>
            <a class="button secondary" href={myPath(p, '/import')}>
              {m.importDataset}
            </a>
          </p>
          <form method="get" action={myPath(p)} class="filters">
            <label for="status-filter">{m.filterLegend}</label>
            <select id="status-filter" name="status">
              <option value="">{m.filterAll}</option>
              {sections.map(([s]) => (
                <option value={s} selected={props.filter === s}>
                  {statusText(p, s)}
                </option>
              ))}
            </select>
            <button type="submit" class="secondary">
              {m.filterButton}
            </button>
          </form>
          {shown.map(([status, title]) => {
            const rows = props.datasets.filter((d) => d.status === status);
            const count = plural(p.lang, rows.length, { one: m.countOne, other: m.countOther });
            return (
              <section aria-labelledby={`state-${status}`}>
                <h2 id={`state-${status}`}>{title}</h2>
                {rows.length === 0 ? (
                  <p class="muted">{m.noneInState}</p>
                ) : (
                  <section class="table-wrap" tabindex={0} aria-labelledby={`caption-${status}`}>
                    <table>
                      <caption id={`caption-${status}`}>
                        {fill(m.tableCaption, { section: title, count })}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{m.colTitle}</th>
                          {providers.length > 1 ? <th scope="col">{m.colProvider}</th> : null}
                          <th scope="col">{m.colUpdated}</th>
                          <th scope="col">{m.colVersion}</th>
                          <th scope="col">{m.colLinks}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((d) => (
                          <tr>
                            <th scope="row">
                              <a href={myPath(p, `/${d.id}`)}>{titleOf(p, d.descriptor)}</a>
                            </th>
                            {providers.length > 1 ? <td>{orgName(providers, d.providerId)}</td> : null}
                            <td>
                              <time datetime={d.updatedAt}>{formatDateTime(p.lang, d.updatedAt)}</time>
                            </td>
                            <td>{d.version}</td>
                            <td>
                              <ul class="links">
                                <li>
                                  <a href={myPath(p, `/${d.id}`)}>
                                    {m.linkManage}
                                    <span class="visually-hidden"> {titleOf(p, d.descriptor)}</span>
                                  </a>
                                </li>
                                {d.status !== 'retired' ? (
                                  <li>
                                    <a href={myPath(p, `/${d.id}/edit`)}>
                                      {m.linkEdit}
                                      <span class="visually-hidden"> {titleOf(p, d.descriptor)}</span>
                                    </a>
                                  </li>
                                ) : null}
                                {d.status !== 'draft' ? (
                                  <li>
                                    <a href={href(p, `/datasets/${d.id}`)}>
                                      {m.linkPublic}
                                      <span class="visually-hidden"> {titleOf(p, d.descriptor)}</span>
                                    </a>
                                  </li>
                                ) : null}
                              </ul>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </section>
                )}
              </section>
            );
          })}
        </>
      )}
    </Layout>
  );
}

// ---- one dataset ------------------------------------------------------------------------------------

export function DatasetPage(props: {
  p: PageContext;
  dataset: DatasetView;
  provider: string;
  desk: string | undefined;
  notice: string | undefined;
}) {
  const { p, dataset: d } = props;
  const m = messages[p.lang];
  const desc = d.descriptor;
  const title = titleOf(p, desc);
  const label = (key: string) => fieldLabelOf(p.lang, key);
  return (
    <Layout p={p} title={title}>
      <p>
        <a href={myPath(p)}>{m.backToList}</a>
      </p>
      <h1>{title}</h1>
      {props.notice ? (
        <p class="notice notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section aria-labelledby="dataset-state">
        <h2 id="dataset-state">{m.detailsHeading}</h2>
        <dl class="facts">
          <dt>{m.factStatus}</dt>
          <dd>
            <State p={p} status={d.status} />
          </dd>
          <dt>{m.factVersion}</dt>
          <dd>{d.version}</dd>
          <dt>{m.factProvider}</dt>
          <dd>{props.provider}</dd>
          <dt>{m.factDesk}</dt>
          <dd>{props.desk ?? m.noDesk}</dd>
          <dt>{m.factCreated}</dt>
          <dd>{formatDateTime(p.lang, d.createdAt)}</dd>
          <dt>{m.factUpdated}</dt>
          <dd>{formatDateTime(p.lang, d.updatedAt)}</dd>
          {d.publishedAt ? (
            <>
              <dt>{m.factPublished}</dt>
              <dd>{formatDateTime(p.lang, d.publishedAt)}</dd>
            </>
          ) : null}
          {d.retiredAt ? (
            <>
              <dt>{m.factRetired}</dt>
              <dd>{formatDateTime(p.lang, d.retiredAt)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="dataset-actions">
        <h2 id="dataset-actions">{m.actionsHeading}</h2>
        <ul class="actions">
          {d.status !== 'retired' ? (
            <li>
              <a class="button" href={myPath(p, `/${d.id}/edit`)}>
                {m.actionEdit}
              </a>
            </li>
          ) : null}
          <li>
            <a class="button secondary" href={myPath(p, `/${d.id}/revisions`)}>
              {m.actionRevisions}
            </a>
          </li>
          {d.status === 'draft' ? (
            <li>
              <a class="button secondary" href={myPath(p, `/${d.id}/publish`)}>
                {m.actionPublish}
              </a>
            </li>
          ) : null}
          {d.status === 'published' ? (
            <li>
              <a class="button secondary" href={myPath(p, `/${d.id}/retire`)}>
                {m.actionRetire}
              </a>
            </li>
          ) : null}
          {d.status !== 'draft' ? (
            <li>
              <a href={href(p, `/datasets/${d.id}`)}>{m.actionPublic}</a>
            </li>
          ) : null}
        </ul>
        {d.status === 'retired' ? <p class="muted">{m.retiredFrozen}</p> : null}
      </section>
      <section aria-labelledby="dataset-summary">
        <h2 id="dataset-summary">{m.summaryHeading}</h2>
        <p>{localized(p.lang, desc.description)}</p>
        <dl class="facts">
          <dt>{label('/publisher')}</dt>
          <dd>{desc.publisher.name}</dd>
          <dt>{label('/accessRights')}</dt>
          <dd>{choiceLabel(p.lang, '/accessRights', desc.accessRights)}</dd>
          {desc.themes?.length ? (
            <>
              <dt>{label('/themes')}</dt>
              <dd>{desc.themes.map((t) => choiceLabel(p.lang, '/themes', t)).join(', ')}</dd>
            </>
          ) : null}
          {desc.keywords ? (
            <>
              <dt>{label('/keywords')}</dt>
              <dd>
                {(p.lang === 'fr'
                  ? (desc.keywords.fr ?? desc.keywords.en)
                  : (desc.keywords.en ?? desc.keywords.fr)
                )?.join(', ')}
              </dd>
            </>
          ) : null}
          {desc.temporal ? (
            <>
              <dt>{label('/temporal')}</dt>
              <dd>
                {[desc.temporal.start, desc.temporal.end]
                  .map((v) => (v ? formatDate(p.lang, v) : '…'))
                  .join(' – ')}
              </dd>
            </>
          ) : null}
          {desc.dataUseConditions ? (
            <>
              <dt>{label('/dataUseConditions')}</dt>
              <dd>
                <ul>
                  {conditionsText(p.lang, desc.dataUseConditions).map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
    </Layout>
  );
}

// ---- the dataset form -------------------------------------------------------------------------------

export interface FormPageProps {
  p: PageContext;
  title: string;
  intro: string;
  action: string;
  cancel: string;
  submit: string;
  values: FormValues;
  violations: Violation[];
  /** A message above the form that no field owns (a stale version, an action the state refuses). */
  notice?: Child;
  /** Organisations the editor may choose among (new datasets only). */
  providers?: OrganizationView[];
  desks: DeskView[];
  /** The version the edit started from (edits only). */
  version?: string;
}

export function DatasetFormPage(props: FormPageProps) {
  const { p, values } = props;
  const m = messages[p.lang];
  const { fields, body } = descriptorFields(p, values, props.violations);
  const providers = props.providers ?? [];
  const all = [...(providers.length > 1 ? ['/providerId'] : []), '/deskId', ...fields];
  // The summary lists the problems in the order of the fields they are about, as one reads the form.
  const place = (pointer: string) => {
    let at = pointer;
    while (at !== '' && !all.includes(at)) at = at.slice(0, at.lastIndexOf('/'));
    return all.indexOf(at);
  };
  const violations = [...props.violations].sort((a, b) => place(a.pointer) - place(b.pointer));
  return (
    <Layout p={p} title={props.title}>
      <h1>{props.title}</h1>
      {props.notice}
      <ErrorSummary p={p} violations={violations} fields={all} />
      <p class="lead">{props.intro}</p>
      <form method="post" action={props.action} novalidate class="dataset-form">
        <CsrfField p={p} />
        {props.version !== undefined ? (
          <input type="hidden" name="/expectedVersion" value={props.version} />
        ) : null}
        <section class="form-section" aria-labelledby="form-section-placement">
          <h2 id="form-section-placement">{m.placementHeading}</h2>
          {providers.length > 1 ? (
            <SelectField
              pointer="/providerId"
              label={m.providerLabel}
              hint={m.providerHint}
              errors={messagesAt(violations, '/providerId')}
              value={first(values, '/providerId')}
              choices={providers.map((o) => ({ value: o.id, label: o.name }))}
            />
          ) : providers.length === 1 ? (
            <>
              <input type="hidden" name="/providerId" value={providers[0]!.id} />
              <p>
                <span class="label">{m.providerLabel}</span> {providers[0]!.name}
              </p>
            </>
          ) : null}
          <SelectField
            pointer="/deskId"
            label={m.deskLabel}
            hint={m.deskHint}
            errors={messagesAt(violations, '/deskId')}
            value={first(values, '/deskId')}
            empty={m.deskNone}
            choices={props.desks.map((d) => ({ value: d.id, label: d.name }))}
          />
        </section>
        {body}
        <div class="actions">
          <button type="submit">{props.submit}</button>
          <a href={props.cancel}>{p.t.cancel}</a>
        </div>
      </form>
    </Layout>
  );
}

// ---- import -----------------------------------------------------------------------------------------

export function ImportPage(props: {
  p: PageContext;
  providers: OrganizationView[];
  desks: DeskView[];
  values: FormValues;
  violations: Violation[];
}) {
  const { p, values, violations } = props;
  const m = messages[p.lang];
  const fileErrors = messagesAt(violations, '/file');
  const fileId = fieldId('/file');
  return (
    <Layout p={p} title={m.importTitle}>
      <h1>{m.importTitle}</h1>
      <ErrorSummary p={p} violations={violations} fields={['/file', '/format', '/providerId', '/deskId']} />
      <p class="lead">{m.importIntro}</p>
      <form method="post" action={myPath(p, '/import')} enctype="multipart/form-data" novalidate>
        <CsrfField p={p} />
        <div class={fileErrors.length ? 'field field-error' : 'field'}>
          <label for={fileId}>{m.fileLabel}</label>
          <span class="hint" id={`${fileId}-hint`}>
            {m.fileHint}
          </span>
          {fileErrors.length ? (
            <span class="error-message" id={`${fileId}-error`}>
              {fileErrors.join(' ; ')}
            </span>
          ) : null}
          <input
            type="file"
            id={fileId}
            name="/file"
            accept=".json,.ttl,.jsonld,application/json,text/turtle,application/ld+json"
            aria-invalid={fileErrors.length ? 'true' : undefined}
            aria-describedby={[`${fileId}-hint`, fileErrors.length ? `${fileId}-error` : '']
              .filter(Boolean)
              .join(' ')}
          />
        </div>
        <SelectField
          pointer="/format"
          label={m.formatLabel}
          value={first(values, '/format')}
          choices={[
            { value: '', label: m.formatAuto },
            { value: 'json', label: m.formatJson },
            { value: 'turtle', label: m.formatTurtle },
            { value: 'jsonld', label: m.formatJsonLd },
          ]}
        />
        {props.providers.length > 1 ? (
          <SelectField
            pointer="/providerId"
            label={m.providerLabel}
            hint={m.providerHint}
            errors={messagesAt(violations, '/providerId')}
            value={first(values, '/providerId')}
            choices={props.providers.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : props.providers[0] ? (
          <input type="hidden" name="/providerId" value={props.providers[0].id} />
        ) : null}
        <SelectField
          pointer="/deskId"
          label={m.deskLabel}
          hint={m.deskHint}
          errors={messagesAt(violations, '/deskId')}
          value={first(values, '/deskId')}
          empty={m.deskNone}
          choices={props.desks.map((d) => ({ value: d.id, label: d.name }))}
        />
        <div class="actions">
          <button type="submit">{m.importButton}</button>
          <a href={myPath(p)}>{p.t.cancel}</a>
        </div>
      </form>
    </Layout>
  );
}

// ---- revisions --------------------------------------------------------------------------------------

function changeText(p: PageContext, change: string): string {
  const m = messages[p.lang];
  const known: Record<string, string> = {
    created: m.changeCreated,
    updated: m.changeUpdated,
    published: m.changePublished,
    retired: m.changeRetired,
  };
  if (known[change]) return known[change];
  const imported = /^imported from (.+)$/.exec(change);
  return imported ? fill(m.changeImported, { source: imported[1]! }) : change;
}

export function RevisionsPage(props: {
  p: PageContext;
  dataset: DatasetView;
  revisions: RevisionView[];
  compare?: { from: RevisionView; to: RevisionView; patch: PatchOperation[] } | undefined;
}) {
  const { p, dataset: d, revisions, compare } = props;
  const m = messages[p.lang];
  const title = fill(m.revisionsTitle, { title: titleOf(p, d.descriptor) });
  const option = (r: RevisionView) =>
    fill(m.revisionOption, {
      n: r.number,
      status: statusText(p, r.status),
      date: formatDate(p.lang, r.createdAt),
    });
  const rows = compare ? compareRows(p.lang, [compare.from.descriptor, compare.to.descriptor]) : [];
  const changed = compare ? rows.filter((r) => touched(compare.patch, r.pointer)).length : 0;
  return (
    <Layout p={p} title={title}>
      <p>
        <a href={myPath(p, `/${d.id}`)}>{m.backToDataset}</a>
      </p>
      <h1>{title}</h1>
      <section class="table-wrap" tabindex={0} aria-labelledby="caption-revisions">
        <table>
          <caption id="caption-revisions">{m.revisionsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.colNumber}</th>
              <th scope="col">{m.colStatus}</th>
              <th scope="col">{m.colChange}</th>
              <th scope="col">{m.colDate}</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <th scope="row">{r.number}</th>
                <td>
                  <State p={p} status={r.status} />
                </td>
                <td>{changeText(p, r.change)}</td>
                <td>
                  <time datetime={r.createdAt}>{formatDateTime(p.lang, r.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading">{m.compareHeading}</h2>
        {revisions.length < 2 ? (
          <p>{m.onlyOneRevision}</p>
        ) : (
          <form method="get" action={myPath(p, `/${d.id}/revisions`)} class="filters">
            {(['from', 'to'] as const).map((name) => (
              <div class="field">
                <label for={`compare-${name}`}>{name === 'from' ? m.fromLabel : m.toLabel}</label>
                <select id={`compare-${name}`} name={name}>
                  {revisions.map((r) => (
                    <option value={String(r.number)} selected={compare?.[name].number === r.number}>
                      {option(r)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" class="secondary">
              {m.compareButton}
            </button>
          </form>
        )}
        {compare ? (
          <>
            <p role="status">
              {changed === 0 &&
              compare.from.deskId === compare.to.deskId &&
              compare.from.status === compare.to.status
                ? m.noDifference
                : plural(p.lang, changed, { one: m.changedOne, other: m.changedOther })}
            </p>
            <section class="table-wrap" tabindex={0} aria-labelledby="caption-compare">
              <table class="diff">
                <caption id="caption-compare">
                  {fill(m.compareCaption, { from: compare.from.number, to: compare.to.number })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{m.colField}</th>
                    <th scope="col">{fill(m.colRevision, { n: compare.from.number })}</th>
                    <th scope="col">{fill(m.colRevision, { n: compare.to.number })}</th>
                    <th scope="col">{m.colDiff}</th>
                  </tr>
                </thead>
                <tbody>
                  <CompareRow
                    p={p}
                    label={m.statusField}
                    before={statusText(p, compare.from.status)}
                    after={statusText(p, compare.to.status)}
                    changed={compare.from.status !== compare.to.status}
                  />
                  {rows.map((r) => (
                    <CompareRow
                      p={p}
                      label={r.label}
                      before={r.values[0] ?? ''}
                      after={r.values[1] ?? ''}
                      changed={touched(compare.patch, r.pointer)}
                    />
                  ))}
                </tbody>
              </table>
            </section>
          </>
        ) : null}
      </section>
    </Layout>
  );
}

function CompareRow(props: {
  p: PageContext;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}) {
  const m = messages[props.p.lang];
  const empty = (v: string) => (v === '' ? m.empty : v);
  if (!props.changed) {
    return (
      <tr>
        <th scope="row">{props.label}</th>
        <td>{empty(props.before)}</td>
        <td>{empty(props.after)}</td>
        <td>{m.sameMarker}</td>
      </tr>
    );
  }
  return (
    <tr class="changed">
      <th scope="row">{props.label}</th>
      <td>
        {props.before === '' ? (
          m.empty
        ) : (
          <del>
            <span class="visually-hidden">{m.oldValue} </span>
            {props.before}
          </del>
        )}
      </td>
      <td>
        {props.after === '' ? (
          m.empty
        ) : (
          <ins>
            <span class="visually-hidden">{m.newValue} </span>
            {props.after}
          </ins>
        )}
      </td>
      <td>
        <strong class="change-marker">{m.changedMarker}</strong>
      </td>
    </tr>
  );
}

// ---- publish and retire -----------------------------------------------------------------------------

export function ConfirmPage(props: {
  p: PageContext;
  action: 'publish' | 'retire';
  dataset: DatasetView;
  desk: string | undefined;
  problem?: Child;
}) {
  const { p, action, dataset: d } = props;
  const m = messages[p.lang];
  const title = fill(action === 'publish' ? m.publishTitle : m.retireTitle, {
    title: titleOf(p, d.descriptor),
  });
  const allowed = action === 'publish' ? d.status === 'draft' : d.status === 'published';
  return (
    <Layout p={p} title={title}>
      <p>
        <a href={myPath(p, `/${d.id}`)}>{m.backToDataset}</a>
      </p>
      <h1>{title}</h1>
      {props.problem}
      {!allowed ? (
        <p class="notice notice-warn">
          {fill(action === 'publish' ? m.cannotPublish : m.cannotRetire, { status: statusText(p, d.status) })}
        </p>
      ) : (
        <>
          {action === 'publish' ? (
            <>
              <p>{m.publishWhat}</p>
              <p>{props.desk ? fill(m.publishDesk, { desk: props.desk }) : m.publishNoDesk}</p>
              <p>{fill(m.publishAfter, { next: d.version + 1 })}</p>
            </>
          ) : (
            <>
              <p>{m.retireWhat}</p>
              <p>{fill(m.retireAfter, { next: d.version + 1 })}</p>
            </>
          )}
          <form method="post" action={myPath(p, `/${d.id}/${action}`)} class="actions">
            <CsrfField p={p} />
            <input type="hidden" name="/expectedVersion" value={String(d.version)} />
            <button type="submit" class={action === 'retire' ? 'danger' : undefined}>
              {action === 'publish' ? m.publishButton : m.retireButton}
            </button>
            <a href={myPath(p, `/${d.id}`)}>{p.t.cancel}</a>
          </form>
        </>
      )}
    </Layout>
  );
}

export { deskName, orgName };
