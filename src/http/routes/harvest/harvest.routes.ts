// Route contracts of harvesting: the remote DCAT-AP catalogues platform admins register, and their runs.
import { createRoute, z } from '@hono/zod-openapi';
import { HARVEST_RUN_STATUSES } from '../../../domain/harvest-report';
import { SCHEDULE_SYNTAX } from '../../../domain/harvest-schedule';
import {
  bearer,
  EXAMPLE_IDS,
  errorResponses,
  etagHeader,
  IdParam,
  IfMatchHeader,
  jsonBody,
  ProblemSchema,
} from '../../openapi-schemas';

const Schedule = z
  .string()
  .max(40)
  .openapi({ description: `${SCHEDULE_SYNTAX}`, example: 'daily 03:00' });

const HarvestRunSchema = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    trigger: z.enum(['manual', 'schedule', 'cli']),
    status: z.enum(HARVEST_RUN_STATUSES),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: z.object({
      pages: z.number().int(),
      records: z.number().int(),
      created: z.number().int(),
      revised: z.number().int(),
      unchanged: z.number().int(),
      retired: z.number().int(),
      failed: z.number().int(),
    }),
    errors: z
      .array(z.object({ iri: z.string(), problem: ProblemSchema }))
      .openapi({ description: 'records that could not be taken (the first 500), each with its problem' }),
    failure: z.string().nullable().openapi({ description: 'why the run stopped short, if it did' }),
  })
  .openapi('HarvestRun');

const HarvestSourceSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    providerId: z.uuid(),
    schedule: z.string(),
    enabled: z.boolean(),
    version: z.number().int(),
    nextRunAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastRun: HarvestRunSchema.nullable(),
  })
  .openapi('HarvestSource');

const TAGS = ['Harvesting'];

export const listHarvestSources = createRoute({
  operationId: 'listHarvestSources',
  method: 'get',
  path: '/v1/harvest-sources',
  tags: TAGS,
  summary: 'The remote catalogues the desk harvests, each with its last run (platform admins)',
  security: bearer,
  responses: {
    200: {
      description: 'Sources',
      content: { 'application/json': { schema: z.object({ items: z.array(HarvestSourceSchema) }) } },
    },
    ...errorResponses(401, 403),
  },
});

export const createHarvestSource = createRoute({
  operationId: 'createHarvestSource',
  method: 'post',
  path: '/v1/harvest-sources',
  tags: TAGS,
  summary: 'Register a remote DCAT-AP catalogue to harvest into a provider organisation (platform admins)',
  description:
    'The catalogue is read as Turtle or JSON-LD, page by page (Hydra PartialCollectionView or ckanext-dcat’s PagedCollection). Its records are published under the provider; records that change are revised, records gone from it are retired.',
  security: bearer,
  request: {
    body: jsonBody(
      z
        .object({
          url: z.string().max(2048).openapi({ example: 'https://data.chu-bordeaux.example/catalog.ttl' }),
          providerId: z.uuid(),
          schedule: Schedule,
          enabled: z.boolean().optional(),
        })
        .strict(),
      {
        nightly: {
          summary: 'A hospital’s CKAN catalogue, every night at 03:00 Paris time',
          value: {
            url: 'https://data.hopital-foch.example/catalog.ttl',
            providerId: EXAMPLE_IDS.foch,
            schedule: 'daily 03:00',
          },
        },
      },
    ),
  },
  responses: {
    201: {
      description: 'Registered',
      headers: etagHeader,
      content: { 'application/json': { schema: HarvestSourceSchema } },
    },
    ...errorResponses(401, 403, 409, 413, 415, 429),
  },
});

export const getHarvestSource = createRoute({
  operationId: 'getHarvestSource',
  method: 'get',
  path: '/v1/harvest-sources/{id}',
  tags: TAGS,
  summary: 'A harvest source and its last run',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The source',
      headers: etagHeader,
      content: { 'application/json': { schema: HarvestSourceSchema } },
    },
    ...errorResponses(401, 403, 404),
  },
});

export const updateHarvestSource = createRoute({
  operationId: 'updateHarvestSource',
  method: 'patch',
  path: '/v1/harvest-sources/{id}',
  tags: TAGS,
  summary: 'Change a source’s URL, schedule or enabled flag',
  security: bearer,
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(
      z
        .object({
          url: z.string().max(2048).optional(),
          schedule: Schedule.optional(),
          enabled: z.boolean().optional(),
        })
        .strict(),
      { weekly: { summary: 'Every week instead', value: { schedule: 'every 168h' } } },
    ),
  },
  responses: {
    200: {
      description: 'Changed',
      headers: etagHeader,
      content: { 'application/json': { schema: HarvestSourceSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 412, 413, 415, 428, 429),
  },
});

export const deleteHarvestSource = createRoute({
  operationId: 'deleteHarvestSource',
  method: 'delete',
  path: '/v1/harvest-sources/{id}',
  tags: TAGS,
  summary: 'Stop harvesting a source (it is disabled; its datasets and run history stay)',
  security: bearer,
  request: { params: IdParam },
  responses: { 204: { description: 'Disabled' }, ...errorResponses(401, 403, 404, 429) },
});

export const runHarvestSource = createRoute({
  operationId: 'runHarvestSource',
  method: 'post',
  path: '/v1/harvest-sources/{id}/runs',
  tags: TAGS,
  summary: 'Harvest the source now; answers with the run’s report when it is done',
  security: bearer,
  request: { params: IdParam },
  responses: {
    201: { description: 'The run’s report', content: { 'application/json': { schema: HarvestRunSchema } } },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export const listHarvestRuns = createRoute({
  operationId: 'listHarvestRuns',
  method: 'get',
  path: '/v1/harvest-sources/{id}/runs',
  tags: TAGS,
  summary: 'The source’s latest runs (20), newest first, with their reports',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: z.object({ items: z.array(HarvestRunSchema) }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});
