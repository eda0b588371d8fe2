// Catalogue benchmark: search and read latency through the HTTP route next to the same SQL run directly,
// on PostgreSQL (server in its own process, raw SQL through postgres.js) and on PGlite (in process).
//
//   npm run bench -- [--n 100000] [--requests 200] [--rounds 1] [--databases postgres,pglite] [--no-worker] [--keep]
//                    [--reuse <database>]  (a database an earlier --keep run left: measured again without seeding)
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { uuidv7 } from 'uuidv7';
import { type RunningDesk, startNode, startWorker } from '../scripts/desk-processes';
import { type OpenDatabase, openPglite } from '../src/adapters/node-database';
import { createNodeDesk } from '../src/adapters/node-desk';
import { DEV_ISSUER, parseConfig } from '../src/config/config';
import { rowsOf } from '../src/db/database';
import { datasets, organizations, users } from '../src/db/schema';
import { seedDemo } from '../src/demo/seed';
import {
  EXACT_COUNT_LIMIT,
  FULL_RANKING_LIMIT,
  plannedRows,
  type SearchQuery,
  searchStatements,
} from '../src/services/catalog-search';
import { derivedColumns } from '../src/services/datasets';
import { syntheticDescriptor } from './synthetic-descriptors';

const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    n: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '1' },
    /** Leave the PostgreSQL database in place (its name is printed), to look at plans afterwards. */
    keep: { type: 'boolean', default: false },
    /** Measure a database an earlier `--keep` run seeded (migrated again at start); implies --keep. */
    reuse: { type: 'string' },
    databases: { type: 'string', default: 'postgres,pglite' },
    worker: { type: 'boolean', default: true },
  },
});
const N = Number(args.n);
const REQUESTS = Number(args.requests);
/** Each scenario's route is measured this many times over, to show the spread of its p95. */
const ROUNDS = Number(args.rounds);
const WARMUP = 20;
/** The benchmark is one client sending every search: the per-address budget would cap it. */
const UNLIMITED = { PHOENIX_RATE_LIMIT_SEARCHES: '0', PHOENIX_RATE_LIMIT_WRITES: '0' };

interface Scenario {
  name: string;
  path: string;
  query?: SearchQuery;
}

const search = (
  name: string,
  q: string | undefined,
  filters: SearchQuery['filters'],
  qs: string,
): Scenario => ({
  name,
  path: `/v1/datasets?${qs}`,
  query: { q, filters, limit: 20 },
});

const SCENARIOS: Scenario[] = [
  // Unaccented, as people type it: the synthetic catalogue has a sickle-cell dataset every 9 973.
  search('search rare term', 'drepanocytose', {}, 'q=drepanocytose'),
  // Thesaurus and stems: "diabetic" is a label of the diabetes concept, "cohorts" stems to cohort.
  search('search synonym + stem', 'diabetic cohorts', {}, 'q=diabetic%20cohorts'),
  search('search common term', 'patients', {}, 'q=patients'),
  search(
    'search common term + filters',
    'cancer',
    { codingSystem: ['OMOP'], accessRights: ['RESTRICTED'] },
    'q=cancer&codingSystem=OMOP&accessRights=RESTRICTED',
  ),
  search(
    'filters only',
    undefined,
    { healthCategory: ['MRMR'], duoPermission: ['DS'] },
    'healthCategory=MRMR&duoPermission=DS',
  ),
];

const dialect = new PgDialect();

function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

async function seedSynthetic(database: OpenDatabase, n: number) {
  const db = database.db;
  const providers = rowsOf<{ id: string }>(
    await db.execute(sql`select id from ${organizations} where kind = 'provider'`),
  );
  const [admin] = rowsOf<{ id: string }>(await db.execute(sql`select id from ${users} limit 1`));
  const batch = 500;
  const now = Date.now();
  for (let start = 0; start < n; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const descriptor = syntheticDescriptor(i);
      const at = new Date(now - i * 60_000);
      rows.push({
        id: uuidv7(),
        providerId: providers[i % providers.length]!.id,
        status: 'published',
        descriptor,
        ...derivedColumns(descriptor, {
          providerId: providers[i % providers.length]!.id,
          deskId: null,
          status: 'published',
        }),
        createdBy: admin!.id,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      });
    }
    await db.insert(datasets).values(rows);
    progress('  seeding', Math.min(n, start + batch), n);
  }
  await db.execute(sql`analyze datasets`);
}

interface Stats {
  p50: number;
  p95: number;
  perSecond: number;
}

async function measure(run: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), perSecond: (REQUESTS / total) * 1000 };
}

interface Row {
  name: string;
  /** Datasets the query matches, as the route reports it (≈ when estimated). */
  hits: string;
  /** The route's median round, and the lowest and highest p95 over the rounds. */
  route: Stats;
  spread: string;
  raw: Stats;
}

/** The matches counted by a facet query: each dataset has one status, so the status counts add up. */
function totalOf(result: unknown): number {
  return rowsOf<{ k: string; n: string | number }>(result)
    .filter((r) => r.k.startsWith('status='))
    .reduce((sum, r) => sum + Number(r.n), 0);
}

type RawRunner = (text: string, params: unknown[]) => Promise<unknown>;

/**
 * A kept-alive socket that the server closed while the bench was busy timing raw SQL fails once with
 * ECONNRESET; that is the client's pool, not the route, so such a request is simply sent again.
 */
async function fetchOnce(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
    return fetch(url);
  }
}

async function runScenarios(baseUrl: string, raw: RawRunner, readId: string) {
  const results: Row[] = [];
  const all: Scenario[] = [...SCENARIOS, { name: 'read one dataset', path: `/v1/datasets/${readId}` }];
  for (const s of all) {
    const rounds: Stats[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(
        await measure(async () => {
          const res = await fetchOnce(`${baseUrl}${s.path}`);
          if (res.status !== 200) throw new Error(`${s.path}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }),
      );
    }
    const byP95 = [...rounds].sort((a, b) => a.p95 - b.p95);
    const route = byP95[Math.floor(byP95.length / 2)]!;
    const spread = `${byP95[0]!.p95.toFixed(1)}–${byP95.at(-1)!.p95.toFixed(1)}`;
    let direct: () => Promise<unknown>;
    let hits: string;
    if (s.query) {
      const statements = searchStatements(undefined, s.query, 0)!;
      const [estimate, facets, sampled, page, broadPage] = [
        statements.estimate,
        statements.facets,
        statements.sampledFacets,
        statements.page,
        statements.broadPage,
      ].map((q) => dialect.sqlToQuery(q));
      const run = (q: { sql: string; params: unknown[] } | undefined) => raw(q!.sql, q!.params);
      // The service's own sequence: the planner's estimate picks a sample or the capped exact counts,
      // then the page ranks every match or, past FULL_RANKING_LIMIT, the newest candidates.
      direct = async () => {
        let total = 0;
        let estimated = false;
        if (plannedRows(await run(estimate)) > 2 * EXACT_COUNT_LIMIT) {
          total = totalOf(await run(sampled));
          estimated = total > EXACT_COUNT_LIMIT;
        }
        if (!estimated) {
          total = totalOf(await run(facets));
          if (total > EXACT_COUNT_LIMIT) {
            estimated = true;
            total = Math.max(total, totalOf(await run(sampled)));
          }
        }
        return run(estimated && total > FULL_RANKING_LIMIT && s.query?.q ? broadPage : page);
      };
      const res = await fetchOnce(`${baseUrl}${s.path}`);
      const body = (await res.json()) as { items: unknown[]; total: number; totalEstimated: boolean };
      // A query that matches nothing times an empty index lookup, not a search: it would pass for a fast
      // search (the old rare term, `mucoviscidose nanterre`, matched no dataset at all).
      if (body.total === 0) throw new Error(`${s.name}: ${s.path} matches no dataset; nothing to measure`);
      hits = `${body.totalEstimated ? '≈' : ''}${body.total.toLocaleString('en')}`;
      process.stderr.write(`  ${s.name}: ${body.items.length} items returned / ${hits} total\n`);
    } else {
      direct = () => raw('select * from datasets where id = $1', [readId]);
      // Counted from the answer rather than assumed, like every other scenario's hits.
      const res = await fetchOnce(`${baseUrl}${s.path}`);
      hits = res.status === 200 && (await res.json()).id === readId ? '1' : '0';
      if (hits === '0') throw new Error(`${s.name}: ${s.path} did not return the dataset`);
    }
    results.push({ name: s.name, hits, route, spread, raw: await measure(direct) });
    process.stderr.write(`  measured ${s.name}\n`);
  }
  return results;
}

function table(title: string, rows: Row[], memory: string) {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `### ${title}`,
    '',
    `| scenario | hits | route p50 ms | route p95 ms | route p95 over ${ROUNDS} rounds | route req/s | SQL p50 ms | SQL p95 ms | SQL req/s | p95 route / SQL |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.hits} | ${f(r.route.p50)} | ${f(r.route.p95)} | ${r.spread} | ${r.route.perSecond.toFixed(0)} | ${f(r.raw.p50)} | ${f(r.raw.p95)} | ${r.raw.perSecond.toFixed(0)} | ${(r.route.p95 / r.raw.p95).toFixed(2)} |`,
    ),
    '',
    memory,
    '',
  ];
  console.log(lines.join('\n'));
}

function readStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function benchPostgres() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = args.reuse ?? `phoenix_bench_${Date.now()}`;
  if (!args.reuse) await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-'));
  const running: RunningDesk[] = [];
  const client = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  try {
    console.error(`PostgreSQL: database ${name}`);
    const config = parseConfig({
      DATABASE_URL: databaseUrl,
      PHOENIX_DATA_DIR: dataDir,
      ...UNLIMITED,
      LOG_LEVEL: 'silent',
    });
    const desk = await createNodeDesk(config);
    if (!args.reuse) {
      await seedDemo(desk.services, DEV_ISSUER);
      await seedSynthetic(desk.database, N);
    }
    await desk.database.close();
    const port = 18_000 + Math.floor(Math.random() * 1000);
    const options = { databaseUrl, dataDir, publicBaseUrl: 'http://bench.test' };
    // One client sends every search: the per-address budgets meant for people would cap the measure.
    const node = await startNode({ ...options, port, env: UNLIMITED });
    running.push(node);
    const [{ id } = { id: '' }] =
      await client`select id from datasets where status = 'published' order by id limit 1 offset ${Math.floor(N / 2)}`;
    const raw: RawRunner = (text, params) => client.unsafe(text, params as never[]);
    const rows = await runScenarios(node.base, raw, id as string);
    const peak = readStatus(node.process.pid!, 'VmHWM');
    table(
      `PostgreSQL ${N.toLocaleString('en')} datasets (Node server in its own process, SQL through postgres.js)`,
      rows,
      `Node server peak RSS: ${peak.toFixed(0)} MiB.`,
    );
    if (args.worker) {
      const worker = await startWorker({ ...options, port: port + 10, unlimited: true });
      running.push(worker);
      const onWorker = await runScenarios(worker.base, raw, id as string);
      runtimeTable(rows, onWorker);
    }
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    await client.end();
    if (args.keep || args.reuse) console.error(`PostgreSQL: kept database ${name}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same routes on workerd (wrangler dev) and on Node over the same database, as a ratio. */
function runtimeTable(node: { name: string; route: Stats }[], worker: { name: string; route: Stats }[]) {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    '### Same routes on workerd (`wrangler dev`) and Node, same PostgreSQL',
    '',
    '| scenario | Node p50 ms | Node p95 ms | workerd p50 ms | workerd p95 ms | p95 workerd / Node | req/s workerd / Node |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...node.map((n, i) => {
      const w = worker[i]!;
      return `| ${n.name} | ${f(n.route.p50)} | ${f(n.route.p95)} | ${f(w.route.p50)} | ${f(w.route.p95)} | ${(w.route.p95 / n.route.p95).toFixed(2)} | ${(w.route.perSecond / n.route.perSecond).toFixed(2)} |`;
    }),
    '',
    'workerd opens a PostgreSQL connection per request (as Workers must; Hyperdrive pools them in production, ',
    'while `wrangler dev` connects directly), so part of its overhead is connection set-up.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function benchPglite() {
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-pglite-'));
  try {
    console.error(`PGlite: ${dataDir}`);
    const database = await openPglite(dataDir);
    const config = parseConfig({ PHOENIX_DATA_DIR: dataDir, ...UNLIMITED, LOG_LEVEL: 'silent' });
    const desk = await createNodeDesk(config, { database });
    await seedDemo(desk.services, DEV_ISSUER);
    await seedSynthetic(database, N);
    const server = serve({ fetch: desk.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const [{ id } = { id: '' }] = rowsOf<{ id: string }>(
      await database.db.execute(
        sql`select id from datasets where status = 'published' order by id limit 1 offset ${Math.floor(N / 2)}`,
      ),
    );
    const raw: RawRunner = (text, params) => database.db.execute(sql.raw(interpolate(text, params)));
    const rows = await runScenarios(`http://127.0.0.1:${port}`, raw, id);
    const peak = readStatus(process.pid, 'VmHWM');
    table(
      `PGlite ${N.toLocaleString('en')} datasets (server and SQL in the bench process)`,
      rows,
      `Process peak RSS (bench + server + PGlite): ${peak.toFixed(0)} MiB.`,
    );
    server.close();
    await database.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// PGlite's drizzle handle takes SQL objects; inline the (bench-generated, trusted) parameters as literals.
function interpolate(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, i) => {
    const v = params[Number(i) - 1];
    return typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  });
}

async function main() {
  console.log(`## Catalogue benchmark\n`);
  console.log(
    `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · ${REQUESTS} sequential requests per scenario after ${WARMUP} warm-up, ${ROUNDS} round(s)\n`,
  );
  const wanted = args.databases.split(',');
  if (wanted.includes('postgres')) await benchPostgres();
  if (wanted.includes('pglite')) await benchPglite();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
