import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, dataDirHolder, LOCK_FILE, lockDataDir } from './data-dir-lock';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'phoenix-lock-unit-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const lockFile = () => join(dataDir, LOCK_FILE);

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

const writeLock = (pid: number, what = 'the desk server on port 8787') =>
  writeFileSync(lockFile(), JSON.stringify({ what, pid, host: hostname(), since: new Date().toISOString() }));

describe('the data folder lock', () => {
  it('refuses a second holder, naming the first, until the first releases it', () => {
    const lock = lockDataDir(dataDir, { what: 'the desk server on port 8787', url: 'http://127.0.0.1:8787' });
    expect(dataDirHolder(dataDir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:8787' });
    expect(() => lockDataDir(dataDir, { what: 'npm run cli -- migrate' })).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dataDir, { what: 'npm run cli -- migrate' })).toThrow(
      `the data folder ${dataDir} is in use by the desk server on port 8787 (pid ${process.pid})`,
    );
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    expect(dataDirHolder(dataDir)).toBeUndefined();
    lockDataDir(dataDir, { what: 'npm run cli -- migrate' }).release();
  });

  it('takes over a lock whose holder is dead, or whose pid is now this process', async () => {
    writeLock(await deadPid());
    expect(dataDirHolder(dataDir)).toBeUndefined();
    const lock = lockDataDir(dataDir, { what: 'npm run cli -- migrate' });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();

    // A container's server is often pid 1 at every start: its own pid in a lock it does not hold is stale.
    writeLock(process.pid);
    lockDataDir(dataDir, { what: 'npm run cli -- migrate' }).release();
  });

  it('takes over a lock file that is not a lock record', () => {
    writeFileSync(lockFile(), 'not json');
    lockDataDir(dataDir, { what: 'npm run cli -- migrate' }).release();
  });

  it('leaves the lock of a live process alone', async () => {
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      writeLock(live.pid!);
      const before = readFileSync(lockFile(), 'utf8');
      expect(() => lockDataDir(dataDir, { what: 'npm run cli -- migrate' })).toThrow(
        `is in use by the desk server on port 8787 (pid ${live.pid})`,
      );
      expect(readFileSync(lockFile(), 'utf8')).toBe(before);
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('gives a stale lock to exactly one of several processes taking it over at once', async () => {
    writeLock(await deadPid());
    // They start at the same instant, and each holds the lock for a while if it gets it, so that the others
    // find it live.
    const at = Date.now() + 8000;
    const attempt = `
      import { lockDataDir } from './src/adapters/data-dir-lock.ts';
      while (Date.now() < ${at});
      try { lockDataDir(${JSON.stringify(dataDir)}, { what: 'taker ' + process.pid }); console.log('took');
        setTimeout(() => {}, 3000); } catch (e) { console.log(e.name); }`;
    const outcomes = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve) =>
            execFile(
              process.execPath,
              ['--import', 'tsx', '--input-type=module', '-e', attempt],
              { cwd: new URL('../..', import.meta.url).pathname },
              (_error, stdout) => resolve(stdout.trim()),
            ),
          ),
      ),
    );
    expect(outcomes.sort()).toEqual(['DataDirInUseError', 'DataDirInUseError', 'DataDirInUseError', 'took']);
  }, 60_000);
});
