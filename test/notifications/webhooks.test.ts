// Webhooks delivered to a real receiver on loopback: it fails first, then succeeds, and sees each event
// exactly once by id; signatures verify with the secret it was given.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoff, dispatchWebhooks } from '../../src/services/webhooks';
import { demoIds, draftApplication } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';

let clock: Date;
let desk: TestDesk;
let orgs: Map<string, string>;
let server: Server;
let url: string;
let failuresLeft = 3;
const attempts: { id: string; ok: boolean }[] = [];
const accepted = new Map<string, { type: string; count: number }>();
let secret = '';
let badSignatures = 0;

// One receiver for the file; a desk, a clock and a fresh receiver state for each test.
beforeEach(async () => {
  clock = new Date('2026-11-26T10:00:00Z');
  failuresLeft = 3;
  attempts.length = 0;
  accepted.clear();
  secret = '';
  badSignatures = 0;
  desk = await createTestDesk({ now: () => clock });
  orgs = await desk.seed();
});
afterEach(() => desk.close());

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const id = String(req.headers['x-phoenix-event-id']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${req.headers['x-phoenix-timestamp']}.${body}`).digest('hex')}`;
      if (req.headers['x-phoenix-signature'] !== expected) badSignatures++;
      if (failuresLeft > 0) {
        failuresLeft--;
        attempts.push({ id, ok: false });
        res.writeHead(503).end();
        return;
      }
      attempts.push({ id, ok: true });
      // The receiver de-duplicates by event id, as the documentation asks.
      const seen = accepted.get(id);
      if (seen) seen.count++;
      else accepted.set(id, { type: (JSON.parse(body) as { type: string }).type, count: 1 });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('webhook delivery', () => {
  it('retries with backoff until the receiver answers, and delivers each event once', async () => {
    const ids = await demoIds(desk, orgs);
    const cesp = ids.orgs.get('equipe-cesp')!;
    const requester = await desk.token('demo-requester-cesp');
    // The seed's events predate the subscription and are never sent to it.
    const sub = await desk.request(`/v1/organizations/${cesp}/webhooks`, {
      method: 'POST',
      token: requester,
      json: { url },
    });
    expect(sub.status).toBe(201);
    const { id: webhookId, secret: given } = (await sub.json()) as { id: string; secret: string };
    secret = given;

    await draftApplication(desk, ids, { submit: true });

    // First pass: only the older event is attempted (a subscription's events go in order), and refused; the
    // receiver fails three times in a row.
    let report = await dispatchWebhooks(desk.services);
    expect(report.retried).toBe(1);
    // Not due yet: nothing is sent before the backoff has passed.
    report = await dispatchWebhooks(desk.services);
    expect(report.delivered + report.retried).toBe(0);
    for (let i = 1; i <= 4 && accepted.size < 2; i++) {
      clock = new Date(clock.getTime() + backoff(i) + 1000);
      await dispatchWebhooks(desk.services);
    }
    expect(badSignatures).toBe(0);
    expect([...accepted.values()].map((v) => v.type).sort()).toEqual([
      'access_request.created',
      'access_request.submitted',
    ]);
    expect([...accepted.values()].every((v) => v.count === 1)).toBe(true);
    expect(attempts.filter((a) => !a.ok)).toHaveLength(3);

    // Nothing is sent twice once delivered.
    clock = new Date(clock.getTime() + 3600_000);
    expect((await dispatchWebhooks(desk.services)).delivered).toBe(0);

    const log = await desk.request(`/v1/organizations/${cesp}/webhooks/${webhookId}/deliveries`, {
      token: requester,
    });
    const { items } = (await log.json()) as {
      items: { status: string; attempts: number; lastStatusCode: number }[];
    };
    expect(items).toHaveLength(2);
    expect(items.every((d) => d.status === 'delivered' && d.lastStatusCode === 204)).toBe(true);
    expect(items.map((d) => d.attempts).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('gives up after 12 hours of failures, with the failure in the log', async () => {
    failuresLeft = 1_000;
    const editorOrgs = (await (await desk.request('/v1/organizations')).json()) as {
      items: { id: string; slug: string }[];
    };
    const foch = editorOrgs.items.find((o) => o.slug === 'hopital-foch')!.id;
    const editor = await desk.token('demo-editor-foch');
    const sub = await desk.request(`/v1/organizations/${foch}/webhooks`, {
      method: 'POST',
      token: editor,
      json: { url, eventTypes: ['dataset.created'] },
    });
    const { id: webhookId } = (await sub.json()) as { id: string };
    await desk.request('/v1/datasets', {
      method: 'POST',
      token: editor,
      json: {
        providerId: foch,
        descriptor: {
          title: { fr: 'Test' },
          description: { fr: 'Test' },
          publisher: { name: 'Hôpital Foch' },
          accessRights: 'PUBLIC',
        },
      },
    });
    const start = clock.getTime();
    let failed = 0;
    for (let i = 0; i < 40 && failed === 0; i++) {
      failed += (await dispatchWebhooks(desk.services)).failed;
      clock = new Date(clock.getTime() + 3600_000);
    }
    expect(failed).toBe(1);
    expect(clock.getTime() - start).toBeLessThanOrEqual(14 * 3600_000);
    const log = await desk.request(`/v1/organizations/${foch}/webhooks/${webhookId}/deliveries`, {
      token: editor,
    });
    const [delivery] = (
      (await log.json()) as { items: { status: string; lastStatusCode: number; attempts: number }[] }
    ).items;
    expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: 503 });
    expect(delivery!.attempts).toBeGreaterThan(5);
  });

  it('refuses plain-http receivers outside development', async () => {
    const { parseConfig } = await import('../../src/config/config');
    const prod = parseConfig({
      PHOENIX_ENV: 'production',
      DATABASE_URL: 'postgres://db/desk',
      OIDC_ISSUER: 'https://idp.example.org',
      OIDC_JWKS_URL: 'https://idp.example.org/jwks',
      PHOENIX_KEY_ENCRYPTION_KEY: 'A'.repeat(43),
    });
    expect(prod.allowHttpWebhooks).toBe(false);
  });
});
