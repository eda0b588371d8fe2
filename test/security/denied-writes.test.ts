// Probing another organisation's records leaves a trace its desk can read, and a flood stays bounded.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIds, seededDesk } from '../access-fixtures';
import { sampleDescriptor } from '../fixtures-descriptor';
import type { TestDesk } from '../harness';

let desk: TestDesk;
let ids: DemoIds;

beforeAll(async () => {
  ({ desk, ids } = await seededDesk());
});
afterAll(() => desk.close());

type Entry = { action: string; actorId: string; payload: Record<string, unknown> };

describe('refused writes', () => {
  it('are counted per caller and operation, with one audit entry that the target desk’s auditors read', async () => {
    const foch = ids.orgs.get('hopital-foch')!;
    const search = await (await desk.request(`/v1/datasets?provider=${foch}`)).json();
    const target = search.items[0].id as string;
    const prober = await desk.token('demo-editor-pasteur');
    for (let i = 0; i < 12; i += 1) {
      const res = await desk.request(`/v1/datasets/${target}`, {
        method: 'PUT',
        token: prober,
        headers: { 'if-match': '"1"' },
        json: { descriptor: sampleDescriptor('Sonde') },
      });
      expect([403, 404]).toContain(res.status);
    }

    const admin = await desk.token('demo-admin');
    const denials = await (await desk.request('/v1/audit/denials', { token: admin })).json();
    const count = denials.items.find((d: { operation: string }) => d.operation === 'PUT /v1/datasets/:id');
    expect(count).toMatchObject({ attempts: 12, targets: [target] });

    // Hôpital Foch's desk is audited by ÉvalSanté Partenaires in the demo cast.
    const fochDesk = ids.desks.get('guichet-foch')!;
    const auditor = await desk.token('demo-auditor-evalsante');
    const page = await desk.request(`/v1/audit/events?deskId=${fochDesk}&action=write.denied&limit=100`, {
      token: auditor,
    });
    expect(page.status).toBe(200);
    const entries = (await page.json()).items as Entry[];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.payload).toMatchObject({
      operation: 'PUT /v1/datasets/:id',
      target,
      deskId: fochDesk,
    });
    expect(entries[0]!.actorId).toBe(count.callerId);

    const verdict = await (await desk.request('/v1/audit/verify', { token: admin })).json();
    expect(verdict.ok).toBe(true);
  });

  it('keep at most 20 targets however many are tried, and one audit entry an hour', async () => {
    const prober = await desk.token('demo-requester-cesp');
    const before = await (
      await desk.request('/v1/audit/events?action=write.denied&limit=100', {
        token: await desk.token('demo-admin'),
      })
    ).json();
    for (let i = 0; i < 30; i += 1) {
      const res = await desk.request(`/v1/access-requests/${randomUUID()}/submit`, {
        method: 'POST',
        token: prober,
      });
      expect(res.status).toBe(404);
    }
    const admin = await desk.token('demo-admin');
    const denials = await (await desk.request('/v1/audit/denials', { token: admin })).json();
    const count = denials.items.find(
      (d: { operation: string }) => d.operation === 'POST /v1/access-requests/:id/submit',
    );
    expect(count.attempts).toBe(30);
    expect(count.targets).toHaveLength(20);
    const after = await (
      await desk.request('/v1/audit/events?action=write.denied&limit=100', { token: admin })
    ).json();
    expect(after.items.length - before.items.length).toBe(1);
  });

  it('are listed for platform admins only', async () => {
    const res = await desk.request('/v1/audit/denials', {
      token: await desk.token('demo-auditor-evalsante'),
    });
    expect(res.status).toBe(403);
  });
});
