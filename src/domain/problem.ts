// The one error shape: a closed list of problem codes, each with its HTTP status, leaving as RFC 9457 problem+json.
import type { Violation } from '../validation/violation';

export const PROBLEMS = {
  bad_request: { status: 400, title: 'Bad request' },
  validation_failed: { status: 400, title: 'Validation failed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused with another request' },
  precondition_required: { status: 428, title: 'Precondition required' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  misconfigured: { status: 500, title: 'Service misconfigured' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ProblemCode;
  violations?: Violation[];
  /** The request's `x-request-id`, so a caller can quote it to the desk's operators. */
  requestId?: string;
}

/** The base of every problem `type` URI; stable, documented in the OpenAPI document. */
export const PROBLEM_TYPE_BASE = 'https://phoenix-desk.example/problems/';

/** An expected failure, thrown from handlers or returned by services and thrown at the HTTP edge. */
export class Problem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly violations?: Violation[],
    /** Headers the answer carries, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.name = 'Problem';
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }

  toBody(instance?: string, requestId?: string): ProblemBody {
    const { status, title } = PROBLEMS[this.code];
    return {
      type: `${PROBLEM_TYPE_BASE}${this.code.replaceAll('_', '-')}`,
      title,
      status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.violations ? { violations: this.violations } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

export function problemResponse(
  problem: Problem,
  instance?: string,
  headers?: HeadersInit,
  requestId?: string,
): Response {
  const h = new Headers(headers);
  for (const [name, value] of Object.entries(problem.headers ?? {})) h.set(name, value);
  h.set('content-type', 'application/problem+json');
  return new Response(JSON.stringify(problem.toBody(instance, requestId)), {
    status: problem.status,
    headers: h,
  });
}

/** What a service returns: its value, or the expected failure that explains why not. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(
  code: ProblemCode,
  detail?: string,
  violations?: Violation[],
): Outcome<T> => ({
  ok: false,
  problem: new Problem(code, detail, violations),
});
