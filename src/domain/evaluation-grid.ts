// Evaluation grids as data: the weighted criteria desks are scored against, in the shape of
// catalog-schemas/evaluation-grid/1.0.0.schema.json. Types only; the grids themselves live in policies/evaluation/.

export interface LocalizedText {
  fr: string;
  en: string;
}

/** The Five Safes framework: safe people, projects, settings, data and outputs. */
export type FiveSafe = 'people' | 'projects' | 'settings' | 'data' | 'outputs';

export type EvidenceKind = 'link' | 'document' | 'note';

/** 0 = absent, 1 = initial, 2 = partial, 3 = established, 4 = exemplary. */
export type GridLevel = 0 | 1 | 2 | 3 | 4;

export type MetricId =
  | 'median_working_days_to_decision'
  | 'p90_working_days_to_decision'
  | 'share_decided_within_deadline'
  | 'approval_rate'
  | 'applications_count'
  | 'catalogue_completeness'
  | 'median_days_approval_to_first_visa';

export type MetricDirection = 'lower_is_better' | 'higher_is_better';

/**
 * A measure the desk computes from its records and that proposes a level. With higher_is_better the level is
 * the number of thresholds the value reaches (value >= t); with lower_is_better the number it does not exceed
 * (value <= t). Thresholds are the boundaries 0|1, 1|2, 2|3, 3|4, strictly monotonic in the direction.
 */
export interface GridMetric {
  id: MetricId;
  unit: string;
  direction: MetricDirection;
  thresholds: [number, number, number, number];
}

export interface LevelDescriptor {
  level: GridLevel;
  fr: string;
  en: string;
}

export interface GridEvidence {
  /** When true, a level above 0 needs at least one piece of evidence. */
  required: boolean;
  kinds: EvidenceKind[];
  description: LocalizedText;
}

export interface GridCriterion {
  /** Kebab-case, unique across the whole grid. */
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  /** Relative to the other criteria of the group; > 0. */
  weight: number;
  fiveSafes: FiveSafe[];
  evidence: GridEvidence;
  /** Levels 0 to 4, in order. */
  levels: [LevelDescriptor, LevelDescriptor, LevelDescriptor, LevelDescriptor, LevelDescriptor];
  metric?: GridMetric;
}

export interface GridGroup {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** Relative to the other groups of the grid; > 0. */
  weight: number;
  criteria: GridCriterion[];
}

export interface EvaluationGrid {
  id: string;
  /** Semantic version; scores are comparable only within one version. */
  version: string;
  title: LocalizedText;
  description: LocalizedText;
  groups: GridGroup[];
}
