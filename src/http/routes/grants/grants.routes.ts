// Route contracts of grants, visas and the desk's public keys.
import { createRoute, z } from '@hono/zod-openapi';
import {
  bearer,
  errorResponses,
  IdParam,
  jsonBody,
  LimitQuery,
  noAuth,
  optionalBearer,
  problemResponses,
} from '../../openapi-schemas';

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
  operationId: 'listGrants',
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
  operationId: 'getGrant',
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
  operationId: 'revokeGrant',
  method: 'post',
  path: '/v1/grants/{id}/revoke',
  tags: ['Grants and visas'],
  summary: 'Revoke one grant (desk admins)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(z.object({ reason: z.string().min(1).max(2000) }).strict(), {
      memberLeft: {
        summary: 'A team member who has left the project',
        value: { reason: 'La chercheuse a quitté l’équipe CESP le 31 mars ; son accès prend fin.' },
      },
    }),
  },
  responses: {
    200: { description: 'Revoked', content: { 'application/json': { schema: GrantSchema } } },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const grantStatus = createRoute({
  operationId: 'getGrantStatus',
  method: 'get',
  path: '/v1/grants/{id}/status',
  tags: ['Grants and visas'],
  security: optionalBearer,
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
    ...errorResponses(401, 404),
  },
});

export const myVisas = createRoute({
  operationId: 'listMyVisas',
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
  operationId: 'verifyVisa',
  method: 'post',
  path: '/v1/visas/verify',
  tags: ['Grants and visas'],
  security: optionalBearer,
  summary: 'Verify a visa: signature, claims, expiry and revocation in one call',
  request: {
    body: jsonBody(z.object({ visa: z.string().min(1).max(16_384) }).strict(), {
      controlledAccessGrant: {
        summary: 'A ControlledAccessGrants visa as a data holder receives it (compact JWS, ES256)',
        value: {
          visa: 'eyJhbGciOiJFUzI1NiIsInR5cCI6InZuZC5nYTRnaC52aXNhK2p3dCIsImtpZCI6ImRlc2stMjAyNS0wMy0wMS03YzJlOWI0MSIsImprdSI6Imh0dHBzOi8vcGhvZW5peC1kZXNrLmV4YW1wbGUvLndlbGwta25vd24vandrcy5qc29uIn0.eyJnYTRnaF92aXNhX3YxIjp7InR5cGUiOiJDb250cm9sbGVkQWNjZXNzR3JhbnRzIiwiYXNzZXJ0ZWQiOjE3NDM0OTA4MDAsInZhbHVlIjoiaHR0cHM6Ly9waG9lbml4LWRlc2suZXhhbXBsZS92MS9kYXRhc2V0cy8wMTkzYTNmMS0wYTYyLTdlODUtOGZkMS03YzhkOWVhZmIwYzQiLCJzb3VyY2UiOiJodHRwczovL3Bob2VuaXgtZGVzay5leGFtcGxlL3YxL2Rlc2tzLzAxOTNhM2YwLTZkM2YtN2I1Mi05Y2FlLTRmNWE2YjdjOGQ5MSIsImJ5IjoiZGFjIn0sImlzcyI6Imh0dHBzOi8vcGhvZW5peC1kZXNrLmV4YW1wbGUiLCJzdWIiOiJ5YW5pcy5tZXJjaWVyIiwiaWF0IjoxNzQzNTc3MjAwLCJleHAiOjE3NDYxNjkyMDAsImp0aSI6IjAxOTNhM2YyLTJjODQtN2EwNy1hMWYzLTllYWZiMGMxZDJlNi41ZDFmOGEzMCJ9.nUdmc69VeKUvxCGexg7o9rBe8o1Fqx-_99Hr_krjKctsCpdk4GgxFVGml3JpTonxDxkzoHhWC-Gi5qkLuxGvxQ',
        },
      },
    }),
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
    ...errorResponses(401, 413, 415, 429),
  },
});

export const keyHistory = createRoute({
  operationId: 'listSigningKeys',
  method: 'get',
  path: '/v1/signing-keys',
  tags: ['Grants and visas'],
  security: optionalBearer,
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
  operationId: 'rotateSigningKeys',
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
    ...errorResponses(401, 403, 429),
  },
});

export const jwks = createRoute({
  operationId: 'getJwks',
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['Grants and visas'],
  security: noAuth,
  summary: 'The desk’s public signing keys (JWKS)',
  responses: {
    200: {
      description: 'JSON Web Key Set',
      content: {
        'application/json': { schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    ...problemResponses(503),
  },
});
