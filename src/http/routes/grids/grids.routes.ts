// Route contracts of the evaluation grids: the documents evaluations are scored against, with their digests.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, optionalBearer } from '../../openapi-schemas';

const GridDocumentSchema = z
  .object({
    id: z.string().openapi({ example: 'phoenix-grid@1.0.0' }),
    document: z.record(z.string(), z.unknown()),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .openapi('GridDocument', {
    description:
      'A grid as published; sha256 is the SHA-256 (hex) of the document’s canonical JSON (RFC 8785)',
  });

export const listGrids = createRoute({
  operationId: 'listGrids',
  method: 'get',
  path: '/v1/grids',
  tags: ['Evaluations'],
  security: optionalBearer,
  summary: 'The evaluation grids this desk scores against, with their digests',
  responses: {
    200: {
      description: 'The grids',
      content: { 'application/json': { schema: z.object({ items: z.array(GridDocumentSchema) }) } },
    },
    ...errorResponses(401),
  },
});

export const getGrid = createRoute({
  operationId: 'getGrid',
  method: 'get',
  path: '/v1/grids/{id}',
  tags: ['Evaluations'],
  security: optionalBearer,
  summary: 'One evaluation grid by `<gridId>@<version>`, with its digest (ETag: the digest)',
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*@[0-9A-Za-z.+-]+$/, 'a grid id and version, <gridId>@<version>')
        .openapi({ param: { name: 'id', in: 'path' }, example: 'phoenix-grid@1.0.0' }),
    }),
  },
  responses: {
    200: {
      description: 'The grid',
      headers: { ETag: { description: 'the grid’s sha256, quoted', schema: { type: 'string' as const } } },
      content: { 'application/json': { schema: GridDocumentSchema } },
    },
    304: { description: 'Not modified (If-None-Match matched the ETag)' },
    ...errorResponses(401, 404),
  },
});
