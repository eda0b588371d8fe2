// Route contract of the public register.
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, LimitQuery, optionalBearer } from '../../openapi-schemas';

const Localized = z.object({ fr: z.string().optional(), en: z.string().optional() });

export const register = createRoute({
  operationId: 'listRegisterEntries',
  method: 'get',
  path: '/v1/register',
  tags: ['Register'],
  security: optionalBearer,
  summary:
    'Public register of decided access: projects, teams’ organisations, desks, datasets, dates, status (no personal data)',
  request: { query: z.object({ limit: LimitQuery, cursor: z.uuid().optional() }).strict() },
  responses: {
    200: {
      description: 'A page of the register, newest first',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z
                .object({
                  applicationId: z.uuid(),
                  project: Localized,
                  purpose: z.object({
                    permission: z.string(),
                    disease: z.string().nullable(),
                    commercial: z.boolean(),
                  }),
                  teamOrganization: z.string(),
                  desk: z.object({ id: z.uuid(), name: z.string() }),
                  datasets: z.array(z.object({ uri: z.string(), title: Localized })),
                  decision: z.enum(['approved', 'revoked', 'expired']),
                  decidedAt: z.string().nullable(),
                  access: z.object({
                    from: z.string().nullable(),
                    until: z.string().nullable(),
                    activeGrants: z.number().int(),
                    revokedGrants: z.number().int(),
                  }),
                })
                .openapi('RegisterEntry'),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...errorResponses(401),
  },
});
