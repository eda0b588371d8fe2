// HTTP throughput of the desk against the server a user would write by hand (bench/http/server.ts), measured
// from outside over three read routes on one throwaway PostgreSQL database holding the seeded demo (issue 15).
//
//   npm run bench:http -- [--seconds 10] [--connections 16] [--worker]
//   --worker  also the desk under `wrangler dev` (workerd) on the same database, third in each round
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
//
// Before measuring, every route must answer both servers with the same status, content type and JSON bytes:
// a faster baseline that answers something else would prove nothing. Then each route is loaded with
// autocannon, desk and hand-written in turn (A B A B), the servers pinned to core 0 and the load generator to
// core 1 when `taskset` exists, so that neither steals the other's core. Every run is printed, then the
// better run of each server, their ratio, and each server's peak resident memory under load.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort, startWorker } from '../scripts/desk-processes';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}
const SECONDS = option('seconds', 10);
const CONNECTIONS = option('connections', 16);
// Long enough for V8 to compile the hot paths and the pools to open every connection; not kept.
const WARMUP_SECONDS = 2;
const BASE_URL = 'http://bench.test';
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Prefixes a command with `taskset -c <core>` when the machine has taskset. */
function onCore(core: number, command: string[]): string[] {
  return pinned ? ['taskset', '-c', String(core), ...command] : command;
}

interface Server {
  name: string;
  url: string;
  /** The processes that serve (wrangler dev runs workerd beside its own node process). */
  pids: () => number[];
  stop: () => Promise<void>;
}

/** A process and every process below it, from /proc (Linux only; the process alone elsewhere). */
function processTree(pid: number): number[] {
  const tree = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) tree.push(...processTree(Number(child)));
    }
  } catch {
    // Gone, or no /proc.
  }
  return tree;
}

/** Starts a server as a single node process (not through the tsx CLI, which would fork a second one whose
 * memory the bench could not see) and waits until /healthz answers 200. */
async function startServer(name: string, script: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const [command, ...args] = onCore(0, [process.execPath, '--import', 'tsx', script]);
  const child = spawn(command!, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const server = { name, url: `http://127.0.0.1:${port}`, pids: () => [child.pid!], stop };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return server;
    } catch {
      // Not listening yet, or still seeding the demo.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${name} did not start:\n${output.join('')}`);
}

/** The desk under `wrangler dev`, its node process and workerd moved onto core 0 beside the other servers. */
async function startWorkerServer(databaseUrl: string, dataDir: string): Promise<Server> {
  // The unlimited copy of wrangler.toml is written into the data folder, and wrangler resolves the console's
  // assets folder from the config's own folder: it is linked there so wrangler finds it.
  mkdirSync(join(dataDir, 'dist'), { recursive: true });
  symlinkSync(
    join(import.meta.dirname, '..', 'dist', 'console-assets'),
    join(dataDir, 'dist', 'console-assets'),
  );
  const running = await startWorker({
    databaseUrl,
    dataDir,
    port: await freePort(),
    publicBaseUrl: BASE_URL,
    unlimited: true,
  });
  const pids = () => processTree(running.process.pid!);
  // wrangler starts workerd itself, so the affinity is set once both run (-a: every thread).
  if (pinned) for (const pid of pids()) spawnSync('taskset', ['-a', '-p', '-c', '0', String(pid)]);
  return { name: 'workerd', url: running.base, pids, stop: running.stop };
}

/** Resident memory of a server's processes in KiB, summed, from /proc (Linux only; 0 elsewhere). */
function memoryKiB(server: Server, field: 'VmRSS' | 'VmHWM'): number {
  let sum = 0;
  for (const pid of server.pids()) {
    try {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${field}:`));
      sum += line ? Number(line.split(/\s+/)[1]) : 0;
    } catch {
      // The process ended meanwhile.
    }
  }
  return sum;
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

async function answer(url: string): Promise<Answer> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

/** The two bodies around their first difference, so a failed check says where the bytes part. */
function firstDifference(a: string, b: string, other: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 80));
  return `first difference at byte ${i} (lengths ${a.length} and ${b.length})\n  desk:         ${around(a)}\n  ${`${other}:`.padEnd(14)}${around(b)}`;
}

interface Run {
  server: string;
  requestsPerSecond: number;
  peakRssKiB: number;
}

/** One autocannon run on core 1 against a server, polling the server's resident memory meanwhile. */
async function load(server: Server, path: string, seconds: number): Promise<Run> {
  const autocannon = join(import.meta.dirname, '..', 'node_modules', 'autocannon', 'autocannon.js');
  const [command, ...args] = onCore(1, [
    process.execPath,
    autocannon,
    '-c',
    String(CONNECTIONS),
    '-d',
    String(seconds),
    '-j',
    `${server.url}${path}`,
  ]);
  let peakRssKiB = memoryKiB(server, 'VmRSS');
  const sampler = setInterval(() => {
    peakRssKiB = Math.max(peakRssKiB, memoryKiB(server, 'VmRSS'));
  }, 100);
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`autocannon failed on ${server.name} ${path}:\n${stderr}`);
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  // A run with failures measured something else than the route (a rate limit, a crash): refused.
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(
      `${server.name} ${path}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return { server: server.name, requestsPerSecond: result.requests.total / result.duration, peakRssKiB };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function main() {
  const withWorker = process.argv.includes('--worker');
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `phoenix_bench_http_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-http-'));
  const servers: Server[] = [];
  let raw: postgres.Sql | undefined;
  try {
    // The desk as `npm start` runs it (demo seeded, background jobs on), minus the budgets meant for people:
    // one load generator is every caller here. No log line per request: that would be the console's cost.
    const desk = await startServer('desk', 'src/adapters/node.ts', {
      DATABASE_URL: url.toString(),
      PHOENIX_DATA_DIR: dataDir,
      PUBLIC_BASE_URL: BASE_URL,
      PHOENIX_SEED_DEMO: 'true',
      PHOENIX_RATE_LIMIT_WRITES: '0',
      PHOENIX_RATE_LIMIT_SEARCHES: '0',
      LOG_LEVEL: 'silent',
    });
    servers.push(desk);
    // Started after the desk, which migrated and seeded the database.
    const hand = await startServer('hand-written', 'bench/http/server.ts', {
      DATABASE_URL: url.toString(),
      PUBLIC_BASE_URL: BASE_URL,
    });
    servers.push(hand);
    // The Worker reads the dev issuer's key and the key-encryption key the desk wrote into the data folder.
    if (withWorker) servers.push(await startWorkerServer(url.toString(), dataDir));
    raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [dataset] = await raw`select id from datasets where status = 'published'
      order by published_at, id limit 1`;
    const datasetCount = (await raw`select count(*)::int as n from datasets where status = 'published'`)[0]!
      .n as number;
    if (!dataset) throw new Error('the demo seeded no published dataset');
    const routes = [
      { label: 'GET /healthz', path: '/healthz' },
      { label: 'GET /v1/datasets/{id} anonymous', path: `/v1/datasets/${dataset.id}` },
      { label: 'GET /v1/datasets?q=diabete', path: '/v1/datasets?q=diabete' },
    ];
    const order = servers.map((_, i) => 'ABC'[i]).join(' ');

    console.log(
      `bench:http — ${datasetCount} published datasets (demo), ${CONNECTIONS} connections, ${SECONDS} s a run, ` +
        `${order} ${order}, ${pinned ? 'servers on core 0, autocannon on core 1 (taskset)' : 'not pinned (no taskset)'}`,
    );
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );

    // Same bytes first: every route must answer every server as it answers the desk, or nothing is measured.
    let identical = true;
    for (const route of routes) {
      const a = await answer(`${desk.url}${route.path}`);
      for (const other of servers.slice(1)) {
        const b = await answer(`${other.url}${route.path}`);
        const same = a.status === b.status && a.contentType === b.contentType && a.body === b.body;
        console.log(
          `${same ? 'identical' : 'DIFFERENT'}  ${route.label}, desk and ${other.name}: ` +
            `${a.status} ${a.contentType}, ${a.body.length} bytes`,
        );
        if (!same) {
          identical = false;
          if (a.status !== b.status) console.log(`  status: desk ${a.status}, ${other.name} ${b.status}`);
          if (a.contentType !== b.contentType)
            console.log(`  content-type: desk ${a.contentType}, ${other.name} ${b.contentType}`);
          if (a.body !== b.body) console.log(`  ${firstDifference(a.body, b.body, other.name)}`);
        }
      }
      if (route.path.includes('?q=')) {
        const parsed = JSON.parse(a.body) as { items: unknown[]; total: number };
        console.log(`           hits: ${parsed.items.length} items returned / ${parsed.total} total`);
      }
    }
    if (!identical) throw new Error('the servers do not answer the same bytes; nothing measured');
    console.log('');

    const summary: string[] = [];
    for (const route of routes) {
      // Warm every server on this route; these runs are not kept.
      for (const server of servers) await load(server, route.path, WARMUP_SECONDS);
      const runs: Run[] = [];
      for (const server of [...servers, ...servers]) {
        const run = await load(server, route.path, SECONDS);
        runs.push(run);
        console.log(
          `${route.label.padEnd(34)} ${server.name.padEnd(12)} ${fmt(run.requestsPerSecond).padStart(7)} req/s  ` +
            `peak RSS ${mib(run.peakRssKiB)}  load ${loadavg()[0]!.toFixed(2)}`,
        );
      }
      const of = (who: string) => runs.filter((r) => r.server === who);
      const best = (who: string) => Math.max(...of(who).map((r) => r.requestsPerSecond));
      const peak = (who: string) => Math.max(...of(who).map((r) => r.peakRssKiB));
      // Each run against the hand-written run of the same round: the spread the load on the machine leaves.
      const pairs = (who: string) => {
        const ratios = of(who).map((r, i) => r.requestsPerSecond / of('hand-written')[i]!.requestsPerSecond);
        return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
      };
      const cells = [
        `\`${route.label}\``,
        fmt(best('desk')),
        fmt(best('hand-written')),
        (best('desk') / best('hand-written')).toFixed(2),
        pairs('desk'),
        mib(peak('desk')),
        mib(peak('hand-written')),
      ];
      if (withWorker)
        cells.push(
          fmt(best('workerd')),
          (best('workerd') / best('hand-written')).toFixed(2),
          mib(peak('workerd')),
        );
      summary.push(`| ${cells.join(' | ')} |`);
    }
    console.log(
      '\nbetter run of each; "rounds" is the ratio within each round; peak RSS polled every 100 ms under load',
    );
    const headers = [
      'route',
      'desk req/s',
      'hand-written req/s',
      'ratio (best)',
      'ratio (rounds)',
      'desk peak RSS',
      'hand-written peak RSS',
      ...(withWorker ? ['workerd req/s', 'workerd / hand-written', 'wrangler + workerd peak RSS'] : []),
    ];
    console.log(`| ${headers.join(' | ')} |`);
    console.log(
      `|---|${headers
        .slice(1)
        .map(() => '---:')
        .join('|')}|`,
    );
    for (const line of summary) console.log(line);
    console.log(
      `\nlifetime peak (VmHWM, includes start-up and seeding): ${servers
        .map((s) => `${s.name} ${mib(memoryKiB(s, 'VmHWM'))}`)
        .join(', ')}; load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await raw?.end();
    for (const server of servers.reverse()) await server.stop();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
