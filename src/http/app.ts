// The whole HTTP surface: every resource router mounted on the one app factory.
import type { AppServices } from './context';
import { createApp } from './create-app';
import { auditRouter } from './routes/audit';
import { datasetsRouter } from './routes/datasets';
import { desksRouter } from './routes/desks';
import { organizationsRouter } from './routes/organizations';
import { systemRouter } from './routes/system';

export function buildApp(services: AppServices) {
  return createApp(services, [systemRouter, organizationsRouter, desksRouter, datasetsRouter, auditRouter]);
}
