import { describe, expect, it } from 'vitest';
import type { EvaluationGrid, GridCriterion } from './evaluation-grid';
import { type Scores, scoreSheet } from './evaluation-scoring';

const criterion = (id: string, weight: number, required = true): GridCriterion => ({
  id,
  title: { fr: id, en: id },
  description: { fr: id, en: id },
  weight,
  fiveSafes: ['projects'],
  evidence: { required, kinds: ['link', 'document', 'note'], description: { fr: '', en: '' } },
  levels: [0, 1, 2, 3, 4].map((level) => ({ level, fr: '', en: '' })) as GridCriterion['levels'],
});

const grid: EvaluationGrid = {
  id: 'g',
  version: '1.0.0',
  title: { fr: 'g', en: 'g' },
  description: { fr: 'g', en: 'g' },
  groups: [
    { id: 'a', title: { fr: 'a', en: 'a' }, weight: 3, criteria: [criterion('a1', 1), criterion('a2', 3)] },
    { id: 'b', title: { fr: 'b', en: 'b' }, weight: 1, criteria: [criterion('b1', 1, false)] },
  ],
};

const link = [{ kind: 'link' as const, value: 'https://desk.example/policy' }];

describe('evaluation scores', () => {
  it('weighs criteria within groups and groups overall, on 0–100', () => {
    const scores: Scores = {
      a1: { level: 4, evidence: link },
      a2: { level: 2, evidence: link },
      b1: { level: 0, evidence: [] },
    };
    const sheet = scoreSheet(grid, scores);
    // a: (1×4/4 + 3×2/4) / 4 = 62.5; b: 0; overall (3×62.5 + 0) / 4 = 46.9
    expect(sheet.groups.map((g) => g.score)).toEqual([62.5, 0]);
    expect(sheet.overall).toBe(46.9);
    expect(sheet.coverage).toBeCloseTo(2 / 3, 2);
    expect(sheet.complete).toBe(true);
  });

  it('is incomplete with a missing criterion, missing evidence, or an unjustified override', () => {
    const sheet = scoreSheet(grid, {
      a1: { level: 3, evidence: [] },
      a2: { level: 1, evidence: link, computed: { value: 50, level: 2 } },
    });
    expect(sheet.complete).toBe(false);
    expect(sheet.problems).toEqual([
      { criterion: 'a1', problem: 'evidence required for a level above 0' },
      { criterion: 'a2', problem: 'level 1 differs from the computed level 2: justify it' },
      { criterion: 'b1', problem: 'not scored' },
    ]);
    const justified = scoreSheet(grid, {
      a1: { level: 3, evidence: link },
      a2: {
        level: 1,
        evidence: link,
        computed: { value: 50, level: 2 },
        justification: 'Figures inflated by a test batch.',
      },
      b1: { level: 0, evidence: [] },
    });
    expect(justified.complete).toBe(true);
  });
});
