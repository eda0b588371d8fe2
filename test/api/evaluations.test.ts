// A partner evaluates a desk against the PHOENIX grid; the evaluator's organisation signs the submitted
// evaluation with its own key, and an auditor of another partner countersigns it with theirs. Each signature
// verifies with the signing organisation's JWK Set; the desk's receipts verify with the desk's.
import { and, eq } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { sha256Hex } from '../../src/domain/canonical-json';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import type { DemoIds } from '../access-fixtures';
import { demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';
import {
  type PartnerKey,
  registeredKey,
  signAs,
  signedCountersign,
  signedSubmit,
} from '../support/partner-keys';

let desk: TestDesk;
let ids: DemoIds;
let evaluator: string;
let evaluatorKey: PartnerKey;

beforeAll(async () => {
  desk = await createTestDesk();
  ids = await demoIds(desk, await desk.seed());
  evaluator = await desk.token('demo-evaluator-evalsante');
  evaluatorKey = await registeredKey(desk, evaluator, ids.orgs.get('evalsante')!);
});
afterAll(() => desk.close());

const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
const evidenceFor = (kinds: string[]) => {
  const kind = kinds[0]!;
  if (kind === 'document') return { kind, value: 'a'.repeat(64), label: 'Rapport annuel du guichet (PDF)' };
  if (kind === 'link') return { kind, value: 'https://guichet-pasteur.example.org/politique-acces' };
  return { kind, value: 'Constaté lors de la visite du 12 octobre.' };
};

/**
 * Scores every criterion with evidence of a kind it accepts. Metric-backed criteria whose figure the desk
 * cannot give yet (no decision in the period) are scored by hand too; the others are left to the figures.
 */
function fullScores(level = 3) {
  return Object.fromEntries(
    grid.groups.flatMap((g) =>
      g.criteria
        .filter((c) => c.metric?.id !== 'catalogue_completeness')
        .map((c) => [c.id, { level, evidence: [evidenceFor(c.evidence.kinds)] }]),
    ),
  );
}

async function open() {
  const res = await desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
    method: 'POST',
    token: evaluator,
    json: { periodFrom: '2026-01-01', periodTo: '2027-01-01' },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number };
}

const put = (id: string, version: number, scores: unknown) =>
  desk.request(`/v1/evaluations/${id}`, {
    method: 'PUT',
    token: evaluator,
    headers: { 'if-match': `"${version}"` },
    json: { scores },
  });

describe('desk evaluations', () => {
  it('refuses to submit an incomplete evaluation, naming each missing criterion', async () => {
    const e = await open();
    const scored = await put(e.id, e.version, { 'written-access-policy': { level: 4, evidence: [] } });
    expect(scored.status).toBe(200);
    const res = await desk.request(`/v1/evaluations/${e.id}/signing-document`, { token: evaluator });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { violations: { pointer: string; message: string }[] };
    expect(problem.violations).toContainEqual({
      pointer: '/scores/written-access-policy',
      message: 'evidence required for a level above 0',
    });
    expect(problem.violations.some((v) => v.message === 'not scored')).toBe(true);
  });

  it('takes a complete evaluation signed by its organisation, fills metric-backed criteria, and a countersignature from another partner', async () => {
    const e = await open();
    expect((await put(e.id, e.version, fullScores())).status).toBe(200);
    const submitted = await signedSubmit(desk, evaluator, e.id, evaluatorKey);
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    const body = (await submitted.json()) as {
      state: string;
      signature: string;
      signedBy: { organizationId: string; kid: string };
      receipt: string;
      scores: Record<string, { computed?: { value: number | null; level: number | null } }>;
      sheet: { overall: number; coverage: number; complete: boolean };
      grid: { hash: string };
    };
    expect(body.state).toBe('submitted');
    expect(body.sheet.complete).toBe(true);
    expect(body.sheet.overall).toBeGreaterThan(0);
    expect(body.grid.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.scores['catalogue-completeness']?.computed?.value).toBeGreaterThan(0);
    const evalsante = ids.orgs.get('evalsante')!;
    expect(body.signedBy).toEqual({ organizationId: evalsante, kid: evaluatorKey.kid });
    // The signature is the organisation's: it verifies with its JWK Set, not with the desk's.
    const orgJwks = async (orgId: string) =>
      createLocalJWKSet(await (await desk.request(`/v1/organizations/${orgId}/jwks`)).json());
    const signedBytes = (await compactVerify(body.signature, await orgJwks(evalsante))).payload;
    const signed = JSON.parse(new TextDecoder().decode(signedBytes)) as {
      evaluation: string;
      figures: { method: string; inputs: { sha256: string; count: number } };
      signedAt: string;
    };
    expect(signed.evaluation).toBe(e.id);
    expect(signed.figures.method).toBe('phoenix-figures/1');
    expect(signed.figures.inputs.sha256).toMatch(/^[0-9a-f]{64}$/);
    const jwks = createLocalJWKSet((await (await desk.request('/.well-known/jwks.json')).json()) as never);
    await expect(compactVerify(body.signature, jwks)).rejects.toThrow();
    // The desk's receipt commits to the signature and the signed document.
    const receipt = await compactVerify(body.receipt, jwks);
    expect(receipt.protectedHeader.typ).toBe('phoenix-receipt+jws');
    const received = JSON.parse(new TextDecoder().decode(receipt.payload)) as Record<string, string>;
    const documentSha = await sha256Hex(new TextDecoder().decode(signedBytes));
    expect(received).toMatchObject({
      evaluation: e.id,
      kind: 'evaluation',
      signature: await sha256Hex(body.signature),
      document: documentSha,
    });
    // So does the audit entry.
    const [entry] = await desk.services.db
      .select({ payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, e.id), eq(auditEvents.action, 'evaluation.submitted')));
    expect(entry!.payload).toMatchObject({
      document: documentSha,
      signature: await sha256Hex(body.signature),
      organizationId: evalsante,
      kid: evaluatorKey.kid,
      overall: body.sheet.overall,
    });

    // Immutable once submitted.
    expect((await put(e.id, 3, fullScores(4))).status).toBe(409);

    // The evaluator's own organisation cannot vouch for it, even when appointed to audit the desk…
    const pasteurAdmin = await desk.token('demo-desk-admin-pasteur');
    const appoint = (orgId: string) =>
      desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/auditors/${orgId}`, {
        method: 'PUT',
        token: pasteurAdmin,
      });
    expect((await appoint(ids.orgs.get('evalsante')!)).status).toBe(201);
    const sameOrg = await desk.request(`/v1/evaluations/${e.id}/countersigning-document`, {
      token: await desk.token('demo-auditor-evalsante'),
    });
    expect(sameOrg.status).toBe(403);
    // Nor can it countersign with a signature of its own.
    const own = await desk.request(`/v1/evaluations/${e.id}/countersign`, {
      method: 'POST',
      token: await desk.token('demo-auditor-evalsante'),
      json: {
        signature: await signAs(evaluatorKey, 'phoenix-countersignature+jws', {
          evaluation: e.id,
          evaluationSignature: await sha256Hex(body.signature),
          auditorOrganization: evalsante,
          countersignedAt: new Date().toISOString(),
        }),
      },
    });
    expect(own.status).toBe(403);
    // …an auditor of another partner can.
    const admin = await desk.token('demo-admin');
    const partner = await desk.request('/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { slug: 'audit-tiers', name: 'Audit Tiers', kind: 'partner' },
    });
    const { id: partnerId } = (await partner.json()) as { id: string };
    await desk.request(`/v1/organizations/${partnerId}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'auditor-tiers', role: 'auditor' },
    });
    const tiers = await desk.token('auditor-tiers');
    const tiersKey = await registeredKey(desk, tiers, partnerId);
    // …once their organisation is appointed to audit the desk: before that, the evaluation is not theirs to see.
    const early = await desk.request(`/v1/evaluations/${e.id}/countersigning-document`, { token: tiers });
    expect(early.status).toBe(404);
    expect((await appoint(partnerId)).status).toBe(201);
    const countersigned = await signedCountersign(desk, tiers, e.id, tiersKey);
    expect(countersigned.status).toBe(200);
    const cs = (await countersigned.json()) as {
      state: string;
      countersignature: string;
      countersignedBy: unknown;
      countersignatureReceipt: string;
    };
    expect(cs.state).toBe('countersigned');
    expect(cs.countersignedBy).toEqual({ organizationId: partnerId, kid: tiersKey.kid });
    const statement = JSON.parse(
      new TextDecoder().decode((await compactVerify(cs.countersignature, await orgJwks(partnerId))).payload),
    ) as Record<string, string>;
    expect(statement).toMatchObject({
      evaluation: e.id,
      evaluationSignature: await sha256Hex(body.signature),
      auditorOrganization: partnerId,
    });
    const csReceipt = JSON.parse(
      new TextDecoder().decode((await compactVerify(cs.countersignatureReceipt, jwks)).payload),
    ) as Record<string, string>;
    expect(csReceipt).toMatchObject({
      kind: 'countersignature',
      signature: await sha256Hex(cs.countersignature),
    });
    const [csEntry] = await desk.services.db
      .select({ payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, e.id), eq(auditEvents.action, 'evaluation.countersigned')));
    expect(csEntry!.payload).toMatchObject({
      signature: await sha256Hex(cs.countersignature),
      evaluationSignature: await sha256Hex(body.signature),
      organizationId: partnerId,
      kid: tiersKey.kid,
    });

    // The public scorecard shows it, with today's figures; the chart is plain SVG with one axis per group.
    const card = (await (
      await desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/scorecard`)
    ).json()) as {
      latest: { evaluationId: string; overall: number };
      trend: unknown[];
      live: { publishedDatasets: number };
    };
    expect(card.latest).toMatchObject({ evaluationId: e.id, overall: body.sheet.overall });
    // The demo's countersigned evaluation of the year before comes first in the trend.
    expect(card.trend).toHaveLength(2);
    expect(card.live.publishedDatasets).toBe(3);
    const chart = await desk.request(`/v1/evaluations/${e.id}/chart.svg?lang=en`, { token: evaluator });
    expect(chart.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await chart.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<line /g)).toHaveLength(grid.groups.length);
    expect(svg).toContain('<title>previous evaluation</title>');
  });

  it('keeps evaluations from those who have nothing to do with them (404) and from non-evaluators (403)', async () => {
    const e = await open();
    expect(
      (await desk.request(`/v1/evaluations/${e.id}`, { token: await desk.token('demo-editor-foch') })).status,
    ).toBe(404);
    const res = await desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
      method: 'POST',
      token: await desk.token('demo-requester-cesp'),
      json: { periodFrom: '2026-01-01', periodTo: '2027-01-01' },
    });
    expect(res.status).toBe(403);
  });
});
