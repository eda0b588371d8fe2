// Console benchmark: the catalogue page (/fr/datasets?q=…) against the JSON search it is built on
// (GET /v1/datasets?q=…) for the same queries, in one process, on a PostgreSQL desk seeded with synthetic
// datasets. Page and JSON requests alternate, so both see the same database and the same machine load;
// several rounds give the spread of the ratio. Then the page's weight: HTML, CSS and JS, gzip.
//
//   npm run bench:console -- [--n 20000] [--rounds 5] [--requests 40]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { DEV_ISSUER } from '../src/config/config';
import { rowsOf } from '../src/db/database';
import { datasets, desks, organizations, users } from '../src/db/schema';
import { seedDemo } from '../src/demo/seed';
import { derivedColumns } from '../src/services/datasets';
import { type BenchDesk, openBenchDesk } from './bench-desk';
import { syntheticDescriptor } from './synthetic-descriptors';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '40' },
  },
});
const N = Number(args.n);
const ROUNDS = Number(args.rounds);
const REQUESTS = Number(args.requests);
const WARMUP = 10;

// A common word, a condition, a condition in a place, and a rare term (the index in a few titles, "n°1234").
const QUERIES = ['patients', 'cancer du sein', 'mucoviscidose paris', '1234'];

async function seed(bench: BenchDesk) {
  const { db } = bench.desk.database;
  await seedDemo(bench.desk.services, DEV_ISSUER);
  const providers = rowsOf<{ id: string }>(
    await db.execute(sql`select id from ${organizations} where kind = 'provider' order by slug`),
  );
  const deskIds = rowsOf<{ id: string }>(await db.execute(sql`select id from ${desks} order by slug`));
  const [admin] = rowsOf<{ id: string }>(await db.execute(sql`select id from ${users} limit 1`));
  const now = Date.now();
  for (let start = 0; start < N; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(N, start + 500); i++) {
      const descriptor = syntheticDescriptor(i);
      const providerId = providers[i % providers.length]!.id;
      const deskId = deskIds[i % deskIds.length]!.id;
      const at = new Date(now - i * 60_000);
      rows.push({
        id: uuidv7(),
        providerId,
        deskId,
        status: 'published',
        descriptor,
        ...derivedColumns(descriptor, { providerId, deskId, status: 'published' }),
        createdBy: admin!.id,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      });
    }
    await db.insert(datasets).values(rows);
    process.stderr.write(`\r  seeding ${Math.min(N, start + 500)}/${N}`);
  }
  process.stderr.write('\n');
  await db.execute(sql`analyze datasets`);
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

async function main() {
  const bench = await openBenchDesk('console');
  try {
    const { app } = bench.desk;
    console.error(`PostgreSQL: database ${bench.name}`);
    await seed(bench);
    const get = async (path: string) => {
      const t = performance.now();
      const res = await app.request(`http://bench.test${path}`);
      const body = await res.text();
      const elapsed = performance.now() - t;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return { elapsed, body, res };
    };

    console.log('## Console benchmark\n');
    console.log(
      `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · PostgreSQL, ${N.toLocaleString('en')} synthetic published datasets · in process (app.request, no socket) · ${ROUNDS} rounds × ${REQUESTS} page/JSON pairs per query after ${WARMUP} warm-up pairs\n`,
    );

    const lines = [
      '| query | hits | page p50 ms | page p95 ms | JSON p50 ms | JSON p95 ms | p95 page / JSON | spread over rounds (min–max) |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
    ];
    for (const q of QUERIES) {
      const query = encodeURIComponent(q);
      const page = `/fr/datasets?q=${query}`;
      const json = `/v1/datasets?q=${query}`;
      const { body } = await get(json);
      const hits = (JSON.parse(body) as { total: number }).total;
      for (let i = 0; i < WARMUP; i++) {
        await get(page);
        await get(json);
      }
      const all = { page: [] as number[], json: [] as number[] };
      const ratios: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const round = { page: [] as number[], json: [] as number[] };
        for (let i = 0; i < REQUESTS; i++) {
          // Alternate which goes first, so neither always follows the other.
          const first = i % 2 === 0 ? page : json;
          const second = first === page ? json : page;
          const a = (await get(first)).elapsed;
          const b = (await get(second)).elapsed;
          round.page.push(first === page ? a : b);
          round.json.push(first === page ? b : a);
        }
        ratios.push(stats(round.page).p95 / stats(round.json).p95);
        all.page.push(...round.page);
        all.json.push(...round.json);
      }
      const pageStats = stats(all.page);
      const jsonStats = stats(all.json);
      const f = (x: number) => x.toFixed(1);
      lines.push(
        `| ${q} | ${hits.toLocaleString('en')} | ${f(pageStats.p50)} | ${f(pageStats.p95)} | ${f(jsonStats.p50)} | ${f(jsonStats.p95)} | ${(pageStats.p95 / jsonStats.p95).toFixed(2)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`,
      );
      process.stderr.write(`  measured "${q}" (${hits} hits)\n`);
    }
    console.log(lines.join('\n'));

    // The page's weight: what a first visit downloads, each part gzip-compressed as a server would send it.
    const { body: html } = await get(`/fr/datasets?q=${encodeURIComponent(QUERIES[0]!)}`);
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    const js = /<script src="([^"]+)"/.exec(html)?.[1];
    const parts: [string, string][] = [['HTML', html]];
    if (css) parts.push(['CSS', (await get(css)).body]);
    if (js) parts.push(['JS', (await get(js)).body]);
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const gz = parts.map(([name, text]) => [name, Buffer.byteLength(text), gzipSync(text).length] as const);
    const total = gz.reduce((sum, [, , g]) => sum + g, 0);
    console.log(
      `\nCatalogue page weight (/fr/datasets?q=${QUERIES[0]}, 20 results): ${gz
        .map(([name, rawBytes, g]) => `${name} ${kib(g)} gzip (${kib(rawBytes)} raw)`)
        .join(' + ')} = **${kib(total)} gzip** (goal ≤ 60 KB).\n`,
    );
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
