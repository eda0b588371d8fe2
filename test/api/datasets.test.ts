import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;
let foch: string;
let pasteur: string;

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  foch = await desk.token('demo-editor-foch');
  pasteur = await desk.token('demo-editor-pasteur');
});
afterAll(() => desk.close());

async function createDraft(label = 'Cohorte') {
  const res = await desk.request('/v1/datasets', {
    method: 'POST',
    token: foch,
    json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor(label) },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number; status: string };
}

describe('datasets', () => {
  it('creates a draft with its first revision and an ETag', async () => {
    const res = await desk.request('/v1/datasets', {
      method: 'POST',
      token: foch,
      json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor('Création') },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = (await res.json()) as { id: string; status: string; uri: string };
    expect(body.status).toBe('draft');
    expect(body.uri).toBe(`http://desk.test/v1/datasets/${body.id}`);
    const revisions = await desk.request(`/v1/datasets/${body.id}/revisions`, { token: foch });
    const { items } = (await revisions.json()) as { items: { number: number; change: string }[] };
    expect(items.map((r) => [r.number, r.change])).toEqual([[1, 'created']]);
  });

  it('returns every schema violation with its JSON pointer', async () => {
    const res = await desk.request('/v1/datasets', {
      method: 'POST',
      token: foch,
      json: {
        providerId: orgs.get('hopital-foch'),
        descriptor: {
          ...sampleDescriptor(),
          title: { fr: 'x'.repeat(301) },
          dataUseConditions: { permission: { code: 'DS' } },
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; violations: { pointer: string }[] };
    expect(problem.code).toBe('validation_failed');
    const pointers = problem.violations.map((v) => v.pointer);
    expect(pointers).toContain('/descriptor/title/fr');
    expect(pointers.some((p) => p.startsWith('/descriptor/dataUseConditions/permission'))).toBe(true);
  });

  it('hides a draft from everyone but its provider’s editors (404)', async () => {
    const draft = await createDraft('Brouillon');
    expect((await desk.request(`/v1/datasets/${draft.id}`)).status).toBe(404);
    expect((await desk.request(`/v1/datasets/${draft.id}`, { token: pasteur })).status).toBe(404);
    expect((await desk.request(`/v1/datasets/${draft.id}`, { token: foch })).status).toBe(200);
  });

  it('answers 404, not 403, when another provider’s editor tries to change a dataset', async () => {
    const draft = await createDraft('Étranger');
    const res = await desk.request(`/v1/datasets/${draft.id}`, {
      method: 'PUT',
      token: pasteur,
      headers: { 'if-match': '"1"' },
      json: { descriptor: sampleDescriptor('piraté') },
    });
    expect(res.status).toBe(404);
  });

  it('needs If-Match to update (428) and refuses a stale one (412)', async () => {
    const draft = await createDraft('Versions');
    const put = (ifMatch?: string) =>
      desk.request(`/v1/datasets/${draft.id}`, {
        method: 'PUT',
        token: foch,
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
        json: { descriptor: sampleDescriptor('Versions v2') },
      });
    expect((await put()).status).toBe(428);
    const ok = await put('"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect((await put('"1"')).status).toBe(412);
  });

  it('publishes, retires, and diffs revisions as JSON Patch', async () => {
    const draft = await createDraft('Cycle');
    const updated = await desk.request(`/v1/datasets/${draft.id}`, {
      method: 'PUT',
      token: foch,
      headers: { 'if-match': '"1"' },
      json: { descriptor: sampleDescriptor('Cycle', { numberOfRecords: 1200 }) },
    });
    expect(updated.status).toBe(200);
    const published = await desk.request(`/v1/datasets/${draft.id}/publish`, {
      method: 'POST',
      token: foch,
      headers: { 'if-match': '"2"' },
    });
    expect(published.status).toBe(200);
    expect(((await published.json()) as { status: string }).status).toBe('published');
    // Publishing twice is a state conflict once the version is right.
    const again = await desk.request(`/v1/datasets/${draft.id}/publish`, {
      method: 'POST',
      token: foch,
      headers: { 'if-match': '"3"' },
    });
    expect(again.status).toBe(409);
    const retired = await desk.request(`/v1/datasets/${draft.id}/retire`, {
      method: 'POST',
      token: foch,
      headers: { 'if-match': '"3"' },
    });
    expect(retired.status).toBe(200);
    const diff = await desk.request(`/v1/datasets/${draft.id}/diff?from=1&to=2`, { token: foch });
    expect(diff.status).toBe(200);
    const { patch } = (await diff.json()) as { patch: { op: string; path: string; value?: unknown }[] };
    expect(patch).toContainEqual({ op: 'add', path: '/numberOfRecords', value: 1200 });
    const rev = await desk.request(`/v1/datasets/${draft.id}/revisions/4`);
    expect(((await rev.json()) as { status: string }).status).toBe('retired');
  });

  it('replays an Idempotency-Key with the first answer, and refuses it with another body (422)', async () => {
    const body = { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor('Idempotent') };
    const send = (json: unknown) =>
      desk.request('/v1/datasets', {
        method: 'POST',
        token: foch,
        headers: { 'idempotency-key': 'k-1' },
        json,
      });
    const first = await send(body);
    const second = await send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const other = await send({ ...body, descriptor: sampleDescriptor('Autre') });
    expect(other.status).toBe(422);
  });
});
