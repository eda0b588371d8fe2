// Bad input never reaches a 500, never leaks internals, and never half-writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOddPath } from '../../src/http/middleware/request-guards';
import { sampleDescriptor } from '../fixtures-descriptor';
import { createTestDesk, type TestDesk, tableCounts } from '../harness';

let desk: TestDesk;
let orgs: Map<string, string>;
let foch: string;

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  foch = await desk.token('demo-editor-foch');
  // The first request with a token creates the user; do it now so counts below are stable.
  await desk.request('/v1/datasets', { token: foch });
});
afterAll(() => desk.close());

async function expectProblemAndNoChange(send: () => Promise<Response>, status: number) {
  const before = await tableCounts(desk);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const text = await res.text();
  const body = JSON.parse(text) as { status: number; type: string; title: string };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\//);
  // No stack traces, SQL or tokens in any error.
  expect(text).not.toMatch(/at .+\.(ts|js):\d+|select |insert |update |eyJ[A-Za-z0-9_-]{10,}/i);
  expect(await tableCounts(desk)).toEqual(before);
  return body;
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  desk.request('/v1/datasets', { method: 'POST', token: foch, headers, ...(body === null ? {} : { body }) });

describe('bad input', () => {
  it('a NUL character in a descriptor field is 400 at that field, not a 500', async () => {
    const descriptor = sampleDescriptor();
    const json = JSON.stringify({ providerId: orgs.get('hopital-foch'), descriptor }).replace(
      `"fr":"${descriptor.title.fr}"`,
      `"fr":"${descriptor.title.fr}\\u0000"`,
    );
    expect(json).toContain('\\u0000');
    const body = await expectProblemAndNoChange(
      () => post(json, { 'content-type': 'application/json' }),
      400,
    );
    expect(body).toMatchObject({ violations: [{ pointer: '/descriptor/title/fr' }] });
  });

  it('malformed JSON is 400', async () => {
    await expectProblemAndNoChange(
      () => post('{"providerId": ', { 'content-type': 'application/json' }),
      400,
    );
  });

  it('a body without Content-Type is 415', async () => {
    await expectProblemAndNoChange(
      async () =>
        desk.app.request('http://desk.test/v1/datasets', {
          method: 'POST',
          headers: { authorization: `Bearer ${foch}`, 'content-length': '60' },
          body: JSON.stringify({ providerId: orgs.get('hopital-foch') }).padEnd(60),
        }),
      415,
    );
  });

  it('a body with the wrong Content-Type is 415', async () => {
    await expectProblemAndNoChange(
      () => post('providerId=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    );
  });

  it('a body over 1 MiB is 413, with or without Content-Length', async () => {
    const big = JSON.stringify({
      providerId: orgs.get('hopital-foch'),
      descriptor: { pad: 'x'.repeat(1_100_000) },
    });
    await expectProblemAndNoChange(() => post(big, { 'content-type': 'application/json' }), 413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        controller.enqueue(new TextEncoder().encode('{"pad":"'));
        for (let i = 0; i < 20; i++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    await expectProblemAndNoChange(
      async () =>
        desk.app.request('http://desk.test/v1/datasets', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${foch}`,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
          body: chunked,
          // @ts-expect-error Node's fetch needs duplex for streamed bodies
          duplex: 'half',
        }),
      413,
    );
  });

  it('unknown fields are refused at the top level and inside the descriptor', async () => {
    const top = await expectProblemAndNoChange(
      () =>
        post(
          JSON.stringify({
            providerId: orgs.get('hopital-foch'),
            descriptor: sampleDescriptor(),
            status: 'published',
          }),
          { 'content-type': 'application/json' },
        ),
      400,
    );
    expect(JSON.stringify(top)).toContain('status');
    const inner = await expectProblemAndNoChange(
      () =>
        post(
          JSON.stringify({
            providerId: orgs.get('hopital-foch'),
            descriptor: { ...sampleDescriptor(), secret: 1 },
          }),
          {
            'content-type': 'application/json',
          },
        ),
      400,
    );
    expect(JSON.stringify(inner)).toContain('/descriptor/secret');
  });

  it('over-long strings and invalid DUO codes are refused with their pointers', async () => {
    const body = await expectProblemAndNoChange(
      () =>
        post(
          JSON.stringify({
            providerId: orgs.get('hopital-foch'),
            descriptor: {
              ...sampleDescriptor(),
              description: { fr: 'x'.repeat(20_000) },
              dataUseConditions: { permission: { code: 'XYZ' } },
            },
          }),
          { 'content-type': 'application/json' },
        ),
      400,
    );
    const pointers = (body as unknown as { violations: { pointer: string }[] }).violations.map(
      (v) => v.pointer,
    );
    expect(pointers).toContain('/descriptor/description/fr');
    expect(pointers.some((p) => p.startsWith('/descriptor/dataUseConditions/permission'))).toBe(true);
  });

  it('limit=1000000 is a validation problem', async () => {
    await expectProblemAndNoChange(() => desk.request('/v1/datasets?limit=1000000'), 400);
  });

  it('path tricks are not found, never a 500', async () => {
    for (const path of [
      '//v1/datasets',
      '/v1//datasets',
      '/v1/datasets/..%2f..%2fetc',
      '/v1/datasets/%00',
      '/v1/datasets/not-a-uuid',
    ]) {
      const res = await desk.request(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it('raw request paths with dot segments are refused before the URL parser resolves them', () => {
    for (const raw of [
      '/v1/datasets/%2e%2e/organizations',
      '/v1/%2E%2E/healthz',
      '/v1/datasets/../audit/events',
      '/v1/./datasets',
      '/v1/datasets%2fx',
    ]) {
      expect(isOddPath(raw), raw).toBe(true);
    }
    for (const fine of ['/v1/datasets', '/v1/datasets/0193?q=a..b', '/v1/datasets/x.ttl'])
      expect(isOddPath(fine), fine).toBe(false);
  });

  it('a token that does not verify is 401 even on public routes', async () => {
    await expectProblemAndNoChange(() => desk.request('/v1/datasets', { token: 'not.a.jwt' }), 401);
  });
});
