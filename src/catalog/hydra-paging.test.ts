import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { catalogPageQuads, nextPageOf } from './hydra-paging';

const parse = (turtle: string) => new Parser({ format: 'text/turtle' }).parse(turtle);

describe('Hydra paging', () => {
  it("follows ckanext-dcat's PagedCollection, whose nextPage is a literal", () => {
    const quads = parse(`@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
      <https://ckan.example/catalog.ttl?page=1> a hydra:PagedCollection ;
        hydra:firstPage "https://ckan.example/catalog.ttl?page=1" ;
        hydra:nextPage "https://ckan.example/catalog.ttl?page=2" ;
        hydra:totalItems 283 .`);
    expect(nextPageOf(quads, 'https://ckan.example/catalog.ttl?page=1')).toBe(
      'https://ckan.example/catalog.ttl?page=2',
    );
  });

  it('follows a PartialCollectionView whose next is a relative IRI', () => {
    const quads = parse(`@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
      <https://hub.example/catalog> hydra:view <https://hub.example/catalog?page=3> .
      <https://hub.example/catalog?page=3> a hydra:PartialCollectionView ; hydra:next <catalog?page=4> .`);
    expect(nextPageOf(quads, 'https://hub.example/catalog?page=3')).toBe(
      'https://hub.example/catalog?page=4',
    );
  });

  it('ignores a next page that is not http(s), and pages without a link', () => {
    const quads = parse(`@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
      <https://hub.example/c> a hydra:PartialCollectionView ; hydra:next <file:///etc/passwd> .`);
    expect(nextPageOf(quads, 'https://hub.example/c')).toBeUndefined();
    expect(nextPageOf([], 'https://hub.example/c')).toBeUndefined();
  });

  it('describes a middle page with first, previous, next and last, and reads back its next', () => {
    const quads = catalogPageQuads({
      catalogUri: 'https://desk.example/v1/catalog',
      page: 2,
      lastPage: 3,
      totalItems: 250,
      pageUrl: (n) => `https://desk.example/v1/catalog?page=${n}`,
    });
    const links = Object.fromEntries(
      quads
        .filter((q) => q.subject.value.endsWith('page=2') && q.object.termType === 'NamedNode')
        .map((q) => [q.predicate.value.split('#')[1], q.object.value]),
    );
    expect(links).toMatchObject({
      first: 'https://desk.example/v1/catalog?page=1',
      previous: 'https://desk.example/v1/catalog?page=1',
      next: 'https://desk.example/v1/catalog?page=3',
      last: 'https://desk.example/v1/catalog?page=3',
    });
    expect(nextPageOf(quads, 'https://desk.example/v1/catalog?page=2')).toBe(
      'https://desk.example/v1/catalog?page=3',
    );
  });
});
