// The Worker entry point with bad configuration: every request gets a clear 500 naming what is missing.
import { afterEach, describe, expect, it, vi } from 'vitest';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };

async function freshWorker() {
  vi.resetModules();
  return (await import('../../src/adapters/workers')).default;
}

afterEach(() => vi.restoreAllMocks());

describe('Worker configuration', () => {
  it('answers 500 problem+json naming a missing Hyperdrive binding and secret, and logs it once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const worker = await freshWorker();
    const env = { PHOENIX_ENV: 'development' };
    for (const path of ['/healthz', '/v1/datasets']) {
      const res = await worker.fetch(new Request(`http://w.test${path}`), env, ctx as never);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { code: string; detail: string };
      expect(body.code).toBe('misconfigured');
      expect(body.detail).toContain('HYPERDRIVE');
      expect(body.detail).toContain('DEV_ISSUER_JWK');
      expect(body.detail).toContain('PHOENIX_KEY_ENCRYPTION_KEY');
      // Without its rate-limiting bindings the Worker refuses to serve rather than serve unlimited.
      for (const binding of ['RATE_LIMIT_WRITES', 'RATE_LIMIT_AUTH_FAILURES', 'RATE_LIMIT_SEARCHES'])
        expect(body.detail).toContain(binding);
    }
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('refuses the dev issuer next to production settings', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const worker = await freshWorker();
    const env = {
      HYPERDRIVE: { connectionString: 'postgres://u:p@127.0.0.1:1/db' },
      PHOENIX_ENV: 'production',
      PHOENIX_DEV_ISSUER: 'true',
      OIDC_ISSUER: 'https://idp.example.org',
      OIDC_JWKS_URL: 'https://idp.example.org/jwks',
    };
    const res = await worker.fetch(new Request('http://w.test/healthz'), env, ctx as never);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { detail: string }).detail).toContain('dev issuer is refused');
  });
});
