// Wiring of webhook routes.
import { createRouter } from '../../create-app';
import * as H from './webhooks.handlers';
import * as R from './webhooks.routes';

export const webhooksRouter = createRouter()
  .openapi(R.createWebhook, H.createWebhook)
  .openapi(R.listWebhooks, H.listWebhooks)
  .openapi(R.deleteWebhook, H.deleteWebhook)
  .openapi(R.listDeliveries, H.listDeliveries)
  .openapi(R.testWebhook, H.testWebhook);
