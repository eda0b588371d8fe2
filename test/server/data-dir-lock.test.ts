// The embedded database belongs to one process: a second server stops at once, and each CLI command either
// goes through the running server (its change survives a restart) or is refused clearly. Real processes.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, onPostgres } from '../harness';
import {
  cli,
  deskEnv,
  freePort,
  linesOf,
  type ServerProcess,
  serverRun,
  startServer,
  tempDir,
} from './desk-process';

describe('npm start and the CLI on one data folder', () => {
  const dataDir = tempDir('lock');
  const port = freePort();
  const env = deskEnv(dataDir, port);
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer(env);
  }, 180_000);

  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const restart = async () => {
    await server.stop();
    server = await startServer(env);
  };

  const activeKid = async () => {
    const { periods } = (await (await fetch(`${server.base}/v1/signing-keys`)).json()) as {
      periods: { kid: string; until: string | null }[];
    };
    return periods.find((p) => p.until === null)?.kid;
  };

  it('stops a second npm start on the same folder at once, with one line naming the server that holds it', async () => {
    const second = await serverRun(deskEnv(dataDir, freePort()));
    expect(second.code).toBe(1);
    expect(linesOf(second.stderr)).toEqual([
      `the data folder ${dataDir} is in use by the desk server on port ${port} (pid ${server.pid}): ` +
        'stop it, or set PHOENIX_DATA_DIR to another folder',
    ]);
    expect(second.stdout).toBe('');
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  }, 60_000);

  it('refuses migrate and seed-demo, which the server did when it started', async () => {
    for (const [command, why] of [
      ['migrate', 'applied the migrations when it started'],
      ['seed-demo', 'seeds an empty database when it starts'],
    ] as const) {
      const refused = await cli([command], env);
      expect(refused.code, command).toBe(1);
      expect(linesOf(refused.stderr)).toEqual([
        `${command}: the desk server on port ${port} (pid ${server.pid}) holds the data folder ${dataDir} ` +
          `and ${why}: stop it to run ${command}`,
      ]);
    }
  }, 60_000);

  it('rotates the keys through the running server; the new key is still the active one after a restart', async () => {
    const before = await activeKid();
    const rotated = await cli(['rotate-keys'], env);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const kid = /^active signing key: (\S+)$/m.exec(rotated.stdout)?.[1];
    expect(kid).toBeDefined();
    expect(rotated.stdout).toContain(`retired ${before}; published for`);
    expect(await activeKid()).toBe(kid);

    await restart();
    expect(await activeKid()).toBe(kid);
  }, 180_000);

  it('imports through the running server; the dataset is still there after a restart', async () => {
    // The example's publisher, registered as a provider with an editor: a provider imports its own datasets.
    const admin = (await cli(['token', '--sub', 'demo-admin'], env)).stdout.trim();
    const post = (path: string, body: unknown) =>
      fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const registered = await post('/v1/organizations', {
      slug: 'healthdata-nl',
      name: 'Contact Point',
      kind: 'provider',
      homepage: 'https://healthdata.nl',
    });
    const { id: provider } = (await registered.json()) as { id: string };
    await post(`/v1/organizations/${provider}/members`, { subject: 'editor-healthdata', role: 'editor' });
    const imported = await cli(
      [
        'import',
        'test/fixtures/rdf/healthdcat-ap-example-dataset.ttl',
        '--provider',
        provider,
        '--as',
        'editor-healthdata',
      ],
      env,
    );
    expect(imported.code).toBe(0);
    const id = /^(\S+) {2}http/m.exec(imported.stdout)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    await restart();
    const token = (await cli(['token', '--sub', 'editor-healthdata'], env)).stdout.trim();
    const res = await fetch(`${server.base}/v1/datasets/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('draft');
  }, 180_000);

  it('refuses rotate-keys through the server for someone who is not a platform admin', async () => {
    const before = await activeKid();
    const refused = await cli(['rotate-keys', '--as', 'demo-editor-pasteur'], env);
    expect(refused.code).toBe(1);
    expect(linesOf(refused.stderr)).toEqual([
      `rotate-keys: the desk server on port ${port} (pid ${server.pid}) answered 403: only platform admins rotate the signing keys`,
    ]);
    expect(await activeKid()).toBe(before);
  }, 60_000);

  it('refuses rotate-keys and import clearly when there is no dev issuer to sign in to the server with', async () => {
    const withOidc = {
      ...env,
      OIDC_ISSUER: 'https://idp.example.org',
      OIDC_JWKS_URL: 'https://idp.example.org/jwks',
    };
    const imported = ['import', 'test/fixtures/rdf/healthdcat-ap-example-dataset.ttl'];
    for (const args of [['rotate-keys'], [...imported, '--provider', 'any', '--as', 'demo-editor-pasteur']]) {
      const refused = await cli(args, withOidc);
      expect(refused.code, args[0]).toBe(1);
      expect(refused.stderr).toContain(
        `${args[0]}: the desk server on port ${port} (pid ${server.pid}) holds the data folder, and without the ` +
          'dev issuer this command cannot sign in to it: stop the server and run the command again',
      );
    }
  }, 60_000);
});

describe('a stale lock', () => {
  it('is taken over when the process that held it is dead, and released at the end', async () => {
    const dataDir = tempDir('stale-lock');
    try {
      const gone = spawn(process.execPath, ['-e', '']);
      await new Promise((r) => gone.once('exit', r));
      const lock = join(dataDir, 'desk.lock');
      writeFileSync(
        lock,
        JSON.stringify({
          what: 'the desk server on port 8787',
          url: 'http://127.0.0.1:8787',
          pid: gone.pid,
          host: hostname(),
          since: new Date().toISOString(),
        }),
      );
      const migrated = await cli(['migrate'], deskEnv(dataDir, freePort()));
      expect(migrated.stderr).toBe('');
      expect(migrated.stdout.trim()).toBe('migrations applied (pglite)');
      expect(migrated.code).toBe(0);
      expect(existsSync(lock)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!onPostgres)('with DATABASE_URL', () => {
  it('takes no lock: a command runs beside another process holding the data folder', async () => {
    const dataDir = tempDir('postgres-lock');
    const database = await freshPostgresDatabase();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      writeFileSync(
        join(dataDir, 'desk.lock'),
        JSON.stringify({
          what: 'the desk server on port 8787',
          pid: holder.pid,
          host: hostname(),
          since: '',
        }),
      );
      const migrated = await cli(['migrate'], deskEnv(dataDir, freePort(), { DATABASE_URL: database.url }));
      expect(migrated.stderr).toBe('');
      expect(migrated.stdout.trim()).toBe('migrations applied (postgres)');
      expect(migrated.code).toBe(0);
    } finally {
      holder.kill('SIGKILL');
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
