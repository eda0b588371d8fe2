// Route contracts of an organisation's webhook subscriptions and their delivery log.
import { createRoute, z } from '@hono/zod-openapi';
import { bearer, errorResponses, IdParam, jsonBody } from '../../openapi-schemas';

const WebhookSchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

const WebhookParams = IdParam.extend({
  webhookId: z.uuid().openapi({ param: { name: 'webhookId', in: 'path' } }),
});

export const createWebhook = createRoute({
  operationId: 'createWebhook',
  method: 'post',
  path: '/v1/organizations/{id}/webhooks',
  tags: ['Webhooks'],
  summary: 'Subscribe a URL to the organisation’s events; the signing secret is returned once',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          url: z.url({ protocol: /^https?$/ }).max(2048),
          eventTypes: z
            .array(z.string().regex(/^[a-z_]+\.[a-z_]+$/))
            .max(50)
            .default([])
            .openapi({ description: 'e.g. access_request.approved; empty for every event' }),
        })
        .strict(),
      {
        decisions: {
          summary: 'Decisions and revocations only',
          value: {
            url: 'https://eds.hopital-foch.example/phoenix/evenements',
            eventTypes: ['access_request.approved', 'access_request.rejected', 'grant.revoked'],
          },
        },
        everything: {
          summary: 'Every event of the organisation',
          value: { url: 'https://integration.cesp.inserm.example/webhooks/phoenix' },
        },
      },
    ),
  },
  responses: {
    201: {
      description:
        'Subscribed. Deliveries are POSTs signed with HMAC-SHA256 over "<x-phoenix-timestamp>.<body>" (x-phoenix-signature: sha256=<hex>); x-phoenix-event-id lets receivers drop duplicates.',
      content: { 'application/json': { schema: WebhookSchema.extend({ secret: z.string() }) } },
    },
    ...errorResponses(401, 404, 413, 415, 429),
  },
});

export const listWebhooks = createRoute({
  operationId: 'listWebhooks',
  method: 'get',
  path: '/v1/organizations/{id}/webhooks',
  tags: ['Webhooks'],
  summary: 'The organisation’s subscriptions',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Subscriptions',
      content: { 'application/json': { schema: z.object({ items: z.array(WebhookSchema) }) } },
    },
    ...errorResponses(401, 404),
  },
});

export const deleteWebhook = createRoute({
  operationId: 'deleteWebhook',
  method: 'delete',
  path: '/v1/organizations/{id}/webhooks/{webhookId}',
  tags: ['Webhooks'],
  summary: 'Stop a subscription',
  security: bearer,
  request: { params: WebhookParams },
  responses: { 204: { description: 'Stopped' }, ...errorResponses(401, 404, 429) },
});

export const listDeliveries = createRoute({
  operationId: 'listWebhookDeliveries',
  method: 'get',
  path: '/v1/organizations/{id}/webhooks/{webhookId}/deliveries',
  tags: ['Webhooks'],
  summary: 'Delivery log: attempts, last status, next retry',
  security: bearer,
  request: { params: WebhookParams },
  responses: {
    200: {
      description: 'The latest 100 deliveries',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                eventId: z.uuid(),
                eventType: z.string(),
                status: z.string(),
                attempts: z.number().int(),
                nextAttemptAt: z.string().nullable(),
                lastStatusCode: z.number().int().nullable(),
                lastError: z.string().nullable(),
                deliveredAt: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

export const testWebhook = createRoute({
  operationId: 'testWebhook',
  method: 'post',
  path: '/v1/organizations/{id}/webhooks/{webhookId}/test',
  tags: ['Webhooks'],
  summary: 'Send a webhook.test event to this subscription only',
  description:
    'The event goes through the outbox like any other: the next dispatch delivers it, signed, retried and logged in the subscription’s delivery log, whatever event types the subscription asked for.',
  security: bearer,
  request: { params: WebhookParams },
  responses: {
    202: {
      description: 'Queued for the next dispatch',
      content: { 'application/json': { schema: z.object({ webhookId: z.uuid() }) } },
    },
    ...errorResponses(401, 404, 429),
  },
});
