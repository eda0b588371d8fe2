// A published dataset's history as outsiders read it: the revisions that were public, without who wrote them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let datasetId: string;
const tokens: Record<string, string> = {};

type Revision = { number: number; status: string; authorId: string | null; descriptor: { title: object } };

beforeAll(async () => {
  desk = await createTestDesk();
  const orgs = await desk.seed();
  for (const s of ['demo-editor-foch', 'demo-editor-pasteur', 'demo-requester-cesp', 'demo-admin']) {
    tokens[s] = await desk.token(s);
  }
  const editor = tokens['demo-editor-foch']!;
  const created = await desk.request('/v1/datasets', {
    method: 'POST',
    token: editor,
    json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor('Première ébauche') },
  });
  datasetId = ((await created.json()) as { id: string }).id;
  // Revisions: 1 draft, 2 draft (reworded), 3 published, 4 published (corrected after publication).
  const steps: [string, string, unknown][] = [
    ['PUT', '', { descriptor: sampleDescriptor('Brouillon relu') }],
    ['POST', '/publish', undefined],
    ['PUT', '', { descriptor: sampleDescriptor('Cohorte publiée') }],
  ];
  for (const [i, [method, path, json]] of steps.entries()) {
    const res = await desk.request(`/v1/datasets/${datasetId}${path}`, {
      method,
      token: editor,
      headers: { 'if-match': `"${i + 1}"` },
      ...(json ? { json } : {}),
    });
    if (res.status !== 200) throw new Error(`step ${i}: ${res.status} ${await res.text()}`);
  }
});
afterAll(() => desk.close());

const revisions = async (token?: string) => {
  const res = await desk.request(`/v1/datasets/${datasetId}/revisions`, token ? { token } : {});
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Revision[] }).items;
};

describe('the revisions of a published dataset', () => {
  // Anyone who is not an editor of the provider: an anonymous caller, another provider's editor, a
  // requester, and a platform admin.
  const outsiders = ['anonymous', 'demo-editor-pasteur', 'demo-requester-cesp', 'demo-admin'];

  it.each(outsiders)('shows %s only the published revisions, with no author', async (who) => {
    const items = await revisions(tokens[who]);
    expect(items.map((r) => [r.number, r.status])).toEqual([
      [3, 'published'],
      [4, 'published'],
    ]);
    expect(items.every((r) => r.authorId === null)).toBe(true);
    expect(JSON.stringify(items)).not.toContain('Première ébauche');
  });

  it.each(outsiders)(
    'answers 404 to %s for a draft revision and for a diff that reaches one',
    async (who) => {
      const token = tokens[who];
      const read = (path: string) => desk.request(`/v1/datasets/${datasetId}${path}`, token ? { token } : {});
      expect((await read('/revisions/1')).status).toBe(404);
      expect((await read('/revisions/2')).status).toBe(404);
      expect((await read('/diff?from=2&to=3')).status).toBe(404);
      const published = await read('/revisions/3');
      expect(published.status).toBe(200);
      expect(((await published.json()) as Revision).authorId).toBeNull();
      expect((await read('/diff?from=3&to=4')).status).toBe(200);
    },
  );

  it('shows the provider’s editors the whole history with its authors', async () => {
    const items = await revisions(tokens['demo-editor-foch']);
    expect(items.map((r) => [r.number, r.status])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
      [3, 'published'],
      [4, 'published'],
    ]);
    expect(items.every((r) => typeof r.authorId === 'string')).toBe(true);
    const draft = await desk.request(`/v1/datasets/${datasetId}/revisions/1`, {
      token: tokens['demo-editor-foch'],
    });
    expect(draft.status).toBe(200);
  });
});
