// Starting the desk as real processes for runtime tests and benchmarks: the Node server and `wrangler dev`
// (workerd), both over the same PostgreSQL database.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningDesk {
  base: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Hyperdrive's local mode insists on a password in the URL; trust authentication ignores it. */
export function withPassword(url: string): string {
  const u = new URL(url);
  if (!u.password) u.password = 'unused';
  return u.toString();
}

export function cli(args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

/**
 * The status of GET /healthz over a connection of its own, closed after the answer. `wrangler dev` drops the
 * connections it accepted while its runtime was still starting; a pooled one (as fetch keeps) would be
 * reused by the suite's first request and fail with "other side closed".
 */
function healthStatus(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}/healthz`, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('health check timed out')));
  });
}

async function started(child: ChildProcess, base: string, log: () => string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await healthStatus(base)) === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${base}:\n${log()}`);
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  base: string,
): Promise<RunningDesk> {
  let output = '';
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  };
  const log = () => output;
  return started(child, base, log).then(
    () => ({ base, process: child, output: log, stop }),
    async (e) => {
      await stop();
      throw e;
    },
  );
}

export function startNode(options: {
  /** Absent: the embedded PGlite database in the data folder. */
  databaseUrl?: string | undefined;
  dataDir: string;
  port: number;
  publicBaseUrl: string;
  /** Further settings, over the defaults below. */
  env?: Record<string, string>;
}) {
  return run(
    process.execPath,
    ['--import', 'tsx', 'src/adapters/node.ts'],
    {
      // Empty counts as unset: a DATABASE_URL in the caller's environment does not leak in.
      DATABASE_URL: options.databaseUrl ?? '',
      PHOENIX_DATA_DIR: options.dataDir,
      PORT: String(options.port),
      PUBLIC_BASE_URL: options.publicBaseUrl,
      PHOENIX_SEED_DEMO: 'false',
      // The runtime suite fires the Worker's cron itself; Node's timers would race it for the same work.
      PHOENIX_BACKGROUND_JOBS: 'false',
      ...options.env,
    },
    `http://127.0.0.1:${options.port}`,
  );
}

/**
 * wrangler.toml with every rate-limiting budget raised out of reach, for a benchmark whose one client sends
 * every request: the bindings cannot be changed from the command line, so the copy is a config of its own.
 */
function unlimitedWranglerConfig(dataDir: string): string {
  const config = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
    .replace(/^main = "(.+)"$/m, (_, main: string) => `main = ${JSON.stringify(join(ROOT, main))}`)
    .replaceAll(
      /simple = \{ limit = \d+, period = (\d+) \}/g,
      'simple = { limit = 1000000000, period = $1 }',
    );
  const path = join(dataDir, 'wrangler.unlimited.toml');
  writeFileSync(path, config);
  return path;
}

export function startWorker(options: {
  databaseUrl: string;
  dataDir: string;
  port: number;
  publicBaseUrl: string;
  /** Benchmarks: no rate limit reachable (a copy of wrangler.toml with its budgets raised). */
  unlimited?: boolean;
}) {
  // wrangler.toml [assets] serves the console's hashed files from here; wrangler dev refuses a missing folder.
  if (!existsSync(join(ROOT, 'dist/console-assets/_headers')))
    throw new Error('dist/console-assets is missing: run `npm run build:validators` first');
  const devKey = JSON.stringify(
    JSON.parse(readFileSync(join(options.dataDir, 'dev-issuer.jwk.json'), 'utf8')),
  );
  return run(
    process.execPath,
    [
      join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      'dev',
      ...(options.unlimited ? ['--config', unlimitedWranglerConfig(options.dataDir)] : []),
      '--env',
      '',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--inspector-port',
      String(options.port + 1),
      '--var',
      `DEV_ISSUER_JWK:${devKey}`,
      '--var',
      `PUBLIC_BASE_URL:${options.publicBaseUrl}`,
      '--var',
      `PHOENIX_KEY_ENCRYPTION_KEY:${readFileSync(join(options.dataDir, 'key-encryption.key'), 'utf8').trim()}`,
      // Lets tests fire the cron handler through /__scheduled, as Cloudflare's trigger would.
      '--test-scheduled',
      '--persist-to',
      join(options.dataDir, 'wrangler-state'),
    ],
    {
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(options.databaseUrl),
      WRANGLER_SEND_METRICS: 'false',
    },
    `http://127.0.0.1:${options.port}`,
  );
}

/** A port nobody listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * The embedded default as a newcomer starts it (`npm start`): the Node server over PGlite in a temporary
 * data folder, the demo cast seeded, on a free port; `stop()` also deletes the folder. For screenshots and
 * Lighthouse, which look at the console as people see it; `dataDir` holds the dev issuer's key, with which
 * the demo cast's tokens for the API are minted.
 */
export async function startDemoDesk(): Promise<RunningDesk & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-demo-'));
  const port = await freePort();
  try {
    const desk = await startNode({
      dataDir,
      port,
      publicBaseUrl: `http://127.0.0.1:${port}`,
      env: { PHOENIX_SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
    });
    return {
      ...desk,
      dataDir,
      stop: async () => {
        await desk.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
