// Route contracts of access applications: drafting, submission, review, votes, decision and events.
import { createRoute, z } from '@hono/zod-openapi';
import { REQUEST_STATES } from '../../../domain/access-request-lifecycle';
import { DUO_PERMISSIONS } from '../../../domain/descriptor';
import {
  bearer,
  EXAMPLE_IDS,
  errorResponses,
  etagHeader,
  IdempotencyHeader,
  IdParam,
  IfMatchHeader,
  jsonBody,
  LimitQuery,
  type RequestExamples,
} from '../../openapi-schemas';

const Localized = z
  .object({ fr: z.string().min(1).max(2000).optional(), en: z.string().min(1).max(2000).optional() })
  .strict()
  .refine((t) => t.fr || t.en, 'give the text in French, English or both');

const PurposeSchema = z
  .object({
    permission: z.enum(DUO_PERMISSIONS.filter((p) => p !== 'NRES') as ['GRU', 'HMB', 'DS', 'POA']),
    disease: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'ICD-10 code or ontology IRI; required for DS' }),
    commercial: z.boolean(),
    notForProfit: z.boolean().optional(),
    methodsDevelopment: z.boolean().optional(),
    geneticStudy: z.boolean().optional(),
    processingRegion: z
      .string()
      .regex(/^([A-Z]{2}(-[A-Z0-9]{1,3})?|EU)$/)
      .optional(),
    durationMonths: z.number().int().min(1).max(120),
  })
  .strict()
  .refine((p) => p.permission !== 'DS' || !!p.disease, {
    message: 'DS (disease-specific research) requires a disease',
    path: ['disease'],
  })
  .openapi('ResearchPurpose');

const ApplicationSchema = z
  .object({
    title: Localized,
    summary: Localized,
    purpose: PurposeSchema,
    legalBasis: z
      .object({
        article6: z.enum(['a', 'b', 'c', 'd', 'e', 'f']).openapi({ description: 'GDPR art. 6(1) letter' }),
        article9: z
          .enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])
          .openapi({ description: 'GDPR art. 9(2) letter' }),
      })
      .strict(),
    ethicsReference: z.string().min(1).max(200).nullable(),
    processingEnvironment: z.string().min(1).max(500),
  })
  .strict()
  .openapi('AccessApplication');

/** The body of a new or changed application; the console checks its forms with it too. */
export const ApplicationBody = z
  .object({
    application: ApplicationSchema,
    datasetIds: z.array(z.uuid()).min(1).max(50),
    team: z
      .array(z.string().min(1).max(255))
      .max(50)
      .openapi({ description: 'subjects of the team members; the requester is always one' }),
  })
  .strict();

const MatchSchema = z.object({
  result: z.enum(['match', 'no_match', 'needs_review']),
  reasons: z.array(z.string()),
  obligations: z.array(z.string()),
});

export const AccessRequestSchema = z
  .object({
    id: z.uuid(),
    deskId: z.uuid(),
    requesterId: z.uuid(),
    requesterOrganizationId: z.uuid(),
    state: z.enum(REQUEST_STATES),
    version: z.number().int(),
    application: ApplicationSchema,
    policy: z.object({ id: z.string(), version: z.string(), decisionBy: z.string() }),
    datasets: z.array(
      z.object({
        datasetId: z.uuid(),
        match: MatchSchema,
        override: z
          .object({
            by: z.string().nullable().openapi({ description: 'the desk admin; null for the applicants' }),
            rationale: z.string(),
            at: z.string(),
          })
          .nullable(),
      }),
    ),
    team: z.array(z.uuid()),
    votes: z
      .array(
        z.object({ reviewerId: z.uuid(), choice: z.string(), rationale: z.string(), castAt: z.string() }),
      )
      .nullable(),
    submittedAt: z.string().nullable(),
    deadline: z
      .string()
      .nullable()
      .openapi({ description: 'last day for a decision (French working days, pauses added)' }),
    overdue: z.boolean(),
    decidedAt: z.string().nullable(),
    workingDaysToDecision: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    yourRoles: z.array(z.string()),
  })
  .openapi('AccessRequest');

/** A CESP team's application for the Foch diabetes warehouse, for disease-specific research (DUO DS, E11). */
const applicationExample = {
  title: {
    fr: 'Facteurs pronostiques de la néphropathie diabétique chez les patients diabétiques de type 2',
    en: 'Prognostic factors of diabetic kidney disease in patients with type 2 diabetes',
  },
  summary: {
    fr: 'Étude de cohorte rétrospective sur les patients de l’entrepôt suivis au moins deux ans : déclin du DFG selon l’équilibre glycémique (HbA1c) et les traitements, pour identifier les patients à orienter tôt vers la néphrologie.',
    en: 'Retrospective cohort study of warehouse patients followed for at least two years: eGFR decline by glycaemic control (HbA1c) and treatment, to identify the patients to refer early to nephrology.',
  },
  purpose: {
    permission: 'DS' as const,
    disease: 'E11',
    commercial: false,
    notForProfit: true,
    processingRegion: 'FR-IDF',
    durationMonths: 24,
  },
  legalBasis: { article6: 'e' as const, article9: 'j' as const },
  ethicsReference: 'CESREES-2025-0417',
  processingEnvironment:
    'Bulle sécurisée certifiée HDS du CESP : accès nominatif par poste dédié, aucune donnée individuelle exportée',
};

const ok = (description: string) => ({
  200: { description, headers: etagHeader, content: { 'application/json': { schema: AccessRequestSchema } } },
});

export const createAccessRequest = createRoute({
  operationId: 'createAccessRequest',
  method: 'post',
  path: '/v1/access-requests',
  tags: ['Access requests'],
  summary: 'Draft an application for datasets of one desk (requesters)',
  security: bearer,
  request: {
    headers: IdempotencyHeader,
    body: jsonBody(
      ApplicationBody.extend({ deskId: z.uuid(), organizationId: z.uuid().optional() })
        .strict()
        .openapi('NewAccessRequest'),
      {
        diseaseSpecific: {
          summary: 'Disease-specific research on one dataset, for the requester and a colleague',
          value: {
            deskId: EXAMPLE_IDS.deskFoch,
            organizationId: EXAMPLE_IDS.cesp,
            datasetIds: [EXAMPLE_IDS.datasetDiabetes],
            team: ['yanis.mercier'],
            application: applicationExample,
          },
        },
      },
    ),
  },
  responses: {
    201: {
      description: 'Drafted',
      headers: etagHeader,
      content: { 'application/json': { schema: AccessRequestSchema } },
    },
    ...errorResponses(401, 403, 413, 415, 422, 429),
  },
});

export const listAccessRequests = createRoute({
  operationId: 'listAccessRequests',
  method: 'get',
  path: '/v1/access-requests',
  tags: ['Access requests'],
  summary: 'Applications you may see (yours, your team’s, and those of desks you staff)',
  security: bearer,
  request: {
    query: z
      .object({
        deskId: z.uuid().optional(),
        state: z.enum(REQUEST_STATES).optional(),
        overdue: z
          .enum(['true', 'false'])
          .optional()
          .openapi({ description: 'only applications past their decision deadline' }),
        limit: LimitQuery,
        cursor: z.uuid().optional(),
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of applications',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                deskId: z.uuid(),
                state: z.enum(REQUEST_STATES),
                title: z.object({ fr: z.string().optional(), en: z.string().optional() }),
                submittedAt: z.string().nullable(),
                deadline: z.string().nullable(),
                overdue: z.boolean(),
                updatedAt: z.string(),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const getAccessRequest = createRoute({
  operationId: 'getAccessRequest',
  method: 'get',
  path: '/v1/access-requests/{id}',
  tags: ['Access requests'],
  summary: 'Read an application, with purpose matching and deadline',
  security: bearer,
  request: { params: IdParam },
  responses: { ...ok('The application'), ...errorResponses(401, 404) },
});

export const updateAccessRequest = createRoute({
  operationId: 'updateAccessRequest',
  method: 'put',
  path: '/v1/access-requests/{id}',
  tags: ['Access requests'],
  summary: 'Edit a draft, or an application sent back for changes (requester)',
  security: bearer,
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(ApplicationBody.openapi('AccessRequestUpdate'), {
      changesMade: {
        summary: 'The application after the changes the desk asked for: a longer study, one more dataset',
        value: {
          datasetIds: [EXAMPLE_IDS.datasetDiabetes, EXAMPLE_IDS.datasetHeartFailure],
          team: ['yanis.mercier'],
          application: {
            ...applicationExample,
            purpose: { ...applicationExample.purpose, durationMonths: 36 },
          },
        },
      },
    }),
  },
  responses: { ...ok('Updated'), ...errorResponses(401, 403, 404, 409, 412, 413, 415, 428, 429) },
});

const ReasonBody = z.object({ reason: z.string().min(1).max(2000) }).strict();
const OptionalReasonBody = z.object({ reason: z.string().min(1).max(2000).optional() }).strict();

const action = (operationId: string, path: string, summary: string) =>
  createRoute({
    operationId,
    method: 'post',
    path: `/v1/access-requests/{id}/${path}`,
    tags: ['Access requests'],
    summary,
    security: bearer,
    request: { params: IdParam },
    responses: { ...ok('The application after the change'), ...errorResponses(401, 403, 404, 409, 429) },
  });

const actionWithBody = <T extends z.ZodType>(
  operationId: string,
  path: string,
  summary: string,
  body: T,
  examples: RequestExamples<z.input<T>>,
) =>
  createRoute({
    operationId,
    method: 'post',
    path: `/v1/access-requests/{id}/${path}`,
    tags: ['Access requests'],
    summary,
    security: bearer,
    request: { params: IdParam, body: jsonBody(body, examples) },
    responses: {
      ...ok('The application after the change'),
      ...errorResponses(401, 403, 404, 409, 413, 415, 429),
    },
  });

export const submitAccessRequest = action(
  'submitAccessRequest',
  'submit',
  'Submit (or resubmit after changes) for review (requester)',
);
export const withdrawAccessRequest = actionWithBody(
  'withdrawAccessRequest',
  'withdraw',
  'Withdraw before a decision (requester)',
  OptionalReasonBody,
  {
    withReason: {
      summary: 'Withdrawn, saying why',
      value: { reason: 'Projet abandonné : le financement ANR n’a pas été obtenu.' },
    },
    withoutReason: { summary: 'Withdrawn without a reason', value: {} },
  },
);
export const startReview = action('startReview', 'start-review', 'Open the review (reviewers, desk admins)');
export const requestChanges = actionWithBody(
  'requestChanges',
  'request-changes',
  'Send back for changes; the deadline pauses (desk admins)',
  ReasonBody,
  {
    missingOpinion: {
      summary: 'A missing document and an imprecise retention period',
      value: {
        reason:
          'Merci de joindre l’avis du CESREES et de préciser la durée de conservation des données dans la bulle sécurisée.',
      },
    },
  },
);
export const castVote = actionWithBody(
  'castVote',
  'votes',
  'Vote, or change one’s vote until the decision (eligible reviewers)',
  z
    .object({ choice: z.enum(['approve', 'reject', 'abstain']), rationale: z.string().min(1).max(4000) })
    .strict()
    .openapi('Vote'),
  {
    approve: {
      summary: 'An approval with its grounds',
      value: {
        choice: 'approve',
        rationale:
          'Finalité compatible avec la condition DS (E11) du jeu ; avis favorable du CESREES joint ; environnement certifié HDS.',
      },
    },
    reject: {
      summary: 'A rejection with its grounds',
      value: {
        choice: 'reject',
        rationale: 'La finalité commerciale n’est pas compatible avec la condition NCU du jeu de données.',
      },
    },
  },
);
export const decide = actionWithBody(
  'decideAccessRequest',
  'decision',
  'Decide (desk admins); approving a dataset whose purpose does not match needs an override with a rationale',
  z
    .object({
      outcome: z.enum(['approved', 'rejected']),
      rationale: z.string().min(1).max(4000),
      overrides: z
        .array(z.object({ datasetId: z.uuid(), rationale: z.string().min(1).max(2000) }).strict())
        .max(50)
        .default([]),
    })
    .strict()
    .openapi('Decision'),
  {
    approved: {
      summary: 'Approved: every dataset matches the purpose',
      value: {
        outcome: 'approved',
        rationale: 'Deux avis favorables, quorum atteint ; finalité conforme aux conditions d’utilisation.',
      },
    },
    approvedWithOverride: {
      summary: 'Approved, overriding a dataset whose conditions need a human reading',
      value: {
        outcome: 'approved',
        rationale: 'Avis favorables unanimes ; le comité a examiné la compatibilité des finalités.',
        overrides: [
          {
            datasetId: EXAMPLE_IDS.datasetHeartFailure,
            rationale:
              'L’insuffisance cardiaque est une complication étudiée du diabète : finalité jugée compatible avec la condition DS (I50).',
          },
        ],
      },
    },
    rejected: {
      summary: 'Rejected',
      value: {
        outcome: 'rejected',
        rationale: 'Base légale insuffisante : aucune formalité CNIL n’est mentionnée pour ce traitement.',
      },
    },
  },
);
export const revokeAccessRequest = actionWithBody(
  'revokeAccessRequest',
  'revoke',
  'Revoke an approved application and all its grants (desk admins)',
  ReasonBody,
  {
    breach: {
      summary: 'A breach of the data-use conditions',
      value: {
        reason:
          'Résultats publiés sans mention du jeu de données, contrairement à la condition PUB acceptée.',
      },
    },
  },
);

export const listEvents = createRoute({
  operationId: 'listAccessRequestEvents',
  method: 'get',
  path: '/v1/access-requests/{id}/events',
  tags: ['Access requests'],
  summary: 'The events the caller may read (for applicants: no votes, no desk member named)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Events, oldest first',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                at: z.string(),
                actorId: z.uuid().nullable(),
                type: z.string(),
                fromState: z.string().nullable(),
                toState: z.string(),
                reason: z.string().nullable(),
                details: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});
