// Evaluations for the auditor's suites: a desk's evaluation scored on every criterion and submitted with its
// organisation's signature, so an auditor has one to countersign or dispute, and a signed tree head over the
// log.

import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { makeCheckpoint } from '../../src/services/audit-checkpoints';
import type { TestDesk } from '../harness';
import { registeredKey, signedSubmit } from '../support/partner-keys';

const grid = evaluationGrid('phoenix-grid', '1.0.0')!;

export const criteria = grid.groups.flatMap((g) => g.criteria);

function evidenceFor(kinds: string[]) {
  const kind = kinds[0]!;
  if (kind === 'document') return { kind, value: 'a'.repeat(64), label: 'Rapport annuel du guichet (PDF)' };
  if (kind === 'link') return { kind, value: 'https://guichet-pasteur.example.org/politique-acces' };
  return { kind, value: 'Constaté lors de la visite du 12 octobre.' };
}

/** Opens, scores (catalogue completeness left to the desk's figures) and submits an evaluation of a desk. */
export async function submittedEvaluation(
  desk: Pick<TestDesk, 'request' | 'token'>,
  deskId: string,
  period: { from: string; to: string } = { from: '2026-01-01', to: '2027-01-01' },
  level = 3,
): Promise<string> {
  const evaluator = await desk.token('demo-evaluator-evalsante');
  const opened = await desk.request(`/v1/desks/${deskId}/evaluations`, {
    method: 'POST',
    token: evaluator,
    json: { periodFrom: period.from, periodTo: period.to },
  });
  if (opened.status !== 201) throw new Error(`open: ${opened.status} ${await opened.text()}`);
  const { id, version, evaluatorOrganizationId } = (await opened.json()) as {
    id: string;
    version: number;
    evaluatorOrganizationId: string;
  };
  const scores = Object.fromEntries(
    criteria
      .filter((c) => c.metric?.id !== 'catalogue_completeness')
      .map((c) => [c.id, { level, evidence: [evidenceFor(c.evidence.kinds)] }]),
  );
  const scored = await desk.request(`/v1/evaluations/${id}`, {
    method: 'PUT',
    token: evaluator,
    headers: { 'if-match': `"${version}"` },
    json: { scores },
  });
  if (scored.status !== 200) throw new Error(`score: ${scored.status} ${await scored.text()}`);
  // The evaluator's organisation signs with a key of its own, as its client would.
  const key = await registeredKey(desk, evaluator, evaluatorOrganizationId);
  const submitted = await signedSubmit(desk, evaluator, id, key);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  return id;
}

/** A signed tree head over every entry so far. */
export const signTreeHead = (desk: Pick<TestDesk, 'services'>) => makeCheckpoint(desk.services);
