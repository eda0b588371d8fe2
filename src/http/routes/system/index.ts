// Wiring of the service's own routes.
import { createRouter } from '../../create-app';
import { getSchemaHandler, healthzHandler } from './system.handlers';
import { getSchema, healthz } from './system.routes';

export const systemRouter = createRouter()
  .openapi(healthz, healthzHandler)
  .openapi(getSchema, getSchemaHandler);
