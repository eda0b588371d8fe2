// The black-box smoke scenario, once against the Node server and once against workerd (`wrangler dev`),
// both over the same PostgreSQL database: both runtimes must give the same answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type RunningDesk, startNode, startWorker } from '../../scripts/desk-processes';
import { sampleDescriptor } from '../fixtures-descriptor';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../harness';

const PUBLIC_BASE_URL = 'http://desk.runtime.test';
let node: RunningDesk;
let worker: RunningDesk;
let dataDir: string;
let drop: () => Promise<void>;
let env: Record<string, string>;

beforeAll(async () => {
  if (!TEST_DATABASE_URL)
    throw new Error('the runtime suite needs PHOENIX_TEST_DATABASE_URL (a PostgreSQL server)');
  const fresh = await freshPostgresDatabase();
  drop = fresh.drop;
  dataDir = mkdtempSync(join(tmpdir(), 'phoenix-runtime-'));
  env = { DATABASE_URL: fresh.url, PHOENIX_DATA_DIR: dataDir };
  cli(['migrate'], env);
  cli(['seed-demo'], env);
  const port = 20_000 + Math.floor(Math.random() * 5000);
  [node, worker] = await Promise.all([
    startNode({ databaseUrl: fresh.url, dataDir, port, publicBaseUrl: PUBLIC_BASE_URL }),
    startWorker({ databaseUrl: fresh.url, dataDir, port: port + 10, publicBaseUrl: PUBLIC_BASE_URL }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([node?.stop(), worker?.stop()]);
  await drop?.();
  rmSync(dataDir, { recursive: true, force: true });
});

interface SmokeAnswers {
  health: unknown;
  openapiPaths: string[];
  created: { status: number; descriptor: unknown; state: string };
  published: { status: number; state: string; etag: string | null };
  searched: { total: number; found: boolean };
  exported: { status: number; contentType: string | null; hasDataset: boolean };
  turtle: { status: number; contentType: string | null };
  audit: { ok: boolean };
  problem: { status: number; contentType: string | null; code: string };
}

/** The scenario a newcomer would try first; returns what each step answered, minus ids and times. */
async function smoke(base: string, label: string): Promise<SmokeAnswers> {
  const token = cli(['token', '--sub', 'demo-editor-foch'], env).trim();
  const auditor = cli(['token', '--sub', 'demo-auditor-evalsante'], env).trim();
  const auth = { authorization: `Bearer ${token}` };
  const orgs = (await (await fetch(`${base}/v1/organizations`)).json()) as {
    items: { id: string; slug: string }[];
  };
  const foch = orgs.items.find((o) => o.slug === 'hopital-foch')!.id;
  const health = await (await fetch(`${base}/healthz`)).json();
  const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  const word = `runtime${label}`;
  const descriptor = sampleDescriptor(`Cohorte ${word}`);
  const createdRes = await fetch(`${base}/v1/datasets`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ providerId: foch, descriptor }),
  });
  const created = (await createdRes.json()) as { id: string; status: string; descriptor: unknown };
  const publishedRes = await fetch(`${base}/v1/datasets/${created.id}/publish`, {
    method: 'POST',
    headers: { ...auth, 'if-match': createdRes.headers.get('etag')! },
  });
  const published = (await publishedRes.json()) as { status: string };
  const searched = (await (await fetch(`${base}/v1/datasets?q=${word}`)).json()) as {
    total: number;
    items: { id: string }[];
  };
  const exportedRes = await fetch(`${base}/v1/catalog`, { headers: { accept: 'application/ld+json' } });
  const exported = await exportedRes.text();
  const turtleRes = await fetch(`${base}/v1/datasets/${created.id}`, { headers: { accept: 'text/turtle' } });
  await turtleRes.text();
  const audit = (await (
    await fetch(`${base}/v1/audit/verify`, { headers: { authorization: `Bearer ${auditor}` } })
  ).json()) as {
    ok: boolean;
  };
  const problemRes = await fetch(`${base}/v1/datasets?limit=1000000`);
  const problem = (await problemRes.json()) as { code: string };
  return {
    health,
    openapiPaths: Object.keys(openapi.paths).sort(),
    created: { status: createdRes.status, descriptor: created.descriptor, state: created.status },
    published: {
      status: publishedRes.status,
      state: published.status,
      etag: publishedRes.headers.get('etag'),
    },
    searched: { total: searched.total, found: searched.items.some((i) => i.id === created.id) },
    exported: {
      status: exportedRes.status,
      contentType: exportedRes.headers.get('content-type'),
      hasDataset: exported.includes(created.id),
    },
    turtle: { status: turtleRes.status, contentType: turtleRes.headers.get('content-type') },
    audit: { ok: audit.ok },
    problem: {
      status: problemRes.status,
      contentType: problemRes.headers.get('content-type'),
      code: problem.code,
    },
  };
}

describe('the same desk on Node and on workerd', () => {
  it('gives the same answers to the smoke scenario', async () => {
    const onNode = await smoke(node.base, 'node');
    const onWorker = await smoke(worker.base, 'worker');
    expect(onNode.health).toEqual({ status: 'ok', database: 'ok' });
    expect(onNode.created.status).toBe(201);
    expect(onNode.published).toEqual({ status: 200, state: 'published', etag: '"2"' });
    expect(onNode.searched).toEqual({ total: 1, found: true });
    expect(onNode.exported).toMatchObject({ status: 200, hasDataset: true });
    expect(onNode.audit.ok).toBe(true);
    expect(onNode.problem).toEqual({
      status: 400,
      contentType: 'application/problem+json',
      code: 'validation_failed',
    });
    // Each runtime created its own dataset; apart from the word that tells them apart, all else matches.
    const normalise = (a: SmokeAnswers) =>
      JSON.parse(JSON.stringify(a).replaceAll(/runtime(node|worker)/g, 'runtimeX'));
    expect(normalise(onWorker)).toEqual(normalise(onNode));
  });

  it('walks an application from draft to a verifiable visa on both runtimes alike', async () => {
    const walk = async (base: string) => {
      const token = (sub: string) => cli(['token', '--sub', sub], env).trim();
      const post = async (path: string, sub: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token(sub)}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const desks = (await (await fetch(`${base}/v1/desks`)).json()) as {
        items: { id: string; slug: string }[];
      };
      const deskId = desks.items.find((d) => d.slug === 'guichet-pasteur')!.id;
      const found = (await (await fetch(`${base}/v1/datasets?q=covid&limit=1`)).json()) as {
        items: { id: string }[];
      };
      const created = await post('/v1/access-requests', 'demo-requester-cesp', {
        deskId,
        application: {
          title: { en: 'Runtime walk' },
          summary: { en: 'Checks both runtimes.' },
          purpose: { permission: 'HMB', commercial: false, durationMonths: 6 },
          legalBasis: { article6: 'e', article9: 'j' },
          ethicsReference: 'CPP-2026-001',
          processingEnvironment: 'Secure enclave',
        },
        datasetIds: [found.items[0]!.id],
        team: [],
      });
      const id = created.body.id as string;
      const submitted = await post(`/v1/access-requests/${id}/submit`, 'demo-requester-cesp');
      await post(`/v1/access-requests/${id}/votes`, 'demo-reviewer-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });
      const decided = await post(`/v1/access-requests/${id}/votes`, 'demo-reviewer2-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });
      const visas = (await (
        await fetch(`${base}/v1/me/visas`, {
          headers: { authorization: `Bearer ${token('demo-requester-cesp')}` },
        })
      ).json()) as { ga4gh_passport_v1: string[] };
      const jwks = await (await fetch(`${base}/.well-known/jwks.json`)).json();
      const { jwtVerify, createLocalJWKSet } = await import('jose');
      const verified = await Promise.all(
        visas.ga4gh_passport_v1.map((v) =>
          jwtVerify(v, createLocalJWKSet(jwks as never), { issuer: PUBLIC_BASE_URL }).then(() => true),
        ),
      );
      return {
        created: created.status,
        submitted: submitted.body.state,
        decided: decided.body.state,
        visasVerified: verified.length > 0 && verified.every(Boolean),
      };
    };
    const onNode = await walk(node.base);
    const onWorker = await walk(worker.base);
    expect(onNode).toEqual({
      created: 201,
      submitted: 'submitted',
      decided: 'approved',
      visasVerified: true,
    });
    expect(onWorker).toEqual(onNode);
  });

  it('runs the periodic jobs from the cron trigger on workerd: a webhook reaches a loopback receiver', async () => {
    const { createServer } = await import('node:http');
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['x-phoenix-event-id']));
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const port = (receiver.address() as { port: number }).port;
      const token = cli(['token', '--sub', 'demo-editor-roche'], env).trim();
      const orgs = (await (await fetch(`${worker.base}/v1/organizations`)).json()) as {
        items: { id: string; slug: string }[];
      };
      const roche = orgs.items.find((o) => o.slug === 'roche-france')!.id;
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const sub = await fetch(`${worker.base}/v1/organizations/${roche}/webhooks`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, eventTypes: ['dataset.created'] }),
      });
      expect(sub.status).toBe(201);
      const created = await fetch(`${worker.base}/v1/datasets`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          providerId: roche,
          descriptor: sampleDescriptor('Webhook runtime', { publisher: { name: 'Roche France' } }),
        }),
      });
      expect(created.status).toBe(201);
      // Events from before the subscription (the seed's) are never sent to it: exactly one arrives.
      for (let i = 0; i < 3 && received.length === 0; i++) {
        expect((await fetch(`${worker.base}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
      }
      expect(received, JSON.stringify(received)).toHaveLength(1);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  it('serves the same API reference from itself and logs each request as one JSON line', async () => {
    const served = async (desk: RunningDesk, label: string) => {
      const page = await fetch(`${desk.base}/docs`, { headers: { 'x-request-id': `docs-${label}` } });
      const html = await page.text();
      const src = /src="([^"]+swagger-ui-bundle\.js)"/.exec(html)![1]!;
      const asset = await fetch(`${desk.base}${src}`);
      const script = await asset.text();
      return {
        status: [page.status, asset.status],
        requestId: page.headers.get('x-request-id'),
        csp: page.headers.get('content-security-policy'),
        nosniff: asset.headers.get('x-content-type-options'),
        html,
        scriptLength: script.length,
      };
    };
    const onNode = await served(node, 'node');
    const onWorker = await served(worker, 'worker');
    expect(onNode).toMatchObject({ status: [200, 200], requestId: 'docs-node', nosniff: 'nosniff' });
    expect(onNode.scriptLength).toBeGreaterThan(1_000_000);
    expect({ ...onWorker, requestId: 'docs-node' }).toEqual(onNode);
    await new Promise((r) => setTimeout(r, 500));
    for (const [desk, label] of [
      [node, 'node'],
      [worker, 'worker'],
    ] as const) {
      const line = desk
        .output()
        .split('\n')
        .find((l) => l.includes(`"requestId":"docs-${label}"`));
      expect(line, `${label} log`).toBeDefined();
      expect(JSON.parse(line!.slice(line!.indexOf('{')))).toMatchObject({
        level: 'info',
        method: 'GET',
        route: '/docs',
        status: 200,
      });
    }
  });

  it('sees on one runtime what the other wrote: one database, no state in the process', async () => {
    const fromWorker = (await (await fetch(`${worker.base}/v1/datasets?q=runtimenode`)).json()) as {
      total: number;
    };
    const fromNode = (await (await fetch(`${node.base}/v1/datasets?q=runtimeworker`)).json()) as {
      total: number;
    };
    expect(fromWorker.total).toBe(1);
    expect(fromNode.total).toBe(1);
  });

  it('never lets raw dot segments reach more than their normalised path', async () => {
    const { request } = await import('node:http');
    const statusOf = (base: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(base);
        const req = request(
          { host: u.hostname, port: u.port, path: '/v1/datasets/%2e%2e/organizations' },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await statusOf(node.base)).toBe(404);
    // workerd (like Cloudflare's edge) resolves dot segments before the Worker sees the URL, so the
    // request can only be the one its normalised path spells, with that route's own checks.
    const normalised = (await fetch(`${worker.base}/v1/organizations`)).status;
    expect([404, normalised]).toContain(await statusOf(worker.base));
  });

  it('answers a flood of failed authentications from one address with 429 on both runtimes', async () => {
    // Node counts in process (PHOENIX_RATE_LIMIT_AUTH_FAILURES, 30 a minute by default); workerd through the
    // RATE_LIMIT_AUTH_FAILURES binding of wrangler.toml (the same budget).
    for (const desk of [node, worker]) {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 35; i += 1) {
        const res = await fetch(`${desk.base}/v1/grants`, {
          headers: { authorization: `Bearer forged.${i}.token` },
        });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
        await res.body?.cancel();
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30)).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    }
  });
});
