// The command line's words for a harvest: a progress line per page, and the run's report at the end.
import type { HarvestCounts } from '../domain/harvest-report';
import type { HarvestRunView } from '../services/harvest-sources';
import { formatViolations } from '../validation/violation';

const tally = (c: HarvestCounts) =>
  `${c.created} created, ${c.revised} revised, ${c.unchanged} unchanged, ${c.retired} retired, ${c.failed} failed`;

export function progressLine(page: number, counts: HarvestCounts, seconds: number): string {
  const rate = seconds > 0 ? Math.round(counts.records / seconds) : 0;
  return `page ${page}: ${counts.records} records (${tally(counts)}) ${rate} records/s`;
}

export function reportLines(url: string, run: HarvestRunView, seconds: number): string[] {
  const c = run.counts;
  const lines = [
    `${url}: ${run.status}, ${c.pages} pages, ${c.records} records (${tally(c)}) in ${seconds.toFixed(1)} s` +
      (seconds > 0 && c.records > 0 ? `, ${Math.round(c.records / seconds)} records/s` : ''),
  ];
  if (run.failure) lines.push(`stopped: ${run.failure}`);
  for (const e of run.errors) {
    lines.push(`error ${e.iri}: ${e.problem.detail ?? e.problem.title}`);
    if (e.problem.violations?.length)
      lines.push(formatViolations(e.problem.violations).replace(/^/gm, '    '));
  }
  if (c.failed > run.errors.length) lines.push(`… and ${c.failed - run.errors.length} more errors`);
  return lines;
}
