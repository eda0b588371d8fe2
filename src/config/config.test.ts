import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded desk with the dev issuer on port 8787', () => {
    const c = parseConfig({});
    expect(c.port).toBe(8787);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.devIssuer).toBeDefined();
    expect(c.seedDemo).toBe(true);
    expect(c.publicBaseUrl).toBe('http://localhost:8787');
  });

  it('names every bad variable at once', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.join('\n')).toMatch(
        /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
      );
    }
  });

  it('refuses a DATABASE_URL that does not parse, and accepts a list of hosts', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://localhost:notaport/desk' })).toThrow(
      /DATABASE_URL: is not a valid URL/,
    );
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@h1:5432,h2:5433/desk' }).databaseUrl).toBe(
      'postgres://u:p@h1:5432,h2:5433/desk',
    );
  });

  it('refuses the dev issuer next to production settings', () => {
    expect(() =>
      parseConfig({
        PHOENIX_ENV: 'production',
        PHOENIX_DEV_ISSUER: 'true',
        DATABASE_URL: 'postgres://db/desk',
        OIDC_ISSUER: 'https://idp.example.org',
        OIDC_JWKS_URL: 'https://idp.example.org/jwks',
      }),
    ).toThrow(/dev issuer is refused/);
    const prod = parseConfig({
      PHOENIX_ENV: 'production',
      PHOENIX_KEY_ENCRYPTION_KEY: 'A'.repeat(43),
      DATABASE_URL: 'postgres://db/desk',
      OIDC_ISSUER: 'https://idp.example.org',
      OIDC_JWKS_URL: 'https://idp.example.org/jwks',
    });
    expect(prod.devIssuer).toBeUndefined();
    expect(prod.seedDemo).toBe(false);
  });

  it('requires identity settings and a database in production', () => {
    expect(() => parseConfig({ PHOENIX_ENV: 'production' })).toThrow(
      /OIDC_ISSUER[\s\S]*DATABASE_URL[\s\S]*PHOENIX_KEY_ENCRYPTION_KEY/,
    );
  });

  it('bounds lock waits and statements by default, and takes other bounds in milliseconds', () => {
    expect(parseConfig({}).databaseTimeouts).toEqual({ lockMs: 5000, statementMs: 30_000 });
    const set = parseConfig({ PHOENIX_LOCK_TIMEOUT_MS: '250', PHOENIX_STATEMENT_TIMEOUT_MS: '0' });
    expect(set.databaseTimeouts).toEqual({ lockMs: 250, statementMs: 0 });
    expect(() => parseConfig({ PHOENIX_LOCK_TIMEOUT_MS: '-1', PHOENIX_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(
      /PHOENIX_LOCK_TIMEOUT_MS[\s\S]*PHOENIX_STATEMENT_TIMEOUT_MS/,
    );
  });

  it('logs at info by default, takes any of the five levels, and names a bad one', () => {
    expect(parseConfig({}).logLevel).toBe('info');
    for (const level of ['debug', 'info', 'warn', 'error', 'silent'] as const)
      expect(parseConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    expect(() => parseConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });

  describe('console sign-in with OpenID Connect', () => {
    const provider = {
      OIDC_ISSUER: 'https://idp.example.org/realms/health',
      OIDC_JWKS_URL: 'https://idp.example.org/realms/health/certs',
    };

    it('takes the console client, naming the provider by its host unless told', () => {
      const c = parseConfig({ ...provider, OIDC_CLIENT_ID: 'phoenix-console', OIDC_CLIENT_SECRET: 's3cret' });
      expect(c.oidc?.client).toEqual({
        id: 'phoenix-console',
        secret: 's3cret',
        providerName: 'idp.example.org',
        allowHttp: false,
      });
      const named = parseConfig({
        ...provider,
        OIDC_CLIENT_ID: 'c',
        OIDC_PROVIDER_NAME: 'Pro Santé Connect',
      });
      expect(named.oidc?.client?.providerName).toBe('Pro Santé Connect');
      expect(parseConfig(provider).oidc?.client).toBeUndefined();
    });

    it('refuses a client without a provider, and a secret without a client', () => {
      expect(() => parseConfig({ OIDC_CLIENT_ID: 'c' })).toThrow(/OIDC_CLIENT_ID needs OIDC_ISSUER/);
      expect(() => parseConfig({ ...provider, OIDC_CLIENT_SECRET: 's' })).toThrow(
        /OIDC_CLIENT_SECRET needs OIDC_CLIENT_ID/,
      );
    });

    it('signs in over https only, unless PHOENIX_OIDC_ALLOW_HTTP allows a plain-http provider', () => {
      const local = {
        OIDC_ISSUER: 'http://127.0.0.1:9000',
        OIDC_JWKS_URL: 'http://127.0.0.1:9000/jwks',
        OIDC_CLIENT_ID: 'c',
      };
      expect(() => parseConfig(local)).toThrow(/OIDC_ISSUER must be an https URL/);
      expect(parseConfig({ ...local, PHOENIX_OIDC_ALLOW_HTTP: 'true' }).oidc?.client?.allowHttp).toBe(true);
      expect(() => parseConfig({ ...local, PHOENIX_OIDC_ALLOW_HTTP: 'maybe' })).toThrow(
        /PHOENIX_OIDC_ALLOW_HTTP/,
      );
      // Bearer tokens alone (no console client) never talk to the provider but for its keys.
      expect(
        parseConfig({ OIDC_ISSUER: local.OIDC_ISSUER, OIDC_JWKS_URL: local.OIDC_JWKS_URL }).oidc,
      ).toBeDefined();
    });

    it('refuses PHOENIX_OIDC_ALLOW_HTTP in production', () => {
      const production = {
        ...provider,
        OIDC_CLIENT_ID: 'c',
        PHOENIX_ENV: 'production',
        DATABASE_URL: 'postgres://u:p@db/desk',
        PHOENIX_KEY_ENCRYPTION_KEY: 'a'.repeat(43),
      };
      expect(parseConfig(production).oidc?.client?.allowHttp).toBe(false);
      expect(() => parseConfig({ ...production, PHOENIX_OIDC_ALLOW_HTTP: 'true' })).toThrow(
        /PHOENIX_OIDC_ALLOW_HTTP: plain-http OpenID providers are refused when PHOENIX_ENV=production/,
      );
    });
  });
});
