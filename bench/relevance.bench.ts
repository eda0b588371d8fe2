// Relevance benchmark: the judged queries of test/fixtures/search-relevance over PGlite and PostgreSQL,
// nDCG@5 and recall@10 per query and overall.
//
//   npm run bench:relevance -- [--databases pglite,postgres]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { type OpenDatabase, openPglite, openPostgres } from '../src/adapters/node-database';
import { createNodeDesk } from '../src/adapters/node-desk';
import { parseConfig } from '../src/config/config';
import {
  mean,
  publishJudgedCatalogue,
  type QueryScore,
  scoreJudgedQueries,
} from '../test/fixtures/search-relevance/judge';

const { values: args } = parseArgs({
  options: { databases: { type: 'string', default: 'pglite,postgres' } },
});

async function scoresOn(database: OpenDatabase): Promise<QueryScore[]> {
  const desk = await createNodeDesk(parseConfig({ LOG_LEVEL: 'silent' }), { database });
  try {
    return await scoreJudgedQueries(desk.services, await publishJudgedCatalogue(desk.services));
  } finally {
    await database.close();
  }
}

async function onPostgres(): Promise<QueryScore[] | undefined> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `phoenix_relevance_${Date.now()}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (e) {
    console.error(`PostgreSQL unavailable (${(e as Error).message}): PGlite only`);
    await admin.end();
    return undefined;
  }
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await scoresOn(openPostgres(url.toString()));
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

function table(runs: { database: string; scores: QueryScore[] }[]) {
  const f = (x: number) => x.toFixed(2);
  const [first] = runs;
  if (!first) return;
  const lines = [
    `| query | kind | ${runs.map((r) => `${r.database} nDCG@5 | ${r.database} recall@10`).join(' | ')} | hits |`,
    `|---|---|${runs.map(() => '---:|---:').join('|')}|---:|`,
    ...first.scores.map(
      (s, i) =>
        `| ${s.query.q} | ${s.query.kind} | ${runs.map((r) => `${f(r.scores[i]!.ndcg5)} | ${f(r.scores[i]!.recall10)}`).join(' | ')} | ${s.total} |`,
    ),
    `| **mean** (${first.scores.length} queries) | | ${runs.map((r) => `**${f(mean(r.scores.map((s) => s.ndcg5)))}** | **${f(mean(r.scores.map((s) => s.recall10)))}**`).join(' | ')} | |`,
  ];
  console.log(lines.join('\n'));
}

async function main() {
  const wanted = args.databases.split(',');
  const runs: { database: string; scores: QueryScore[] }[] = [];
  if (wanted.includes('pglite'))
    runs.push({ database: 'PGlite', scores: await scoresOn(await openPglite(undefined)) });
  if (wanted.includes('postgres')) {
    const scores = await onPostgres();
    if (scores) runs.push({ database: 'PostgreSQL', scores });
  }
  console.log('## Catalogue relevance\n');
  console.log(
    `${new Date().toISOString()} · judged set: test/fixtures/search-relevance (graded 0-3) · nDCG@5 (gain 2^g − 1) and recall@10 (of min(10, relevant))\n`,
  );
  table(runs);
  for (const r of runs) {
    const weak = r.scores.filter((s) => s.ndcg5 < 0.9);
    if (weak.length > 0)
      console.log(
        `\n${r.database}, queries below 0.9: ${weak.map((s) => `${s.query.q} → ${s.ranked.slice(0, 5).join(', ')}`).join('; ')}`,
      );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
