// Efficiency metrics of a desk, computed from its own records, and how a metric value maps to a grid level.
import type { DatasetDescriptor } from './descriptor';
import type { GridLevel, GridMetric } from './evaluation-grid';

/** Nearest-rank percentile (p in 0..1) of the values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

/**
 * HealthDCAT-AP recommended properties a descriptor can fill (beyond the mandatory ones), as checks. A
 * catalogue's completeness is the mean share filled across its published datasets.
 */
const RECOMMENDED: readonly [string, (d: DatasetDescriptor) => boolean][] = [
  ['bilingual title', (d) => !!(d.title.fr && d.title.en)],
  ['bilingual description', (d) => !!(d.description.fr && d.description.en)],
  ['keywords', (d) => (d.keywords?.fr?.length ?? 0) + (d.keywords?.en?.length ?? 0) > 0],
  ['themes', (d) => (d.themes?.length ?? 0) > 0],
  ['contact point', (d) => !!d.contactPoint],
  ['spatial coverage', (d) => (d.spatial?.length ?? 0) > 0],
  ['temporal coverage', (d) => !!d.temporal],
  ['population coverage', (d) => !!d.populationCoverage],
  ['typical ages', (d) => d.minTypicalAge !== undefined && d.maxTypicalAge !== undefined],
  ['number of records', (d) => d.numberOfRecords !== undefined],
  ['number of individuals', (d) => d.numberOfUniqueIndividuals !== undefined],
  ['health categories', (d) => (d.healthCategories?.length ?? 0) > 0],
  ['coding systems', (d) => (d.codingSystems?.length ?? 0) > 0],
  ['personal data', (d) => (d.personalData?.length ?? 0) > 0],
  ['legal basis', (d) => (d.legalBasis?.length ?? 0) > 0],
  ['purpose', (d) => (d.purpose?.length ?? 0) > 0],
  ['HDS hosting', (d) => !!d.hdsHosting],
  ['retention period', (d) => !!d.retentionPeriod],
  ['distributions', (d) => (d.distributions?.length ?? 0) > 0],
  ['data-use conditions (DUO)', (d) => !!d.dataUseConditions],
];

/** How many recommended properties a descriptor's completeness checks. */
export const RECOMMENDED_CHECKS = RECOMMENDED.length;

export function descriptorCompleteness(d: DatasetDescriptor): { share: number; missing: string[] } {
  const missing = RECOMMENDED.filter(([, filled]) => !filled(d)).map(([name]) => name);
  return { share: (RECOMMENDED.length - missing.length) / RECOMMENDED.length, missing };
}

export function catalogueCompleteness(descriptors: readonly DatasetDescriptor[]): number | undefined {
  if (descriptors.length === 0) return undefined;
  return descriptors.reduce((sum, d) => sum + descriptorCompleteness(d).share, 0) / descriptors.length;
}

/**
 * The grid level a metric value reaches: with higher_is_better, how many thresholds it reaches (≥); with
 * lower_is_better, how many it does not exceed (≤). Thresholds bound levels 0|1, 1|2, 2|3, 3|4.
 */
export function levelFor(metric: Pick<GridMetric, 'direction' | 'thresholds'>, value: number): GridLevel {
  const passed = metric.thresholds.filter((t) =>
    metric.direction === 'higher_is_better' ? value >= t : value <= t,
  ).length;
  return passed as GridLevel;
}
