// A test event for one subscription: queued through the outbox, delivered by the next dispatch to that
// subscription only (whatever event types it asked for), and shown in its delivery log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/db/schema';
import { dispatchWebhooks } from '../../src/services/webhooks';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let server: Server;
let url: string;
const received: { path: string; type: string }[] = [];

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: (JSON.parse(body) as { type: string }).type });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await desk.close();
  await new Promise((r) => server.close(r));
});

async function orgId(slug: string): Promise<string> {
  const { items } = (await (await desk.request('/v1/organizations')).json()) as {
    items: { id: string; slug: string }[];
  };
  return items.find((o) => o.slug === slug)!.id;
}

describe('webhook test events', () => {
  it('delivers a webhook.test event to the one subscription, and logs it', async () => {
    const foch = await orgId('hopital-foch');
    const editor = await desk.token('demo-editor-foch');
    const subscribe = async (path: string, eventTypes: string[]) =>
      (
        (await (
          await desk.request(`/v1/organizations/${foch}/webhooks`, {
            method: 'POST',
            token: editor,
            json: { url: `${url}${path}`, eventTypes },
          })
        ).json()) as { id: string }
      ).id;
    // Only decisions asked for: the test event reaches it all the same.
    const tested = await subscribe('/tested', ['access_request.approved']);
    const other = await subscribe('/other', []);

    const res = await desk.request(`/v1/organizations/${foch}/webhooks/${tested}/test`, {
      method: 'POST',
      token: editor,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ webhookId: tested });

    const report = await dispatchWebhooks(desk.services);
    expect(report.delivered).toBe(1);
    expect(received).toEqual([{ path: '/tested', type: 'webhook.test' }]);

    const log = async (id: string) =>
      (
        (await (
          await desk.request(`/v1/organizations/${foch}/webhooks/${id}/deliveries`, { token: editor })
        ).json()) as { items: { eventType: string; status: string; attempts: number }[] }
      ).items;
    expect(await log(tested)).toEqual([
      expect.objectContaining({ eventType: 'webhook.test', status: 'delivered', attempts: 1 }),
    ]);
    expect(await log(other)).toEqual([]);

    const audited = (await desk.services.db.select().from(auditEvents)).filter(
      (a) => a.action === 'webhook.test',
    );
    expect(audited.map((a) => a.payload)).toEqual([expect.objectContaining({ webhookId: tested })]);
  });

  it('is refused for a stopped subscription and to people outside the organisation', async () => {
    const foch = await orgId('hopital-foch');
    const editor = await desk.token('demo-editor-foch');
    const created = (await (
      await desk.request(`/v1/organizations/${foch}/webhooks`, {
        method: 'POST',
        token: editor,
        json: { url: `${url}/stopped` },
      })
    ).json()) as { id: string };
    const outsider = await desk.request(`/v1/organizations/${foch}/webhooks/${created.id}/test`, {
      method: 'POST',
      token: await desk.token('demo-requester-cesp'),
    });
    expect(outsider.status).toBe(404);
    await desk.request(`/v1/organizations/${foch}/webhooks/${created.id}`, {
      method: 'DELETE',
      token: editor,
    });
    const stopped = await desk.request(`/v1/organizations/${foch}/webhooks/${created.id}/test`, {
      method: 'POST',
      token: editor,
    });
    expect(stopped.status).toBe(404);
  });
});
