// Node entry point: reads the environment, checks the data folder, binds the port, then opens the database,
// migrates, seeds the demo and serves HTTP. Anything wrong with the configuration or the machine is one line
// on stderr and exit code 1, found before the database is written.
import './node-version';
import { createAdaptorServer, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { type Config, parseConfig } from '../config/config';
import { seedDemo } from '../demo/seed';
import { Problem } from '../domain/problem';
import { earlyProblemResponse } from '../http/early-response';
import { isOddPath } from '../http/middleware/request-guards';
import { jsonLinesLogger } from '../services/logger';
import { PERIODIC_INTERVAL_MS, runPeriodicJobs, WEBHOOK_INTERVAL_MS } from '../services/periodic-jobs';
import { dispatchWebhooks } from '../services/webhooks';
import { DataDirInUseError, dataDirHolder } from './data-dir-lock';
import { createNodeDesk, type NodeDesk } from './node-desk';
import { checkDataDir, listen, startupFailure, usesDataDir } from './node-startup';

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

async function main(config: Config) {
  if (usesDataDir(config)) checkDataDir(config.dataDir);
  // Told before the port is bound, so two `npm start` on one folder name the first rather than the port.
  const holder = config.databaseUrl ? undefined : dataDirHolder(config.dataDir);
  if (holder) throw new DataDirInUseError(config.dataDir, holder);

  // The port is bound before the database is opened, so a port in use leaves no migrated or locked database;
  // requests that arrive meanwhile wait until the desk is ready.
  const logger = jsonLinesLogger({
    level: config.logLevel,
    write: (line) => process.stdout.write(`${line}\n`),
  });
  let ready!: (desk: NodeDesk) => void;
  const starting = new Promise<NodeDesk>((resolve) => {
    ready = resolve;
  });
  const fetch = async (req: Request, env: HttpBindings | Http2Bindings) =>
    isOddPath(env.incoming.url ?? '/')
      ? earlyProblemResponse(req, new Problem('not_found', 'no such resource'), { logger })
      : (await starting).app.fetch(req, env);
  const server = createAdaptorServer({ fetch, hostname: '0.0.0.0' });
  // Idle connections stay open longer than the usual proxy or load balancer idle timeout (60 s), so the
  // server never closes a kept-alive socket just as a client or proxy reuses it (Node's default is 5 s).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  }
  await listen(server, config.port, '0.0.0.0');

  const desk = await createNodeDesk(config, {
    logger,
    holder: { what: `the desk server on port ${config.port}`, url: `http://127.0.0.1:${config.port}` },
  });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  if (config.seedDemo && config.devIssuer) {
    const seeded = await seedDemo(desk.services, config.devIssuer.issuer);
    if (seeded.seeded) console.log(`Seeded the demo cast and ${seeded.datasets} published datasets.`);
  }
  ready(desk);
  console.log(`PHOENIX desk listening on http://localhost:${config.port} (database: ${where})`);
  console.log(`  Console:       ${config.publicBaseUrl}/`);
  console.log(
    `  API reference: ${config.publicBaseUrl}/docs   OpenAPI: ${config.publicBaseUrl}/openapi.json`,
  );
  if (config.devIssuer) {
    console.log(`  Demo sign-in:  ${config.publicBaseUrl}/fr/sign-in (the demo cast, one click each)`);
    console.log('  Demo token:    npm run cli -- token --sub demo-editor-pasteur');
    console.log(
      `  Then:          curl -H "Authorization: Bearer $TOKEN" ${config.publicBaseUrl}/v1/datasets`,
    );
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

let config: Config | undefined;
try {
  config = parseConfig(process.env);
  await main(config);
} catch (e) {
  const line = startupFailure(e, config);
  console.error(line ?? e);
  process.exit(1);
}
