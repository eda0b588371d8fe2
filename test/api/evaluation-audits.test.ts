// Auditors work within their engagements: they read the audit-log entries and evaluations of the desks their
// organisation is appointed to audit, and nothing else; they dispute chosen criteria, the evaluator answers,
// and a new version resolves the dispute.
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';
import {
  disputeDocument,
  registeredKey,
  signAs,
  signedCountersign,
  signedDispute,
  signedSubmit,
} from '../support/partner-keys';

let desk: TestDesk;
let ids: DemoIds;
const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
const criterion = (i: number) => grid.groups.flatMap((g) => g.criteria)[i]!.id;

beforeAll(async () => {
  desk = await createTestDesk();
  ids = await demoIds(desk, await desk.seed());
});
afterAll(() => desk.close());

type Page = { items: { action: string; payload: { deskId?: string } }[]; nextCursor: string | null };

async function readAll(token: string, query = ''): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const res = await desk.request(`/v1/audit/events?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('audit engagements', () => {
  it('limits an auditor to the audit log of the desks they audit (404 for the others)', async () => {
    const pasteur = ids.desks.get('guichet-pasteur')!;
    const foch = ids.desks.get('guichet-foch')!;
    // The demo appoints Audit Numérique Santé to the Pasteur desk and ÉvalSanté to the Foch desk.
    const listed = (await (await desk.request(`/v1/desks/${pasteur}/auditors`)).json()) as {
      items: { slug: string }[];
    };
    expect(listed.items.map((a) => a.slug)).toEqual(['audit-numerique-sante']);

    const auditnum = await desk.token('demo-auditor-auditnum');
    const seen = await readAll(auditnum);
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen.map((e) => e.payload.deskId))).toEqual(new Set([pasteur]));
    expect(seen.map((e) => e.action)).toContain('evaluation.countersigned');
    // The platform admin sees entries of other desks, and entries of no desk (organisations, users).
    const everything = await readAll(await desk.token('demo-admin'));
    expect(everything.some((e) => e.payload.deskId === foch)).toBe(true);
    expect(everything.some((e) => e.payload.deskId === undefined)).toBe(true);
    expect(everything.filter((e) => e.payload.deskId === pasteur)).toHaveLength(seen.length);

    expect((await desk.request(`/v1/audit/events?deskId=${foch}`, { token: auditnum })).status).toBe(404);
    const filtered = await readAll(auditnum, `&deskId=${pasteur}&action=dataset.published`);
    expect(filtered).toHaveLength(3);
    // ÉvalSanté's auditor sees Foch's entries only; a reviewer is no auditor at all.
    const evalsante = await readAll(await desk.token('demo-auditor-evalsante'));
    expect(new Set(evalsante.map((e) => e.payload.deskId))).toEqual(new Set([foch]));
    expect(
      (await desk.request('/v1/audit/events', { token: await desk.token('demo-reviewer-pasteur') })).status,
    ).toBe(403);
  });

  it('filters an auditor’s audit log by instants: at or after `from`, before `to`', async () => {
    const pasteur = ids.desks.get('guichet-pasteur')!;
    const auditnum = await desk.token('demo-auditor-auditnum');
    const read = async (query: string) => {
      const res = await desk.request(`/v1/audit/events?limit=100&deskId=${pasteur}${query}`, {
        token: auditnum,
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { seq: number; at: string }[] }).items;
    };
    const all = await read('');
    const middle = all[Math.floor(all.length / 2)]!;
    const instant = encodeURIComponent(middle.at);
    const after = await read(`&from=${instant}`);
    const before = await read(`&to=${instant}`);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.at >= middle.at)).toBe(true);
    expect(before.every((e) => e.at < middle.at)).toBe(true);
    expect(after.length + before.length).toBe(all.length);
    // The same instant with another offset is the same instant.
    const paris = new Date(new Date(middle.at).getTime()).toISOString().replace('Z', '+00:00');
    expect(await read(`&from=${encodeURIComponent(paris)}`)).toEqual(after);
    const bad = await desk.request(`/v1/audit/events?from=yesterday`, { token: auditnum });
    expect(bad.status).toBe(400);
  });

  it('lets only the desk’s admins appoint partner organisations, each once', async () => {
    const foch = ids.desks.get('guichet-foch')!;
    const url = (org: string) => `/v1/desks/${foch}/auditors/${ids.orgs.get(org)}`;
    const pasteurAdmin = await desk.token('demo-desk-admin-pasteur');
    expect(
      (await desk.request(url('audit-numerique-sante'), { method: 'PUT', token: pasteurAdmin })).status,
    ).toBe(403);
    const fochAdmin = await desk.token('demo-desk-admin-foch');
    const research = await desk.request(url('equipe-cesp'), { method: 'PUT', token: fochAdmin });
    expect(research.status).toBe(400);
    expect(((await research.json()) as { violations: { pointer: string }[] }).violations[0]!.pointer).toBe(
      '/organizationId',
    );
    expect((await desk.request(url('evalsante'), { method: 'PUT', token: fochAdmin })).status).toBe(409);
    expect(
      (await desk.request(url('audit-numerique-sante'), { method: 'PUT', token: fochAdmin })).status,
    ).toBe(201);
    expect(
      (await desk.request(url('audit-numerique-sante'), { method: 'DELETE', token: fochAdmin })).status,
    ).toBe(204);
    expect(
      (await desk.request(url('audit-numerique-sante'), { method: 'DELETE', token: fochAdmin })).status,
    ).toBe(404);
  });
});

describe('disputes', () => {
  it('goes from a dispute to an answer to a new, signed version that resolves it', async () => {
    const pasteur = ids.desks.get('guichet-pasteur')!;
    const evaluator = await desk.token('demo-evaluator-evalsante');
    const auditor = await desk.token('demo-auditor-auditnum');
    const auditnum = ids.orgs.get('audit-numerique-sante')!;
    const evaluatorKey = await registeredKey(desk, evaluator, ids.orgs.get('evalsante')!);
    const auditorKey = await registeredKey(desk, auditor, auditnum);
    // The demo's countersigned evaluation cannot be disputed; a fresh submitted one can.
    const scorecard = (await (await desk.request(`/v1/desks/${pasteur}/scorecard`)).json()) as {
      latest: { evaluationId: string };
    };
    const demoEvaluation = scorecard.latest.evaluationId;
    const late = await signedDispute(desk, auditor, demoEvaluation, auditorKey, auditnum, [
      { criterion: criterion(0), comment: 'too late' },
    ]);
    expect(late.status).toBe(409);

    const opened = await desk.request(`/v1/desks/${pasteur}/evaluations`, {
      method: 'POST',
      token: evaluator,
      json: { periodFrom: '2026-01-01', periodTo: '2027-01-01' },
    });
    const first = (await opened.json()) as { id: string; version: number };
    const history0 = (await (
      await desk.request(`/v1/evaluations/${demoEvaluation}/history`, { token: auditor })
    ).json()) as { items: unknown[] };
    expect(history0.items).toHaveLength(1);
    // Copy the demo's scores (complete, with evidence), then submit.
    const demo = (await (
      await desk.request(`/v1/evaluations/${demoEvaluation}`, { token: evaluator })
    ).json()) as { scores: Record<string, { level: number; evidence: unknown[] }> };
    const scores = Object.fromEntries(
      Object.entries(demo.scores).map(([k, v]) => [k, { level: v.level, evidence: v.evidence }]),
    );
    expect(
      (
        await desk.request(`/v1/evaluations/${first.id}`, {
          method: 'PUT',
          token: evaluator,
          headers: { 'if-match': `"${first.version}"` },
          json: { scores },
        })
      ).status,
    ).toBe(200);
    const submitted = await signedSubmit(desk, evaluator, first.id, evaluatorKey);
    expect(submitted.status).toBe(200);

    // Bad disputes change nothing: unknown or repeated criteria, the evaluator, and an auditor of the
    // evaluating organisation (who sees the evaluation as one of its own, but may not judge it).
    const dispute = async (token: string, criteria: { criterion: string; comment: string }[]) =>
      desk.request(`/v1/evaluations/${first.id}/dispute`, {
        method: 'POST',
        token,
        json: {
          criteria,
          signature: await signAs(
            auditorKey,
            'phoenix-dispute+jws',
            await disputeDocument(desk, auditor, first.id, auditnum, criteria),
          ),
        },
      });
    const unknown = await dispute(auditor, [{ criterion: 'no-such-criterion', comment: 'x' }]);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { violations: { pointer: string }[] }).violations[0]!.pointer).toBe(
      '/criteria/0/criterion',
    );
    const twice = [
      { criterion: criterion(1), comment: 'a' },
      { criterion: criterion(1), comment: 'b' },
    ];
    expect((await dispute(auditor, twice)).status).toBe(400);
    expect((await dispute(evaluator, [{ criterion: criterion(1), comment: 'mine' }])).status).toBe(403);
    expect(
      (await dispute(await desk.token('demo-auditor-evalsante'), [{ criterion: criterion(1), comment: 'x' }]))
        .status,
    ).toBe(403);

    const objections = [
      { criterion: criterion(1), comment: 'The policy document linked is a draft, not the adopted one.' },
      { criterion: criterion(2), comment: 'No minutes show the committee’s composition for the period.' },
    ];
    const disputed = await dispute(auditor, objections);
    expect(disputed.status).toBe(201);
    expect((await dispute(auditor, objections)).status).toBe(409);
    // A disputed evaluation is neither countersigned nor revised before it is answered.
    const countersignDisputed = await desk.request(`/v1/evaluations/${first.id}/countersigning-document`, {
      token: auditor,
    });
    expect(countersignDisputed.status).toBe(409);
    const revise = () =>
      desk.request(`/v1/evaluations/${first.id}/revisions`, { method: 'POST', token: evaluator });
    expect((await revise()).status).toBe(409);

    // The evaluator answers every disputed criterion, and only those.
    const answer = (json: unknown) =>
      desk.request(`/v1/evaluations/${first.id}/dispute/answer`, { method: 'POST', token: evaluator, json });
    const partial = await answer({
      answer: [{ criterion: criterion(1), comment: 'Adopted version linked.' }],
    });
    expect(partial.status).toBe(400);
    expect(await partial.text()).toContain(criterion(2));
    expect(
      (
        await desk.request(`/v1/evaluations/${first.id}/dispute/answer`, {
          method: 'POST',
          token: auditor,
          json: { answer: objections },
        })
      ).status,
    ).toBe(403);
    const answered = await answer({
      answer: [
        { criterion: criterion(1), comment: 'The adopted version is now linked; level unchanged.' },
        { criterion: criterion(2), comment: 'Agreed: level lowered to 1 until minutes are published.' },
      ],
    });
    expect(answered.status).toBe(200);

    // The new version: a draft with the same scores, changed as answered, then submitted and signed.
    const revised = await revise();
    expect(revised.status).toBe(201);
    const second = (await revised.json()) as {
      id: string;
      version: number;
      supersedes: string;
      state: string;
    };
    expect(second).toMatchObject({ supersedes: first.id, state: 'draft' });
    expect((await revise()).status).toBe(409);
    const lowered = { ...scores, [criterion(2)]: { ...scores[criterion(2)]!, level: 1 } };
    expect(
      (
        await desk.request(`/v1/evaluations/${second.id}`, {
          method: 'PUT',
          token: evaluator,
          headers: { 'if-match': `"${second.version}"` },
          json: { scores: lowered },
        })
      ).status,
    ).toBe(200);
    const resubmitted = await signedSubmit(desk, evaluator, second.id, evaluatorKey);
    expect(resubmitted.status).toBe(200);
    const signed = (await resubmitted.json()) as { signature: string };
    const jwks = createLocalJWKSet(
      await (await desk.request(`/v1/organizations/${ids.orgs.get('evalsante')}/jwks`)).json(),
    );
    const doc = JSON.parse(
      new TextDecoder().decode((await compactVerify(signed.signature, jwks)).payload),
    ) as {
      supersedes: string;
    };
    expect(doc.supersedes).toBe(first.id);

    // The dispute is resolved by the new version; the old one is superseded; history shows both.
    const resolved = (await (
      await desk.request(`/v1/evaluations/${first.id}/dispute`, { token: auditor })
    ).json()) as { resolvedBy: string; answer: unknown[] };
    expect(resolved.resolvedBy).toBe(second.id);
    expect(resolved.answer).toHaveLength(2);
    const history = (await (
      await desk.request(`/v1/evaluations/${second.id}/history`, { token: auditor })
    ).json()) as { items: { version: { id: string; state: string }; dispute: unknown }[] };
    expect(history.items.map((h) => [h.version.id, h.version.state])).toEqual([
      [first.id, 'superseded'],
      [second.id, 'submitted'],
    ]);
    expect(history.items[0]!.dispute).not.toBeNull();
    // The auditor now countersigns the new version.
    expect((await signedCountersign(desk, auditor, second.id, auditorKey)).status).toBe(200);
    const trail = await readAll(auditor, `&action=evaluation.dispute_resolved`);
    expect(trail).toHaveLength(1);
  });
});
