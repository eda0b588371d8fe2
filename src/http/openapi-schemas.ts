// Schemas shared by many routes: problem details, identifiers, paging, and the error responses of a route.
import { z } from '@hono/zod-openapi';
import { PROBLEMS, type ProblemCode } from '../domain/problem';

export const ViolationSchema = z
  .object({
    pointer: z.string().openapi({ example: '/descriptor/title/fr' }),
    message: z.string().openapi({ example: 'must be at most 300 characters' }),
  })
  .openapi('Violation');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://phoenix-desk.example/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.enum(Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]),
    violations: z.array(ViolationSchema).optional(),
    requestId: z
      .string()
      .optional()
      .openapi({ description: 'the x-request-id of the request, to quote to the desk operators' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid request (every violation listed with its JSON pointer)',
  401: 'Missing or invalid bearer token',
  403: 'The caller lacks the role this needs',
  404: 'Not found, or not visible to the caller',
  406: 'No representation matches Accept',
  409: 'Conflicts with the current state',
  412: 'If-Match does not match the current version',
  413: 'Body larger than 1 MiB',
  415: 'Content-Type not supported',
  422: 'Idempotency-Key reused with another body',
  428: 'If-Match is required',
  429: 'Too many requests: try again after the delay in Retry-After',
  503: 'Temporarily unavailable (the database does not answer): try again after the delay in Retry-After',
};

/** Statuses a client may retry after a wait, so they say how long (RFC 9110 §10.2.3; RFC 6585 §4). */
const RETRYABLE = new Set([429, 503]);

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer' as const, minimum: 0 },
  },
};

const BEARER_CHALLENGE_HEADER = {
  'WWW-Authenticate': {
    description:
      'RFC 6750 challenge: `Bearer realm="phoenix-desk"`, with `error="invalid_token"` when a token was sent and refused',
    schema: { type: 'string' as const, example: 'Bearer realm="phoenix-desk", error="invalid_token"' },
  },
};

/** Problem responses for exactly these statuses. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set(statuses)].map((s) => [
      s,
      {
        description: STATUS_DESCRIPTIONS[s] ?? 'Error',
        ...(RETRYABLE.has(s) ? { headers: retryAfter } : {}),
        ...(s === 401 ? { headers: BEARER_CHALLENGE_HEADER } : {}),
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/**
 * The problem responses a route can give, documented in the OpenAPI document: always 400 (a request can be
 * malformed) and 503 (every /v1 route may read the database, if only to load the caller's memberships).
 * Writes add 429 themselves.
 */
export function errorResponses(...statuses: number[]) {
  return problemResponses(400, ...statuses, 503);
}

export const IdParam = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f' }),
});

export const LimitQuery = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .default(20)
  .openapi({ description: 'page size, at most 100' });

export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'the ETag last read; required', example: '"3"' }),
});

/** The version a response carries, for the If-Match of the next change (RFC 9110 §8.8.3). */
export const etagHeader = {
  ETag: {
    description: 'the resource’s version; send it back in If-Match to change the resource',
    schema: { type: 'string' as const, example: '"3"' },
  },
};

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'replaying the same key with the same body returns the first answer' }),
});

type SecurityRequirements = Record<string, string[]>[];

/** A bearer token is required. */
export const bearer: SecurityRequirements = [{ bearerAuth: [] }];
/** Anonymous callers are served; a token, if sent, must be valid and may show the caller more. */
export const optionalBearer: SecurityRequirements = [{}, { bearerAuth: [] }];
/** No token is read. */
export const noAuth: SecurityRequirements = [];

/** Named request examples; each is checked against its schema, and its type against the schema's input. */
export type RequestExamples<T> = Record<string, { summary: string; value: T }>;

/**
 * A required JSON request body with its examples: `required` makes the validator run even when Content-Type
 * is missing, so no request can skip validation by not saying what it sends.
 */
export const jsonBody = <T extends z.ZodType>(schema: T, examples: RequestExamples<z.input<T>>) => ({
  content: { 'application/json': { schema, examples } },
  required: true as const,
});

/**
 * Identifiers the request examples share, so that together they tell one story: Hôpital Foch publishing
 * through its own desk, and a CESP research team applying to it.
 */
export const EXAMPLE_IDS = {
  foch: '0193a3f0-5c2e-7a41-8b9d-3e4f5a6b7c80',
  deskFoch: '0193a3f0-6d3f-7b52-9cae-4f5a6b7c8d91',
  cesp: '0193a3f0-7e40-7c63-8dbf-5a6b7c8d9ea2',
  datasetDiabetes: '0193a3f1-0a62-7e85-8fd1-7c8d9eafb0c4',
  datasetHeartFailure: '0193a3f1-1b73-7f96-90e2-8d9eafb0c1d5',
} as const;
