// Route contracts of the service itself: liveness and the JSON Schemas clients validate against.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, noAuth, optionalBearer } from '../../openapi-schemas';

export const healthz = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  security: noAuth,
  summary: 'Liveness and database reachability',
  responses: {
    200: {
      description: 'The service and its database answer',
      content: {
        'application/json': { schema: z.object({ status: z.literal('ok'), database: z.literal('ok') }) },
      },
    },
    503: {
      description: 'The database does not answer',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('degraded'), database: z.literal('down') }),
        },
      },
    },
  },
});

export const getSchema = createRoute({
  operationId: 'getSchema',
  method: 'get',
  path: '/v1/schemas/{name}',
  tags: ['Catalogue'],
  security: optionalBearer,
  summary: 'A JSON Schema (draft 2020-12) the desk validates against',
  request: {
    params: z.object({
      name: z.enum(['dataset-descriptor', 'dataset-descriptor-1.1.0', 'dataset-descriptor-1.0.0']).openapi({
        param: { name: 'name', in: 'path' },
        description:
          'dataset-descriptor is the current version (1.1.0); earlier versions keep their own name',
      }),
    }),
  },
  responses: {
    200: {
      description: 'The schema',
      content: { 'application/schema+json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...errorResponses(401, 404),
  },
});
