// Route contracts of the audit trail.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, LimitQuery } from '../../openapi-schemas';

const AuditEventSchema = z
  .object({
    seq: z.number().int(),
    id: z.uuid(),
    at: z.string(),
    actorId: z.uuid().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    payload: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

export const listAuditEvents = createRoute({
  method: 'get',
  path: '/v1/audit/events',
  tags: ['Audit'],
  summary: 'The audit trail in order (auditors and platform admins)',
  security: bearer,
  request: {
    query: z
      .object({
        cursor: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional(),
        limit: LimitQuery,
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of audit events',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AuditEventSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});

export const verifyAudit = createRoute({
  method: 'get',
  path: '/v1/audit/verify',
  tags: ['Audit'],
  summary: 'Recompute the hash chain and name the first broken entry (auditors and platform admins)',
  security: bearer,
  responses: {
    200: {
      description: 'The verdict',
      content: {
        'application/json': {
          schema: z
            .object({
              ok: z.boolean(),
              entries: z.number().int(),
              lastHash: z.string().optional(),
              brokenAt: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).optional(),
            })
            .openapi('AuditVerdict'),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});
