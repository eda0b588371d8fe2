// Node entry point: reads the environment, opens the database, migrates, seeds the demo, serves HTTP.
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { type Config, ConfigError, parseConfig } from '../config/config';
import { seedDemo } from '../demo/seed';
import { Problem } from '../domain/problem';
import { earlyProblemResponse } from '../http/early-response';
import { isOddPath } from '../http/middleware/request-guards';
import { PERIODIC_INTERVAL_MS, runPeriodicJobs, WEBHOOK_INTERVAL_MS } from '../services/periodic-jobs';
import { dispatchWebhooks } from '../services/webhooks';
import { createNodeDesk } from './node-desk';

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const desk = await createNodeDesk(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  if (config.seedDemo && config.devIssuer) {
    const seeded = await seedDemo(desk.services, config.devIssuer.issuer);
    if (seeded.seeded) console.log(`Seeded the demo cast and ${seeded.datasets} published datasets.`);
  }
  const fetch = (req: Request, env: HttpBindings | Http2Bindings) =>
    isOddPath(env.incoming.url ?? '/')
      ? earlyProblemResponse(req, new Problem('not_found', 'no such resource'), { logger: desk.logger })
      : desk.app.fetch(req, env);
  const server = serve({ fetch, port: config.port, hostname: '0.0.0.0' }, (info) => {
    console.log(`PHOENIX desk listening on http://localhost:${info.port} (database: ${where})`);
    console.log(
      `  API reference: ${config.publicBaseUrl}/docs   OpenAPI: ${config.publicBaseUrl}/openapi.json`,
    );
    if (config.devIssuer) {
      console.log('  Demo token:    npm run cli -- token --sub demo-editor-pasteur');
      console.log(
        `  Then:          curl -H "Authorization: Bearer $TOKEN" ${config.publicBaseUrl}/v1/datasets`,
      );
    }
  });
  // Idle connections stay open longer than the usual proxy or load balancer idle timeout (60 s), so the
  // server never closes a kept-alive socket just as a client or proxy reuses it (Node's default is 5 s).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  }
  // The same jobs the Worker's cron trigger runs; a failed run is logged and retried at the next tick.
  const every = (ms: number, job: () => Promise<unknown>, name: string) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job()
        .catch((e) => console.error(`${name} failed:`, e))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = !config.backgroundJobs
    ? []
    : [
        every(PERIODIC_INTERVAL_MS, () => runPeriodicJobs(desk.services), 'periodic jobs'),
        every(WEBHOOK_INTERVAL_MS, () => dispatchWebhooks(desk.services), 'webhook delivery'),
      ];
  const stop = () => {
    for (const t of timers) clearInterval(t);
    server.close();
    void desk.database.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
