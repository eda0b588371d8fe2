// The desks: the list, and a desk's page with its operator and contact, its deadline, its access policy in
// words, the datasets it offers and its public scorecard (radar chart and the same numbers as a table).
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import { radarSvg } from '../../../domain/radar-chart';
import { unwrap } from '../../../http/respond';
import { accessPolicy } from '../../../policies/access-policies';
import { evaluationGrid } from '../../../policies/evaluation-grids';
import { searchDatasets } from '../../../services/catalog-search';
import { deskScorecard, type Scorecard } from '../../../services/evaluations';
import {
  type DeskView,
  getDesk,
  getOrganization,
  listDesks,
  listOrganizations,
} from '../../../services/organizations';
import type { ConsoleArea } from '../../console';
import { href, ID, LANG, type PageContext, pageContext, type WebContext, type WebEnv } from '../../context';
import { DataTable } from '../../data-table';
import { fill, formatCalendarDate, formatNumber, type Lang, plural } from '../../i18n';
import { Layout } from '../../layout';
import { L, pickLocalized } from '../../text';
import { deskMessages } from './messages';
import { policySentences } from './policy-text';

type M = (typeof deskMessages)[Lang];

const deadline = (p: PageContext, m: M, days: number) =>
  plural(p.lang, days, { one: m.deadlineOne, other: m.deadlineOther });

async function desksList(c: WebContext) {
  const p = pageContext(c);
  const m = deskMessages[p.lang];
  const services = c.get('services');
  const [desks, organizations, catalogue] = await Promise.all([
    listDesks(services),
    listOrganizations(services),
    searchDatasets(services, undefined, { filters: {}, limit: 1 }).then(unwrap),
  ]);
  const operators = new Map(organizations.map((o) => [o.id, o.name]));
  const offered = new Map(catalogue.facets.desk.map((f) => [f.value, f.count]));
  return c.html(
    <Layout p={p} title={m.listTitle}>
      <h1>{m.listTitle}</h1>
      <p class="lead">{m.listIntro}</p>
      {desks.length === 0 ? (
        <p>{m.noDesks}</p>
      ) : (
        <ul class="cards">
          {desks.map((d) => {
            const policy = accessPolicy(d.policy);
            return (
              <li class="card">
                <h2>
                  <a href={href(p, `/desks/${d.id}`)}>{d.name}</a>
                </h2>
                <dl>
                  <dt>{m.operator}</dt>
                  <dd>{operators.get(d.operatorId) ?? ''}</dd>
                  <dt>{m.deadline}</dt>
                  <dd>{deadline(p, m, d.decisionDeadlineDays)}</dd>
                  <dt>{m.policy}</dt>
                  <dd>{policy ? policy.title[p.lang] : d.policy}</dd>
                  <dt>{m.offered}</dt>
                  <dd>
                    {plural(p.lang, offered.get(d.id) ?? 0, { one: m.offeredOne, other: m.offeredOther })}
                  </dd>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>,
    200,
  );
}

const percent = (p: PageContext, m: M, share: number | null) =>
  share === null ? m.notApplicable : fill(m.percent, { n: formatNumber(p.lang, Math.round(share * 100)) });

function LiveFigures(props: { p: PageContext; live: Scorecard['live'] }) {
  const { p, live } = props;
  const m = deskMessages[p.lang];
  const days = (n: number | null, template: string) =>
    n === null ? m.notApplicable : fill(template, { n: formatNumber(p.lang, n) });
  const rows: [string, string][] = [
    [m.liveSubmitted, formatNumber(p.lang, live.applicationsSubmitted)],
    [m.liveDecisions, formatNumber(p.lang, live.decisions)],
    [m.liveMedian, days(live.medianWorkingDaysToDecision, m.workingDays)],
    [m.liveP90, days(live.p90WorkingDaysToDecision, m.workingDays)],
    [m.liveWithin, percent(p, m, live.shareDecidedWithinDeadline)],
    [m.liveApproval, percent(p, m, live.approvalRate)],
    [m.liveToVisa, days(live.medianDaysApprovalToFirstVisa, m.calendarDays)],
    [m.liveCompleteness, percent(p, m, live.catalogueCompleteness)],
    [m.livePublished, formatNumber(p.lang, live.publishedDatasets)],
  ];
  return (
    <>
      <h3>{m.liveTitle}</h3>
      <DataTable
        caption={fill(m.liveCaption, {
          from: formatCalendarDate(p.lang, live.period.from),
          to: formatCalendarDate(p.lang, live.period.to),
        })}
        columns={[m.figureColumn, m.valueColumn]}
        rows={rows.map(([name, value]) => ({ head: name, cells: [value] }))}
      />
    </>
  );
}

function ScorecardSection(props: { p: PageContext; desk: DeskView; scorecard: Scorecard }) {
  const { p, desk, scorecard } = props;
  const m = deskMessages[p.lang];
  const latest = scorecard.latest;
  const period = (from: string, to: string) =>
    fill(m.periodFromTo, { from: formatCalendarDate(p.lang, from), to: formatCalendarDate(p.lang, to) });
  if (!latest) {
    return (
      <>
        <h2>{m.scorecardTitle}</h2>
        <p class="notice">{m.noEvaluation}</p>
        <LiveFigures p={p} live={scorecard.live} />
      </>
    );
  }
  const [gridId, gridVersion] = latest.grid.split('@') as [string, string];
  const grid = evaluationGrid(gridId, gridVersion);
  const groups = latest.groups.map((g) => {
    const title = pickLocalized(p.lang, grid?.groups.find((x) => x.id === g.id)?.title);
    return { ...g, title: title.text ? title : { text: g.id } };
  });
  const from = formatCalendarDate(p.lang, latest.period.from);
  const to = formatCalendarDate(p.lang, latest.period.to);
  const chartTitle = fill(m.radarTitle, { desk: desk.name, from, to, overall: latest.overall });
  const svg = radarSvg(
    chartTitle,
    groups.map((g) => ({ label: g.title.text, score: g.score })),
    undefined,
    { current: m.radarCurrent, previous: m.radarPrevious },
  );
  return (
    <>
      <h2>{m.scorecardTitle}</h2>
      <p>
        {fill(m.latestIntro, {
          grid: grid ? pickLocalized(p.lang, grid.title).text : latest.grid,
          from,
          to,
          overall: formatNumber(p.lang, latest.overall),
        })}{' '}
        {fill(m.coverage, { share: formatNumber(p.lang, Math.round(latest.coverage * 100)) })}
      </p>
      <div class="scorecard">
        {/* The SVG is built by radarSvg from escaped text; it carries role="img", its title and aria-label. */}
        <figure class="radar">{raw(svg)}</figure>
        <div class="table-wrap">
          <table>
            <caption>{m.groupsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.groupColumn}</th>
                <th scope="col">{m.scoreColumn}</th>
                <th scope="col">{m.scoredColumn}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <th scope="row">
                    <L label={g.title} />
                  </th>
                  <td>{formatNumber(p.lang, g.score)}</td>
                  <td>{fill(m.scoredOf, { scored: g.scored, criteria: g.criteria })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {scorecard.trend.length > 1 ? (
        <div class="table-wrap">
          <table>
            <caption>{m.trendCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.periodColumn}</th>
                <th scope="col">{m.overallColumn}</th>
              </tr>
            </thead>
            <tbody>
              {scorecard.trend.map((t) => (
                <tr>
                  <th scope="row">{period(t.period.from, t.period.to)}</th>
                  <td>{formatNumber(p.lang, t.overall)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LiveFigures p={p} live={scorecard.live} />
    </>
  );
}

async function deskPage(c: WebContext) {
  const p = pageContext(c);
  const m = deskMessages[p.lang];
  const services = c.get('services');
  const desk = unwrap(await getDesk(services, c.req.param('id') ?? ''));
  const [operator, offered, scorecard] = await Promise.all([
    getOrganization(services, desk.operatorId),
    searchDatasets(services, undefined, {
      filters: { desk: [desk.id] },
      limit: 100,
      sort: 'title',
      lang: p.lang,
    }).then(unwrap),
    deskScorecard(services, desk.id).then(unwrap),
  ]);
  const policy = accessPolicy(desk.policy);
  const catalogueLink = `${href(p, '/datasets')}?desk=${desk.id}`;
  return c.html(
    <Layout p={p} title={desk.name}>
      <h1>{desk.name}</h1>
      <dl class="facts">
        <dt>{m.operator}</dt>
        <dd>
          {operator.ok && operator.value.homepage ? (
            <a href={operator.value.homepage}>{operator.value.name}</a>
          ) : operator.ok ? (
            operator.value.name
          ) : (
            ''
          )}
        </dd>
        {desk.contactEmail ? (
          <>
            <dt>{m.contact}</dt>
            <dd>
              <a href={`mailto:${desk.contactEmail}`}>{desk.contactEmail}</a>
            </dd>
          </>
        ) : null}
        <dt>{m.deadline}</dt>
        <dd>
          {deadline(p, m, desk.decisionDeadlineDays)} <span class="muted">({m.deadlineHint})</span>
        </dd>
      </dl>

      <h2>{m.policyTitle}</h2>
      {policy ? (
        <>
          <p>{policy.title[p.lang]}</p>
          <ul>
            {policySentences(p.lang, policy).map((s) => (
              <li>{s}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{fill(m.policyUnknown, { id: desk.policy })}</p>
      )}

      <h2>{m.datasetsTitle}</h2>
      {offered.total === 0 ? (
        <p>{m.datasetsNone}</p>
      ) : (
        <>
          <p>
            {plural(p.lang, offered.total, { one: m.offeredOne, other: m.offeredOther })} —{' '}
            <a href={catalogueLink}>{m.datasetsAll}</a>
          </p>
          <ul>
            {offered.items.map((d) => {
              const title = pickLocalized(p.lang, d.title);
              return (
                <li lang={title.lang}>
                  <a href={href(p, `/datasets/${d.id}`)}>{title.text}</a>
                </li>
              );
            })}
          </ul>
        </>
      )}

      <ScorecardSection p={p} desk={desk} scorecard={scorecard} />
    </Layout>,
    200,
  );
}

export function desksArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get(`${LANG}/desks`, desksList);
      web.get(`${LANG}/desks/${ID}`, deskPage);
    },
  };
}
