// A Node.js older than 22.12 is refused at once, in one line: by npm ci (engine-strict), npm start, npm test,
// the server and the CLI. Runs with the machine's own older Node when there is one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, deskEnv, freePort, linesOf, root, runNode, serverRun, tempDir } from './desk-process';

function olderNode(): { path: string; version: string } | undefined {
  let found: string[] = [];
  try {
    found = execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n');
  } catch {}
  for (const path of new Set([...found, '/usr/bin/node', '/usr/local/bin/node'].filter(Boolean))) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().slice(1);
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 12)) return { path, version };
  }
  return undefined;
}

const old = olderNode();
const dataDir = tempDir('node-version');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

if (!old) console.warn('node-version suite skipped: this machine has no Node.js older than 22.12 to run');

describe.skipIf(!old)(`under an older Node.js (${old?.version} at ${old?.path})`, () => {
  const refusal = `the PHOENIX desk needs Node.js 22.12 or later, and this is Node.js ${old?.version}`;
  const env = deskEnv(dataDir, freePort());
  // npm runs its scripts with the first node on PATH, as it would on a machine with only the older one.
  const npmEnv = { ...env, PATH: `${dirname(old?.path ?? '')}${delimiter}${process.env.PATH}` };
  const npm = (args: string[], cwd = root) => runNode([npmCli(), ...args], { ...npmEnv }, old!.path, cwd);

  it('the server and the CLI stop at once with one line, exit code 1', async () => {
    for (const run of [await serverRun(env, old!.path), await cli(['--help'], env, old!.path)]) {
      expect(run.code).toBe(1);
      expect(linesOf(run.stderr)).toHaveLength(1);
      expect(run.stderr).toContain(refusal);
      expect(run.stdout).toBe('');
    }
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  }, 60_000);

  it('npm start and npm test stop before building, type-checking or testing anything', async () => {
    const start = await npm(['start']);
    expect(start.code).not.toBe(0);
    expect(start.stderr).toContain(refusal);
    expect(start.stdout).not.toMatch(/^> \S+ build:validators$/m);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);

    // A file filter that matches nothing: were the check missing, the run would still end quickly.
    const test = await npm(['test', '--', 'test/no-such-suite']);
    expect(test.code).not.toBe(0);
    expect(test.stderr).toContain(refusal);
    expect(test.stdout).not.toMatch(/^> \S+ typecheck$/m);
  }, 180_000);

  it('npm ci refuses to install (engine-strict)', async () => {
    const copy = tempDir('node-version-ci');
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc'])
        copyFileSync(join(root, file), join(copy, file));
      const ci = await npm(['ci', '--dry-run', '--no-audit', '--no-fund'], copy);
      expect(ci.code).not.toBe(0);
      expect(ci.stderr).toContain('EBADENGINE');
      expect(ci.stderr).toContain('"node":">=22.12"');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});

/** npm's own entry script, which the older node runs. */
function npmCli(): string {
  const npm = execFileSync('which', ['npm'], { encoding: 'utf8' }).trim();
  return execFileSync('realpath', [npm], { encoding: 'utf8' }).trim();
}
