// Retries that race: one Idempotency-Key makes exactly one row, however many copies arrive at once.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRequests, auditEvents, datasets } from '../../src/db/schema';
import { application, type DemoIds, seededDesk } from '../access-fixtures';
import { sampleDescriptor } from '../fixtures-descriptor';
import type { TestDesk } from '../harness';

let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
});
afterAll(() => desk.close());

const rowsIn = async (table: typeof datasets | typeof accessRequests) =>
  Number((await desk.services.db.select({ n: count() }).from(table))[0]!.n);

async function burst(path: string, token: string, key: string, body: unknown, copies: number) {
  const answers = await Promise.all(
    Array.from({ length: copies }, () =>
      desk.request(path, { method: 'POST', token, json: body, headers: { 'idempotency-key': key } }),
    ),
  );
  return Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.json() })));
}

describe('concurrent retries with one Idempotency-Key', () => {
  it('create one dataset and answer every copy with it', async () => {
    const token = await desk.token('demo-editor-foch');
    const before = await rowsIn(datasets);
    const body = { providerId: ids.orgs.get('hopital-foch'), descriptor: sampleDescriptor('Rafale') };
    const answers = await burst('/v1/datasets', token, 'rafale-1', body, 6);
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await rowsIn(datasets)).toBe(before + 1);
    const created = await desk.services.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, answers[0]!.body.id));
    expect(Number(created[0]!.n)).toBe(1);
  });

  it('create one access application and answer every copy with it', async () => {
    const token = await desk.token('demo-requester-cesp');
    const before = await rowsIn(accessRequests);
    const body = {
      deskId: ids.desks.get('guichet-pasteur'),
      application: application(),
      datasetIds: [ids.dataset('COVID-19')],
      team: [],
    };
    const answers = await burst('/v1/access-requests', token, 'rafale-2', body, 6);
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await rowsIn(accessRequests)).toBe(before + 1);
  });

  it('find a committed create by its key when its answer was lost, and keep nothing of a refused one', async () => {
    const token = await desk.token('demo-editor-foch');
    const body = { providerId: ids.orgs.get('hopital-foch'), descriptor: sampleDescriptor('Perdue') };
    const send = (b: unknown, key: string) =>
      desk.request('/v1/datasets', { method: 'POST', token, json: b, headers: { 'idempotency-key': key } });
    const first = await send(body, 'perdue');
    const retry = await send(body, 'perdue');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await retry.json()).id).toBe((await first.json()).id);

    // A create the desk refused claims nothing: the key stays free for the corrected request.
    const pasteur = ids.orgs.get('institut-pasteur');
    expect((await send({ ...body, providerId: pasteur }, 'corrigee')).status).toBe(403);
    expect((await send(body, 'corrigee')).status).toBe(201);
  });
});
