// An application from draft to signed visa, and the rules on the way.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { application, type DemoIds, demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;
let ids: DemoIds;
const tokens: Record<string, string> = {};

// A desk per test: each application, vote and revocation stays in the test that made it.
beforeEach(async () => {
  desk = await createTestDesk();
  ids = await demoIds(desk, await desk.seed());
  for (const s of [
    'demo-requester-cesp',
    'demo-researcher-cesp',
    'demo-reviewer-pasteur',
    'demo-reviewer2-pasteur',
    'demo-desk-admin-pasteur',
    'demo-editor-pasteur',
    'demo-desk-admin-foch',
    'demo-reviewer-foch',
  ]) {
    tokens[s] = await desk.token(s);
  }
});
afterEach(() => desk.close());

type View = {
  id: string;
  state: string;
  version: number;
  deadline: string | null;
  datasets: {
    datasetId: string;
    match: { result: string; reasons: string[] };
    override?: { by: string | null } | null;
  }[];
};

async function call(
  path: string,
  who: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await desk.request(path, {
    token: tokens[who],
    ...(init.method ? { method: init.method } : {}),
    ...(init.json !== undefined ? { json: init.json } : {}),
    ...(init.headers ? { headers: init.headers } : {}),
  });
  return { status: res.status, body: (await res.json()) as View & Record<string, unknown> };
}

async function draft(datasets: string[], app = application(), deskSlug = 'guichet-pasteur') {
  const res = await call('/v1/access-requests', 'demo-requester-cesp', {
    method: 'POST',
    json: {
      deskId: ids.desks.get(deskSlug),
      application: app,
      datasetIds: datasets,
      team: ['demo-researcher-cesp'],
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('an application from draft to visa', () => {
  it('walks draft → submitted → in review → approved, issues grants, signs visas anyone can verify', async () => {
    const covid = ids.dataset('COVID-19');
    const app = await draft([covid]);
    expect(app.state).toBe('draft');
    expect(app.datasets).toEqual([
      { datasetId: covid, match: { result: 'match', reasons: [], obligations: ['PUB'] }, override: null },
    ]);

    const submitted = await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', {
      method: 'POST',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const first = await call(`/v1/access-requests/${app.id}/votes`, 'demo-reviewer-pasteur', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'Sound protocol.' },
    });
    expect(first.body.state).toBe('in_review');
    const second = await call(`/v1/access-requests/${app.id}/votes`, 'demo-reviewer2-pasteur', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'Agreed.' },
    });
    expect(second.body.state).toBe('approved');
    expect(second.body.workingDaysToDecision).toBe(0);

    const grants = await call(`/v1/grants?requestId=${app.id}`, 'demo-requester-cesp');
    const items = grants.body.items as unknown as { id: string; status: string; conditions: string[] }[];
    expect(items).toHaveLength(2); // 2 team members × 1 dataset
    expect(items.every((g) => g.status === 'active' && g.conditions.includes('PUB'))).toBe(true);

    const visas = await call('/v1/me/visas', 'demo-researcher-cesp');
    const [visa] = visas.body.ga4gh_passport_v1 as unknown as string[];
    expect(visa).toBeDefined();

    // A data holder needs nothing of ours but the published JWKS document and a JWT library.
    const jwksDocument = await (await desk.request('/.well-known/jwks.json')).json();
    const { payload, protectedHeader } = await jwtVerify(visa!, createLocalJWKSet(jwksDocument as never), {
      algorithms: ['ES256'],
      issuer: 'http://desk.test',
    });
    expect(protectedHeader).toMatchObject({
      typ: 'vnd.ga4gh.visa+jwt',
      alg: 'ES256',
      jku: 'http://desk.test/.well-known/jwks.json',
    });
    expect(typeof protectedHeader.kid).toBe('string');
    expect(payload.sub).toBe('demo-researcher-cesp');
    expect(payload.ga4gh_visa_v1).toMatchObject({
      type: 'ControlledAccessGrants',
      value: `http://desk.test/v1/datasets/${covid}`,
      source: `http://desk.test/v1/desks/${ids.desks.get('guichet-pasteur')}`,
      by: 'dac',
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(24 * 3600);

    // A visa is an assertion for data holders, never a credential for this API.
    expect((await desk.request('/v1/me/visas', { token: visa! })).status).toBe(401);

    const verdict = await desk.request('/v1/visas/verify', { method: 'POST', json: { visa } });
    expect(await verdict.json()).toMatchObject({ valid: true, grant: { status: 'active' } });

    // Revocation: status is public, the visa stops verifying, and it never comes back in /v1/me/visas.
    const grantId = (payload.jti as string).split('.')[0]!;
    const revoked = await call(`/v1/grants/${grantId}/revoke`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { reason: 'Breach of the data-use agreement' },
    });
    expect(revoked.status).toBe(200);
    const status = await (await desk.request(`/v1/grants/${grantId}/status`)).json();
    expect(status).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const after = await desk.request('/v1/visas/verify', { method: 'POST', json: { visa } });
    expect(await after.json()).toMatchObject({ valid: false, reason: 'grant revoked' });
    const again = await call('/v1/me/visas', 'demo-researcher-cesp');
    expect(again.body.ga4gh_passport_v1).toEqual([]);

    // The public register shows the decision, with no personal data.
    const register = await (await desk.request('/v1/register')).json();
    const entry = (register as { items: Record<string, unknown>[] }).items.find(
      (i) => i.applicationId === app.id,
    );
    expect(entry).toMatchObject({
      decision: 'approved',
      teamOrganization: expect.stringContaining('CESP'),
      access: { revokedGrants: 1, activeGrants: 1 },
    });
    expect(JSON.stringify(register)).not.toMatch(/demo-(requester|researcher)|userId|requesterId/);

    const types = async (who: string) =>
      (
        (await call(`/v1/access-requests/${app.id}/events`, who)).body.items as unknown as { type: string }[]
      ).map((e) => e.type);
    // The votes are the committee's: the requester sees the review and its outcome.
    expect(await types('demo-desk-admin-pasteur')).toEqual([
      'created',
      'submitted',
      'review_started',
      'vote_cast',
      'vote_cast',
      'approved',
    ]);
    expect(await types('demo-requester-cesp')).toEqual([
      'created',
      'submitted',
      'review_started',
      'approved',
    ]);
  });
});

describe('rules on the way', () => {
  it('answers 409 to an illegal transition and changes nothing', async () => {
    const app = await draft([ids.dataset('COVID-19')]);
    const before = await tableCounts(desk);
    const res = await call(`/v1/access-requests/${app.id}/revoke`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { reason: 'x' },
    });
    // A draft is invisible to the desk: not found rather than a conflict.
    expect(res.status).toBe(404);
    const vote = await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', {
      method: 'POST',
    });
    expect(vote.status).toBe(200);
    const before2 = await tableCounts(desk);
    const decide = await call(`/v1/access-requests/${app.id}/decision`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { outcome: 'approved', rationale: 'ok' },
    });
    expect(decide.status).toBe(409);
    expect(await tableCounts(desk)).toEqual(before2);
    expect(before.datasets).toBe(before2.datasets);
  });

  it('needs a desk admin’s override with a rationale to approve a dataset whose purpose does not match', async () => {
    const covid = ids.dataset('COVID-19');
    const app = await draft([covid], application({}, { commercial: true }));
    expect(app.datasets[0]!.match).toMatchObject({
      result: 'no_match',
      reasons: ['NCU: commercial use declared'],
    });
    await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', { method: 'POST' });
    await call(`/v1/access-requests/${app.id}/votes`, 'demo-reviewer-pasteur', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'ok' },
    });
    const two = await call(`/v1/access-requests/${app.id}/votes`, 'demo-reviewer2-pasteur', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'ok' },
    });
    // The quorum is met, but an automatic decision cannot override a mismatch.
    expect(two.body.state).toBe('in_review');
    const refused = await call(`/v1/access-requests/${app.id}/decision`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: { outcome: 'approved', rationale: 'ok' },
    });
    expect(refused.status).toBe(409);
    const approved = await call(`/v1/access-requests/${app.id}/decision`, 'demo-desk-admin-pasteur', {
      method: 'POST',
      json: {
        outcome: 'approved',
        rationale: 'Commercial partner bound by contract',
        overrides: [{ datasetId: covid, rationale: 'NCU waived by the provider for this project' }],
      },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    // The committee sees which desk admin overrode; the applicants see the reason, not the person.
    expect(approved.body.datasets[0]?.override?.by).toEqual(expect.any(String));
    const asApplicant = await call(`/v1/access-requests/${app.id}`, 'demo-requester-cesp');
    expect(asApplicant.body.datasets[0]?.override).toMatchObject({
      by: null,
      rationale: 'NCU waived by the provider for this project',
    });
  });

  it('requires an ethics reference when a requested dataset carries IRB', async () => {
    const app = await draft(
      [ids.dataset('hearing loss')],
      application({ ethicsReference: null }, { permission: 'DS', disease: 'H90.3' }),
    );
    const res = await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('/application/ethicsReference');
  });

  it('keeps applications from people who have nothing to do with them (404)', async () => {
    const app = await draft([ids.dataset('COVID-19')]);
    await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', { method: 'POST' });
    for (const who of ['demo-editor-pasteur', 'demo-desk-admin-foch', 'demo-reviewer-foch']) {
      expect((await call(`/v1/access-requests/${app.id}`, who)).status, who).toBe(404);
    }
    expect((await call(`/v1/access-requests/${app.id}`, 'demo-researcher-cesp')).status).toBe(200);
  });

  it('never lets a requester decide or vote on their own application', async () => {
    const app = await draft([ids.dataset('COVID-19')]);
    await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', { method: 'POST' });
    const vote = await call(`/v1/access-requests/${app.id}/votes`, 'demo-requester-cesp', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'mine' },
    });
    expect(vote.status).toBe(403);
    const decide = await call(`/v1/access-requests/${app.id}/decision`, 'demo-requester-cesp', {
      method: 'POST',
      json: { outcome: 'approved', rationale: 'mine' },
    });
    expect(decide.status).toBe(403);
  });

  it('refuses a reviewer who belongs to the requesting team’s organisation', async () => {
    const admin = await desk.token('demo-admin');
    const added = await desk.request(`/v1/organizations/${ids.orgs.get('equipe-cesp')}/members`, {
      method: 'POST',
      token: admin,
      json: { subject: 'demo-reviewer2-pasteur', role: 'requester' },
    });
    expect(added.status).toBe(201);
    const app = await draft([ids.dataset('COVID-19')]);
    await call(`/v1/access-requests/${app.id}/submit`, 'demo-requester-cesp', { method: 'POST' });
    const vote = await call(`/v1/access-requests/${app.id}/votes`, 'demo-reviewer2-pasteur', {
      method: 'POST',
      json: { choice: 'approve', rationale: 'colleague' },
    });
    expect(vote.status).toBe(403);
    const { id: membershipId } = (await added.json()) as { id: string };
    await desk.request(`/v1/organizations/${ids.orgs.get('equipe-cesp')}/members/${membershipId}`, {
      method: 'DELETE',
      token: admin,
    });
  });

  it('refuses mass assignment of state, decidedBy or version, and a stale If-Match', async () => {
    const app = await draft([ids.dataset('COVID-19')]);
    const body = { application: application(), datasetIds: [ids.dataset('COVID-19')], team: [] };
    for (const extra of [{ state: 'approved' }, { decidedBy: 'x' }, { version: 9 }]) {
      const res = await call(`/v1/access-requests/${app.id}`, 'demo-requester-cesp', {
        method: 'PUT',
        json: { ...body, ...extra },
        headers: { 'if-match': '"1"' },
      });
      expect(res.status).toBe(400);
    }
    const ok = await call(`/v1/access-requests/${app.id}`, 'demo-requester-cesp', {
      method: 'PUT',
      json: body,
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    const stale = await call(`/v1/access-requests/${app.id}`, 'demo-requester-cesp', {
      method: 'PUT',
      json: body,
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
  });
});

describe('idempotent creation', () => {
  it('replays an Idempotency-Key with the first draft, and refuses it with another body (422)', async () => {
    const body = {
      deskId: ids.desks.get('guichet-pasteur'),
      application: application(),
      datasetIds: [ids.dataset('COVID-19')],
      team: [],
    };
    const send = (json: unknown) =>
      desk.request('/v1/access-requests', {
        method: 'POST',
        token: tokens['demo-requester-cesp'],
        headers: { 'idempotency-key': 'apply-1' },
        json,
      });
    const first = (await (await send(body)).json()) as { id: string };
    const second = await send(body);
    expect(second.status).toBe(201);
    expect(((await second.json()) as { id: string }).id).toBe(first.id);
    const other = await send({ ...body, team: ['demo-researcher-cesp'] });
    expect(other.status).toBe(422);
  });
});
