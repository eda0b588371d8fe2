// Scores of an evaluation against a grid: per criterion, per group and overall (0–100, weighted), coverage,
// and what keeps an evaluation from being complete.
import type { EvaluationGrid, GridLevel } from './evaluation-grid';

export interface Evidence {
  kind: 'link' | 'document' | 'note';
  /** URL for a link; a document's SHA-256 (hex) for a document; the text for a note. */
  value: string;
  label?: string | undefined;
}

export interface CriterionScore {
  level: GridLevel;
  evidence: Evidence[];
  /** Required when the level differs from the one computed from the desk's own figures. */
  justification?: string | undefined;
  /** Filled by the service for metric-backed criteria: the figure and the level it gives. */
  computed?: { value: number | null; level: GridLevel | null } | undefined;
}

export type Scores = Record<string, CriterionScore>;

export interface ScoreSheet {
  overall: number;
  coverage: number;
  groups: { id: string; score: number; scored: number; criteria: number }[];
  complete: boolean;
  problems: { criterion: string; problem: string }[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function scoreSheet(grid: EvaluationGrid, scores: Scores): ScoreSheet {
  const problems: ScoreSheet['problems'] = [];
  let weightedTotal = 0;
  let groupWeights = 0;
  let withEvidence = 0;
  let criteriaCount = 0;
  const groups = grid.groups.map((g) => {
    let sum = 0;
    let scored = 0;
    for (const c of g.criteria) {
      criteriaCount++;
      const s = scores[c.id];
      if (!s) {
        problems.push({ criterion: c.id, problem: 'not scored' });
        continue;
      }
      scored++;
      if (s.evidence.length > 0) withEvidence++;
      if (c.evidence.required && s.level > 0 && s.evidence.length === 0) {
        problems.push({ criterion: c.id, problem: 'evidence required for a level above 0' });
      }
      const allowed = c.evidence.kinds;
      for (const e of s.evidence) {
        if (!allowed.includes(e.kind))
          problems.push({ criterion: c.id, problem: `evidence of kind ${e.kind} is not accepted here` });
      }
      if (s.computed?.level != null && s.computed.level !== s.level && !s.justification) {
        problems.push({
          criterion: c.id,
          problem: `level ${s.level} differs from the computed level ${s.computed.level}: justify it`,
        });
      }
      sum += (s.level / 4) * c.weight;
    }
    const allWeights = g.criteria.reduce((n, c) => n + c.weight, 0);
    // Unscored criteria count as 0, so an incomplete evaluation can never look better than it is.
    const score = allWeights ? (sum / allWeights) * 100 : 0;
    weightedTotal += score * g.weight;
    groupWeights += g.weight;
    return { id: g.id, score: round1(score), scored, criteria: g.criteria.length };
  });
  return {
    overall: round1(groupWeights ? weightedTotal / groupWeights : 0),
    coverage: criteriaCount ? round1((withEvidence / criteriaCount) * 100) / 100 : 0,
    groups,
    complete: problems.length === 0,
    problems,
  };
}
