// Route contracts of organisations and their memberships.
import { createRoute, z } from '@hono/zod-openapi';
import { ORGANIZATION_KINDS, ROLES } from '../../../services/deps';
import { bearer, errorResponses, IdParam, jsonBody, optionalBearer } from '../../openapi-schemas';

export const OrganizationSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    homepage: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Organization');

const NewOrganizationSchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2 to 63 characters'),
    name: z.string().min(1).max(200),
    kind: z.enum(ORGANIZATION_KINDS),
    homepage: z.url().max(2048).optional(),
  })
  .strict()
  .openapi('NewOrganization');

export const MembershipSchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    userId: z.uuid(),
    issuer: z.string(),
    subject: z.string(),
    displayName: z
      .string()
      .nullable()
      .openapi({ description: 'as the identity provider first gave it; null if the desk never learnt it' }),
    role: z.enum(ROLES),
    createdAt: z.string(),
  })
  .openapi('Membership');

const NewMembershipSchema = z
  .object({
    subject: z.string().min(1).max(255),
    issuer: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .openapi({ description: 'defaults to the caller’s own issuer' }),
    role: z.enum(ROLES),
  })
  .strict()
  .openapi('NewMembership');

export const listOrganizations = createRoute({
  operationId: 'listOrganizations',
  method: 'get',
  path: '/v1/organizations',
  tags: ['Organisations'],
  security: optionalBearer,
  summary: 'List organisations',
  responses: {
    200: {
      description: 'Every organisation',
      content: { 'application/json': { schema: z.object({ items: z.array(OrganizationSchema) }) } },
    },
    ...errorResponses(401),
  },
});

export const createOrganization = createRoute({
  operationId: 'createOrganization',
  method: 'post',
  path: '/v1/organizations',
  tags: ['Organisations'],
  summary: 'Create an organisation (platform admins)',
  security: bearer,
  request: {
    body: jsonBody(NewOrganizationSchema, {
      provider: {
        summary: 'A university hospital that will publish datasets',
        value: {
          slug: 'chu-bordeaux',
          name: 'CHU de Bordeaux',
          kind: 'provider',
          homepage: 'https://www.chu-bordeaux.fr',
        },
      },
      researchTeam: {
        summary: 'A research team that will apply for access',
        value: {
          slug: 'equipe-cesp',
          name: 'Équipe de recherche CESP (Inserm U1018)',
          kind: 'research',
          homepage: 'https://cesp.inserm.fr',
        },
      },
    }),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: OrganizationSchema } } },
    ...errorResponses(401, 403, 409, 413, 415, 429),
  },
});

export const getOrganization = createRoute({
  operationId: 'getOrganization',
  method: 'get',
  path: '/v1/organizations/{id}',
  tags: ['Organisations'],
  security: optionalBearer,
  summary: 'Read an organisation',
  request: { params: IdParam },
  responses: {
    200: { description: 'The organisation', content: { 'application/json': { schema: OrganizationSchema } } },
    ...errorResponses(401, 404),
  },
});

export const listMembers = createRoute({
  operationId: 'listMembers',
  method: 'get',
  path: '/v1/organizations/{id}/members',
  tags: ['Organisations'],
  summary: 'List memberships (platform admins and the organisation’s members)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Memberships',
      content: { 'application/json': { schema: z.object({ items: z.array(MembershipSchema) }) } },
    },
    ...errorResponses(401, 404),
  },
});

export const addMember = createRoute({
  operationId: 'addMember',
  method: 'post',
  path: '/v1/organizations/{id}/members',
  tags: ['Organisations'],
  summary: 'Give a user a role in an organisation (platform admins)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(NewMembershipSchema, {
      editor: {
        summary: 'An editor of the provider, known to the same identity provider as the caller',
        value: { subject: 'louis.bernard', role: 'editor' },
      },
      reviewerOfAnotherIssuer: {
        summary: 'A desk reviewer who signs in through the hospital’s own identity provider',
        value: {
          subject: '5f0c8e2a-3b1d-4c7e-9a6f-2d8b4e1c0a73',
          issuer: 'https://auth.hopital-foch.example/realms/recherche',
          role: 'reviewer',
        },
      },
    }),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: MembershipSchema } } },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const removeMember = createRoute({
  operationId: 'removeMember',
  method: 'delete',
  path: '/v1/organizations/{id}/members/{membershipId}',
  tags: ['Organisations'],
  summary: 'Remove a membership (platform admins)',
  security: bearer,
  request: {
    params: IdParam.extend({
      membershipId: z.uuid().openapi({ param: { name: 'membershipId', in: 'path' } }),
    }),
  },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses(401, 403, 404, 429),
  },
});

export const changeMemberRole = createRoute({
  operationId: 'changeMemberRole',
  method: 'patch',
  path: '/v1/organizations/{id}/members/{membershipId}',
  tags: ['Organisations'],
  summary: 'Give a member another role in the same organisation, in one step (platform admins)',
  security: bearer,
  request: {
    params: IdParam.extend({
      membershipId: z.uuid().openapi({ param: { name: 'membershipId', in: 'path' } }),
    }),
    body: jsonBody(
      z
        .object({ role: z.enum(ROLES) })
        .strict()
        .openapi('MembershipRoleChange'),
      {
        reviewerBecomesDeskAdmin: {
          summary: 'A reviewer of the desk operator becomes its desk admin',
          value: { role: 'desk_admin' },
        },
      },
    ),
  },
  responses: {
    200: {
      description: 'The membership with its new role (unchanged if it already had it)',
      content: { 'application/json': { schema: MembershipSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});
