// Route contracts of organisations' signing keys: public history and JWK Set, members' registrations.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, IdParam, jsonBody, optionalBearer } from '../../openapi-schemas';

const JwkSchema = z
  .record(z.string(), z.unknown())
  .openapi('PublicJwk', { description: 'a public JWK (EC P-256, ES256)' });

export const OrganizationKeySchema = z
  .object({
    organizationId: z.uuid(),
    kid: z.string(),
    jwk: JwkSchema,
    thumbprint: z.string().openapi({ description: 'RFC 7638 SHA-256 thumbprint, base64url' }),
    origin: z.enum(['uploaded', 'jwks_url']),
    addedAt: z.string(),
    retiredAt: z.string().nullable().openapi({ description: 'nothing signed after this verifies' }),
  })
  .openapi('OrganizationKey');

const KidParam = IdParam.extend({
  kid: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/)
    .openapi({ param: { name: 'kid', in: 'path' }, example: 'evalsante-2026-01' }),
});

const exampleJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'evalsante-2026-01',
};

export const listOrganizationKeys = createRoute({
  operationId: 'listOrganizationKeys',
  method: 'get',
  path: '/v1/organizations/{id}/keys',
  tags: ['Organisations'],
  security: optionalBearer,
  summary: 'Every signing key the organisation ever registered, retired ones included, oldest first',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The key history and the JWK Set URL keys are fetched from',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(OrganizationKeySchema), jwksUrl: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

export const organizationJwks = createRoute({
  operationId: 'getOrganizationJwks',
  method: 'get',
  path: '/v1/organizations/{id}/jwks',
  tags: ['Organisations'],
  security: optionalBearer,
  summary: 'The JWK Set of the keys the organisation signs with now (not retired)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'A JWK Set',
      content: { 'application/json': { schema: z.object({ keys: z.array(JwkSchema) }) } },
    },
    ...errorResponses(401, 404),
  },
});

const keyContent = { 'application/json': { schema: OrganizationKeySchema } };

export const registerOrganizationKey = createRoute({
  operationId: 'registerOrganizationKey',
  method: 'post',
  path: '/v1/organizations/{id}/keys',
  tags: ['Organisations'],
  security: bearer,
  summary:
    'Register a public signing key of the organisation (its members; platform admins who are not members are refused)',
  request: {
    params: IdParam,
    body: jsonBody(z.object({ jwk: JwkSchema }).strict(), {
      p256: {
        summary: 'A public P-256 key, its private half kept by the partner',
        value: { jwk: exampleJwk },
      },
    }),
  },
  responses: {
    201: { description: 'Registered', content: keyContent },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const retireOrganizationKey = createRoute({
  operationId: 'retireOrganizationKey',
  method: 'post',
  path: '/v1/organizations/{id}/keys/{kid}/retire',
  tags: ['Organisations'],
  security: bearer,
  summary: 'Retire a signing key: nothing it signs afterwards verifies (the organisation’s members)',
  request: { params: KidParam },
  responses: {
    200: { description: 'Retired', content: keyContent },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export const setOrganizationJwksUrl = createRoute({
  operationId: 'setOrganizationJwksUrl',
  method: 'put',
  path: '/v1/organizations/{id}/jwks-url',
  tags: ['Organisations'],
  security: bearer,
  summary: 'Set (or, with null, remove) the URL of the organisation’s published JWK Set (its members)',
  request: {
    params: IdParam,
    body: jsonBody(z.object({ url: z.string().max(2048).nullable() }).strict(), {
      published: {
        summary: 'The partner publishes its keys on its own site',
        value: { url: 'https://evalsante.example.org/.well-known/jwks.json' },
      },
    }),
  },
  responses: {
    200: {
      description: 'The URL now used',
      content: { 'application/json': { schema: z.object({ jwksUrl: z.string().nullable() }) } },
    },
    ...errorResponses(401, 403, 404, 413, 415, 429),
  },
});

export const refreshOrganizationKeys = createRoute({
  operationId: 'refreshOrganizationKeys',
  method: 'post',
  path: '/v1/organizations/{id}/keys/refresh',
  tags: ['Organisations'],
  security: bearer,
  summary:
    'Fetch the JWK Set URL: register the keys it lists anew, retire the fetched keys it no longer lists (members)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'What changed',
      content: {
        'application/json': {
          schema: z.object({
            added: z.array(OrganizationKeySchema),
            retired: z.array(OrganizationKeySchema),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});
