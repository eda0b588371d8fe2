// Conditional GET of the public catalogue (RFC 9110 §13): validators from the catalogue's latest public
// change, and whether a request's If-None-Match or If-Modified-Since lets the answer be 304.
import type { CatalogState } from '../services/catalog-export';

export interface CatalogValidators {
  etag: string;
  'last-modified'?: string;
}

/**
 * A weak ETag (the Turtle and JSON-LD bytes of a page are equivalent, not guaranteed identical across
 * versions of the serialisers) naming the latest change, the size of the catalogue, the page and the format.
 */
export function catalogValidators(
  state: CatalogState,
  page: number,
  limit: number,
  type: 'text/turtle' | 'application/ld+json',
): CatalogValidators {
  const format = type === 'text/turtle' ? 'ttl' : 'jsonld';
  const etag = `W/"${state.lastChange?.getTime() ?? 0}-${state.totalItems}-${page}-${limit}-${format}"`;
  return state.lastChange ? { etag, 'last-modified': state.lastChange.toUTCString() } : { etag };
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

export function notModified(
  request: { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined },
  validators: CatalogValidators,
  lastChange: Date | null,
): boolean {
  const ifNoneMatch = request['if-none-match'];
  // If-None-Match, when sent, decides alone (RFC 9110 §13.2.2); GET compares weakly.
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(validators.etag));
  }
  const since = request['if-modified-since'];
  if (since === undefined || !lastChange) return false;
  const date = Date.parse(since);
  // HTTP dates have whole seconds: a change within the second named is not later than it.
  return Number.isFinite(date) && Math.floor(lastChange.getTime() / 1000) * 1000 <= date;
}
