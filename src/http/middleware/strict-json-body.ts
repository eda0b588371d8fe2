// JSON request bodies are read once here, strictly: valid UTF-8, one value per key, only storable text.
import type { MiddlewareHandler } from 'hono';
import { Problem } from '../../domain/problem';
import { parseStrictJson, unstorableText } from '../../domain/strict-json';
import type { AppEnv } from '../context';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a JSON body before any route reads it. The route's validator then parses the same bytes again
 * (hono caches the body), so what it validates is exactly what was checked here.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && JSON_TYPE.test(mediaType)) {
    const bytes = await c.req.arrayBuffer();
    let text: string;
    try {
      // A lenient decoder would turn invalid bytes (an encoded surrogate, say) into U+FFFD unseen.
      text = utf8.decode(bytes);
    } catch {
      throw new Problem('validation_failed', 'the request body is not valid UTF-8', [
        { pointer: '', message: 'the body is not valid UTF-8' },
      ]);
    }
    if (text.trim() !== '') {
      const parsed = parseStrictJson(text);
      if (!parsed.ok)
        throw new Problem('validation_failed', 'the request json is invalid', parsed.violations);
    }
  }
  await next();
};

/** Query strings reach the database too: refuse values it cannot store, naming the parameter. */
export const storableQuery: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  for (const [name, value] of url.searchParams) {
    const why = unstorableText(name) ?? unstorableText(value);
    if (why) {
      throw new Problem('validation_failed', 'the request query is invalid', [
        { pointer: '', message: `query parameter '${name.slice(0, 50)}': ${why}` },
      ]);
    }
  }
  await next();
};
