// Evaluations for the auditor's suites: a desk's evaluation scored on every criterion and submitted, so an
// auditor has one to countersign or dispute, and a signed tree head over the log.

import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { makeCheckpoint } from '../../src/services/audit-checkpoints';
import type { TestDesk } from '../harness';
import { type PartnerKey, registeredKey, signedSubmit } from '../support/partner-keys';

const grid = evaluationGrid('phoenix-grid', '1.0.0')!;

export const criteria = grid.groups.flatMap((g) => g.criteria);

function evidenceFor(kinds: string[]) {
  const kind = kinds[0]!;
  if (kind === 'document') return { kind, value: 'a'.repeat(64), label: 'Rapport annuel du guichet (PDF)' };
  if (kind === 'link') return { kind, value: 'https://guichet-pasteur.example.org/politique-acces' };
  return { kind, value: 'Constaté lors de la visite du 12 octobre.' };
}

/** EvalSanté's key on each desk, registered once, as its evaluators' client holds it. */
const evaluatorKeys = new WeakMap<TestDesk, Promise<PartnerKey>>();

function evaluatorKey(desk: TestDesk, token: string): Promise<PartnerKey> {
  let key = evaluatorKeys.get(desk);
  if (!key) {
    key = (async () => {
      const { items } = (await (await desk.request('/v1/organizations')).json()) as {
        items: { id: string; slug: string }[];
      };
      return registeredKey(desk, token, items.find((o) => o.slug === 'evalsante')!.id);
    })();
    evaluatorKeys.set(desk, key);
  }
  return key;
}

/** Opens, scores (catalogue completeness left to the desk's figures) and submits (signed) an evaluation. */
export async function submittedEvaluation(
  desk: TestDesk,
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
  const { id, version } = (await opened.json()) as { id: string; version: number };
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
  const submitted = await signedSubmit(desk, evaluator, id, await evaluatorKey(desk, evaluator));
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  return id;
}

/** A signed tree head over every entry so far. */
export const signTreeHead = (desk: Pick<TestDesk, 'services'>) => makeCheckpoint(desk.services);
