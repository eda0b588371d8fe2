// Answers an adapter gives before the app runs (a raw path it refuses, a Worker without its configuration)
// carry what the app's own answers carry: request id, security headers, a problem body with the id, a log line.
import { type Problem, problemResponse } from '../domain/problem';
import type { Logger } from '../services/logger';
import { accessFields } from './middleware/access-log';
import { REQUEST_ID_HEADER, requestIdFor } from './middleware/request-id';
import { applySecurityHeaders } from './middleware/security-headers';

export function earlyProblemResponse(
  request: Request,
  problem: Problem,
  options: { logger?: Logger; instance?: string } = {},
): Response {
  const startedAt = performance.now();
  const requestId = requestIdFor(request);
  const res = problemResponse(problem, options.instance, { [REQUEST_ID_HEADER]: requestId }, requestId);
  applySecurityHeaders(res.headers, request);
  const fields = accessFields({
    requestId,
    method: request.method,
    route: null,
    status: res.status,
    startedAt,
  });
  if (res.status >= 500) options.logger?.error('request', fields);
  else options.logger?.info('request', fields);
  return res;
}
