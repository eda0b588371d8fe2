// The data providers' console: their organisations' datasets in every state, a form built from the
// descriptor schema to create and edit them, import from a file, revisions compared, publish and retire.
// The services decide who may do what; a page only shows what they return.
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { DATASET_STATUSES, type DatasetStatus } from '../../../domain/dataset-lifecycle';
import { type Outcome, Problem } from '../../../domain/problem';
import { importCatalogDocument } from '../../../services/catalog-export';
import {
  changeDataset,
  createDataset,
  type DatasetView,
  diffRevisions,
  getDataset,
  listEditorDatasets,
  listRevisions,
} from '../../../services/datasets';
import { hasRole, orgsWithRole, type Principal } from '../../../services/deps';
import { listDesks, listOrganizations } from '../../../services/organizations';
import type { Violation } from '../../../validation/violation';
import type { ConsoleArea } from '../../console';
import { pageContext, type WebContext, type WebEnv } from '../../context';
import { fill, type Lang, plural } from '../../i18n';
import {
  descriptorValues,
  type FormValues,
  first,
  formValues,
  readDescriptor,
  violationsOnForm,
  withUnshown,
} from './descriptor-form';
import { labelOfPointer } from './descriptor-texts';
import { messages } from './messages';
import {
  ConfirmPage,
  DatasetFormPage,
  DatasetPage,
  deskName,
  ImportPage,
  ListPage,
  myPath,
  orgName,
  RevisionsPage,
  titleOf,
} from './pages';
import { frenchMessage } from './violation-texts';

const ID = ':id{[0-9a-fA-F-]{36}}';

function signedIn(c: WebContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Problem('unauthenticated');
  return principal;
}

function must<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.problem;
  return outcome.value;
}

/** One of the caller's own datasets: a dataset of another provider is not found here, published or not. */
async function ownDataset(c: WebContext, principal: Principal, id: string): Promise<DatasetView> {
  const dataset = must(await getDataset(c.get('services'), principal, id));
  if (!hasRole(principal, dataset.providerId, 'editor')) throw new Problem('not_found', 'no such dataset');
  return dataset;
}

async function providersOf(c: WebContext, principal: Principal) {
  const mine = new Set(orgsWithRole(principal, 'editor'));
  return (await listOrganizations(c.get('services'))).filter((o) => mine.has(o.id));
}

/** The first organisation the caller describes datasets for; someone who edits for none has no form here. */
async function firstProvider(c: WebContext, principal: Principal) {
  const [provider] = await providersOf(c, principal);
  if (!provider) throw new Problem('forbidden', 'only editors of a provider organisation describe datasets');
  return provider;
}

async function form(c: WebContext): Promise<Record<string, unknown>> {
  // The CSRF check has parsed the body already (all values of every name); the same parse is reused.
  return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
}

/**
 * The services' messages in the page's language where a French wording is known, each led by the label of
 * its field, so that the error summary reads on its own (« Courriel : doit être une adresse… »).
 */
function worded(lang: Lang, violations: Violation[]): Violation[] {
  const m = messages[lang];
  const labels: Record<string, string> = { '/deskId': m.deskLabel, '/providerId': m.providerLabel };
  return violations.map((v) => {
    const message = lang === 'fr' ? frenchMessage(v.message) : v.message;
    const label = labels[v.pointer] ?? labelOfPointer(lang, v.pointer);
    return { ...v, message: label ? fill(m.fieldMessage, { field: label, message }) : message };
  });
}

/** A failure a form shows: the violations at their fields, or the problem's own words above the form. */
function failureOf(problem: Problem): Violation[] {
  return problem.violations?.length ? problem.violations : [{ pointer: '', message: problem.message }];
}

function doneNotice(
  lang: Lang,
  done: string | undefined,
  version: number,
  count?: number,
): string | undefined {
  const m = messages[lang];
  switch (done) {
    case 'created':
      return fill(m.doneCreated, { version });
    case 'updated':
      return fill(m.doneUpdated, { version });
    case 'published':
      return fill(m.donePublished, { version });
    case 'retired':
      return fill(m.doneRetired, { version });
    case 'imported':
      return fill(m.doneImported, {
        count: plural(lang, count ?? 1, { one: m.countOne, other: m.countOther }),
      });
    default:
      return undefined;
  }
}

function StaleNotice(props: { lang: Lang; current: number | undefined; reload: string }) {
  const m = messages[props.lang];
  return (
    <div class="notice notice-warn" role="alert">
      <p>{fill(m.staleVersion, { current: props.current ?? '?' })}</p>
      <p>
        <a href={props.reload}>{m.reloadLatest}</a>
      </p>
    </div>
  );
}

type ImportFormat = 'json' | 'turtle' | 'jsonld';

function formatOf(chosen: string, fileName: string, text: string): ImportFormat | undefined {
  if (chosen === 'json' || chosen === 'turtle' || chosen === 'jsonld') return chosen;
  const name = fileName.toLowerCase();
  if (name.endsWith('.ttl')) return 'turtle';
  if (name.endsWith('.jsonld')) return 'jsonld';
  if (name.endsWith('.json') || /^\s*[{[]/.test(text)) {
    return /"@context"|"@graph"/.test(text) ? 'jsonld' : 'json';
  }
  return /^\s*(@prefix|@base|PREFIX|BASE|<)/i.test(text) ? 'turtle' : undefined;
}

export function myDatasetsArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      const base = '/:lang{(?:fr|en)}/my/datasets';

      web.get(base, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const status = c.req.query('status');
        const filter = DATASET_STATUSES.includes(status as DatasetStatus)
          ? (status as DatasetStatus)
          : undefined;
        const [datasets, providers] = await Promise.all([
          listEditorDatasets(c.get('services'), principal, filter),
          providersOf(c, principal),
        ]);
        const count = Number(c.req.query('count') ?? '1');
        return c.html(
          <ListPage
            p={p}
            datasets={datasets}
            providers={providers}
            filter={filter}
            notice={
              c.req.query('done') === 'imported'
                ? doneNotice(p.lang, 'imported', 0, Number.isFinite(count) ? count : 1)
                : undefined
            }
          />,
          200,
        );
      });

      // ---- create ----

      const renderNew = async (
        c: WebContext,
        principal: Principal,
        values: FormValues,
        violations: Violation[],
        status: number,
      ) => {
        const p = pageContext(c);
        const m = messages[p.lang];
        const [providers, desks] = await Promise.all([
          providersOf(c, principal),
          listDesks(c.get('services')),
        ]);
        return c.html(
          <DatasetFormPage
            p={p}
            title={m.newTitle}
            intro={m.formIntro}
            action={myPath(p, '/new')}
            cancel={myPath(p)}
            submit={m.createButton}
            values={values}
            violations={worded(p.lang, violations)}
            providers={providers}
            desks={desks}
          />,
          status as 200,
        );
      };

      web.get(`${base}/new`, async (c) => {
        const principal = signedIn(c);
        const provider = await firstProvider(c, principal);
        const desks = await listDesks(c.get('services'));
        // The provider names itself as the publisher, and its own desk serves it unless it chooses another.
        const values: FormValues = {
          '/providerId': [provider.id],
          '/descriptor/publisher/name': [provider.name],
          ...(provider.homepage ? { '/descriptor/publisher/homepage': [provider.homepage] } : {}),
          '/descriptor/themes': ['HEAL'],
          '/deskId': desks
            .filter((d) => d.operatorId === provider.id)
            .map((d) => d.id)
            .slice(0, 1),
        };
        return renderNew(c, principal, values, [], 200);
      });

      web.post(`${base}/new`, async (c) => {
        const principal = signedIn(c);
        const values = formValues(await form(c));
        const read = readDescriptor(values);
        const created = await createDataset(c.get('services'), principal, {
          providerId: first(values, '/providerId'),
          deskId: first(values, '/deskId') || null,
          descriptor: read.descriptor,
        });
        if (created.ok)
          return c.redirect(`${myPath({ lang: c.get('lang') }, `/${created.value.id}`)}?done=created`, 303);
        const { problem } = created;
        // Creating for an organisation one does not edit for is refused outright; nothing to correct.
        if (problem.code === 'forbidden' && !problem.violations?.length) throw problem;
        return renderNew(c, principal, values, violationsOnForm(read, failureOf(problem)), problem.status);
      });

      // ---- import ----

      const renderImport = async (
        c: WebContext,
        principal: Principal,
        values: FormValues,
        violations: Violation[],
        status: number,
      ) => {
        const p = pageContext(c);
        const [providers, desks] = await Promise.all([
          providersOf(c, principal),
          listDesks(c.get('services')),
        ]);
        return c.html(
          <ImportPage
            p={p}
            providers={providers}
            desks={desks}
            values={values}
            violations={worded(p.lang, violations)}
          />,
          status as 200,
        );
      };

      web.get(`${base}/import`, async (c) => {
        const principal = signedIn(c);
        const provider = await firstProvider(c, principal);
        const desks = await listDesks(c.get('services'));
        const own = desks.find((d) => d.operatorId === provider.id);
        return renderImport(c, principal, own ? { '/deskId': [own.id] } : {}, [], 200);
      });

      web.post(`${base}/import`, async (c) => {
        const principal = signedIn(c);
        const lang = c.get('lang');
        const m = messages[lang];
        const body = await form(c);
        const values = formValues(body);
        const file = [body['/file']].flat()[0];
        const fail = (message: string, status = 400) =>
          renderImport(c, principal, values, [{ pointer: '/file', message }], status);
        if (!(file instanceof File) || file.name === '') return fail(m.fileMissing);
        const text = await file.text();
        if (text.trim() === '') return fail(m.fileEmpty);
        const format = formatOf(first(values, '/format'), file.name, text);
        if (!format) return fail(m.unknownFormat);
        const providerId = first(values, '/providerId');
        const deskId = first(values, '/deskId') || undefined;
        const services = c.get('services');
        if (format === 'json') {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            return fail(fill(m.invalidJson, { detail: (e as Error).message }));
          }
          // A bare descriptor, or the API's creation body ({ descriptor, … }).
          const descriptor =
            parsed && typeof parsed === 'object' && 'descriptor' in parsed && !('title' in parsed)
              ? (parsed as { descriptor: unknown }).descriptor
              : parsed;
          const created = await createDataset(services, principal, { providerId, deskId, descriptor });
          if (created.ok) return c.redirect(`${myPath({ lang }, `/${created.value.id}`)}?done=created`, 303);
          if (created.problem.code === 'forbidden' && !created.problem.violations?.length)
            throw created.problem;
          return renderImport(c, principal, values, failureOf(created.problem), created.problem.status);
        }
        const imported = await importCatalogDocument(services, principal, {
          providerId,
          deskId,
          body: text,
          contentType: format === 'turtle' ? 'text/turtle' : 'application/ld+json',
        });
        if (imported.ok) {
          const items = imported.value;
          if (items.length === 1)
            return c.redirect(`${myPath({ lang }, `/${items[0]!.dataset.id}`)}?done=imported&count=1`, 303);
          return c.redirect(`${myPath({ lang })}?status=draft&done=imported&count=${items.length}`, 303);
        }
        const { problem } = imported;
        if (problem.code === 'forbidden' && !problem.violations?.length) throw problem;
        if (problem.code === 'bad_request') return fail(fill(m.invalidRdf, { detail: problem.message }));
        return renderImport(c, principal, values, failureOf(problem), problem.status);
      });

      // ---- one dataset ----

      web.get(`${base}/${ID}`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const dataset = await ownDataset(c, principal, c.req.param('id'));
        const [orgs, desks] = await Promise.all([
          listOrganizations(c.get('services')),
          listDesks(c.get('services')),
        ]);
        const count = Number(c.req.query('count') ?? '1');
        return c.html(
          <DatasetPage
            p={p}
            dataset={dataset}
            provider={orgName(orgs, dataset.providerId)}
            desk={deskName(desks, dataset.deskId)}
            notice={doneNotice(
              p.lang,
              c.req.query('done'),
              dataset.version,
              Number.isFinite(count) ? count : 1,
            )}
          />,
          200,
        );
      });

      // ---- edit ----

      const renderEdit = async (
        c: WebContext,
        dataset: DatasetView,
        values: FormValues,
        violations: Violation[],
        status: number,
        notice?: Child,
      ) => {
        const p = pageContext(c);
        const m = messages[p.lang];
        const desks = await listDesks(c.get('services'));
        return c.html(
          <DatasetFormPage
            p={p}
            title={fill(m.editTitle, { title: titleOf(p, dataset.descriptor) })}
            intro={m.editIntro}
            action={myPath(p, `/${dataset.id}/edit`)}
            cancel={myPath(p, `/${dataset.id}`)}
            submit={m.saveButton}
            values={values}
            violations={worded(p.lang, violations)}
            desks={desks}
            version={first(values, '/expectedVersion') || String(dataset.version)}
            notice={notice}
          />,
          status as 200,
        );
      };

      web.get(`${base}/${ID}/edit`, async (c) => {
        const principal = signedIn(c);
        const dataset = await ownDataset(c, principal, c.req.param('id'));
        if (dataset.status === 'retired')
          throw new Problem('conflict', messages[c.get('lang')].retiredFrozen);
        const values: FormValues = {
          ...descriptorValues(dataset.descriptor as unknown as Record<string, unknown>),
          '/deskId': dataset.deskId ? [dataset.deskId] : [],
          '/expectedVersion': [String(dataset.version)],
        };
        return renderEdit(c, dataset, values, [], 200);
      });

      web.post(`${base}/${ID}/edit`, async (c) => {
        const principal = signedIn(c);
        const lang = c.get('lang');
        const id = c.req.param('id');
        const values = formValues(await form(c));
        const read = readDescriptor(values);
        const services = c.get('services');
        // What the stored descriptor holds and the form cannot show is kept; a stale version is refused below.
        const stored = await ownDataset(c, principal, id);
        const changed = await changeDataset(services, principal, 'update', {
          id,
          expectedVersion: Number(first(values, '/expectedVersion')),
          descriptor: withUnshown(stored.descriptor as unknown as Record<string, unknown>, read),
          deskId: first(values, '/deskId') || null,
        });
        if (changed.ok) return c.redirect(`${myPath({ lang }, `/${id}`)}?done=updated`, 303);
        const { problem } = changed;
        if (problem.code === 'not_found' || (problem.code === 'forbidden' && !problem.violations?.length))
          throw problem;
        const dataset = await ownDataset(c, principal, id);
        if (problem.code === 'precondition_failed') {
          const notice = (
            <StaleNotice lang={lang} current={dataset.version} reload={myPath({ lang }, `/${id}/edit`)} />
          );
          return renderEdit(c, dataset, values, [], problem.status, notice);
        }
        return renderEdit(c, dataset, values, violationsOnForm(read, failureOf(problem)), problem.status);
      });

      // ---- revisions ----

      web.get(`${base}/${ID}/revisions`, async (c) => {
        const principal = signedIn(c);
        const p = pageContext(c);
        const services = c.get('services');
        const dataset = await ownDataset(c, principal, c.req.param('id'));
        const revisions = must(await listRevisions(services, principal, dataset.id));
        const last = revisions.at(-1)?.number ?? 1;
        const number = (name: string, fallback: number) => {
          const raw = c.req.query(name);
          return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : fallback;
        };
        const from = number('from', Math.max(1, last - 1));
        const to = number('to', last);
        let compare: Parameters<typeof RevisionsPage>[0]['compare'];
        if (revisions.length > 1) {
          const diff = must(await diffRevisions(services, principal, dataset.id, from, to));
          const a = revisions.find((r) => r.number === from)!;
          const b = revisions.find((r) => r.number === to)!;
          compare = { from: a, to: b, patch: diff.patch };
        }
        return c.html(<RevisionsPage p={p} dataset={dataset} revisions={revisions} compare={compare} />, 200);
      });

      // ---- publish and retire ----

      for (const action of ['publish', 'retire'] as const) {
        const renderConfirm = async (
          c: WebContext,
          dataset: DatasetView,
          status: number,
          problem?: Child,
        ) => {
          const desks = await listDesks(c.get('services'));
          return c.html(
            <ConfirmPage
              p={pageContext(c)}
              action={action}
              dataset={dataset}
              desk={deskName(desks, dataset.deskId)}
              problem={problem}
            />,
            status as 200,
          );
        };

        web.get(`${base}/${ID}/${action}`, async (c) => {
          const principal = signedIn(c);
          return renderConfirm(c, await ownDataset(c, principal, c.req.param('id')), 200);
        });

        web.post(`${base}/${ID}/${action}`, async (c) => {
          const principal = signedIn(c);
          const lang = c.get('lang');
          const id = c.req.param('id');
          const values = formValues(await form(c));
          const changed = await changeDataset(c.get('services'), principal, action, {
            id,
            expectedVersion: Number(first(values, '/expectedVersion')),
          });
          if (changed.ok)
            return c.redirect(
              `${myPath({ lang }, `/${id}`)}?done=${action === 'publish' ? 'published' : 'retired'}`,
              303,
            );
          const { problem } = changed;
          if (problem.code === 'not_found' || problem.code === 'forbidden') throw problem;
          const dataset = await ownDataset(c, principal, id);
          const notice =
            problem.code === 'precondition_failed' ? (
              <StaleNotice
                lang={lang}
                current={dataset.version}
                reload={myPath({ lang }, `/${id}/${action}`)}
              />
            ) : (
              <p class="notice notice-warn" role="alert">
                {fill(messages[lang].actionRefused, { detail: problem.message })}
              </p>
            );
          return renderConfirm(c, dataset, problem.status, notice);
        });
      }
    },
  };
}
