// A dataset's page: every field of its descriptor in words, the desk that serves it, its published
// revisions and its DCAT-AP record to download.
import type { Child } from 'hono/jsx';
import type { DatasetView, RevisionView } from '../../../services/datasets';
import type { DeskView } from '../../../services/organizations';
import { href, type PageContext } from '../../context';
import { conditionsText } from '../../duo-labels';
import { fill, formatCalendarDate, formatDateTime, formatNumber, type Lang } from '../../i18n';
import { Layout } from '../../layout';
import { L, pickLocalized } from '../../text';
import {
  accessRightsLabel,
  codingSystemName,
  healthCategoryLabel,
  languageLabel,
  legalBasisLabel,
  personalDataLabel,
  purposeLabel,
  themeLabel,
} from '../../vocabulary-labels';
import { DatasetDetails, PlaceName, providerDate } from './dataset-details';
import { catalogueMessages } from './messages';

type M = (typeof catalogueMessages)[Lang];

/** A term of the descriptor: a dt and its dd, left out when there is nothing to say. */
function Fact(props: { term: string; show: unknown; children?: Child }) {
  if (props.show === undefined || props.show === null || props.show === false) return null;
  if (Array.isArray(props.show) && props.show.length === 0) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

function Tags(props: { children?: Child }) {
  return <ul class="tags">{props.children}</ul>;
}

function calendarPeriod(lang: Lang, m: M, period: { start?: string; end?: string } | undefined): string {
  if (!period?.start && !period?.end) return '';
  const start = period.start ? formatCalendarDate(lang, period.start) : '';
  const end = period.end ? formatCalendarDate(lang, period.end) : '';
  if (start && end) return fill(m.periodFromTo, { start, end });
  return start ? fill(m.periodFrom, { start }) : fill(m.periodTo, { end });
}

function ages(m: M, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return fill(m.agesRange, { min, max });
  if (min !== undefined) return fill(m.agesFrom, { min });
  return max !== undefined ? fill(m.agesTo, { max }) : '';
}

export interface DatasetPageProps {
  p: PageContext;
  dataset: DatasetView;
  providerName: string | undefined;
  desk: DeskView | undefined;
  revisions: RevisionView[];
  canEdit: boolean;
  /** Where a harvested dataset comes from; undefined for one published on this desk. */
  harvest?: { catalogueUrl: string; lastHarvestedAt: string } | undefined;
}

export function DatasetPage(props: DatasetPageProps) {
  const { p, dataset, desk } = props;
  const { lang } = p;
  const m = catalogueMessages[lang];
  const d = dataset.descriptor;
  const title = pickLocalized(lang, d.title);
  const description = pickLocalized(lang, d.description);
  const population = pickLocalized(lang, d.populationCoverage);
  const keywords = d.keywords?.[lang]?.length
    ? { list: d.keywords[lang]!, lang: undefined }
    : { list: d.keywords?.[lang === 'fr' ? 'en' : 'fr'] ?? [], lang: lang === 'fr' ? 'en' : 'fr' };
  const canApply = dataset.status === 'published' && !!desk;
  const published = props.revisions.filter((r) => r.status !== 'draft');
  const temporal = calendarPeriod(lang, m, d.temporal);
  const retention = calendarPeriod(lang, m, d.retentionPeriod);
  const ageRange = ages(m, d.minTypicalAge, d.maxTypicalAge);
  const base = href(p, `/datasets/${dataset.id}`);
  return (
    <Layout p={p} title={title.text}>
      <h1 lang={title.lang}>{title.text}</h1>
      {dataset.status !== 'published' ? (
        <p>
          <span class={`state state-${dataset.status}`}>
            {(m as Record<string, string>)[`status_${dataset.status}`]}
          </span>
        </p>
      ) : null}
      {canApply || props.canEdit ? (
        <p class="actions">
          {canApply ? (
            <a class="button" href={`${href(p, '/applications/new')}?dataset=${dataset.id}`}>
              {m.apply}
            </a>
          ) : null}
          {props.canEdit ? <a href={href(p, `/my/datasets/${dataset.id}/edit`)}>{m.edit}</a> : null}
        </p>
      ) : null}

      <h2>{m.descriptionTitle}</h2>
      <p lang={description.lang}>{description.text}</p>
      <dl class="facts">
        <Fact term={m.keywordsLabel} show={keywords.list}>
          <Tags>
            {keywords.list.map((k) => (
              <li class="tag" lang={keywords.lang}>
                {k}
              </li>
            ))}
          </Tags>
        </Fact>
        <Fact term={m.themesLabel} show={d.themes}>
          <Tags>
            {(d.themes ?? []).map((t) => (
              <li class="tag">
                <L label={themeLabel(lang, t)} />
              </li>
            ))}
          </Tags>
        </Fact>
        <Fact term={m.healthCategoriesLabel} show={d.healthCategories}>
          <ul>
            {(d.healthCategories ?? []).map((c) => (
              <li>
                <L label={healthCategoryLabel(lang, c)} /> <span class="muted">({c})</span>
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term={m.healthThemesLabel} show={d.healthThemes}>
          <ul>
            {(d.healthThemes ?? []).map((iri) => (
              <li>
                <a href={iri}>{iri}</a>
              </li>
            ))}
          </ul>
        </Fact>
      </dl>

      <h2>{m.accessTitle}</h2>
      <dl class="facts">
        <dt>{m.accessRightsLabel}</dt>
        <dd>
          <L label={accessRightsLabel(lang, d.accessRights, false)} />
        </dd>
        <dt>{m.conditionsLabel}</dt>
        <dd>
          {d.dataUseConditions ? (
            <ul>
              {conditionsText(lang, d.dataUseConditions).map((sentence) => (
                <li>{sentence}</li>
              ))}
            </ul>
          ) : (
            m.noConditions
          )}
        </dd>
        <dt>{m.deskLabel}</dt>
        <dd>
          {desk ? (
            <>
              {m.deskOffer.split('{desk}')[0]}
              <a href={href(p, `/desks/${desk.id}`)}>{desk.name}</a>
              {fill(m.deskOffer.split('{desk}')[1] ?? '', { days: desk.decisionDeadlineDays })}
            </>
          ) : (
            m.deskNone
          )}
        </dd>
      </dl>

      <h2>{m.coverageTitle}</h2>
      <dl class="facts">
        <Fact term={m.spatialLabel} show={d.spatial}>
          <ul>
            {(d.spatial ?? []).map((s) => (
              <li>
                <PlaceName lang={lang} value={s} />
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term={m.temporalLabel} show={temporal || undefined}>
          {temporal}
          {d.temporal?.comment ? <> — {d.temporal.comment}</> : null}
        </Fact>
        <Fact term={m.populationLabel} show={population.text || undefined}>
          <span lang={population.lang}>{population.text}</span>
        </Fact>
        <Fact term={m.agesLabel} show={ageRange || undefined}>
          {ageRange}
        </Fact>
        <Fact term={m.recordsLabel} show={d.numberOfRecords}>
          {formatNumber(lang, d.numberOfRecords ?? 0)}
        </Fact>
        <Fact term={m.individualsLabel} show={d.numberOfUniqueIndividuals}>
          {formatNumber(lang, d.numberOfUniqueIndividuals ?? 0)}
        </Fact>
        <Fact term={m.languagesLabel} show={d.languages}>
          {(d.languages ?? []).map((l) => languageLabel(lang, l)).join(', ')}
        </Fact>
      </dl>

      <h2>{m.contentTitle}</h2>
      <dl class="facts">
        <Fact term={m.codingSystemsLabel} show={d.codingSystems}>
          <ul>
            {(d.codingSystems ?? []).map((code) => {
              const system = codingSystemName(code);
              return (
                <li>
                  <abbr>{code}</abbr>
                  {system ? (
                    <>
                      {' — '}
                      <span lang={lang === 'en' ? undefined : 'en'}>{system.name}</span>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Fact>
        <Fact term={m.personalDataLabel} show={d.personalData}>
          <Tags>
            {(d.personalData ?? []).map((c) => (
              <li class="tag">
                <L label={personalDataLabel(lang, c)} />
              </li>
            ))}
          </Tags>
        </Fact>
      </dl>

      <DatasetDetails lang={lang} descriptor={d} />

      <h2>{m.legalTitle}</h2>
      <dl class="facts">
        <Fact term={m.legalBasisLabel} show={d.legalBasis}>
          <ul>
            {(d.legalBasis ?? []).map((c) => (
              <li>
                <L label={legalBasisLabel(lang, c)} />
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term={m.purposeLabel} show={d.purpose}>
          <ul>
            {(d.purpose ?? []).map((c) => (
              <li>
                <L label={purposeLabel(lang, c)} />
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term={m.hdsLabel} show={d.hdsHosting}>
          {d.hdsHosting?.host
            ? fill(m.hdsBy, {
                status: d.hdsHosting.certified ? m.hdsCertified : m.hdsNotCertified,
                host: d.hdsHosting.host,
              })
            : d.hdsHosting?.certified
              ? m.hdsCertified
              : m.hdsNotCertified}
        </Fact>
        <Fact term={m.retentionLabel} show={retention || undefined}>
          {retention}
          {d.retentionPeriod?.comment ? <> — {d.retentionPeriod.comment}</> : null}
        </Fact>
      </dl>

      {d.distributions?.length ? (
        <>
          <h2>{m.distributionsTitle}</h2>
          <ul class="links">
            {d.distributions.map((dist) => {
              const name = pickLocalized(lang, dist.title);
              return (
                <li>
                  {name.text ? <span lang={name.lang}>{name.text}</span> : null}
                  {dist.format ? <> ({fill(m.distributionFormat, { format: dist.format })})</> : null}
                  {' — '}
                  <a href={dist.accessUrl}>{m.distributionAccess}</a>
                  {dist.downloadUrl ? (
                    <>
                      {' · '}
                      <a href={dist.downloadUrl}>{m.distributionDownload}</a>
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}

      <h2>{m.publisherTitle}</h2>
      <dl class="facts">
        <dt>{m.publisherLabel}</dt>
        <dd>
          {d.publisher.homepage ? <a href={d.publisher.homepage}>{d.publisher.name}</a> : d.publisher.name}
          {d.publisher.email ? (
            <>
              {' — '}
              <a href={`mailto:${d.publisher.email}`}>{d.publisher.email}</a>
            </>
          ) : null}
        </dd>
        <Fact term={m.contactLabel} show={d.contactPoint}>
          {d.contactPoint?.name}
          {d.contactPoint?.email ? (
            <>
              {' — '}
              <a href={`mailto:${d.contactPoint.email}`}>{d.contactPoint.email}</a>
            </>
          ) : null}
          {d.contactPoint?.url ? (
            <>
              {' — '}
              <a href={d.contactPoint.url}>{d.contactPoint.url}</a>
            </>
          ) : null}
        </Fact>
        <Fact term={m.providerOrgLabel} show={props.providerName}>
          {props.providerName}
        </Fact>
        <Fact term={m.harvestedFromLabel} show={props.harvest?.catalogueUrl}>
          <a href={props.harvest?.catalogueUrl}>{props.harvest?.catalogueUrl}</a>
        </Fact>
        <Fact term={m.lastHarvestedLabel} show={props.harvest?.lastHarvestedAt}>
          {props.harvest ? formatDateTime(lang, props.harvest.lastHarvestedAt) : ''}
        </Fact>
        <Fact term={m.landingPageLabel} show={d.landingPage}>
          <a href={d.landingPage}>{d.landingPage}</a>
        </Fact>
        <Fact term={m.issuedLabel} show={d.issued}>
          {d.issued ? providerDate(lang, d.issued) : ''}
        </Fact>
        <Fact term={m.modifiedLabel} show={d.modified}>
          {d.modified ? providerDate(lang, d.modified) : ''}
        </Fact>
      </dl>

      <h2>{m.revisionsTitle}</h2>
      {published.length === 0 ? (
        <p>{m.revisionsNone}</p>
      ) : (
        <ol class="timeline">
          {published.map((r) => (
            <li>
              {fill(m.revisionItem, { n: r.number, date: formatDateTime(lang, r.createdAt) })} (
              {(m as Record<string, string>)[`change_${r.change}`] ?? r.change})
            </li>
          ))}
        </ol>
      )}

      <h2>{m.downloadsTitle}</h2>
      <ul>
        <li>
          <a href={`${base}/dcat.ttl`} type="text/turtle" download>
            {m.downloadTurtle}
          </a>
        </li>
        <li>
          <a href={`${base}/dcat.jsonld`} type="application/ld+json" download>
            {m.downloadJsonLd}
          </a>
        </li>
      </ul>
    </Layout>
  );
}
