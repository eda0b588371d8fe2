// The public register: access granted (projects, teams' organisations, desks, datasets, dates, status; no
// personal data) and countersigned evaluations, each a table paged by its own cursor as GET /v1/register pages.
import type { Hono } from 'hono';
import {
  countersignedEvaluations,
  publicRegister,
  type RegisterEntry,
  type RegisterEvaluation,
} from '../../../services/register';
import type { ConsoleArea } from '../../console';
import { href, LANG, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { permissionName } from '../../duo-labels';
import { fill, formatCalendarDate, formatDate, formatNumber, plural } from '../../i18n';
import { Layout } from '../../layout';
import { L, pickLocalized } from '../../text';
import { registerMessages } from './messages';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DEFAULT_LIMIT = 20;

interface RegisterQuery {
  limit: number;
  /** The access table's cursor (as the API's `cursor`). */
  cursor: string | undefined;
  /** The evaluations table's cursor. */
  evaluations: string | undefined;
}

function readQuery(url: URL): RegisterQuery {
  const limit = Number(url.searchParams.get('limit'));
  const uuid = (name: string) => {
    const v = url.searchParams.get(name) ?? '';
    return UUID.test(v) ? v : undefined;
  };
  return {
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : DEFAULT_LIMIT,
    cursor: uuid('cursor'),
    evaluations: uuid('evaluations'),
  };
}

function registerHref(p: PageContext, query: Partial<RegisterQuery>, anchor: string): string {
  const params = new URLSearchParams();
  if (query.limit && query.limit !== DEFAULT_LIMIT) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.evaluations) params.set('evaluations', query.evaluations);
  const search = params.toString();
  return `${href(p, '/register')}${search ? `?${search}` : ''}#${anchor}`;
}

/** Next page and, past the first, a way back to it: the register's cursor only goes forward, as the API's. */
function Pagination(props: {
  p: PageContext;
  label: string;
  first: string | undefined;
  next: string | undefined;
}) {
  const m = registerMessages[props.p.lang];
  if (!props.first && !props.next) return null;
  return (
    <nav aria-label={props.label}>
      <ul class="pagination">
        {props.first ? (
          <li>
            <a href={props.first}>{m.firstPage}</a>
          </li>
        ) : null}
        {props.next ? (
          <li>
            <a href={props.next} rel="next">
              {m.nextPage}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

const datasetId = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

function AccessRow(props: { p: PageContext; entry: RegisterEntry }) {
  const { p, entry } = props;
  const m = registerMessages[p.lang];
  const project = pickLocalized(p.lang, entry.project);
  const purpose = [
    permissionName(p.lang, entry.purpose.permission),
    entry.purpose.disease ?? '',
    entry.purpose.commercial ? m.commercial : m.nonCommercial,
  ].filter(Boolean);
  return (
    <tr>
      <th scope="row" lang={project.lang}>
        {project.text}
      </th>
      <td>{purpose.join(' — ')}</td>
      <td>{entry.teamOrganization}</td>
      <td>
        <a href={href(p, `/desks/${entry.desk.id}`)}>{entry.desk.name}</a>
      </td>
      <td>
        <ul>
          {entry.datasets.map((d) => {
            const title = pickLocalized(p.lang, d.title);
            return (
              <li lang={title.lang}>
                <a href={href(p, `/datasets/${datasetId(d.uri)}`)}>{title.text}</a>
              </li>
            );
          })}
        </ul>
      </td>
      <td>
        <span class={`state state-${entry.decision}`}>{m[`decision_${entry.decision}`]}</span>
      </td>
      <td>{entry.decidedAt ? formatDate(p.lang, entry.decidedAt) : ''}</td>
      <td>
        {entry.access.from && entry.access.until
          ? fill(m.accessPeriod, {
              from: formatDate(p.lang, entry.access.from),
              until: formatDate(p.lang, entry.access.until),
            })
          : ''}
        <br />
        {plural(p.lang, entry.access.activeGrants, { one: m.grantsActiveOne, other: m.grantsActiveOther })}
        {entry.access.revokedGrants > 0
          ? `, ${plural(p.lang, entry.access.revokedGrants, { one: m.grantsRevokedOne, other: m.grantsRevokedOther })}`
          : ''}
      </td>
    </tr>
  );
}

function EvaluationRow(props: { p: PageContext; evaluation: RegisterEvaluation }) {
  const { p, evaluation: e } = props;
  const m = registerMessages[p.lang];
  return (
    <tr>
      <th scope="row">
        <a href={href(p, `/desks/${e.desk.id}`)}>{e.desk.name}</a>
      </th>
      <td>{e.evaluatorOrganization}</td>
      <td>
        <L label={pickLocalized(p.lang, e.grid.title)} /> ({e.grid.version})
      </td>
      <td>
        {fill(m.periodFromTo, {
          from: formatCalendarDate(p.lang, e.period.from),
          to: formatCalendarDate(p.lang, e.period.to),
        })}
      </td>
      <td>{fill(m.overallOf, { n: formatNumber(p.lang, e.overall) })}</td>
      <td>{formatDate(p.lang, e.countersignedAt)}</td>
    </tr>
  );
}

async function registerPage(c: WebContext) {
  const p = pageContext(c);
  const m = registerMessages[p.lang];
  const services = c.get('services');
  const query = readQuery(new URL(c.req.url));
  const [access, evaluations] = await Promise.all([
    publicRegister(services, { limit: query.limit, cursor: query.cursor }),
    countersignedEvaluations(services, { limit: query.limit, cursor: query.evaluations }),
  ]);
  return c.html(
    <Layout p={p} title={m.title}>
      <h1>{m.title}</h1>
      <p class="lead">{m.intro}</p>

      <h2 id="access">{m.accessTitle}</h2>
      {access.items.length === 0 && !query.cursor ? (
        <p>{m.accessNone}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{m.accessCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.project}</th>
                <th scope="col">{m.purpose}</th>
                <th scope="col">{m.team}</th>
                <th scope="col">{m.desk}</th>
                <th scope="col">{m.datasets}</th>
                <th scope="col">{m.decision}</th>
                <th scope="col">{m.decidedAt}</th>
                <th scope="col">{m.access}</th>
              </tr>
            </thead>
            <tbody>
              {access.items.map((entry) => (
                <AccessRow p={p} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        p={p}
        label={m.paginationAccess}
        first={query.cursor ? registerHref(p, { ...query, cursor: undefined }, 'access') : undefined}
        next={
          access.nextCursor ? registerHref(p, { ...query, cursor: access.nextCursor }, 'access') : undefined
        }
      />

      <h2 id="evaluations">{m.evaluationsTitle}</h2>
      {evaluations.items.length === 0 && !query.evaluations ? (
        <p>{m.evaluationsNone}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{m.evaluationsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.desk}</th>
                <th scope="col">{m.partner}</th>
                <th scope="col">{m.grid}</th>
                <th scope="col">{m.period}</th>
                <th scope="col">{m.overall}</th>
                <th scope="col">{m.countersignedAt}</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.items.map((e) => (
                <EvaluationRow p={p} evaluation={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        p={p}
        label={m.paginationEvaluations}
        first={
          query.evaluations ? registerHref(p, { ...query, evaluations: undefined }, 'evaluations') : undefined
        }
        next={
          evaluations.nextCursor
            ? registerHref(p, { ...query, evaluations: evaluations.nextCursor }, 'evaluations')
            : undefined
        }
      />
      <p class="muted">
        {m.apiNote.split('{link}')[0]}
        <a href="/v1/register">GET /v1/register</a>
        {m.apiNote.split('{link}')[1]}
      </p>
    </Layout>,
    200,
  );
}

export function registerArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get(`${LANG}/register`, registerPage);
    },
  };
}
