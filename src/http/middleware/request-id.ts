// Every request gets an id: the caller's when it is well formed, a fresh one otherwise. It leaves on every
// response as `x-request-id`, inside every problem body as `requestId`, and in the request's log line.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What the desk accepts from a caller (a proxy, a load balancer, a client): 1 to 128 characters of letters,
 * digits and `.`, `_`, `:`, `-`. That covers UUIDs, ULIDs and the usual trace ids, and keeps anything that
 * could forge a log line or a header (spaces, quotes, control characters) out.
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

export function isWellFormedRequestId(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** The caller's id when well formed; otherwise a new random UUID (a malformed one is dropped, never echoed). */
export function requestIdFor(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given !== null && isWellFormedRequestId(given) ? given : crypto.randomUUID();
}

const PROBLEM_TYPE = /^application\/problem\+json\b/i;

export const assignRequestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = requestIdFor(c.req.raw);
  c.set('requestId', requestId);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, requestId);
  // Problems are built in many places (the error handler, not-found, guards, handlers); stamping them here
  // gives every one its id, including those added later, without threading the id through each builder.
  if (PROBLEM_TYPE.test(c.res.headers.get('content-type') ?? '') && c.req.method !== 'HEAD') {
    const stamped = await withRequestId(c.res, requestId);
    if (stamped) c.res = stamped;
  }
};

async function withRequestId(res: Response, requestId: string): Promise<Response | undefined> {
  let body: unknown;
  try {
    body = await res.clone().json();
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'requestId' in body)
    return undefined;
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...body, requestId }), {
    status: res.status,
    statusText: res.statusText,
    headers,
  });
}
