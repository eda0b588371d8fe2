// The whole HTTP surface: every resource router mounted on the one app factory.
import type { Logger } from '../services/logger';
import { buildConsole, type ConsoleOptions } from '../web';
import { createApp, type ServicesProvider } from './create-app';
import { accessRequestsRouter } from './routes/access-requests';
import { auditRouter } from './routes/audit';
import { datasetsRouter } from './routes/datasets';
import { desksRouter } from './routes/desks';
import { evaluationsRouter } from './routes/evaluations';
import { grantsRouter } from './routes/grants';
import { gridsRouter } from './routes/grids';
import { harvestRouter } from './routes/harvest';
import { organizationsRouter } from './routes/organizations';
import { registerRouter } from './routes/register';
import { systemRouter } from './routes/system';
import { webhooksRouter } from './routes/webhooks';

export function buildApp(
  publicBaseUrl: string,
  services: ServicesProvider,
  logger: Logger,
  consoleOptions?: ConsoleOptions,
) {
  const console = consoleOptions ? buildConsole(consoleOptions) : undefined;
  return createApp({ publicBaseUrl, services, logger, console }, [
    systemRouter,
    organizationsRouter,
    desksRouter,
    datasetsRouter,
    accessRequestsRouter,
    grantsRouter,
    webhooksRouter,
    registerRouter,
    evaluationsRouter,
    gridsRouter,
    auditRouter,
    harvestRouter,
  ]);
}
