// Fetching one page of a remote catalogue for a harvest: http(s) only (redirects included), a time limit, a
// size limit, content negotiation between Turtle and JSON-LD, and conditional GET. Uses the global fetch, so
// it runs unchanged on Node and on Workers.
import type { RdfContentType } from '../catalog/dcat-import';

export interface HarvestLimits {
  /** Per request, headers and body. */
  timeoutMs: number;
  /** Per page, once decoded. */
  maxBytes: number;
  /** Pages of one run; a longer catalogue stops the run as incomplete (nothing is retired). */
  maxPages: number;
  maxRedirects: number;
}

export const DEFAULT_HARVEST_LIMITS: HarvestLimits = {
  timeoutMs: 30_000,
  maxBytes: 20 * 1024 * 1024,
  maxPages: 1_000,
  maxRedirects: 5,
};

/** Turtle first (ckanext-dcat, most national portals), then JSON-LD. */
export const HARVEST_ACCEPT = 'text/turtle, application/ld+json;q=0.9, application/json;q=0.5';

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchedPage =
  | { kind: 'page'; url: string; body: string; contentType: RdfContentType; validators: Validators }
  | { kind: 'not_modified' };

/** Why a page could not be had; its message is safe to show to a platform admin. */
export class HarvestFetchError extends Error {
  override readonly name = 'HarvestFetchError';
}

export const isHttpUrl = (value: string): boolean =>
  URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

function rdfTypeOf(header: string | null): RdfContentType | undefined {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/turtle' || type === 'application/x-turtle') return 'text/turtle';
  if (type === 'application/ld+json' || type === 'application/json') return 'application/ld+json';
  return undefined;
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new HarvestFetchError(`${url}: the page is ${declared} bytes, over the limit of ${maxBytes}`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HarvestFetchError(`${url}: the page is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * GETs `url`, following at most `maxRedirects` redirects, each to http(s) only. With `validators` the request
 * is conditional, and a 304 answers `not_modified`.
 */
export async function fetchCatalogPage(
  url: string,
  limits: HarvestLimits,
  validators?: Validators,
): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const headers: Record<string, string> = { accept: HARVEST_ACCEPT };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      if (!isHttpUrl(current))
        throw new HarvestFetchError(`${current}: only http(s) catalogues are harvested`);
      const res = await fetch(current, { headers, redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location || !URL.canParse(location, current))
          throw new HarvestFetchError(`${current}: redirect (HTTP ${res.status}) without a usable Location`);
        if (hop >= limits.maxRedirects)
          throw new HarvestFetchError(`${url}: more than ${limits.maxRedirects} redirects`);
        const next = new URL(location, current).toString();
        if (!isHttpUrl(next))
          throw new HarvestFetchError(`${current}: refused a redirect to ${next} (only http(s))`);
        current = next;
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { kind: 'not_modified' };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new HarvestFetchError(`${current}: HTTP ${res.status}`);
      }
      const contentType = rdfTypeOf(res.headers.get('content-type'));
      if (!contentType) {
        await res.body?.cancel();
        throw new HarvestFetchError(
          `${current}: answered ${res.headers.get('content-type') ?? 'no Content-Type'}; Turtle or JSON-LD expected`,
        );
      }
      return {
        kind: 'page',
        url: current,
        body: await readCapped(res, limits.maxBytes, current),
        contentType,
        validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
      };
    }
  } catch (e) {
    if (e instanceof HarvestFetchError) throw e;
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
      throw new HarvestFetchError(`${current}: no complete answer within ${limits.timeoutMs} ms`);
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new HarvestFetchError(`${current}: cannot be fetched (${cause})`);
  }
}
