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
};

const BEARER_CHALLENGE_HEADER = {
  'WWW-Authenticate': {
    description:
      'RFC 6750 challenge: `Bearer realm="phoenix-desk"`, with `error="invalid_token"` when a token was sent and refused',
    schema: { type: 'string' as const, example: 'Bearer realm="phoenix-desk", error="invalid_token"' },
  },
};

/** The problem responses a route can give, documented in the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([400, ...statuses])].map((s) => [
      s,
      {
        description: STATUS_DESCRIPTIONS[s] ?? 'Error',
        ...(s === 401 ? { headers: BEARER_CHALLENGE_HEADER } : {}),
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
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

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'replaying the same key with the same body returns the first answer' }),
});

export const bearer = [{ bearerAuth: [] }];

/**
 * A required JSON request body: `required` makes the validator run even when Content-Type is missing, so no
 * request can skip validation by not saying what it sends.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});
