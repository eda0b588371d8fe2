// The home page: what this desk is, its desks and what they offer, headline figures, and a search box.
import type { Hono } from 'hono';
import { unwrap } from '../../../http/respond';
import { searchDatasets } from '../../../services/catalog-search';
import { listDesks, listOrganizations } from '../../../services/organizations';
import { registerFigures } from '../../../services/register';
import type { ConsoleArea } from '../../console';
import { href, LANG, type PageContext, pageContext, type WebEnv } from '../../context';
import { formatNumber, type Lang, plural } from '../../i18n';
import { Layout } from '../../layout';
import { ToReview } from '../review';
import { homeMessages } from './messages';

type M = (typeof homeMessages)[Lang];

function Figure(props: { p: PageContext; n: number; one: string; other: string }) {
  const { lang } = props.p;
  // The number apart, in bold; the forms only choose the noun's number.
  return (
    <li>
      <strong>{formatNumber(lang, props.n)}</strong> {plural(lang, props.n, props)}
    </li>
  );
}

const figureForms = (m: M, key: 'Published' | 'Desks' | 'Providers' | 'Grants' | 'Evaluations') => ({
  one: m[`figure${key}One`],
  other: m[`figure${key}Other`],
});

export function homeArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      web.get(LANG, async (c) => {
        const p = pageContext(c);
        const m = homeMessages[p.lang];
        const services = c.get('services');
        // One search with no text and no filter: its total and its desk and provider facets count what is
        // published, as the catalogue counts it.
        const catalogue = unwrap(await searchDatasets(services, undefined, { filters: {}, limit: 1 }));
        const [desks, organizations, register] = await Promise.all([
          listDesks(services),
          listOrganizations(services),
          registerFigures(services),
        ]);
        const operators = new Map(organizations.map((o) => [o.id, o.name]));
        const offered = new Map(catalogue.facets.desk.map((f) => [f.value, f.count]));
        return c.html(
          <Layout p={p} title={p.t.navHome}>
            <h1>{p.t.deskName}</h1>
            {c.req.query('signed-out') !== undefined ? (
              <p class="notice notice-ok" role="status">
                {p.t.signedOut}
              </p>
            ) : null}
            <p class="lead">{m.lead}</p>
            <ToReview p={p} deps={services} />
            <search>
              <form method="get" action={href(p, '/datasets')} class="search-bar">
                <label for="home-q">{m.searchLabel}</label>
                <input type="search" id="home-q" name="q" maxlength={200} />
                <button type="submit">{m.searchButton}</button>
              </form>
            </search>

            <h2>{m.figuresTitle}</h2>
            <ul class="figures">
              <Figure p={p} n={catalogue.total} {...figureForms(m, 'Published')} />
              <Figure p={p} n={desks.length} {...figureForms(m, 'Desks')} />
              <Figure p={p} n={catalogue.facets.provider.length} {...figureForms(m, 'Providers')} />
              <Figure p={p} n={register.grantsInForce} {...figureForms(m, 'Grants')} />
              <Figure p={p} n={register.countersignedEvaluations} {...figureForms(m, 'Evaluations')} />
            </ul>
            <p>
              <a href={href(p, '/register')}>{m.registerLink}</a>
            </p>

            <h2>{m.desksTitle}</h2>
            {desks.length === 0 ? (
              <p>{m.noDesks}</p>
            ) : (
              <ul class="cards">
                {desks.map((d) => {
                  const n = offered.get(d.id) ?? 0;
                  return (
                    <li class="card">
                      <h3>
                        <a href={href(p, `/desks/${d.id}`)}>{d.name}</a>
                      </h3>
                      <dl>
                        <dt>{m.deskOperator}</dt>
                        <dd>{operators.get(d.operatorId) ?? ''}</dd>
                        <dt>{m.deskDeadline}</dt>
                        <dd>
                          {plural(p.lang, d.decisionDeadlineDays, {
                            one: m.deskDeadlineOne,
                            other: m.deskDeadlineOther,
                          })}
                        </dd>
                        <dt>{m.deskDatasets}</dt>
                        <dd>
                          <a href={`${href(p, '/datasets')}?desk=${d.id}`}>
                            {plural(p.lang, n, { one: m.deskDatasetsOne, other: m.deskDatasetsOther })}
                          </a>
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
      });
    },
  };
}
