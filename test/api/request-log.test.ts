// Request ids (echoed, generated, malformed ones replaced) and the one JSON log line each request leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, createRouter } from '../../src/http/create-app';
import { jsonLinesLogger, type LogLevel } from '../../src/services/logger';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;
const lines: string[] = [];
const logger = jsonLinesLogger({ level: 'debug', write: (line) => lines.push(line) });

beforeAll(async () => {
  desk = await createTestDesk({ logger });
  orgs = await desk.seed();
});
afterAll(() => desk.close());
beforeEach(() => {
  lines.length = 0;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AccessLine {
  time: string;
  level: string;
  msg: string;
  requestId: string;
  method: string;
  route: string | null;
  status: number;
  durationMs: number;
  userId: string | null;
  error?: { name: string; message: string; stack: string };
}

const logged = () => lines.map((l) => JSON.parse(l) as AccessLine);

describe('request ids', () => {
  it('echoes a well-formed id from the caller', async () => {
    for (const id of ['abc', 'req-42', '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'lb:1.2_3', 'x'.repeat(128)]) {
      const res = await desk.request('/healthz', { headers: { 'x-request-id': id } });
      expect(res.headers.get('x-request-id')).toBe(id);
    }
  });

  it('generates a UUID when the caller sends none', async () => {
    const first = (await desk.request('/healthz')).headers.get('x-request-id');
    const second = (await desk.request('/healthz')).headers.get('x-request-id');
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
  });

  it('replaces a malformed id rather than echo it', async () => {
    for (const bad of ['', 'has space', 'quote"d', 'x'.repeat(129), 'semi;colon', 'é', '{"level":"error"}']) {
      const res = await desk.request('/healthz', { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id, JSON.stringify(bad)).toMatch(UUID);
      expect(logged().at(-1)?.requestId).toBe(id);
    }
  });

  it('puts the id in every problem body: validation, not found, refused token, wrong media type', async () => {
    const problems = [
      await desk.request('/v1/datasets?limit=1000000', { headers: { 'x-request-id': 'trace-400' } }),
      await desk.request('/no/such/route', { headers: { 'x-request-id': 'trace-404' } }),
      await desk.request('/v1/datasets', { headers: { 'x-request-id': 'trace-401' }, token: 'not.a.jwt' }),
      await desk.request('/v1/datasets', {
        method: 'POST',
        token: await desk.token('demo-editor-foch'),
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
    ];
    expect(problems.map((r) => r.status)).toEqual([400, 404, 401, 415]);
    for (const res of problems) {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { requestId?: string; code: string };
      expect(body.requestId, body.code).toBe(res.headers.get('x-request-id'));
    }
    expect(problems.slice(0, 3).map((r) => r.headers.get('x-request-id'))).toEqual([
      'trace-400',
      'trace-404',
      'trace-401',
    ]);
  });
});

describe('access log', () => {
  it('writes one line per request with its id, route pattern, status, duration and caller', async () => {
    const token = await desk.token('demo-editor-foch');
    const created = await desk.request('/v1/datasets', {
      method: 'POST',
      token,
      json: { providerId: orgs.get('hopital-foch'), descriptor: sampleDescriptor('Cohorte journalisée') },
      headers: { 'x-request-id': 'create-1' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    lines.length = 0;
    const read = await desk.request(`/v1/datasets/${id}`, { token, headers: { 'x-request-id': 'read-1' } });
    expect(read.status).toBe(200);
    const entries = logged();
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'read-1',
      method: 'GET',
      route: '/v1/datasets/:id',
      status: 200,
    });
    expect(Date.parse(entry!.time)).not.toBeNaN();
    expect(entry!.durationMs).toBeGreaterThanOrEqual(0);
    // The desk's own id for the caller (memberships are loaded on this route), not the token's subject.
    expect(entry!.userId).toMatch(ANY_UUID);
    expect(lines[0]).not.toContain(id);
  });

  it("names the token's subject on routes that verify the caller without loading their roles", async () => {
    await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
    expect(logged()).toEqual([
      expect.objectContaining({ route: '/v1/me/visas', status: 200, userId: 'demo-requester-cesp' }),
    ]);
  });

  it('never logs tokens, query strings or bodies', async () => {
    const token = await desk.token('demo-editor-foch');
    await desk.request('/v1/datasets?q=secret-term-in-query', { token });
    await desk.request('/v1/datasets', {
      method: 'POST',
      token,
      json: { providerId: orgs.get('hopital-foch'), descriptor: { title: 'secret-term-in-body' } },
    });
    await desk.request('/v1/datasets', { headers: { authorization: 'Bearer secret.token.value' } });
    expect(lines).toHaveLength(3);
    const all = lines.join('\n');
    for (const secret of [token, 'secret-term', 'secret.token.value', '?q='])
      expect(all).not.toContain(secret);
    expect(logged().map((l) => [l.route, l.status])).toEqual([
      ['/v1/datasets', 200],
      ['/v1/datasets', 400],
      ['/v1/datasets', 401],
    ]);
  });

  it('names no route for a path that matched none, and no caller for anonymous requests', async () => {
    await desk.request('/v1/no-such-thing?x=1');
    expect(logged()).toEqual([
      expect.objectContaining({ method: 'GET', route: null, status: 404, userId: null }),
    ]);
  });

  it('logs an unhandled error once, at error level, with the request id and stack; the caller sees neither', async () => {
    const router = createRouter();
    router.get('/v1/explode', () => {
      throw new Error('the index is corrupt');
    });
    const app = createApp({ publicBaseUrl: 'http://desk.test', services: desk.services, logger }, [router]);
    const res = await app.request('http://desk.test/v1/explode', { headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain('the index is corrupt');
    expect(JSON.parse(body)).toMatchObject({ code: 'internal', requestId: 'boom-1' });
    const entries = logged();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: 'error',
      requestId: 'boom-1',
      route: '/v1/explode',
      status: 500,
    });
    expect(entries[0]!.error?.message).toBe('the index is corrupt');
    expect(entries[0]!.error?.stack).toContain('request-log.test.ts');
  });

  it('LOG_LEVEL filters: warn keeps errors only, silent keeps nothing', async () => {
    const router = createRouter();
    router.get('/v1/fine', (c) => c.json({ ok: true }, 200));
    router.get('/v1/broken', () => {
      throw new Error('broken');
    });
    const seen: Record<string, string[]> = {};
    for (const level of ['warn', 'silent'] as LogLevel[]) {
      const out: string[] = [];
      seen[level] = out;
      const app = createApp(
        {
          publicBaseUrl: 'http://desk.test',
          services: desk.services,
          logger: jsonLinesLogger({ level, write: (l) => out.push(l) }),
        },
        [router],
      );
      await app.request('http://desk.test/v1/fine');
      await app.request('http://desk.test/v1/broken');
    }
    expect(seen.warn!.map((l) => JSON.parse(l).route)).toEqual(['/v1/broken']);
    expect(seen.silent).toEqual([]);
  });
});
