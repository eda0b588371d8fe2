// The embedded database's data folder belongs to one process at a time. PGlite is a single-process database:
// a second process opening the same files works on its own copy of them, and whichever closes last silently
// overwrites the other's writes. A lock file in the folder names the holder (its pid, what it is and, for the
// server, where it answers), so a second opener stops at once and the command line can go through the server.
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'desk.lock';

export interface LockHolder {
  /** What the holder is, for people: "the desk server on port 8787", "npm run cli -- migrate". */
  what: string;
  /** Where a desk server holding the folder answers HTTP, so the command line can go through it. */
  url?: string;
}

export interface LockRecord extends LockHolder {
  pid: number;
  host: string;
  /** The process's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  started?: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
  ) {
    super(`the data folder ${dataDir} is in use by ${describeHolder(holder)}`);
    this.name = 'DataDirInUseError';
  }
}

export function describeHolder(holder: LockRecord): string {
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `${holder.what} (pid ${holder.pid}${where})`;
}

// Folders this process holds: its own pid in a lock file it does not hold is a stale lock from an earlier
// process that had the same pid (common in containers, where the server is often pid 1).
const held = new Set<string>();

/** Takes the folder's lock, taking over a stale one (its holder is dead); throws DataDirInUseError otherwise. */
export function lockDataDir(dataDir: string, holder: LockHolder): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const started = startTime(process.pid);
  const record: LockRecord = {
    ...holder,
    pid: process.pid,
    host: hostname(),
    ...(started ? { started } : {}),
    since: new Date().toISOString(),
  };
  const text = JSON.stringify(record);
  // Written aside, then linked into place: link() fails if the lock exists, and a reader never sees it half written.
  const draft = `${file}.${process.pid}.${randomUUID().slice(0, 8)}`;
  writeFileSync(draft, text, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        linkSync(draft, file);
        return holding(file, text);
      } catch (e) {
        if (errorCode(e) !== 'EEXIST') throw e;
      }
      const current = readText(file);
      if (current === undefined) continue;
      const other = parseRecord(current);
      if (other && isLive(file, other)) throw new DataDirInUseError(dataDir, other);
      removeStale(file, current);
    }
    throw new Error(`could not take the lock ${file}`);
  } finally {
    unlinkQuietly(draft);
  }
}

/** The live holder of the folder's lock, if any, without taking it. */
export function dataDirHolder(dataDir: string): LockRecord | undefined {
  const file = join(dataDir, LOCK_FILE);
  const text = readText(file);
  const record = text === undefined ? undefined : parseRecord(text);
  return record && isLive(file, record) ? record : undefined;
}

function holding(file: string, text: string): DataDirLock {
  held.add(file);
  // A process that ends through process.exit() still removes its lock; one that is killed leaves a stale lock,
  // which the next opener takes over.
  const release = () => {
    if (!held.delete(file)) return;
    process.off('exit', release);
    if (readText(file) === text) unlinkQuietly(file);
  };
  process.on('exit', release);
  return { release };
}

function isLive(file: string, record: LockRecord): boolean {
  // Another machine's process cannot be checked from here: a folder shared over the network stays locked.
  if (record.host !== hostname()) return true;
  if (record.pid === process.pid) return held.has(file);
  try {
    process.kill(record.pid, 0);
  } catch (e) {
    if (errorCode(e) !== 'EPERM') return false;
  }
  const started = startTime(record.pid);
  return record.started === undefined || started === undefined || started === record.started;
}

/**
 * Removes a stale lock, unless another process replaced it meanwhile. Takeovers are serialised by a second
 * file so that two processes finding the same stale lock cannot remove one another's fresh lock.
 */
function removeStale(file: string, staleText: string): void {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw e;
    // A takeover takes milliseconds: a guard left for longer belongs to a process that died during one.
    if (Date.now() - (mtime(guard) ?? Date.now()) > 10_000) unlinkQuietly(guard);
    sleep(20);
    return;
  }
  try {
    if (readText(file) === staleText) unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    return typeof r.pid === 'number' && typeof r.what === 'string' && typeof r.host === 'string'
      ? (r as LockRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Linux's start time of a process, in clock ticks since boot; undefined elsewhere. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {}
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
