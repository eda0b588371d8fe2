// Route contracts of the audit trail.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, IdParam, jsonBody, LimitQuery, optionalBearer } from '../../openapi-schemas';

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
    leafIndex: z.number().int().openapi({ description: "the entry's 0-based leaf in the RFC 6962 tree" }),
  })
  .openapi('AuditEvent');

export const listAuditEvents = createRoute({
  operationId: 'listAuditEvents',
  method: 'get',
  path: '/v1/audit/events',
  tags: ['Audit'],
  summary:
    'The audit trail in order: platform admins read all of it, auditors the entries of the desks they are appointed to audit',
  security: bearer,
  request: {
    query: z
      .object({
        cursor: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional(),
        limit: LimitQuery,
        deskId: z.uuid().optional().openapi({ description: 'only the entries concerning this desk' }),
        action: z
          .string()
          .regex(/^[a-z_]+\.[a-z_]+$/)
          .optional()
          .openapi({ description: 'only entries of this action, e.g. access_request.approved' }),
        from: z.iso.datetime({ offset: true }).optional().openapi({
          description: 'only entries at or after this instant (RFC 3339)',
          example: '2026-01-01T00:00:00+01:00',
        }),
        to: z.iso.datetime({ offset: true }).optional().openapi({
          description: 'only entries before this instant (RFC 3339)',
          example: '2027-01-01T00:00:00+01:00',
        }),
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
    ...errorResponses(401, 403, 404),
  },
});

export const verifyAudit = createRoute({
  operationId: 'verifyAuditLog',
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
              checkpoint: z
                .object({ ok: z.boolean(), treeSize: z.number().int(), reason: z.string().optional() })
                .nullable()
                .openapi({ description: 'the log checked against the latest signed checkpoint' }),
            })
            .openapi('AuditVerdict'),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});

const CosignatureSchema = z
  .object({
    organizationId: z.uuid(),
    kid: z.string(),
    time: z.number().int().openapi({ description: 'unix seconds, as the witness signed them' }),
    signature: z.string().openapi({
      description:
        'compact JWS (ES256, typ phoenix-cosignature+jws) over the text `cosignature/v1\\ntime <time>\\n<note>`',
    }),
  })
  .openapi('AuditCosignature');

const CheckpointSchema = z
  .object({
    treeSize: z.number().int(),
    rootHash: z.string().openapi({ description: 'RFC 6962 Merkle tree head, hex' }),
    timestamp: z.string(),
    signature: z.string().openapi({
      description: 'compact JWS (ES256) over the canonical JSON of {issuer, rootHash, timestamp, treeSize}',
    }),
    kid: z.string(),
    origin: z.string().openapi({ description: "the log's name: the desk's base URL without its scheme" }),
    note: z.string().openapi({
      description: 'C2SP tlog-checkpoint body: `<origin>\\n<treeSize>\\n<base64 root>\\n`',
    }),
    cosignatures: z.array(CosignatureSchema),
  })
  .openapi('AuditCheckpoint');

const TreeSizeParam = z.object({
  treeSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000_000)
    .openapi({ param: { name: 'treeSize', in: 'path' }, example: 1024 }),
});

export const listCheckpoints = createRoute({
  operationId: 'listCheckpoints',
  method: 'get',
  path: '/v1/audit/checkpoints',
  tags: ['Audit'],
  security: optionalBearer,
  summary: 'Every signed tree head, oldest first, with its cosignatures (public: sizes and hashes only)',
  request: {
    query: z
      .object({
        after: z.coerce
          .number()
          .int()
          .min(0)
          .max(1_000_000_000_000)
          .default(0)
          .openapi({ description: 'only tree heads larger than this size (the cursor)' }),
        limit: LimitQuery,
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of checkpoints',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(CheckpointSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const getCheckpoint = createRoute({
  operationId: 'getCheckpoint',
  method: 'get',
  path: '/v1/audit/checkpoints/{treeSize}',
  tags: ['Audit'],
  security: optionalBearer,
  summary: 'The signed tree head of this size, with its cosignatures',
  request: { params: TreeSizeParam },
  responses: {
    200: { description: 'The checkpoint', content: { 'application/json': { schema: CheckpointSchema } } },
    ...errorResponses(401, 404),
  },
});

export const cosignCheckpoint = createRoute({
  operationId: 'cosignCheckpoint',
  method: 'post',
  path: '/v1/audit/checkpoints/{treeSize}/cosignatures',
  tags: ['Audit'],
  security: optionalBearer,
  summary:
    "A witness's cosignature of a tree head, by a key its organisation registered (the signature is the credential)",
  request: {
    params: TreeSizeParam,
    body: jsonBody(
      z
        .object({
          organizationId: z.uuid(),
          signature: z
            .string()
            .min(1)
            .max(4096)
            .openapi({ description: 'compact JWS, typ phoenix-cosignature+jws' }),
        })
        .strict(),
      {
        cosignature: {
          summary: 'A partner cosigning the head it checked',
          value: {
            organizationId: '01936c5e-8a2b-7c3d-9e4f-0a1b2c3d4e5f',
            signature:
              'eyJhbGciOiJFUzI1NiIsImtpZCI6IndpdG5lc3MtMSIsInR5cCI6InBob2VuaXgtY29zaWduYXR1cmUrandzIn0.Y29zaWduYXR1cmUvdjE.c2ln',
          },
        },
      },
    ),
  },
  responses: {
    201: {
      description: 'The checkpoint with its cosignatures',
      content: { 'application/json': { schema: CheckpointSchema } },
    },
    ...errorResponses(401, 404, 429),
  },
});

export const latestCheckpoint = createRoute({
  operationId: 'getLatestCheckpoint',
  method: 'get',
  path: '/v1/audit/checkpoints/latest',
  tags: ['Audit'],
  security: optionalBearer,
  summary: 'The latest signed tree head over the audit log (public: sizes and hashes only)',
  responses: {
    200: { description: 'The checkpoint', content: { 'application/json': { schema: CheckpointSchema } } },
    ...errorResponses(401, 404),
  },
});

export const makeCheckpoint = createRoute({
  operationId: 'makeCheckpoint',
  method: 'post',
  path: '/v1/audit/checkpoints',
  tags: ['Audit'],
  summary: 'Make a checkpoint now (auditors and platform admins); the periodic jobs make one every minute',
  security: bearer,
  responses: {
    201: { description: 'The checkpoint', content: { 'application/json': { schema: CheckpointSchema } } },
    ...errorResponses(401, 403, 429),
  },
});

export const inclusionProof = createRoute({
  operationId: 'getInclusionProof',
  method: 'get',
  path: '/v1/audit/proofs/inclusion',
  tags: ['Audit'],
  summary:
    'RFC 6962 audit path proving an entry is in the tree of a given size (auditors and platform admins)',
  security: bearer,
  request: {
    query: z.object({ entry: z.uuid(), size: z.coerce.number().int().min(1).max(1_000_000_000) }).strict(),
  },
  responses: {
    200: {
      description: 'The proof',
      content: {
        'application/json': {
          schema: z.object({
            leafIndex: z.number().int(),
            treeSize: z.number().int(),
            leafHash: z.string(),
            auditPath: z.array(z.string()),
            rootHash: z.string(),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

export const consistencyProof = createRoute({
  operationId: 'getConsistencyProof',
  method: 'get',
  path: '/v1/audit/proofs/consistency',
  tags: ['Audit'],
  summary:
    'RFC 6962 proof that the tree of size `from` is a prefix of the tree of size `to` (public: hashes only, what witnesses check)',
  security: optionalBearer,
  request: {
    query: z
      .object({
        from: z.coerce.number().int().min(1).max(1_000_000_000),
        to: z.coerce.number().int().min(1).max(1_000_000_000),
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'The proof',
      content: {
        'application/json': {
          schema: z.object({
            from: z.number().int(),
            to: z.number().int(),
            proof: z.array(z.string()),
            fromRoot: z.string(),
            toRoot: z.string(),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

const MultiProofSchema = z
  .object({
    treeSize: z.number().int(),
    rootHash: z.string(),
    leaves: z.array(z.object({ index: z.number().int(), entryHash: z.string() })),
    nodes: z.array(z.object({ start: z.number().int(), size: z.number().int(), hash: z.string() })),
  })
  .openapi('AuditMultiProof', {
    description:
      'One inclusion proof of many entries: their leaves and the roots of the ranges holding none of them (docs/audit-log.md)',
  });

export const deskLog = createRoute({
  operationId: 'getDeskLog',
  method: 'get',
  path: '/v1/audit/desks/{id}/entries',
  tags: ['Audit'],
  summary:
    "A desk's entries within a signed tree head, a page at a time, with one inclusion proof per page (platform admins, the desk's auditors)",
  description:
    'What `npm run cli -- audit copy` downloads: every entry of the desk among the first `size` leaves, in log ' +
    'order, each page proven in the tree the checkpoint of that size signs. The cursor is a leaf index.',
  security: bearer,
  request: {
    params: IdParam,
    query: z
      .object({
        size: z.coerce
          .number()
          .int()
          .min(1)
          .max(1_000_000_000_000)
          .openapi({ description: 'the treeSize of a signed checkpoint', example: 1024 }),
        after: z.coerce
          .number()
          .int()
          .min(0)
          .max(1_000_000_000_000)
          .optional()
          .openapi({ description: 'only entries after this leaf index (the cursor)' }),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(500)
          .openapi({ description: 'page size, at most 1000' }),
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of the desk’s entries and their proof',
      content: {
        'application/json': {
          schema: z
            .object({
              deskId: z.uuid(),
              treeSize: z.number().int(),
              items: z.array(AuditEventSchema),
              proof: MultiProofSchema,
              nextCursor: z.string().nullable(),
            })
            .openapi('DeskLogPage'),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});
