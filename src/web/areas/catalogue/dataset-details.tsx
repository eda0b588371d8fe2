// The parts of a dataset's page that descriptor 1.1.0 brought: coded concepts linked to their IRIs, places in
// words, the provider's version, update frequency, provenance, documentation and publications.
import { conceptIri } from '../../../catalog/concepts';
import { classifyPlace, placeFromIri } from '../../../catalog/places';
import type { DatasetDescriptor } from '../../../domain/descriptor';
import { formatCalendarDate, formatDateTime, type Lang } from '../../i18n';
import { L, pickLocalized } from '../../text';
import { catalogueMessages } from './messages';

const isIri = (v: string) => /^https?:\/\//i.test(v);

/** A place of dct:spatial in words (« Île-de-France (FR-IDF) »); an IRI stays a link, named when it is a known place. */
export function PlaceName(props: { lang: Lang; value: string }) {
  const { lang, value } = props;
  const place = isIri(value) ? placeFromIri(value) : classifyPlace(value);
  const label = place ? pickLocalized(lang, place.label) : { text: '' };
  const name = label.text ? <L label={label} /> : place?.name;
  if (isIri(value)) return <a href={value}>{name ?? value}</a>;
  if (!place || !name) return <>{value}</>;
  return (
    <>
      {name} <span class="muted">({place.code})</span>
    </>
  );
}

/** The provider's issued/modified date: a year, a month or a day as such (« 2024 », « janvier 2024 »), or a date-time. */
export function providerDate(lang: Lang, value: string): string {
  return /^\d{4}(?:-\d{2}){0,2}$/.test(value) ? formatCalendarDate(lang, value) : formatDateTime(lang, value);
}

/** How often the provider updates the data, in words for the usual EU frequency codes, else the code. */
function frequency(lang: Lang, code: string): string {
  return (catalogueMessages[lang] as Record<string, string>)[`frequency_${code}`] ?? code;
}

/** A term and its value, left out when there is nothing to say. */
function Term(props: { term: string; show: boolean; children?: unknown }) {
  if (!props.show) return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

/** The section, shown only when the descriptor has one of its fields. */
export function DatasetDetails(props: { lang: Lang; descriptor: DatasetDescriptor }) {
  const { lang, descriptor: d } = props;
  const m = catalogueMessages[lang];
  const concepts = d.codeValues ?? [];
  const provenance = pickLocalized(lang, d.provenance);
  const versionNotes = pickLocalized(lang, d.versionNotes);
  const documentation = d.documentation ?? [];
  const publications = d.isReferencedBy ?? [];
  const any =
    concepts.length > 0 ||
    !!d.version ||
    !!d.accrualPeriodicity ||
    !!provenance.text ||
    documentation.length > 0 ||
    publications.length > 0;
  if (!any) return null;
  return (
    <section aria-labelledby="dataset-details">
      <h2 id="dataset-details">{m.detailsTitle}</h2>
      <dl class="facts">
        <Term term={m.conceptsLabel} show={concepts.length > 0}>
          <ul>
            {concepts.map((c) => {
              const label = pickLocalized(lang, c.label);
              return (
                <li>
                  <a href={conceptIri(c.code)}>{label.text ? <L label={label} /> : c.code}</a>
                  {label.text ? <span class="muted"> ({c.code})</span> : null}
                </li>
              );
            })}
          </ul>
        </Term>
        <Term term={m.versionLabel} show={!!d.version}>
          {d.version}
          {versionNotes.text ? (
            <>
              {' — '}
              <L label={versionNotes} />
            </>
          ) : null}
        </Term>
        <Term term={m.frequencyLabel} show={!!d.accrualPeriodicity}>
          {frequency(lang, d.accrualPeriodicity ?? '')}
        </Term>
        <Term term={m.provenanceLabel} show={!!provenance.text}>
          <L label={provenance} />
        </Term>
        <Term term={m.documentationLabel} show={documentation.length > 0}>
          <ul>
            {documentation.map((doc) => (
              <li>
                <a href={doc.url}>{doc.label ?? doc.url}</a>
              </li>
            ))}
          </ul>
        </Term>
        <Term term={m.publicationsLabel} show={publications.length > 0}>
          <ul>
            {publications.map((iri) => (
              <li>
                <a href={iri}>{iri}</a>
              </li>
            ))}
          </ul>
        </Term>
      </dl>
    </section>
  );
}
