// Route contracts of desk evaluations.
import { createRoute, z } from '@hono/zod-openapi';
import {
  bearer,
  errorResponses,
  etagHeader,
  IdParam,
  IfMatchHeader,
  jsonBody,
  optionalBearer,
} from '../../openapi-schemas';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

const EvidenceSchema = z
  .object({
    kind: z.enum(['link', 'document', 'note']),
    value: z
      .string()
      .min(1)
      .max(4000)
      .openapi({ description: 'URL (link), SHA-256 hex (document) or text (note)' }),
    label: z.string().max(300).optional(),
  })
  .strict()
  .refine((e) => e.kind !== 'document' || /^[0-9a-f]{64}$/.test(e.value), {
    message: 'a document is given by its SHA-256 (64 hex digits)',
    path: ['value'],
  })
  .refine((e) => e.kind !== 'link' || /^https?:\/\//.test(e.value), {
    message: 'a link is an http(s) URL',
    path: ['value'],
  });

const ScoreSchema = z
  .object({
    level: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    evidence: z.array(EvidenceSchema).max(20),
    justification: z.string().min(1).max(4000).optional(),
  })
  .strict();

const ScoresSchema = z.record(z.string().regex(/^[a-z0-9-]{1,80}$/), ScoreSchema).openapi('EvaluationScores');

const SignerSchema = z.object({ organizationId: z.uuid(), kid: z.string() }).openapi('Signer', {
  description: 'the organisation that signed, and which of its registered keys it used',
});

const Signature = z
  .string()
  .min(1)
  .max(200_000)
  .openapi({ description: 'compact JWS (ES256) made with a key the organisation registered' });

export const EvaluationSchema = z
  .object({
    id: z.uuid(),
    deskId: z.uuid(),
    evaluatorOrganizationId: z.uuid(),
    grid: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
    period: z.object({ from: z.string(), to: z.string() }),
    state: z.enum(['draft', 'submitted', 'countersigned', 'disputed', 'superseded']),
    supersedes: z.uuid().nullable().openapi({ description: 'the version this one replaces after a dispute' }),
    version: z.number().int(),
    scores: z.record(z.string(), z.unknown()),
    sheet: z.object({
      overall: z.number(),
      coverage: z.number(),
      groups: z.array(
        z.object({ id: z.string(), score: z.number(), scored: z.number().int(), criteria: z.number().int() }),
      ),
      complete: z.boolean(),
      problems: z.array(z.object({ criterion: z.string(), problem: z.string() })),
    }),
    signature: z.string().nullable().openapi({
      description:
        'compact JWS (ES256) of the evaluator’s organisation, with its own registered key, over the canonical JSON of the submitted document',
    }),
    signedBy: SignerSchema.nullable(),
    receipt: z.string().nullable().openapi({
      description: 'the desk’s receipt for the signature: a JWS (typ phoenix-receipt+jws) of the desk’s key',
    }),
    countersignature: z.string().nullable().openapi({
      description: 'compact JWS of the auditor’s organisation, with its own registered key',
    }),
    countersignedBy: SignerSchema.nullable(),
    countersignatureReceipt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Evaluation');

const ok = (description: string, headers?: typeof etagHeader) => ({
  200: {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: EvaluationSchema } },
  },
});

export const openEvaluation = createRoute({
  operationId: 'openEvaluation',
  method: 'post',
  path: '/v1/desks/{id}/evaluations',
  tags: ['Evaluations'],
  summary: 'Open an evaluation of a desk for a period against a grid (evaluators of a partner)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          gridId: z.string().max(100).default('phoenix-grid'),
          gridVersion: z.string().max(20).default('1.0.0'),
          periodFrom: IsoDate,
          periodTo: IsoDate,
        })
        .strict(),
      {
        calendarYear: {
          summary: 'A calendar year against the PHOENIX grid',
          value: {
            gridId: 'phoenix-grid',
            gridVersion: '1.0.0',
            periodFrom: '2025-01-01',
            periodTo: '2026-01-01',
          },
        },
      },
    ),
  },
  responses: {
    201: {
      description: 'Opened',
      headers: etagHeader,
      content: { 'application/json': { schema: EvaluationSchema } },
    },
    ...errorResponses(401, 403, 404, 413, 415, 429),
  },
});

export const listEvaluations = createRoute({
  operationId: 'listEvaluations',
  method: 'get',
  path: '/v1/evaluations',
  tags: ['Evaluations'],
  summary: 'The evaluations of the caller’s organisations, every version, newest first (drafts included)',
  security: bearer,
  responses: {
    200: {
      description: 'The evaluations',
      content: { 'application/json': { schema: z.object({ items: z.array(EvaluationSchema) }) } },
    },
    ...errorResponses(401),
  },
});

export const getEvaluation = createRoute({
  operationId: 'getEvaluation',
  method: 'get',
  path: '/v1/evaluations/{id}',
  tags: ['Evaluations'],
  summary: 'Read an evaluation with its scores (evaluating organisation, auditors, the desk’s admins)',
  security: bearer,
  request: { params: IdParam },
  responses: { ...ok('The evaluation', etagHeader), ...errorResponses(401, 404) },
});

export const scoreEvaluation = createRoute({
  operationId: 'scoreEvaluation',
  method: 'put',
  path: '/v1/evaluations/{id}',
  tags: ['Evaluations'],
  summary: 'Replace the scores of a draft evaluation (its evaluators)',
  security: bearer,
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(z.object({ scores: ScoresSchema }).strict(), {
      threeCriteria: {
        summary: 'Three criteria scored, each with its evidence',
        value: {
          scores: {
            'hds-certification': {
              level: 4,
              evidence: [
                {
                  kind: 'document',
                  value: '9f2c4e1a7b3d5f60818a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d1e',
                  label:
                    'Certificat HDS de l’hébergeur, périmètre « hébergeur d’infrastructure » (2024–2027)',
                },
              ],
              justification: 'Certificat en cours de validité couvrant l’hébergeur et son sous-traitant.',
            },
            'published-decisions': {
              level: 3,
              evidence: [{ kind: 'link', value: 'https://guichet-foch.example.org/repertoire-des-projets' }],
            },
            'secure-processing-environment': {
              level: 2,
              evidence: [
                {
                  kind: 'note',
                  value:
                    'Journalisation en place, mais aucune revue des journaux n’a été faite sur la période.',
                },
              ],
            },
          },
        },
      },
    }),
  },
  responses: { ...ok('Scored', etagHeader), ...errorResponses(401, 403, 404, 409, 412, 413, 415, 428, 429) },
});

const signingDocumentResponses = {
  200: {
    description: 'The document to sign, as is, and the JWS typ to sign it with',
    content: {
      'application/json': {
        schema: z
          .object({ typ: z.string(), document: z.record(z.string(), z.unknown()) })
          .openapi('SigningDocument'),
      },
    },
  },
  ...errorResponses(401, 403, 404, 409),
};

export const evaluationSigningDocument = createRoute({
  operationId: 'getEvaluationSigningDocument',
  method: 'get',
  path: '/v1/evaluations/{id}/signing-document',
  tags: ['Evaluations'],
  summary:
    'The document the evaluator’s organisation signs to submit: scores, figures from the desk’s log, signedAt (valid 15 minutes)',
  security: bearer,
  request: { params: IdParam },
  responses: signingDocumentResponses,
});

export const countersigningDocument = createRoute({
  operationId: 'getEvaluationCountersigningDocument',
  method: 'get',
  path: '/v1/evaluations/{id}/countersigning-document',
  tags: ['Evaluations'],
  summary: 'The document an appointed auditor’s organisation signs to countersign (valid 15 minutes)',
  security: bearer,
  request: {
    params: IdParam,
    query: z
      .object({
        organization: z
          .uuid()
          .optional()
          .openapi({ description: 'the auditor organisation signing, if the caller audits for several' }),
      })
      .strict(),
  },
  responses: signingDocumentResponses,
});

const signedAction = (operationId: string, path: string, summary: string, example: string) =>
  createRoute({
    operationId,
    method: 'post',
    path: `/v1/evaluations/{id}/${path}`,
    tags: ['Evaluations'],
    summary,
    security: bearer,
    request: {
      params: IdParam,
      body: jsonBody(z.object({ signature: Signature }).strict(), {
        signed: {
          summary: 'The prepared document, signed by the organisation',
          value: { signature: example },
        },
      }),
    },
    responses: { ...ok('Done'), ...errorResponses(401, 403, 404, 409, 413, 415, 429) },
  });

const EXAMPLE_JWS =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6ImV2YWxzYW50ZS0yMDI2LTAxIiwidHlwIjoicGhvZW5peC1ldmFsdWF0aW9uK2p3cyJ9.eyJldmFsdWF0aW9uIjoiLi4uIn0.c2lnbmF0dXJl';

export const submitEvaluation = signedAction(
  'submitEvaluation',
  'submit',
  'Submit with the organisation’s signature over the signing document: verified against its registered keys, frozen, receipted',
  EXAMPLE_JWS,
);
export const countersignEvaluation = signedAction(
  'countersignEvaluation',
  'countersign',
  'Countersign with the auditor organisation’s signature over the countersigning document (an auditor of another partner)',
  EXAMPLE_JWS,
);

const CriterionComments = z
  .array(
    z
      .object({
        criterion: z.string().regex(/^[a-z0-9-]{1,80}$/),
        comment: z.string().trim().min(1).max(4000),
      })
      .strict(),
  )
  .min(1)
  .max(100);

const DisputeSchema = z
  .object({
    id: z.uuid(),
    evaluationId: z.uuid(),
    auditorId: z.uuid(),
    auditorOrganizationId: z.uuid(),
    criteria: z.array(z.object({ criterion: z.string(), comment: z.string() })),
    openedAt: z.string(),
    answer: z.array(z.object({ criterion: z.string(), comment: z.string() })).nullable(),
    answeredAt: z.string().nullable(),
    resolvedBy: z.uuid().nullable().openapi({ description: 'the new version that resolved it' }),
    resolvedAt: z.string().nullable(),
    signature: z.string().nullable().openapi({
      description: 'compact JWS (typ phoenix-dispute+jws) of the auditor’s organisation, with its own key',
    }),
    signedBy: SignerSchema.nullable(),
    receipt: z.string().nullable().openapi({ description: 'the desk’s receipt for the signature' }),
  })
  .openapi('EvaluationDispute');

const disputeContent = { 'application/json': { schema: DisputeSchema } };

export const disputeEvaluation = createRoute({
  operationId: 'disputeEvaluation',
  method: 'post',
  path: '/v1/evaluations/{id}/dispute',
  tags: ['Evaluations'],
  summary:
    'Dispute chosen criteria of a submitted evaluation, signed by the auditor’s organisation (JWS typ phoenix-dispute+jws over evaluation, evaluationSignature, auditorOrganization, criteria, disputedAt)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(z.object({ criteria: CriterionComments, signature: Signature }).strict(), {
      oneCriterion: {
        summary: 'A level the evidence does not support, signed by the auditor’s organisation',
        value: {
          signature: EXAMPLE_JWS,
          criteria: [
            {
              criterion: 'committee-independence',
              comment:
                'Le registre des déports fourni ne couvre que le premier semestre : le niveau 3 n’est pas étayé.',
            },
          ],
        },
      },
    }),
  },
  responses: {
    201: { description: 'Disputed', content: disputeContent },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const getDispute = createRoute({
  operationId: 'getEvaluationDispute',
  method: 'get',
  path: '/v1/evaluations/{id}/dispute',
  tags: ['Evaluations'],
  summary: 'The dispute over an evaluation, its answer and resolution',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { description: 'The dispute', content: disputeContent }, ...errorResponses(401, 404) },
});

export const answerDispute = createRoute({
  operationId: 'answerEvaluationDispute',
  method: 'post',
  path: '/v1/evaluations/{id}/dispute/answer',
  tags: ['Evaluations'],
  summary: 'Answer every disputed criterion (the evaluating organisation’s evaluators)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(z.object({ answer: CriterionComments }).strict(), {
      evidenceAdded: {
        summary: 'The missing evidence, and the level kept',
        value: {
          answer: [
            {
              criterion: 'committee-independence',
              comment:
                'Le registre des déports du second semestre est joint à la nouvelle version ; nous maintenons le niveau 3.',
            },
          ],
        },
      },
    }),
  },
  responses: {
    200: { description: 'Answered', content: disputeContent },
    ...errorResponses(401, 403, 404, 409, 413, 415, 429),
  },
});

export const reviseEvaluation = createRoute({
  operationId: 'reviseEvaluation',
  method: 'post',
  path: '/v1/evaluations/{id}/revisions',
  tags: ['Evaluations'],
  summary:
    'Open the new version that resolves an answered dispute once submitted (a draft with the same scores)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    201: {
      description: 'The new draft version',
      content: { 'application/json': { schema: EvaluationSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 429),
  },
});

export const evaluationHistory = createRoute({
  operationId: 'getEvaluationHistory',
  method: 'get',
  path: '/v1/evaluations/{id}/history',
  tags: ['Evaluations'],
  summary: 'Every version of an evaluation, oldest first, each with its dispute',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The versions',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(z.object({ version: EvaluationSchema, dispute: DisputeSchema.nullable() })),
          }),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

export const scorecard = createRoute({
  operationId: 'getDeskScorecard',
  method: 'get',
  path: '/v1/desks/{id}/scorecard',
  tags: ['Evaluations'],
  security: optionalBearer,
  summary: 'Public scorecard: latest countersigned evaluation, live figures over the last year, trend',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The scorecard',
      content: {
        'application/json': {
          schema: z
            .object({
              deskId: z.uuid(),
              latest: z
                .object({
                  evaluationId: z.uuid(),
                  grid: z.string(),
                  period: z.object({ from: z.string(), to: z.string() }),
                  overall: z.number(),
                  coverage: z.number(),
                  groups: z.array(
                    z.object({
                      id: z.string(),
                      score: z.number(),
                      scored: z.number().int(),
                      criteria: z.number().int(),
                    }),
                  ),
                })
                .nullable(),
              live: z.record(z.string(), z.unknown()),
              trend: z.array(
                z.object({
                  evaluationId: z.uuid(),
                  period: z.object({ from: z.string(), to: z.string() }),
                  overall: z.number(),
                }),
              ),
            })
            .openapi('Scorecard'),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

export const chart = createRoute({
  operationId: 'getEvaluationChart',
  method: 'get',
  path: '/v1/evaluations/{id}/chart.svg',
  tags: ['Evaluations'],
  summary: 'Radar chart of group scores (server-side SVG), the previous evaluation overlaid',
  security: bearer,
  request: { params: IdParam, query: z.object({ lang: z.enum(['fr', 'en']).default('fr') }).strict() },
  responses: {
    200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } },
    ...errorResponses(401, 404),
  },
});
