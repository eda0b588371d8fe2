// Bad configuration stops `npm start` with one line and exit code 1, before anything is written. Real processes.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, deskEnv, freePort, linesOf, serverRun, tempDir } from './desk-process';

const scratch = tempDir('startup');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A data folder that does not exist yet, so a test can tell whether the start wrote anything. */
let folders = 0;
const unusedDataDir = () => join(scratch, `data-${++folders}`);

describe('npm start with bad configuration', () => {
  it('names a port in use in one line, and leaves no database or lock behind', async () => {
    const port = freePort();
    const other = createServer().listen(port, '0.0.0.0');
    await new Promise((r) => other.once('listening', r));
    try {
      const dataDir = unusedDataDir();
      const run = await serverRun(deskEnv(dataDir, port));
      expect(run.code).toBe(1);
      expect(linesOf(run.stderr)).toEqual([
        `PORT: port ${port} is in use by another program: stop it, or set PORT to a free port`,
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      other.close();
    }
  }, 60_000);

  it('names a data folder that is a file, or cannot be created, in one line', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const asFolder = await serverRun(deskEnv(file, freePort()));
    expect(asFolder.code).toBe(1);
    expect(linesOf(asFolder.stderr)).toEqual([`PHOENIX_DATA_DIR: ${file} is a file, not a folder`]);

    const below = await serverRun(deskEnv(join(file, 'data'), freePort()));
    expect(below.code).toBe(1);
    expect(linesOf(below.stderr)).toEqual([
      `PHOENIX_DATA_DIR: ${join(file, 'data')} cannot be created: ${file} is a file, not a folder`,
    ]);
  }, 60_000);

  it('names a malformed DATABASE_URL in one line', async () => {
    const run = await serverRun(
      deskEnv(unusedDataDir(), freePort(), { DATABASE_URL: 'postgres://localhost:notaport/desk' }),
    );
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      'invalid configuration: DATABASE_URL: is not a valid URL (postgres://user:password@host:5432/database)',
    ]);
  }, 60_000);

  it('names a DATABASE_URL that nothing answers in one line', async () => {
    const dataDir = unusedDataDir();
    const run = await serverRun(
      deskEnv(dataDir, freePort(), { DATABASE_URL: 'postgres://desk:secret@127.0.0.1:1/desk' }),
    );
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      'DATABASE_URL: cannot use the PostgreSQL database at postgres://desk@127.0.0.1:1/desk: connect ECONNREFUSED 127.0.0.1:1',
    ]);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  }, 60_000);

  it('names every missing production setting in one line', async () => {
    const dataDir = unusedDataDir();
    const run = await serverRun(deskEnv(dataDir, freePort(), { PHOENIX_ENV: 'production' }));
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      'invalid configuration: PHOENIX_ENV=production requires OIDC_ISSUER and OIDC_JWKS_URL; ' +
        'PHOENIX_ENV=production requires DATABASE_URL; ' +
        'PHOENIX_ENV=production requires PHOENIX_KEY_ENCRYPTION_KEY (npm run cli -- new-kek prints one)',
    ]);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});

describe('the CLI with bad configuration', () => {
  it('says the same one line, exit code 1', async () => {
    const dataDir = unusedDataDir();
    const run = await cli(
      ['migrate'],
      deskEnv(dataDir, freePort(), { DATABASE_URL: 'postgres://localhost:notaport/desk' }),
    );
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      'invalid configuration: DATABASE_URL: is not a valid URL (postgres://user:password@host:5432/database)',
    ]);
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  }, 60_000);
});
