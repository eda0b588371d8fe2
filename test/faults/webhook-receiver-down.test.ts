// A webhook receiver that is down (nothing listens on its port) for several retry rounds while the
// organisation's events keep coming, then back: it receives each event once, by event id, in the order the
// events happened. The desk runs in process on a hand-set clock, over the suite's own PostgreSQL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openPostgres } from '../../src/adapters/node-database';
import { createNodeDesk, type NodeDesk } from '../../src/adapters/node-desk';
import { DEV_ISSUER, parseConfig } from '../../src/config/config';
import { generateDevIssuerKey, mintDevToken } from '../../src/crypto/dev-issuer';
import { newKeyEncryptionKey } from '../../src/crypto/key-encryption';
import { rowsOf } from '../../src/db/database';
import { seedDemo } from '../../src/demo/seed';
import { backoff, dispatchWebhooks } from '../../src/services/webhooks';
import { application } from '../access-fixtures';
import { createThrowawayCluster, type ThrowawayCluster } from './throwaway-cluster';

let cluster: ThrowawayCluster;
let database: OpenDatabase;
let desk: NodeDesk;
let clock = new Date('2026-11-26T10:00:00Z');
let token: (subject: string) => Promise<string>;

beforeAll(async () => {
  cluster = createThrowawayCluster();
  cluster.psql('create database hooks');
  database = openPostgres(cluster.url('hooks'));
  const key = await generateDevIssuerKey();
  const config = parseConfig({
    PUBLIC_BASE_URL: 'http://desk.test',
    PHOENIX_DATA_DIR: '/nonexistent-faults',
  });
  desk = await createNodeDesk(config, {
    database,
    devIssuerKey: key,
    keyEncryptionKey: newKeyEncryptionKey(),
    now: () => clock,
  });
  await seedDemo(desk.services, DEV_ISSUER);
  token = (subject) => mintDevToken(key, { subject, audience: config.devIssuer!.audience });
}, 120_000);

afterAll(async () => {
  await database?.close();
  cluster?.destroy();
});

const request = (path: string, init: { method?: string; token: string; json?: unknown }) =>
  desk.app.request(`http://desk.test${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });

describe('a webhook receiver down for several retry rounds', () => {
  it('receives each event once, in the order the events happened, when it comes back', async () => {
    const requester = await token('demo-requester-cesp');
    const orgs = (await (await request('/v1/organizations', { token: requester })).json()) as {
      items: { id: string; slug: string }[];
    };
    const desks = (await (await request('/v1/desks', { token: requester })).json()) as {
      items: { id: string; slug: string }[];
    };
    const datasets = (await (await request('/v1/datasets?limit=100', { token: requester })).json()) as {
      items: { id: string; title: { en?: string } }[];
    };
    const cesp = orgs.items.find((o) => o.slug === 'equipe-cesp')!.id;

    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-phoenix-event-id']));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const sub = await request(`/v1/organizations/${cesp}/webhooks`, {
      method: 'POST',
      token: requester,
      json: { url: `http://127.0.0.1:${port}/hooks` },
    });
    expect(sub.status).toBe(201);
    // Down: nothing listens on the port, every attempt is refused.
    await new Promise((r) => receiver.close(r));

    // Five retry rounds; each brings new events (a draft, then its submission), so the deliveries waiting
    // have been tried a different number of times when the receiver returns.
    let refused = 0;
    for (let round = 1; round <= 5; round++) {
      const draft = await request('/v1/access-requests', {
        method: 'POST',
        token: requester,
        json: {
          deskId: desks.items.find((d) => d.slug === 'guichet-pasteur')!.id,
          application: application(),
          datasetIds: [datasets.items.find((d) => d.title.en?.includes('COVID-19'))!.id],
          team: [],
        },
      });
      expect(draft.status).toBe(201);
      const { id } = (await draft.json()) as { id: string };
      clock = new Date(clock.getTime() + 1000);
      expect(
        (await request(`/v1/access-requests/${id}/submit`, { method: 'POST', token: requester })).status,
      ).toBe(200);
      refused += (await dispatchWebhooks(desk.services)).retried;
      clock = new Date(clock.getTime() + backoff(round) + 1000);
      refused += (await dispatchWebhooks(desk.services)).retried;
    }
    expect(received).toEqual([]);

    await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));
    let rounds = 0;
    for (; rounds < 24; rounds++) {
      const pending = rowsOf<{ n: string }>(
        await database.db.execute(sql`select count(*) as n from webhook_deliveries where status = 'pending'`),
      );
      if (Number(pending[0]?.n) === 0) break;
      await dispatchWebhooks(desk.services);
      clock = new Date(clock.getTime() + 3600_000);
    }
    await new Promise((r) => receiver.close(r));

    const expected = rowsOf<{ id: string }>(
      await database.db.execute(sql`select o.id from outbox o join webhook_subscriptions s
        on s.organization_id = any(o.audience) and o.seq > s.from_seq where s.organization_id = ${cesp}
        order by o.seq`),
    ).map((r) => r.id);
    console.log(
      JSON.stringify({
        webhooks: {
          events: expected.length,
          refusedAttempts: refused,
          received: received.length,
          roundsAfterReturn: rounds,
        },
      }),
    );
    expect(expected).toHaveLength(10);
    expect(new Set(received).size).toBe(received.length);
    expect(received).toEqual(expected);
  });
});
