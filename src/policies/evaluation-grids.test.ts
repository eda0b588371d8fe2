import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvaluationGrid, FiveSafe } from '../domain/evaluation-grid';
import validateGrid from '../generated/evaluation-grid.validator.js';
import { evaluationGrid, evaluationGrids, gridInvariantViolations } from './evaluation-grids';

const dir = new URL('../../policies/evaluation/', import.meta.url);
const schema = JSON.parse(
  readFileSync(new URL('../../catalog-schemas/evaluation-grid/1.0.0.schema.json', import.meta.url), 'utf8'),
) as { $defs: { metric: { properties: { id: { enum: string[] } } } } };

const readGrid = (file: string): EvaluationGrid =>
  JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as EvaluationGrid;
const phoenix = (): EvaluationGrid => readGrid('phoenix-grid-1.0.0.json');
const errorsOf = () => JSON.stringify(validateGrid.errors);

describe('evaluation grids', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('every grid file is schema-valid, named <id>-<version>.json and bundled', () => {
    expect(files).toContain('phoenix-grid-1.0.0.json');
    for (const f of files) {
      const grid = readGrid(f);
      expect(validateGrid(grid), `${f}: ${errorsOf()}`).toBe(true);
      expect(f).toBe(`${grid.id}-${grid.version}.json`);
      expect(evaluationGrids().get(`${grid.id}@${grid.version}`)).toEqual(grid);
      expect(evaluationGrid(grid.id, grid.version)).toEqual(grid);
      expect(gridInvariantViolations(grid)).toEqual([]);
    }
    expect(evaluationGrids().size).toBe(files.length);
    expect(evaluationGrid('phoenix-grid', '9.9.9')).toBeUndefined();
  });

  describe.each(files)('%s', (f) => {
    const grid = readGrid(f);
    const criteria = grid.groups.flatMap((g) => g.criteria);

    it('has unique group ids and criterion ids unique across the grid', () => {
      const groupIds = grid.groups.map((g) => g.id);
      expect(new Set(groupIds).size).toBe(groupIds.length);
      const criterionIds = criteria.map((c) => c.id);
      expect(new Set(criterionIds).size).toBe(criterionIds.length);
      for (const id of [...groupIds, ...criterionIds]) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('gives every criterion levels 0..4 exactly once, in order, with distinct text in both languages', () => {
      for (const c of criteria) {
        expect(
          c.levels.map((l) => l.level),
          c.id,
        ).toEqual([0, 1, 2, 3, 4]);
        for (const lang of ['fr', 'en'] as const) {
          const texts = c.levels.map((l) => l[lang].trim());
          expect(new Set(texts).size, `${c.id} ${lang}: identical level descriptors`).toBe(5);
        }
      }
    });

    it('has thresholds strictly monotonic in each metric’s direction', () => {
      const metrics = criteria.flatMap((c) => (c.metric ? [{ id: c.id, metric: c.metric }] : []));
      expect(metrics.length).toBeGreaterThan(0);
      for (const { id, metric } of metrics) {
        const t = metric.thresholds;
        expect(t, id).toHaveLength(4);
        const sorted = [...t].sort((a, b) => (metric.direction === 'higher_is_better' ? a - b : b - a));
        expect(t, `${id} (${metric.direction})`).toEqual(sorted);
        expect(new Set(t).size, `${id}: repeated threshold`).toBe(4);
        expect(schema.$defs.metric.properties.id.enum).toContain(metric.id);
      }
    });

    it('has at least two criteria per group, positive weights and at least one Five Safe per criterion', () => {
      for (const g of grid.groups) {
        expect(g.criteria.length, g.id).toBeGreaterThanOrEqual(2);
        expect(g.weight, g.id).toBeGreaterThan(0);
        for (const c of g.criteria) {
          expect(c.weight, c.id).toBeGreaterThan(0);
          expect(c.fiveSafes.length, c.id).toBeGreaterThanOrEqual(1);
          expect(c.evidence.kinds.length, c.id).toBeGreaterThanOrEqual(1);
        }
      }
    });
  });

  it('the PHOENIX grid covers the required groups, metrics and all Five Safes', () => {
    const grid = phoenix();
    expect(grid.groups.map((g) => g.id)).toEqual([
      'catalogue-visibility',
      'access-efficiency',
      'governance-transparency',
      'legal-ethical-compliance',
      'security-hosting',
      'data-quality',
      'value-sharing',
      'user-satisfaction',
    ]);
    expect(grid.groups.reduce((sum, g) => sum + g.weight, 0)).toBe(100);
    for (const g of grid.groups) expect(g.criteria.length, g.id).toBeLessThanOrEqual(4);

    const byGroup = new Map(grid.groups.map((g) => [g.id, g.criteria.map((c) => c.id)]));
    const expectCriteria = (group: string, ids: string[]) =>
      expect(byGroup.get(group)).toEqual(expect.arrayContaining(ids));
    expectCriteria('governance-transparency', [
      'written-access-policy',
      'committee-independence',
      'published-decisions',
    ]);
    expectCriteria('legal-ethical-compliance', [
      'gdpr-legal-basis',
      'impact-assessment',
      'data-subject-information',
    ]);
    expectCriteria('security-hosting', [
      'hds-certification',
      'secure-processing-environment',
      'pseudonymisation',
    ]);
    expectCriteria('data-quality', ['data-dictionary', 'data-completeness', 'quality-label']);
    expectCriteria('value-sharing', ['pricing-transparency', 'return-to-producers']);

    const metrics = new Map(
      grid.groups.flatMap((g) =>
        g.criteria.flatMap((c) => (c.metric ? [[c.metric.id, { group: g.id, ...c.metric }]] : [])),
      ),
    );
    expect(metrics.get('catalogue_completeness')).toMatchObject({
      group: 'catalogue-visibility',
      direction: 'higher_is_better',
      thresholds: [0.4, 0.6, 0.75, 0.9],
    });
    expect(metrics.get('median_working_days_to_decision')).toMatchObject({
      group: 'access-efficiency',
      direction: 'lower_is_better',
      thresholds: [60, 45, 30, 20],
    });
    expect(metrics.get('share_decided_within_deadline')).toMatchObject({
      group: 'access-efficiency',
      direction: 'higher_is_better',
      thresholds: [0.5, 0.7, 0.85, 0.95],
    });
    expect(metrics.get('median_days_approval_to_first_visa')).toMatchObject({
      group: 'access-efficiency',
      direction: 'lower_is_better',
      thresholds: [30, 14, 7, 2],
    });

    const safes = new Set<FiveSafe>(grid.groups.flatMap((g) => g.criteria.flatMap((c) => c.fiveSafes)));
    expect([...safes].sort()).toEqual(['data', 'outputs', 'people', 'projects', 'settings']);

    const text = JSON.stringify(grid);
    for (const reference of ['EHDS', 'RGPD', 'GDPR', 'MR-001', 'MR-004', 'HDS', 'Five Safes', 'CNIL']) {
      expect(text, reference).toContain(reference);
    }
  });

  describe('the schema rejects', () => {
    it('an extra property, at the root or in a criterion', () => {
      expect(validateGrid({ ...phoenix(), secret: true })).toBe(false);
      const grid = phoenix();
      (grid.groups[0]!.criteria[0]! as unknown as Record<string, unknown>).score = 4;
      expect(validateGrid(grid)).toBe(false);
      expect(errorsOf()).toContain('additionalProperties');
    });

    it('a criterion without fiveSafes, or with an empty or unknown one', () => {
      const missing = phoenix();
      delete (missing.groups[0]!.criteria[0]! as Partial<EvaluationGrid['groups'][0]['criteria'][0]>)
        .fiveSafes;
      expect(validateGrid(missing)).toBe(false);
      expect(errorsOf()).toContain('fiveSafes');

      const empty = phoenix();
      empty.groups[0]!.criteria[0]!.fiveSafes = [];
      expect(validateGrid(empty)).toBe(false);

      const unknown = phoenix();
      (unknown.groups[0]!.criteria[0]!.fiveSafes as string[]) = ['safe-money'];
      expect(validateGrid(unknown)).toBe(false);
    });

    it('levels out of order, missing or six of them', () => {
      const swapped = phoenix();
      const levels = swapped.groups[1]!.criteria[0]!.levels;
      [levels[1], levels[2]] = [levels[2], levels[1]];
      expect(validateGrid(swapped)).toBe(false);

      const four = phoenix();
      (four.groups[1]!.criteria[0]!.levels as unknown[]).pop();
      expect(validateGrid(four)).toBe(false);

      const six = phoenix();
      (six.groups[1]!.criteria[0]!.levels as unknown[]).push({ level: 4, fr: 'x', en: 'x' });
      expect(validateGrid(six)).toBe(false);
    });

    it('a non-positive weight, an unknown metric, three thresholds or a duration scored higher-is-better', () => {
      const zero = phoenix();
      zero.groups[0]!.weight = 0;
      expect(validateGrid(zero)).toBe(false);

      const negative = phoenix();
      negative.groups[0]!.criteria[0]!.weight = -1;
      expect(validateGrid(negative)).toBe(false);

      const metricOf = (g: EvaluationGrid) => g.groups[1]!.criteria[0]!.metric!;
      const unknownMetric = phoenix();
      (metricOf(unknownMetric) as { id: string }).id = 'coffee_per_day';
      expect(validateGrid(unknownMetric)).toBe(false);

      const three = phoenix();
      (metricOf(three).thresholds as number[]).pop();
      expect(validateGrid(three)).toBe(false);

      const wrongDirection = phoenix();
      metricOf(wrongDirection).direction = 'higher_is_better';
      metricOf(wrongDirection).thresholds = [20, 30, 45, 60];
      expect(validateGrid(wrongDirection)).toBe(false);
    });
  });

  it('the loader-side checks catch what the schema cannot', () => {
    const duplicated = phoenix();
    duplicated.groups[1]!.criteria[1]!.id = duplicated.groups[0]!.criteria[0]!.id;
    expect(validateGrid(duplicated)).toBe(true);
    expect(gridInvariantViolations(duplicated)).toEqual(['duplicate criterion id catalogue-publication']);

    const notMonotonic = phoenix();
    notMonotonic.groups[1]!.criteria[0]!.metric!.thresholds = [60, 30, 45, 20];
    expect(validateGrid(notMonotonic)).toBe(true);
    expect(gridInvariantViolations(notMonotonic)).toHaveLength(1);
    expect(gridInvariantViolations(notMonotonic)[0]).toContain('time-to-decision');
  });
});
