// An organisation's evaluations, listed for its members: the same evaluations GET /v1/evaluations/{id} shows
// them, every version, drafts included; nothing of another organisation's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
});
afterAll(() => desk?.close());

type Listed = { items: { id: string; state: string; deskId: string; evaluatorOrganizationId: string }[] };

const list = async (subject: string) => {
  const res = await desk.request('/v1/evaluations', { token: await desk.token(subject) });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
};

describe('listing evaluations', () => {
  it('gives the evaluating organisation’s members its evaluations, newest first, and nobody else', async () => {
    const evaluator = await desk.token('demo-evaluator-evalsante');
    const before = await list('demo-evaluator-evalsante');
    // The demo's countersigned evaluation of the Pasteur desk.
    expect(before.items.map((e) => e.state)).toEqual(['countersigned']);
    const opened = await desk.request(`/v1/desks/${ids.desks.get('guichet-foch')}/evaluations`, {
      method: 'POST',
      token: evaluator,
      json: { periodFrom: '2026-01-01', periodTo: '2027-01-01' },
    });
    const { id } = (await opened.json()) as { id: string };
    const after = await list('demo-evaluator-evalsante');
    expect(after.items.map((e) => [e.id, e.state])).toEqual([
      [id, 'draft'],
      [before.items[0]!.id, 'countersigned'],
    ]);
    expect(new Set(after.items.map((e) => e.evaluatorOrganizationId))).toEqual(
      new Set([ids.orgs.get('evalsante')]),
    );
    // A colleague of the same organisation reads them as GET /v1/evaluations/{id} lets them…
    expect((await list('demo-auditor-evalsante')).items.map((e) => e.id)).toEqual(
      after.items.map((e) => e.id),
    );
    // …another partner's auditor, a desk admin and a research team list none.
    for (const other of ['demo-auditor-auditnum', 'demo-desk-admin-foch', 'demo-requester-cesp'])
      expect((await list(other)).items, other).toEqual([]);
    expect((await desk.request('/v1/evaluations')).status).toBe(401);
  });
});
