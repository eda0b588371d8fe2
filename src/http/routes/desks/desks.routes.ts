// Route contracts of desks.
import { createRoute, z } from '@hono/zod-openapi';
import {
  bearer,
  EXAMPLE_IDS,
  errorResponses,
  etagHeader,
  IdParam,
  IfMatchHeader,
  jsonBody,
  optionalBearer,
} from '../../openapi-schemas';

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
  operationId: 'listDesks',
  method: 'get',
  path: '/v1/desks',
  tags: ['Desks'],
  security: optionalBearer,
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
  operationId: 'createDesk',
  method: 'post',
  path: '/v1/desks',
  tags: ['Desks'],
  summary: 'Create a desk (platform admins)',
  security: bearer,
  request: {
    body: jsonBody(NewDeskSchema, {
      hospitalDesk: {
        summary: 'A hospital’s desk, under the policy for sensitive data and a 45-working-day deadline',
        value: {
          slug: 'guichet-foch',
          name: 'Guichet de données Hôpital Foch',
          operatorId: EXAMPLE_IDS.foch,
          policy: 'strict-sensitive',
          decisionDeadlineDays: 45,
          contactEmail: 'eds@hopital-foch.example',
        },
      },
    }),
  },
  responses: {
    201: {
      description: 'Created',
      headers: etagHeader,
      content: { 'application/json': { schema: DeskSchema } },
    },
    ...errorResponses(401, 403, 409, 413, 415, 429),
  },
});

export const getDesk = createRoute({
  operationId: 'getDesk',
  method: 'get',
  path: '/v1/desks/{id}',
  tags: ['Desks'],
  security: optionalBearer,
  summary: 'Read a desk',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The desk',
      headers: etagHeader,
      content: { 'application/json': { schema: DeskSchema } },
    },
    ...errorResponses(401, 404),
  },
});

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

export const deskMetrics = createRoute({
  operationId: 'getDeskMetrics',
  method: 'get',
  path: '/v1/desks/{id}/metrics',
  tags: ['Desks'],
  security: optionalBearer,
  summary:
    'Live efficiency figures of a desk for a period (public): time to decision, deadlines kept, approvals, catalogue completeness',
  request: { params: IdParam, query: z.object({ from: IsoDate, to: IsoDate }).strict() },
  responses: {
    200: {
      description:
        'The figures; ratios are 0..1, durations French working days; null when there is nothing to measure',
      content: {
        'application/json': {
          schema: z
            .object({
              deskId: z.uuid(),
              period: z.object({ from: z.string(), to: z.string() }),
              applicationsSubmitted: z.number().int(),
              decisions: z.number().int(),
              medianWorkingDaysToDecision: z.number().nullable(),
              p90WorkingDaysToDecision: z.number().nullable(),
              shareDecidedWithinDeadline: z.number().nullable(),
              approvalRate: z.number().nullable(),
              medianDaysApprovalToFirstVisa: z.number().nullable(),
              catalogueCompleteness: z.number().nullable(),
              publishedDatasets: z.number().int(),
            })
            .openapi('DeskMetrics'),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

const DeskAuditorSchema = z
  .object({ organizationId: z.uuid(), slug: z.string(), name: z.string(), appointedAt: z.string() })
  .openapi('DeskAuditor');

const AuditorParams = IdParam.extend({
  organizationId: z.uuid().openapi({ param: { name: 'organizationId', in: 'path' } }),
});

export const listDeskAuditors = createRoute({
  operationId: 'listDeskAuditors',
  method: 'get',
  path: '/v1/desks/{id}/auditors',
  tags: ['Desks'],
  security: optionalBearer,
  summary: 'Partner organisations appointed to audit the desk (public)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The desk’s auditors',
      content: { 'application/json': { schema: z.object({ items: z.array(DeskAuditorSchema) }) } },
    },
    ...errorResponses(401, 404),
  },
});

export const appointDeskAuditor = createRoute({
  operationId: 'appointDeskAuditor',
  method: 'put',
  path: '/v1/desks/{id}/auditors/{organizationId}',
  tags: ['Desks'],
  summary:
    'Appoint a partner organisation to audit the desk: its auditors read the desk’s audit log and evaluations (desk admins)',
  security: bearer,
  request: { params: AuditorParams },
  responses: {
    201: { description: 'Appointed', content: { 'application/json': { schema: DeskAuditorSchema } } },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export const removeDeskAuditor = createRoute({
  operationId: 'removeDeskAuditor',
  method: 'delete',
  path: '/v1/desks/{id}/auditors/{organizationId}',
  tags: ['Desks'],
  summary: 'End an organisation’s audit of the desk (desk admins)',
  security: bearer,
  request: { params: AuditorParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 429) },
});

const DeskSettingsSchema = z
  .object({
    policy: z
      .string()
      .regex(/^[a-z0-9-]{1,63}$/)
      .optional()
      .openapi({ description: 'the id of an access policy of policies/access/' }),
    decisionDeadlineDays: z.number().int().min(1).max(365).optional(),
    contactEmail: z.email().max(320).nullable().optional().openapi({ description: 'null removes it' }),
  })
  .strict()
  .openapi('DeskSettings');

export const updateDesk = createRoute({
  operationId: 'updateDesk',
  method: 'patch',
  path: '/v1/desks/{id}',
  tags: ['Desks'],
  summary:
    'Change a desk’s access policy, decision deadline or contact point (its admins); applications already submitted keep theirs',
  security: bearer,
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(DeskSettingsSchema, {
      stricterPolicy: {
        summary: 'The policy for sensitive data and a 45-working-day deadline',
        value: { policy: 'strict-sensitive', decisionDeadlineDays: 45 },
      },
      newContact: {
        summary: 'A new contact point',
        value: { contactEmail: 'guichet@hopital-foch.example' },
      },
    }),
  },
  responses: {
    200: {
      description: 'Changed',
      headers: etagHeader,
      content: { 'application/json': { schema: DeskSchema } },
    },
    ...errorResponses(401, 403, 404, 412, 413, 415, 428, 429),
  },
});

const DeskReviewerSchema = z
  .object({
    membershipId: z.uuid(),
    userId: z.uuid(),
    issuer: z.string(),
    subject: z.string(),
    displayName: z.string().nullable(),
    since: z.string(),
  })
  .openapi('DeskReviewer');

export const listDeskReviewers = createRoute({
  operationId: 'listDeskReviewers',
  method: 'get',
  path: '/v1/desks/{id}/reviewers',
  tags: ['Desks'],
  summary: 'The desk’s reviewers: the reviewer memberships of its operator organisation (its admins)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The reviewers',
      content: { 'application/json': { schema: z.object({ items: z.array(DeskReviewerSchema) }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});

export const addDeskReviewer = createRoute({
  operationId: 'addDeskReviewer',
  method: 'post',
  path: '/v1/desks/{id}/reviewers',
  tags: ['Desks'],
  summary:
    'Make a person known to the desk a reviewer in its operator organisation (its admins; no other role)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          subject: z.string().min(1).max(255),
          issuer: z
            .string()
            .min(1)
            .max(500)
            .optional()
            .openapi({ description: 'the caller’s own by default' }),
        })
        .strict()
        .openapi('NewDeskReviewer'),
      { newReviewer: { summary: 'A second reviewer', value: { subject: 'demo-reviewer2-foch' } } },
    ),
  },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: DeskReviewerSchema } } },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const removeDeskReviewer = createRoute({
  operationId: 'removeDeskReviewer',
  method: 'delete',
  path: '/v1/desks/{id}/reviewers/{userId}',
  tags: ['Desks'],
  summary: 'End a person’s reviewer membership in the desk’s operator organisation (its admins)',
  security: bearer,
  request: {
    params: IdParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }),
  },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 429) },
});
