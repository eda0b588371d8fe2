// The one app factory: validation hook, error handler, not-found, guards, OpenAPI document and docs page.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { databaseUnavailable } from '../db/database-errors';
import { Problem, problemResponse } from '../domain/problem';
import type { Logger } from '../services/logger';
import type { Violation } from '../validation/violation';
import { type Console, isConsolePath } from '../web';
import { apiReferenceRouter } from './api-reference';
import type { AppEnv, AppServices } from './context';
import { logRequests } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { challengeBearer } from './middleware/bearer-challenge';
import { rateLimits } from './middleware/rate-limits';
import { recordDenials } from './middleware/record-denials';
import { limitBody, rejectOddPaths, requireContentType } from './middleware/request-guards';
import { assignRequestId } from './middleware/request-id';
import { requireCaller, securedOperations } from './middleware/require-caller';
import { securityHeaders } from './middleware/security-headers';
import { storableQuery, strictJsonBody } from './middleware/strict-json-body';

type ZodIssueLike = { path: PropertyKey[]; message: string };

function toViolations(target: string, issues: ZodIssueLike[]): Violation[] {
  return issues.map((i) => {
    const pointer = `/${i.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    const where =
      target === 'json' ? '' : `${target} parameter${i.path.length ? ` '${String(i.path[0])}'` : ''}: `;
    return { pointer: pointer === '/' ? '' : pointer, message: `${where}${i.message}` };
  });
}

/** Every router is built here so that all share the same validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: true,
    defaultHook: (result) => {
      if (!result.success) {
        const issues = (result.error as unknown as { issues: ZodIssueLike[] }).issues;
        throw new Problem(
          'validation_failed',
          `the request ${result.target} is invalid`,
          toViolations(result.target, issues),
        );
      }
    },
  });
}

/** The status an error leaves with; a page of the console shows it, the API writes it as a problem. */
function statusOf(err: Error): number {
  if (err instanceof Problem) return err.status;
  if (err instanceof HTTPException) return err.status;
  return databaseUnavailable(err) ? 503 : 500;
}

function onError(err: Error, instance: string): Response {
  if (err instanceof Problem) return problemResponse(err, instance);
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return problemResponse(new Problem('payload_too_large'), instance);
    // hono's JSON validator reports unparsable bodies this way; the message is its own, never our data.
    if (status === 400)
      return problemResponse(new Problem('bad_request', 'malformed JSON in request body'), instance);
    if (status === 401) return problemResponse(new Problem('unauthenticated'), instance);
  }
  // The database is out of reach or gave up waiting: a retryable 503, logged with its cause by the access log.
  const unavailable = databaseUnavailable(err);
  if (unavailable) {
    return problemResponse(unavailable.problem, instance, {
      'retry-after': String(unavailable.retryAfterSeconds),
    });
  }
  // Anything else is a bug: the access log records it with its stack; the caller learns nothing of it.
  return problemResponse(new Problem('internal', 'an unexpected error occurred'), instance);
}

function copyRetryAfter(from: Response, to: Response): Response {
  const retry = from.headers.get('retry-after');
  if (retry) to.headers.set('retry-after', retry);
  return to;
}

/** Services for one request: fixed on Node, made per request on Workers (a database client per request). */
export type ServicesProvider = AppServices | ((c: Context<AppEnv>) => AppServices);

export function createApp(
  options: {
    publicBaseUrl: string;
    services: ServicesProvider;
    logger: Logger;
    console?: Console | undefined;
  },
  routers: OpenAPIHono<AppEnv>[],
) {
  const { services, publicBaseUrl } = options;
  const app = createRouter();
  app.use('*', assignRequestId);
  app.use('*', logRequests(options.logger));
  app.use('*', securityHeaders);
  app.use('*', challengeBearer);
  app.use('*', async (c, next) => {
    c.set('services', typeof services === 'function' ? services(c) : services);
    await next();
  });
  app.use('*', rejectOddPaths);
  // Who is calling comes first: an anonymous call to an operation that needs a caller learns nothing else.
  app.use('/v1/*', authenticate);
  let secured: Set<string> | undefined;
  app.use(
    '/v1/*',
    requireCaller(() => (secured ??= securedOperations(app.openAPIRegistry.definitions))),
  );
  app.use('/v1/*', rateLimits);
  app.use('/v1/*', recordDenials);
  app.use('*', limitBody);
  app.use('*', requireContentType);
  app.use('*', storableQuery);
  app.use('*', strictJsonBody);
  for (const router of routers) app.route('/', router);
  const web = options.console;
  if (web) app.route('/', web.router);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT from the configured OpenID provider (or the dev issuer in the embedded default)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'PHOENIX health-data sharing desk',
      version: '0.1.0',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      description:
        'Publish health-dataset descriptors, find them, and export the catalogue as DCAT-AP 3.0 / HealthDCAT-AP. ' +
        'Errors are RFC 9457 problem details.',
    },
    servers: [{ url: publicBaseUrl }],
  });
  app.route('/', apiReferenceRouter);

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    if (web && isConsolePath(path)) return web.errorPage(undefined, c, 404);
    return problemResponse(new Problem('not_found', 'no such resource'), path);
  });
  app.onError((err, c) => {
    const path = new URL(c.req.url).pathname;
    if (web && isConsolePath(path)) {
      // The access log records the cause (and a bug's stack) as it does for the API.
      const response = onError(err, path);
      const page = web.errorPage(err, c, statusOf(err));
      return page instanceof Promise
        ? page.then((r) => copyRetryAfter(response, r))
        : copyRetryAfter(response, page);
    }
    return onError(err, path);
  });
  return app;
}
