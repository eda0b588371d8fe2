// Handlers of webhook subscriptions.
import * as webhooks from '../../../services/webhooks';
import type { AppHandler } from '../../context';
import { requirePrincipal, unwrap } from '../../respond';
import type * as R from './webhooks.routes';

export const createWebhook: AppHandler<typeof R.createWebhook> = async (c) => {
  const created = unwrap(
    await webhooks.createSubscription(
      c.get('services'),
      requirePrincipal(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    ),
  );
  return c.json(created, 201);
};

export const listWebhooks: AppHandler<typeof R.listWebhooks> = async (c) => {
  const items = unwrap(
    await webhooks.listSubscriptions(c.get('services'), requirePrincipal(c), c.req.valid('param').id),
  );
  return c.json({ items }, 200);
};

export const deleteWebhook: AppHandler<typeof R.deleteWebhook> = async (c) => {
  const { id, webhookId } = c.req.valid('param');
  unwrap(await webhooks.deleteSubscription(c.get('services'), requirePrincipal(c), id, webhookId));
  return c.body(null, 204);
};

export const listDeliveries: AppHandler<typeof R.listDeliveries> = async (c) => {
  const { id, webhookId } = c.req.valid('param');
  const items = unwrap(await webhooks.listDeliveries(c.get('services'), requirePrincipal(c), id, webhookId));
  return c.json({ items }, 200);
};

export const testWebhook: AppHandler<typeof R.testWebhook> = async (c) => {
  const { id, webhookId } = c.req.valid('param');
  const queued = unwrap(await webhooks.sendTestEvent(c.get('services'), requirePrincipal(c), id, webhookId));
  return c.json(queued, 202);
};
