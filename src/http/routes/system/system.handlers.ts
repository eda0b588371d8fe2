// Handlers of the service's own routes.
import descriptorSchema100 from '../../../../catalog-schemas/dataset-descriptor/1.0.0.schema.json';
import descriptorSchema110 from '../../../../catalog-schemas/dataset-descriptor/1.1.0.schema.json';
import type { AppHandler } from '../../context';
import type { getSchema, healthz } from './system.routes';

export const healthzHandler: AppHandler<typeof healthz> = async (c) => {
  const up = await c.get('services').ping();
  return up
    ? c.json({ status: 'ok' as const, database: 'ok' as const }, 200)
    : c.json({ status: 'degraded' as const, database: 'down' as const }, 503);
};

/** The current descriptor schema under its plain name, and every version under its own. */
const SCHEMAS = {
  'dataset-descriptor': descriptorSchema110,
  'dataset-descriptor-1.1.0': descriptorSchema110,
  'dataset-descriptor-1.0.0': descriptorSchema100,
} as const;

export const getSchemaHandler: AppHandler<typeof getSchema> = (c) => {
  const { name } = c.req.valid('param');
  return c.json(SCHEMAS[name] as Record<string, unknown>, 200, { 'content-type': 'application/schema+json' });
};
