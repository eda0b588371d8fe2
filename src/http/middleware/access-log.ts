// One structured log line per request: id, method, route pattern, status, duration and caller.
//
// The route is the pattern the request matched (`/v1/datasets/:id`), never the URL: paths and query strings
// can carry identifiers and search terms, and headers carry tokens; none of them is logged.
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { errorFields, type LogFields, type Logger } from '../../services/logger';
import type { AppEnv } from '../context';

/** The fields of an access line; adapters use it too for the few answers they give before the app runs. */
export function accessFields(entry: {
  requestId: string;
  method: string;
  route: string | null;
  status: number;
  startedAt: number;
  userId?: string | null;
}): LogFields {
  return {
    requestId: entry.requestId,
    method: entry.method,
    route: entry.route,
    status: entry.status,
    durationMs: Math.round((performance.now() - entry.startedAt) * 10) / 10,
    userId: entry.userId ?? null,
  };
}

/** The endpoint's pattern: the last matched route that is not a middleware (`use` registers method ALL). */
function routePattern(c: Context<AppEnv>): string | null {
  const endpoint = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return endpoint?.path ?? null;
}

export function logRequests(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const fields = accessFields({
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routePattern(c),
      status: c.res.status,
      startedAt,
      userId: c.get('principal')?.userId ?? c.get('identity')?.subject,
    });
    // An exception that became a 5xx is a defect or an outage: its stack joins the request's one line.
    if (c.error && c.res.status >= 500) logger.error('request', { ...fields, error: errorFields(c.error) });
    else logger.info('request', fields);
  };
}
