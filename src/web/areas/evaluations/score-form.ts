// The scoring form as data: fields named by the JSON pointer they edit (`/scores/<criterion>/level`,
// `/scores/<criterion>/evidence/<i>/value`…), read back into the scores the service takes, with the checks
// the API's schema makes, worded for people and aimed at their fields.
import type { EvaluationGrid, GridCriterion, GridLevel } from '../../../domain/evaluation-grid';
import type { CriterionScore, Evidence, Scores } from '../../../domain/evaluation-scoring';
import type { Violation } from '../../../validation/violation';
import type { Lang } from '../../i18n';
import { messages } from './messages';

export interface EvidenceEntry {
  kind: string;
  value: string;
  label: string;
}

export interface CriterionEntry {
  level: string;
  evidence: EvidenceEntry[];
  justification: string;
}

export type ScoreForm = Record<string, CriterionEntry>;

const criteriaOf = (grid: EvaluationGrid): GridCriterion[] => grid.groups.flatMap((g) => g.criteria);

/** The form as the scores stand, metric-backed criteria not scored yet preselected at their proposed level. */
export function formFromScores(
  grid: EvaluationGrid,
  scores: Scores,
  proposed: Map<string, GridLevel | null>,
): ScoreForm {
  const form: ScoreForm = {};
  for (const c of criteriaOf(grid)) {
    const s = scores[c.id];
    const computed = proposed.get(c.id);
    form[c.id] = {
      level: s ? String(s.level) : computed != null ? String(computed) : '',
      evidence: (s?.evidence ?? []).map((e) => ({ kind: e.kind, value: e.value, label: e.label ?? '' })),
      justification: s?.justification ?? '',
    };
  }
  return form;
}

type Body = Record<string, unknown>;

const text = (body: Body, name: string): string => {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};

/** The form as posted: every criterion of the grid, evidence rows in index order, blank rows dropped. */
export function formFromBody(grid: EvaluationGrid, body: Body): ScoreForm {
  const form: ScoreForm = {};
  for (const c of criteriaOf(grid)) {
    const base = `/scores/${c.id}`;
    const indexes = new Set<number>();
    for (const key of Object.keys(body)) {
      const m = /^\/evidence\/(\d{1,3})\/(kind|value|label)$/.exec(key.slice(base.length));
      if (key.startsWith(`${base}/`) && m) indexes.add(Number(m[1]));
    }
    const evidence = [...indexes]
      .sort((a, b) => a - b)
      .map((i) => ({
        kind: text(body, `${base}/evidence/${i}/kind`),
        value: text(body, `${base}/evidence/${i}/value`).trim(),
        label: text(body, `${base}/evidence/${i}/label`).trim(),
      }))
      .filter((e) => e.value !== '' || e.label !== '');
    form[c.id] = {
      level: text(body, `${base}/level`),
      evidence,
      justification: text(body, `${base}/justification`).trim(),
    };
  }
  return form;
}

/** The scores a form stands for, or the violations keeping it from the service (pointers to its fields). */
export function scoresFromForm(
  grid: EvaluationGrid,
  form: ScoreForm,
  lang: Lang,
): { scores: Scores; violations: Violation[] } {
  const t = messages[lang];
  const scores: Scores = {};
  const violations: Violation[] = [];
  for (const c of criteriaOf(grid)) {
    const entry = form[c.id];
    if (!entry) continue;
    const base = `/scores/${c.id}`;
    if (entry.level === '') {
      if (entry.evidence.length > 0 || entry.justification !== '')
        violations.push({ pointer: `${base}/level`, message: t.levelMissing });
      continue;
    }
    if (!/^[0-4]$/.test(entry.level)) {
      violations.push({ pointer: `${base}/level`, message: t.levelInvalid });
      continue;
    }
    if (entry.evidence.length > 20)
      violations.push({ pointer: `${base}/evidence`, message: t.tooManyEvidence });
    const evidence: Evidence[] = [];
    entry.evidence.forEach((e, i) => {
      const at = `${base}/evidence/${i}`;
      const before = violations.length;
      if (!(c.evidence.kinds as string[]).includes(e.kind))
        violations.push({ pointer: `${at}/kind`, message: t.kindInvalid });
      if (e.value === '') violations.push({ pointer: `${at}/value`, message: t.valueRequired });
      else if (e.value.length > 4000) violations.push({ pointer: `${at}/value`, message: t.valueTooLong });
      else if (e.kind === 'link' && !/^https?:\/\/\S+$/.test(e.value))
        violations.push({ pointer: `${at}/value`, message: t.linkInvalid });
      else if (e.kind === 'document' && !/^[0-9a-f]{64}$/.test(e.value))
        violations.push({ pointer: `${at}/value`, message: t.documentInvalid });
      if (e.label.length > 300) violations.push({ pointer: `${at}/label`, message: t.labelTooLong });
      if (violations.length === before)
        evidence.push({
          kind: e.kind as Evidence['kind'],
          value: e.value,
          ...(e.label ? { label: e.label } : {}),
        });
    });
    if (entry.justification.length > 4000)
      violations.push({ pointer: `${base}/justification`, message: t.justificationTooLong });
    const score: CriterionScore = {
      level: Number(entry.level) as GridLevel,
      evidence,
      ...(entry.justification ? { justification: entry.justification } : {}),
    };
    scores[c.id] = score;
  }
  return { scores, violations };
}

/** A problem of the score sheet (`not scored`, `evidence required…`) in the page's words. */
export function problemInWords(lang: Lang, problem: string): string {
  const t = messages[lang];
  if (problem === 'not scored') return t.noteNotScored;
  if (problem.startsWith('evidence required')) return t.noteEvidenceRequired;
  if (problem.startsWith('evidence of kind')) return t.noteKindRefused;
  if (problem.includes('justify')) return t.noteJustify;
  return problem;
}
