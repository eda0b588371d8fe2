// Budgets per caller and per address: over them, 429 with Retry-After, and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;

beforeAll(async () => {
  desk = await createTestDesk({
    env: {
      PHOENIX_RATE_LIMIT_WRITES: '5',
      PHOENIX_RATE_LIMIT_AUTH_FAILURES: '3',
      PHOENIX_RATE_LIMIT_SEARCHES: '4',
    },
  });
  orgs = await desk.seed();
});
afterAll(() => desk.close());

async function expect429(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const seconds = Number(res.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect((await res.json()).code).toBe('rate_limited');
}

describe('rate limits', () => {
  it('stop a caller’s flood of writes, and only that caller’s', async () => {
    const editor = await desk.token('demo-editor-foch');
    const draft = (token: string, label: string) =>
      desk.request('/v1/datasets', {
        method: 'POST',
        token,
        json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor(label) },
      });
    for (let i = 0; i < 5; i += 1) expect((await draft(editor, `Rafale ${i}`)).status).toBe(201);
    const before = await tableCounts(desk);
    await expect429(await draft(editor, 'Rafale de trop'));
    expect(await tableCounts(desk)).toEqual(before);
    // Another editor of the same organisation has a budget of their own.
    await desk.request(`/v1/organizations/${orgs.get('hopital-foch')}/members`, {
      method: 'POST',
      token: await desk.token('demo-admin'),
      json: { subject: 'second-editor-foch', role: 'editor' },
    });
    expect((await draft(await desk.token('second-editor-foch'), 'Autre')).status).toBe(201);
  });

  it('answer repeated failed authentications from one address with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await desk.request('/v1/grants', { token: `not.a.token${i}` });
      statuses.push(res.status);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect(statuses).toEqual([401, 401, 401]);
    await expect429(await desk.request('/v1/grants', { token: 'still.not.valid' }));
  });

  it('count free-text searches per address, not plain listings', async () => {
    for (let i = 0; i < 4; i += 1)
      expect((await desk.request(`/v1/datasets?q=cohorte${i}`)).status).toBe(200);
    await expect429(await desk.request('/v1/datasets?q=diabete'));
    expect((await desk.request('/v1/datasets')).status).toBe(200);
  });
});
