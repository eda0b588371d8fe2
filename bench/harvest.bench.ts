// Harvest benchmark: a desk harvests 10 000 records from a local catalogue in ckanext-dcat's shape (Turtle
// pages of 100, hydra:PagedCollection), on PostgreSQL and on PGlite, a few runs each on a fresh database;
// then the same source again, unchanged (pages read whole, nothing written) and conditional (one 304).
//
//   npm run bench:harvest -- [--n 10000] [--runs 3] [--databases postgres,pglite]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { openPglite } from '../src/adapters/node-database';
import { createNodeDesk, type NodeDesk } from '../src/adapters/node-desk';
import { DEV_ISSUER, parseConfig } from '../src/config/config';
import { seedDemo } from '../src/demo/seed';
import type { HarvestCounts } from '../src/domain/harvest-report';
import { createHarvestSource, listHarvestSources } from '../src/services/harvest-sources';
import { runHarvest } from '../src/services/harvester';
import { loadPrincipal } from '../src/services/identity';
import { startCkanCatalogue } from '../test/support/ckan-catalogue';
import { openBenchDesk } from './bench-desk';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    databases: { type: 'string', default: 'postgres,pglite' },
  },
});
const N = Number(args.n);
const RUNS = Number(args.runs);
const GOAL_SECONDS = 60;

interface Measure {
  seconds: number;
  counts: HarvestCounts;
  status: string;
}

async function harvestOnce(
  desk: NodeDesk,
  sourceId: string,
  actorId: string,
  label: string,
): Promise<Measure> {
  const started = performance.now();
  const run = await runHarvest(desk.services, sourceId, {
    trigger: 'cli',
    actorId,
    onProgress: (p) =>
      process.stderr.write(
        `\r  ${label}: page ${p.page}, ${p.counts.records} records, ${p.counts.failed} errors   `,
      ),
  });
  process.stderr.write('\n');
  if (!run.ok) throw new Error(run.problem.message);
  return {
    seconds: (performance.now() - started) / 1000,
    counts: run.value.counts,
    status: run.value.status,
  };
}

async function prepare(desk: NodeDesk, url: string) {
  await seedDemo(desk.services, DEV_ISSUER);
  const admin = await loadPrincipal(desk.services, DEV_ISSUER, 'demo-admin');
  const orgs = await import('../src/services/organizations').then((m) => m.listOrganizations(desk.services));
  const providerId = orgs.find((o) => o.slug === 'institut-pasteur')!.id;
  const created = await createHarvestSource(desk.services, admin, { url, providerId, schedule: 'manual' });
  if (!created.ok) throw new Error(created.problem.message);
  const listed = await listHarvestSources(desk.services, admin);
  if (!listed.ok) throw new Error(listed.problem.message);
  return { sourceId: created.value.id, actorId: admin.userId };
}

async function onDatabase(
  kind: string,
): Promise<{ first: Measure[]; unchanged: Measure; conditional: Measure }> {
  const remote = await startCkanCatalogue(N);
  const url = `${remote.url}/catalog.ttl`;
  const first: Measure[] = [];
  let unchanged: Measure | undefined;
  let conditional: Measure | undefined;
  try {
    for (let run = 1; run <= RUNS; run++) {
      const opened =
        kind === 'postgres'
          ? await openBenchDesk('harvest')
          : await (async () => {
              const database = await openPglite(undefined);
              const desk = await createNodeDesk(
                parseConfig({
                  PUBLIC_BASE_URL: 'http://bench.test',
                  LOG_LEVEL: 'silent',
                  PHOENIX_DATA_DIR: '/nonexistent',
                }),
                { database },
              );
              return { desk, close: () => database.close() };
            })();
      try {
        const { sourceId, actorId } = await prepare(opened.desk, url);
        first.push(await harvestOnce(opened.desk, sourceId, actorId, `${kind} run ${run}`));
        if (run === RUNS) {
          remote.validators = false;
          unchanged = await harvestOnce(opened.desk, sourceId, actorId, `${kind} unchanged`);
          remote.validators = true;
          // The unchanged run stored no validators; one more full read stores them, then the 304.
          await harvestOnce(opened.desk, sourceId, actorId, `${kind} validators`);
          conditional = await harvestOnce(opened.desk, sourceId, actorId, `${kind} conditional`);
        }
      } finally {
        await opened.close();
      }
    }
  } finally {
    await remote.close();
  }
  return { first, unchanged: unchanged!, conditional: conditional! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `Harvest bench: ${N} records in ckanext-dcat's shape (Turtle, pages of 100), ${RUNS} runs per database`,
);
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}\n`,
);
const rows: string[] = [];
for (const kind of args.databases.split(',')) {
  const { first, unchanged, conditional } = await onDatabase(kind);
  for (const [i, m] of first.entries()) {
    if (m.counts.created !== N || m.counts.failed !== 0)
      throw new Error(`${kind} run ${i + 1}: ${JSON.stringify(m.counts)}`);
  }
  const secs = first.map((m) => m.seconds);
  const best = Math.min(...secs);
  rows.push(
    `| ${kind} | first harvest (${N} created) | ${first[0]!.counts.pages} | ${secs.map((s) => s.toFixed(1)).join(' / ')} | ${median(secs).toFixed(1)} | ${Math.round(N / median(secs))} | ${median(secs) < GOAL_SECONDS ? 'yes' : 'NO'} (best ${best.toFixed(1)} s) |`,
    `| ${kind} | unchanged re-harvest (${unchanged.counts.unchanged} unchanged, 0 written) | ${unchanged.counts.pages} | ${unchanged.seconds.toFixed(1)} | ${unchanged.seconds.toFixed(1)} | ${Math.round(N / unchanged.seconds)} | |`,
    `| ${kind} | conditional re-harvest (${conditional.status}) | ${conditional.counts.pages} | ${conditional.seconds.toFixed(2)} | ${conditional.seconds.toFixed(2)} | — | |`,
  );
}
console.log(`| database | run | pages | seconds per run | median s | records/s | < ${GOAL_SECONDS} s |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
