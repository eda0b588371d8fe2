// Route contracts of desk offers: a provider offers a dataset to a desk run by another organisation, whose
// admins accept or decline it.
import { createRoute, z } from '@hono/zod-openapi';
import { OFFER_STATES } from '../../../services/desk-offers';
import {
  bearer,
  EXAMPLE_IDS,
  errorResponses,
  IdempotencyHeader,
  IdParam,
  jsonBody,
  LimitQuery,
} from '../../openapi-schemas';
import { DatasetSchema } from './datasets.routes';

const DeskOfferSchema = z
  .object({
    id: z.uuid(),
    deskId: z.uuid(),
    state: z.enum(OFFER_STATES),
    message: z.string().nullable(),
    offeredBy: z.uuid(),
    offeredAt: z.string(),
    decidedBy: z.uuid().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
    dataset: DatasetSchema,
  })
  .openapi('DeskOffer');

const offer = (description: string) => ({
  description,
  content: { 'application/json': { schema: DeskOfferSchema } },
});

export const createDeskOffer = createRoute({
  method: 'post',
  path: '/v1/desk-offers',
  operationId: 'createDeskOffer',
  tags: ['Catalogue'],
  summary:
    'Offer a dataset to a desk run by another organisation (provider editors); accepted at once on a desk the caller may place it on',
  security: bearer,
  request: {
    headers: IdempotencyHeader,
    body: jsonBody(
      z
        .object({
          datasetId: z.uuid(),
          deskId: z.uuid(),
          message: z.string().min(1).max(2000).optional(),
        })
        .strict()
        .openapi('NewDeskOffer'),
      {
        offer: {
          summary: 'A provider offers its cohort to a regional desk',
          value: {
            datasetId: EXAMPLE_IDS.datasetDiabetes,
            deskId: EXAMPLE_IDS.deskFoch,
            message: 'Notre cohorte diabète serait mieux servie par votre guichet régional.',
          },
        },
      },
    ),
  },
  responses: {
    201: offer('The offer (pending, or accepted)'),
    ...errorResponses(401, 403, 404, 409, 413, 415, 422, 429),
  },
});

export const listDeskOffers = createRoute({
  method: 'get',
  path: '/v1/desk-offers',
  operationId: 'listDeskOffers',
  tags: ['Catalogue'],
  summary: 'Offers to the desks the caller administers and of the datasets the caller edits, newest first',
  security: bearer,
  request: {
    query: z
      .object({
        deskId: z.uuid().optional(),
        datasetId: z.uuid().optional(),
        state: z.enum(OFFER_STATES).optional().openapi({ example: 'pending' }),
        limit: LimitQuery,
        cursor: z.uuid().optional(),
      })
      .strict(),
  },
  responses: {
    200: {
      description: 'A page of offers',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(DeskOfferSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses(401),
  },
});

export const getDeskOffer = createRoute({
  method: 'get',
  path: '/v1/desk-offers/{id}',
  operationId: 'getDeskOffer',
  tags: ['Catalogue'],
  summary: 'One offer (the desk’s admins and the provider’s editors)',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: offer('The offer'), ...errorResponses(401, 404) },
});

const decision = (action: 'accept' | 'withdraw', operationId: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/v1/desk-offers/{id}/${action}`,
    operationId,
    tags: ['Catalogue'],
    summary,
    security: bearer,
    request: { params: IdParam },
    responses: { 200: offer('The offer after the decision'), ...errorResponses(401, 403, 404, 409, 429) },
  });

export const acceptDeskOffer = decision(
  'accept',
  'acceptDeskOffer',
  'Accept a pending offer: the dataset moves onto the desk (the desk’s admins)',
);
export const withdrawDeskOffer = decision(
  'withdraw',
  'withdrawDeskOffer',
  'Withdraw a pending offer (the provider’s editors)',
);

export const declineDeskOffer = createRoute({
  method: 'post',
  path: '/v1/desk-offers/{id}/decline',
  operationId: 'declineDeskOffer',
  tags: ['Catalogue'],
  summary: 'Decline a pending offer, saying why (the desk’s admins)',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({ reason: z.string().min(1).max(2000) })
        .strict()
        .openapi('DeskOfferDecline'),
      {
        decline: {
          summary: 'The desk declines an offer outside its remit',
          value: { reason: 'Ce guichet ne diffuse que des données hospitalières d’Île-de-France.' },
        },
      },
    ),
  },
  responses: { 200: offer('The declined offer'), ...errorResponses(401, 403, 404, 409, 413, 415, 429) },
});
