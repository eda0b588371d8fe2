// Route contracts of desks.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, IdParam, jsonBody } from '../../openapi-schemas';

export const DeskSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    operatorId: z.uuid(),
    policy: z.string(),
    decisionDeadlineDays: z.number().int(),
    contactEmail: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Desk');

const NewDeskSchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2 to 63 characters'),
    name: z.string().min(1).max(200),
    operatorId: z.uuid(),
    policy: z
      .string()
      .regex(/^[a-z0-9-]{1,63}$/)
      .optional(),
    decisionDeadlineDays: z.number().int().min(1).max(365).optional(),
    contactEmail: z.email().max(320).optional(),
  })
  .strict()
  .openapi('NewDesk');

export const listDesks = createRoute({
  method: 'get',
  path: '/v1/desks',
  tags: ['Desks'],
  summary: 'List desks',
  responses: {
    200: {
      description: 'Every desk',
      content: { 'application/json': { schema: z.object({ items: z.array(DeskSchema) }) } },
    },
    ...errorResponses(401),
  },
});

export const createDesk = createRoute({
  method: 'post',
  path: '/v1/desks',
  tags: ['Desks'],
  summary: 'Create a desk (platform admins)',
  security: bearer,
  request: { body: jsonBody(NewDeskSchema) },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: DeskSchema } } },
    ...errorResponses(401, 403, 409, 413, 415),
  },
});

export const getDesk = createRoute({
  method: 'get',
  path: '/v1/desks/{id}',
  tags: ['Desks'],
  summary: 'Read a desk',
  request: { params: IdParam },
  responses: {
    200: { description: 'The desk', content: { 'application/json': { schema: DeskSchema } } },
    ...errorResponses(401, 404),
  },
});
