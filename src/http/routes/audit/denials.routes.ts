// Route contract of the refused-writes counts.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, LimitQuery } from '../../openapi-schemas';

const DeniedWriteSchema = z
  .object({
    callerId: z.uuid(),
    operation: z.string().openapi({ example: 'PUT /v1/datasets/:id' }),
    windowStart: z.string().openapi({ description: 'the hour counted' }),
    attempts: z.number().int(),
    targets: z.array(z.string()).openapi({ description: 'the first 20 distinct identifiers named' }),
    lastStatus: z.number().int(),
    lastAt: z.string(),
  })
  .openapi('DeniedWrite');

export const listDeniedWrites = createRoute({
  method: 'get',
  path: '/v1/audit/denials',
  operationId: 'listDeniedWrites',
  tags: ['Audit'],
  summary:
    'Writes refused to authenticated callers (403, 404), counted per caller, operation and hour (platform admins)',
  security: bearer,
  request: { query: z.object({ limit: LimitQuery }).strict() },
  responses: {
    200: {
      description: 'The counts, newest first',
      content: { 'application/json': { schema: z.object({ items: z.array(DeniedWriteSchema) }) } },
    },
    ...errorResponses(401, 403),
  },
});
