// The Worker entry point at the edge: request ids, security headers, JSON log lines on console.log, and the
// API reference served from the bundle. None of these requests reaches the database.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDevIssuerKey } from '../../src/crypto/dev-issuer';
import { newKeyEncryptionKey } from '../../src/crypto/key-encryption';
import { script } from '../../src/generated/api-reference-assets.js';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };

async function freshWorker() {
  vi.resetModules();
  return (await import('../../src/adapters/workers')).default;
}

async function configuredEnv(vars: Record<string, string> = {}) {
  const key = await generateDevIssuerKey();
  return {
    // Nothing listens there: a request that touched the database would fail.
    HYPERDRIVE: { connectionString: 'postgres://u:p@127.0.0.1:1/db' },
    DEV_ISSUER_JWK: JSON.stringify({ publicJwk: key.publicJwk }),
    PHOENIX_KEY_ENCRYPTION_KEY: newKeyEncryptionKey(),
    PHOENIX_BACKGROUND_JOBS: 'false',
    // The platform's rate-limiting bindings (wrangler.toml [[ratelimits]]), here never over budget.
    ...Object.fromEntries(
      ['RATE_LIMIT_WRITES', 'RATE_LIMIT_AUTH_FAILURES', 'RATE_LIMIT_SEARCHES'].map((name) => [
        name,
        { limit: async () => ({ success: true }) },
      ]),
    ),
    ...vars,
  };
}

/** The JSON lines the Worker wrote with console.log. */
function captureLog() {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return () => log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('Worker edge', () => {
  it('serves /docs and its script from the bundle, and logs one JSON line per request', async () => {
    const logged = captureLog();
    const worker = await freshWorker();
    const env = await configuredEnv();
    const page = await worker.fetch(
      new Request('http://w.test/docs', { headers: { 'x-request-id': 'docs-1' } }),
      env,
      ctx as never,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-request-id')).toBe('docs-1');
    const src = /src="([^"]+swagger-ui-bundle\.js)"/.exec(await page.text())![1]!;
    const asset = await worker.fetch(new Request(`http://w.test${src}`), env, ctx as never);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await asset.text()).toBe(script);
    const lines = logged();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', requestId: 'docs-1', route: '/docs' });
    expect(lines[1]).toMatchObject({ method: 'GET', status: 200, route: src });
  });

  it('refuses an odd path before the app with the same headers, id and log line', async () => {
    const logged = captureLog();
    const worker = await freshWorker();
    const res = await worker.fetch(
      new Request('http://w.test/v1/datasets%2fx', { headers: { 'x-request-id': 'odd-1' } }),
      await configuredEnv(),
      ctx as never,
    );
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBe('odd-1');
    expect(((await res.json()) as { requestId: string }).requestId).toBe('odd-1');
    expect(logged()).toEqual([expect.objectContaining({ requestId: 'odd-1', route: null, status: 404 })]);
  });

  it('takes LOG_LEVEL from its vars', async () => {
    const logged = captureLog();
    const worker = await freshWorker();
    const res = await worker.fetch(
      new Request('http://w.test/docs'),
      await configuredEnv({ LOG_LEVEL: 'warn' }),
      ctx as never,
    );
    expect(res.status).toBe(200);
    expect(logged()).toEqual([]);
  });

  it('a misconfigured Worker still answers with a request id and nosniff', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const worker = await freshWorker();
    const res = await worker.fetch(
      new Request('http://w.test/healthz', { headers: { 'x-request-id': 'cfg-1' } }),
      { PHOENIX_ENV: 'development' },
      ctx as never,
    );
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('cfg-1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toMatchObject({ code: 'misconfigured', requestId: 'cfg-1' });
  });
});
