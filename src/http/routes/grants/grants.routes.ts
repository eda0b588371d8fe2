// Route contracts of grants, visas and the desk's public keys.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, IdParam, LimitQuery } from '../../openapi-schemas';

const GrantStatus = z.enum(['active', 'revoked', 'expired']);

export const GrantSchema = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    userId: z.uuid(),
    datasetId: z.uuid(),
    datasetUri: z.string(),
    deskId: z.uuid(),
    startsAt: z.string(),
    endsAt: z.string(),
    conditions: z
      .array(z.string())
      .openapi({ description: 'DUO obligations accepted with the grant (PUB, COL, RTN, MOR:date)' }),
    status: GrantStatus,
    revokedAt: z.string().nullable(),
    revokedReason: z.string().nullable(),
  })
  .openapi('Grant');

export const listGrants = createRoute({
  method: 'get',
  path: '/v1/grants',
  tags: ['Grants and visas'],
  summary: 'Grants you hold, you requested, or of desks you administer',
  security: bearer,
  request: {
    query: z
      .object({ requestId: z.uuid().optional(), limit: LimitQuery, cursor: z.uuid().optional() })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of grants',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(GrantSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const getGrant = createRoute({
  method: 'get',
  path: '/v1/grants/{id}',
  tags: ['Grants and visas'],
  summary: 'Read a grant',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: { description: 'The grant', content: { 'application/json': { schema: GrantSchema } } },
    ...errorResponses(401, 404),
  },
});

export const revokeGrant = createRoute({
  method: 'post',
  path: '/v1/grants/{id}/revoke',
  tags: ['Grants and visas'],
  summary: 'Revoke one grant (desk admins)',
  security: bearer,
  request: {
    params: IdParam,
    body: {
      content: { 'application/json': { schema: z.object({ reason: z.string().min(1).max(2000) }).strict() } },
      required: true,
    },
  },
  responses: {
    200: { description: 'Revoked', content: { 'application/json': { schema: GrantSchema } } },
    ...errorResponses(401, 403, 404, 409, 413, 415),
  },
});

export const grantStatus = createRoute({
  method: 'get',
  path: '/v1/grants/{id}/status',
  tags: ['Grants and visas'],
  summary: 'Public status of a grant, for data holders (no personal data)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Status now',
      content: {
        'application/json': {
          schema: z
            .object({
              id: z.uuid(),
              status: GrantStatus,
              datasetUri: z.string(),
              deskUri: z.string(),
              startsAt: z.string(),
              endsAt: z.string(),
              revokedAt: z.string().nullable(),
              checkedAt: z.string(),
            })
            .openapi('GrantStatus'),
        },
      },
    },
    ...errorResponses(404),
  },
});

export const myVisas = createRoute({
  method: 'get',
  path: '/v1/me/visas',
  tags: ['Grants and visas'],
  summary: 'Your active grants as signed GA4GH Passport v1 visas (ControlledAccessGrants)',
  security: bearer,
  responses: {
    200: {
      description:
        'Visas signed at approval (or since), each with at least half the life a new one would have',
      content: {
        'application/json': {
          schema: z.object({
            ga4gh_passport_v1: z
              .array(z.string())
              .openapi({ description: 'visa JWTs, as in a GA4GH passport' }),
            items: z.array(z.object({ grantId: z.uuid(), visa: z.string(), exp: z.number().int() })),
          }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const verifyVisa = createRoute({
  method: 'post',
  path: '/v1/visas/verify',
  tags: ['Grants and visas'],
  summary: 'Verify a visa: signature, claims, expiry and revocation in one call',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ visa: z.string().min(1).max(16_384) }).strict() } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The verdict',
      content: {
        'application/json': {
          schema: z
            .object({
              valid: z.boolean(),
              reason: z.string().nullable(),
              grant: z
                .object({ id: z.uuid(), status: GrantStatus, revokedAt: z.string().nullable() })
                .nullable(),
              claims: z.record(z.string(), z.unknown()).nullable(),
            })
            .openapi('VisaVerdict'),
        },
      },
    },
    ...errorResponses(413, 415),
  },
});

export const keyHistory = createRoute({
  method: 'get',
  path: '/v1/signing-keys',
  tags: ['Grants and visas'],
  summary: 'Every public key the desk has signed with, and when each was active',
  description:
    'A JWK Set of all the desk’s keys, retired ones included, for verifying evaluations and signed tree ' +
    'heads after their key has left `/.well-known/jwks.json` (which lists only keys whose visas may still ' +
    'be valid). A document signed by a key outside its period is not to be trusted.',
  responses: {
    200: {
      description: 'JWK Set with periods',
      content: {
        'application/json': {
          schema: z
            .object({
              keys: z.array(z.record(z.string(), z.unknown())),
              periods: z.array(
                z.object({
                  kid: z.string(),
                  from: z.string(),
                  until: z.string().nullable(),
                  publishedUntil: z.string().nullable(),
                }),
              ),
            })
            .openapi('KeyHistory'),
        },
      },
    },
    // Public, but a token that is sent and unusable is refused rather than ignored.
    ...errorResponses(401),
  },
});

export const rotateSigningKeys = createRoute({
  method: 'post',
  path: '/v1/signing-keys/rotate',
  tags: ['Grants and visas'],
  summary: 'Rotate the signing keys (platform admins)',
  description:
    'Adds a new active key and retires the current one, which stays in `/.well-known/jwks.json` for ' +
    '`keepPublishedHours` and in any case until the last visa it signed has expired. Audited as ' +
    '`signing_key.rotated`; `npm run cli -- rotate-keys` calls it while the server runs.',
  security: bearer,
  responses: {
    201: {
      description: 'The new active key and the keys it retired',
      content: {
        'application/json': {
          schema: z
            .object({
              kid: z.string(),
              retired: z.array(z.string()),
              keepPublishedHours: z.number().int(),
            })
            .openapi('KeyRotation'),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});

export const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Grants and visas'],
  summary: 'The desk’s public signing keys (JWKS)',
  responses: {
    200: {
      description: 'JSON Web Key Set',
      content: {
        'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
  },
});
