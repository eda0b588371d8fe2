// `npm run lighthouse`: Lighthouse's performance, accessibility and best-practices scores for the console's
// home, catalogue search and dataset pages, with Debian's Chromium, against the embedded default with the
// demo cast (temporary data folder, free port). Prints the scores and writes them into the "Lighthouse"
// section of docs/benchmarks.md (between its markers, so a rerun replaces it). A page that is not built yet
// (404) is reported as such, not scored. Lighthouse's default settings: a mobile device, simulated throttling.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Lighthouse's own launcher (a dependency of lighthouse 12.2.3).
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ROOT, startDemoDesk } from './desk-processes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BENCHMARKS = join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- lighthouse:start -->';
const END = '<!-- lighthouse:end -->';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

interface Target {
  name: string;
  /** `{dataset}` stands for a published demo dataset's id. */
  path: string;
}

const TARGETS: Target[] = [
  { name: 'home', path: '/fr' },
  { name: 'catalogue search', path: '/fr/datasets?q=cancer' },
  { name: 'dataset page', path: '/fr/datasets/{dataset}' },
];

interface Row {
  name: string;
  path: string;
  /** Scores out of 100 by category, or why there are none. */
  scores: Record<string, number | null> | string;
}

async function main() {
  console.log('lighthouse: starting the embedded desk with the demo cast…');
  const desk = await startDemoDesk();
  const rows: Row[] = [];
  let chrome: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    const found = (await (await fetch(`${desk.base}/v1/datasets?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const dataset = found.items[0]?.id ?? 'none';
    chrome = await launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
      logLevel: 'error',
    });
    for (const target of TARGETS) {
      const path = target.path.replace('{dataset}', dataset);
      const status = (await fetch(`${desk.base}${path}`, { redirect: 'manual' })).status;
      if (status !== 200) {
        const why = status === 404 ? 'not built yet (404)' : `answered ${status}`;
        console.warn(`lighthouse: warning: ${target.name}: ${path} ${why}, not scored`);
        rows.push({ name: target.name, path: target.path, scores: why });
        continue;
      }
      const result = await lighthouse(`${desk.base}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      const lhr = result?.lhr;
      if (!lhr || lhr.runtimeError) {
        const why = `Lighthouse failed: ${lhr?.runtimeError?.message ?? 'no result'}`;
        console.warn(`lighthouse: warning: ${target.name}: ${why}`);
        rows.push({ name: target.name, path: target.path, scores: why });
        continue;
      }
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => {
          const score = lhr.categories[c]?.score;
          return [c, typeof score === 'number' ? Math.round(score * 100) : null];
        }),
      );
      rows.push({ name: target.name, path: target.path, scores });
      console.log(
        `lighthouse: ${target.name.padEnd(16)} ${CATEGORIES.map((c) => `${c} ${scores[c] ?? '–'}`).join('  ')}`,
      );
    }
    const version = (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as {
      Browser?: string;
    };
    writeSection(rows, version.Browser ?? 'Chromium');
  } finally {
    chrome?.kill();
    await desk.stop();
  }
}

function writeSection(rows: Row[], browser: string) {
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
  const lines = [
    START,
    '## Lighthouse (console pages)',
    '',
    "`npm run lighthouse` scores the console's pages with Lighthouse 12.2.3 (its default settings: a mobile",
    `device, simulated throttling) in ${browser}, against the embedded default with the demo cast on this`,
    `machine. Figures of ${new Date().toISOString().slice(0, 10)}; a page not built yet is listed, not scored.`,
    '',
    '| page | path | performance | accessibility | best practices |',
    '| ---- | ---- | ----------: | ------------: | -------------: |',
    ...rows.map((r) =>
      typeof r.scores === 'string'
        ? `| ${r.name} | \`${r.path}\` | ${r.scores} | | |`
        : `| ${r.name} | \`${r.path}\` | ${CATEGORIES.map((c) => cell((r.scores as Record<string, number | null>)[c])).join(' | ')} |`,
    ),
    END,
  ].join('\n');
  const text = readFileSync(BENCHMARKS, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${lines}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${lines}\n`;
  writeFileSync(BENCHMARKS, next);
  // The project's formatter aligns Markdown tables; `npm run lint` would refuse the file otherwise.
  execFileSync('npx', ['biome', 'format', '--write', BENCHMARKS], { cwd: ROOT, stdio: 'ignore' });
  console.log('lighthouse: docs/benchmarks.md updated (section "Lighthouse (console pages)")');
}

main().catch((e) => {
  console.error(`lighthouse: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
