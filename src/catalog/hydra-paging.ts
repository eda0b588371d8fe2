// Hydra paging of DCAT catalogues: the link to a harvested page's next page (Hydra's PartialCollectionView with
// hydra:next, or ckanext-dcat's older PagedCollection with hydra:nextPage), and the view our own catalogue adds.
import { DataFactory, type Quad } from 'n3';
import { NS } from './rdf-vocabulary';

const { namedNode, literal, quad } = DataFactory;
const hydra = (local: string) => `${NS.hydra}${local}`;
const RDF_TYPE = `${NS.rdf}type`;

/**
 * The absolute http(s) URL of the page after `pageUrl`, if the page names one. ckanext-dcat writes its links
 * as plain literals and Hydra as IRIs; both may be relative to the page.
 */
export function nextPageOf(quads: Quad[], pageUrl: string): string | undefined {
  const views = new Set(
    quads
      .filter(
        (q) =>
          q.predicate.value === RDF_TYPE &&
          (q.object.value === hydra('PartialCollectionView') || q.object.value === hydra('PagedCollection')),
      )
      .map((q) => q.subject.value),
  );
  const links = quads.filter(
    (q) =>
      (q.predicate.value === hydra('next') || q.predicate.value === hydra('nextPage')) &&
      (views.size === 0 || views.has(q.subject.value)),
  );
  for (const link of links) {
    if (link.object.termType !== 'NamedNode' && link.object.termType !== 'Literal') continue;
    const value = link.object.value.trim();
    if (!URL.canParse(value, pageUrl)) continue;
    const next = new URL(value, pageUrl);
    if (next.protocol === 'http:' || next.protocol === 'https:') return next.toString();
  }
  return undefined;
}

export interface CatalogPage {
  /** The catalogue's IRI (the collection). */
  catalogUri: string;
  /** 1-based. */
  page: number;
  lastPage: number;
  totalItems: number;
  /** The URL of page `n`. */
  pageUrl(n: number): string;
}

/**
 * The catalogue as a hydra:Collection with its totalItems, and this page as its hydra:PartialCollectionView
 * with first, previous, next and last (Hydra Core §5.1). DCAT-AP's shapes say nothing of these properties,
 * so they add no violation.
 */
export function catalogPageQuads(view: CatalogPage): Quad[] {
  const catalog = namedNode(view.catalogUri);
  const page = namedNode(view.pageUrl(view.page));
  const link = (predicate: string, n: number) =>
    quad(page, namedNode(hydra(predicate)), namedNode(view.pageUrl(n)));
  const out = [
    quad(catalog, namedNode(RDF_TYPE), namedNode(hydra('Collection'))),
    quad(
      catalog,
      namedNode(hydra('totalItems')),
      literal(String(view.totalItems), namedNode(`${NS.xsd}integer`)),
    ),
    quad(catalog, namedNode(hydra('view')), page),
    quad(page, namedNode(RDF_TYPE), namedNode(hydra('PartialCollectionView'))),
    link('first', 1),
    link('last', view.lastPage),
  ];
  if (view.page > 1) out.push(link('previous', Math.min(view.page - 1, view.lastPage)));
  if (view.page < view.lastPage) out.push(link('next', view.page + 1));
  return out;
}
