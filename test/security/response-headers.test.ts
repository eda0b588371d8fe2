// Headers every answer carries (nosniff, no referrer), personal data kept out of caches, and a locked-down /docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../src/domain/problem';
import { DOCS_CONTENT_SECURITY_POLICY } from '../../src/http/api-reference';
import { earlyProblemResponse } from '../../src/http/early-response';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let editor: string;

beforeAll(async () => {
  desk = await createTestDesk();
  await desk.seed();
  editor = await desk.token('demo-editor-foch');
});
afterAll(() => desk.close());

const MISSING = '00000000-0000-7000-8000-000000000000';

/** A sample of the surface: JSON, Turtle, HTML, scripts, problems of every family, public and personal. */
const sample = (): [string, () => Promise<Response>][] => [
  ['health (JSON)', () => desk.request('/healthz')],
  ['OpenAPI document', () => desk.request('/openapi.json')],
  ['catalogue as Turtle', () => desk.request('/v1/catalog', { headers: { accept: 'text/turtle' } })],
  ['docs page', () => desk.request('/docs')],
  ['docs script', async () => desk.request(await docsAsset('swagger-ui-bundle.js'))],
  ['public search', () => desk.request('/v1/datasets?q=diabete')],
  ['validation problem', () => desk.request('/v1/datasets?limit=1000000')],
  ['unknown path', () => desk.request('/no/such/page')],
  ['unknown dataset', () => desk.request(`/v1/datasets/${MISSING}`)],
  ['missing Content-Type', () => desk.request('/v1/datasets', { method: 'POST', body: '{}', token: editor })],
  ['refused token', () => desk.request('/v1/datasets', { token: 'not.a.jwt' })],
  ['own applications', () => desk.request('/v1/access-requests', { token: editor })],
];

async function docsAsset(name: string): Promise<string> {
  const page = await (await desk.request('/docs')).text();
  const src = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).find((u) => u.endsWith(name));
  if (!src) throw new Error(`the docs page does not reference ${name}`);
  return src;
}

describe('response headers', () => {
  it('every answer, success or problem, carries nosniff and no-referrer', async () => {
    for (const [what, send] of sample()) {
      const res = await send();
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
    }
  });

  it('an answer made before the app runs carries them too, with its request id', async () => {
    const res = earlyProblemResponse(
      new Request('http://desk.test/v1/datasets%2fx', { headers: { authorization: `Bearer ${editor}` } }),
      new Problem('not_found', 'no such resource'),
    );
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { requestId: string };
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('personal-data reads are no-store, with or without a token, whatever their status', async () => {
    const reader = await desk.token('demo-requester-cesp');
    for (const path of [
      '/v1/access-requests',
      `/v1/access-requests/${MISSING}`,
      `/v1/access-requests/${MISSING}/events`,
      '/v1/grants',
      `/v1/grants/${MISSING}`,
      '/v1/me/visas',
    ]) {
      for (const token of [reader, undefined]) {
        const res = await desk.request(path, token ? { token } : {});
        expect(res.headers.get('cache-control'), `${path} ${token ? 'with' : 'without'} a token`).toBe(
          'no-store',
        );
      }
    }
  });

  it('any answer to a request that carried a bearer token is no-store, public routes included', async () => {
    for (const path of ['/v1/datasets?q=diabete', '/v1/desks', '/v1/register', '/healthz']) {
      const res = await desk.request(path, { token: editor });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('anonymous reads of public data stay cacheable (no no-store)', async () => {
    for (const path of ['/v1/datasets?q=diabete', '/v1/desks', '/openapi.json', '/.well-known/jwks.json']) {
      const res = await desk.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('no-store');
    }
  });

  it('/docs may not be framed and runs only what the desk serves', async () => {
    const res = await desk.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(DOCS_CONTENT_SECURITY_POLICY);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const d of ['script-src', 'style-src', 'connect-src'])
      expect(directives.get(d), d).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    // Nothing inline for the policy to allow: every script and style is a file of the desk's own.
    const page = await res.text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves the reference assets with their media types, cacheable for good', async () => {
    for (const [name, type] of [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['init.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const res = await desk.request(await docsAsset(name));
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe(type);
      expect(res.headers.get('cache-control'), name).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length, name).toBeGreaterThan(100);
    }
  });
});
