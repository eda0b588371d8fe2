// npm run cli -- keys generate|register: a partner's key made in a file only its owner reads, printed as its
// public half and thumbprint, registered with a desk over HTTP (the desk stores the public half only).
// Real CLI processes against a seeded desk served on a loopback port, signed in with PHOENIX_TOKEN.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/desk-processes';
import { createTestDesk, type TestDesk } from '../harness';
import { cli, tempDir } from './desk-process';

let desk: TestDesk;
let server: ServerType;
let base: string;
let orgs: Map<string, string>;
const dir = tempDir('cli-signing');

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  desk = await createTestDesk({ env: { PUBLIC_BASE_URL: base } });
  orgs = await desk.seed();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as `subject`, with a token of the desk's dev issuer in PHOENIX_TOKEN. */
async function cliAs(subject: string | undefined, args: string[]) {
  const env = { ...process.env, PHOENIX_TOKEN: subject ? await desk.token(subject) : '' };
  return cli(args, env);
}

describe('npm run cli -- keys', () => {
  it('generates a key file of mode 600 and prints only its public half and thumbprint', async () => {
    const file = join(dir, 'evalsante.jwk');
    const run = await cliAs(undefined, ['keys', 'generate', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const printed = JSON.parse(run.stdout.slice(0, run.stdout.indexOf('\nthumbprint'))) as Record<
      string,
      string
    >;
    expect(printed).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: stored.x,
      y: stored.y,
      kid: stored.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(run.stdout).toContain(`thumbprint ${stored.kid}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(stored.d);

    const again = await cliAs(undefined, ['keys', 'generate', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: choose another file');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored);
  }, 60_000);

  it('registers the public half for the organisation of a member, by slug, over HTTP', async () => {
    const file = join(dir, 'registered.jwk');
    expect((await cliAs(undefined, ['keys', 'generate', file])).code).toBe(0);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const run = await cliAs('demo-evaluator-evalsante', [
      'keys',
      'register',
      'evalsante',
      file,
      '--desk',
      base,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const org = orgs.get('evalsante')!;
    expect(run.stdout).toBe(
      `registered key ${stored.kid} (thumbprint ${stored.kid}) for organisation ${org}\n`,
    );
    const listed = (await (await desk.request(`/v1/organizations/${org}/keys`)).json()) as {
      items: { kid: string; jwk: Record<string, string>; origin: string }[];
    };
    const key = listed.items.find((k) => k.kid === stored.kid);
    expect(key?.origin).toBe('uploaded');
    expect(key?.jwk).not.toHaveProperty('d');
    expect(key?.jwk).toMatchObject({ x: stored.x, y: stored.y });

    // Not a member of the organisation: the desk refuses, and the command says so.
    const outsider = await cliAs('demo-auditor-auditnum', ['keys', 'register', org, file, '--desk', base]);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/^keys register: the desk answered 403: only members/);
  }, 60_000);

  it('says who signs when no token is given', async () => {
    const file = join(dir, 'anonymous.jwk');
    expect((await cliAs(undefined, ['keys', 'generate', file])).code).toBe(0);
    const anonymous = await cliAs(undefined, ['keys', 'register', 'evalsante', file, '--desk', base]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('say who signs: --as <subject> or a bearer token in PHOENIX_TOKEN');
  }, 60_000);
});
