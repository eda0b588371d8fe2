// Guards every request passes before routing: body size, Content-Type of bodies, odd paths.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Problem } from '../../domain/problem';
import type { AppEnv } from '../context';

export const MAX_BODY_BYTES = 1024 * 1024;

// hono's bodyLimit also counts streamed (chunked) bodies that announce no Content-Length.
export const limitBody: MiddlewareHandler<AppEnv> = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new Problem('payload_too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
  },
});

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
/** What a browser posts: the console's forms (urlencoded, or multipart when they carry a file). */
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)$/i;

/** Media types accepted by routes that take RDF documents rather than JSON objects. */
const RDF_ROUTES: Record<string, RegExp> = {
  '/v1/datasets/import': /^(text\/turtle|application\/ld\+json)$/i,
};

/** HTTP/1.1 framing (RFC 9112 §6.3): a request has a body only if it announces a length or a transfer coding. */
function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return req.headers.has('transfer-encoding');
}

/** A body must say what it is: anything but the route's media types is refused with 415. */
export const requireContentType: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && hasBody(c.req.raw)) {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    const accepted = c.req.path.startsWith('/v1/') ? (RDF_ROUTES[c.req.path] ?? JSON_TYPE) : FORM_TYPE;
    if (!accepted.test(mediaType)) {
      throw new Problem(
        'unsupported_media_type',
        mediaType
          ? `Content-Type '${mediaType.slice(0, 100)}' is not accepted here`
          : 'Content-Type is required',
      );
    }
  }
  await next();
};

/**
 * Paths with empty segments, dot segments or encoded separators are refused outright rather than
 * normalised, so that `//v1/…`, `%2e%2e` or `%2f` can never reach a route other than the one they spell.
 * Adapters also apply it to the raw request line, before the URL parser resolves dot segments.
 */
export function isOddPath(rawPath: string): boolean {
  const path = rawPath.split('?')[0]!;
  return path.includes('//') || /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path) || /%2f|%5c|%00|\\/i.test(path);
}

export const rejectOddPaths: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isOddPath(new URL(c.req.url).pathname)) throw new Problem('not_found', 'no such resource');
  await next();
};
