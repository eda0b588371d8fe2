// The evaluation grids shipped in policies/evaluation/, bundled as JSON (Workers have no file system) and
// checked against catalog-schemas/evaluation-grid/1.0.0 when first used, together with the rules JSON Schema
// cannot express (criterion ids unique across the grid, thresholds monotonic in the metric's direction).
import phoenixGrid100 from '../../policies/evaluation/phoenix-grid-1.0.0.json';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import type { EvaluationGrid } from '../domain/evaluation-grid';
import validateGrid from '../generated/evaluation-grid.validator.js';

export type {
  EvaluationGrid,
  GridCriterion,
  GridGroup,
  GridMetric,
  MetricId,
} from '../domain/evaluation-grid';

const BUNDLED: unknown[] = [phoenixGrid100];

let registry: Map<string, EvaluationGrid> | undefined;

/** `${id}@${version}`, the key of a grid in evaluationGrids(). */
export function gridKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/**
 * What is wrong with a schema-valid grid beyond what the schema checks: duplicate group or criterion ids,
 * levels out of order, thresholds that are not strictly monotonic in the metric's direction. Empty when sound.
 */
export function gridInvariantViolations(grid: EvaluationGrid): string[] {
  const problems: string[] = [];
  const groupIds = new Set<string>();
  const criterionIds = new Set<string>();
  for (const group of grid.groups) {
    if (groupIds.has(group.id)) problems.push(`duplicate group id ${group.id}`);
    groupIds.add(group.id);
    for (const criterion of group.criteria) {
      if (criterionIds.has(criterion.id)) problems.push(`duplicate criterion id ${criterion.id}`);
      criterionIds.add(criterion.id);
      criterion.levels.forEach((descriptor, index) => {
        if (descriptor.level !== index) {
          problems.push(`${criterion.id}: levels[${index}] is level ${descriptor.level}, expected ${index}`);
        }
      });
      const metric = criterion.metric;
      if (metric) {
        const t = metric.thresholds;
        for (let i = 1; i < t.length; i++) {
          const previous = t[i - 1]!;
          const current = t[i]!;
          const ok = metric.direction === 'higher_is_better' ? current > previous : current < previous;
          if (!ok) {
            problems.push(
              `${criterion.id}: thresholds [${t.join(', ')}] are not strictly ${metric.direction}`,
            );
            break;
          }
        }
      }
    }
  }
  return problems;
}

/** Every bundled grid by `${id}@${version}`; an invalid one stops the service rather than being half-applied. */
export function evaluationGrids(): Map<string, EvaluationGrid> {
  if (registry) return registry;
  const map = new Map<string, EvaluationGrid>();
  for (const raw of BUNDLED) {
    const label = `${(raw as { id?: string }).id ?? '?'}@${(raw as { version?: string }).version ?? '?'}`;
    if (!validateGrid(raw)) {
      const errors = (validateGrid.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message}`)
        .join('; ');
      throw new Error(`invalid evaluation grid ${label}: ${errors}`);
    }
    const grid = raw as EvaluationGrid;
    const problems = gridInvariantViolations(grid);
    if (problems.length > 0) throw new Error(`invalid evaluation grid ${label}: ${problems.join('; ')}`);
    const key = gridKey(grid.id, grid.version);
    if (map.has(key)) throw new Error(`evaluation grid ${key} is bundled twice`);
    map.set(key, grid);
  }
  registry = map;
  return map;
}

export function evaluationGrid(id: string, version: string): EvaluationGrid | undefined {
  return evaluationGrids().get(gridKey(id, version));
}

/** A grid as published: its key, the document exactly as bundled, and the SHA-256 of its canonical JSON. */
export interface GridDocument {
  id: string;
  document: EvaluationGrid;
  sha256: string;
}

/** The grid published under `${id}@${version}`; its sha256 is what evaluations record as the grid's hash. */
export async function gridDocument(key: string): Promise<GridDocument | undefined> {
  const grid = evaluationGrids().get(key);
  return grid ? { id: key, document: grid, sha256: await sha256Hex(canonicalJson(grid)) } : undefined;
}

/** Every bundled grid, in key order. */
export async function gridDocuments(): Promise<GridDocument[]> {
  const keys = [...evaluationGrids().keys()].sort();
  return Promise.all(keys.map(async (k) => (await gridDocument(k))!));
}
