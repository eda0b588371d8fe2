// What the Node server and the command line check before they write anything (the data folder, the port), and
// the one line each configuration failure prints instead of a stack trace.
import { accessSync, constants, type Stats, statSync } from 'node:fs';
import type { Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { type Config, ConfigError } from '../config/config';
import { DataDirInUseError } from './data-dir-lock';

/** A setting that cannot work on this machine; its message is the line to print. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Whether this configuration keeps anything in the data folder (the embedded database or dev secrets). */
export function usesDataDir(config: Config): boolean {
  return !config.databaseUrl || !!config.devIssuer || !config.keyEncryptionKey;
}

/**
 * The data folder, or the nearest folder above it when it does not exist yet, must be a folder this user may
 * read and write. Checked without creating anything, so a start that fails later leaves nothing behind.
 */
export function checkDataDir(dataDir: string): void {
  const wanted = resolve(dataDir);
  let path = wanted;
  let stats = statIfAny(path);
  while (!stats && dirname(path) !== path) {
    path = dirname(path);
    stats = statIfAny(path);
  }
  const subject = path === wanted ? dataDir : `${dataDir} cannot be created: ${path}`;
  if (stats && !stats.isDirectory()) {
    throw new StartupError(`PHOENIX_DATA_DIR: ${subject} is a file, not a folder`);
  }
  const usable = (folder: string, said: string) => {
    try {
      accessSync(folder, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch (e) {
      throw new StartupError(
        `PHOENIX_DATA_DIR: ${said} is not readable and writable by this user (${codeOf(e)})`,
      );
    }
  };
  usable(path, subject);
  // The embedded database's own folder, which an earlier start under another user may have left behind.
  const pgdata = join(wanted, 'pgdata');
  if (path === wanted && statIfAny(pgdata)) usable(pgdata, join(dataDir, 'pgdata'));
}

function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    // ENOTDIR: a file stands where a folder above it should be; the walk up finds it.
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Binds the port, or fails with the line to print. */
export function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise((done, failed) => {
    const refused = (e: Error) => {
      const code = codeOf(e);
      failed(
        code === 'EADDRINUSE'
          ? new StartupError(
              `PORT: port ${port} is in use by another program: stop it, or set PORT to a free port`,
            )
          : code === 'EACCES'
            ? new StartupError(
                `PORT: port ${port} needs privileges this user lacks: set PORT to 1024 or above`,
              )
            : e,
      );
    };
    server.once('error', refused);
    server.listen(port, hostname, () => {
      server.off('error', refused);
      done();
    });
  });
}

// Errors that mean DATABASE_URL names a server the desk cannot use: unreachable, or refusing the login or
// the database (SQLSTATE classes 08 and 28, 3D000, 53300, 57P03).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'SASL_SIGNATURE_MISMATCH',
  'AUTH_TYPE_NOT_IMPLEMENTED',
  '3D000',
  '53300',
  '57P03',
]);

/** The line to print for a failure caused by the configuration or the machine, or undefined for a defect. */
export function startupFailure(e: unknown, config?: Config): string | undefined {
  if (e instanceof ConfigError) return `invalid configuration: ${e.problems.join('; ')}`;
  if (e instanceof StartupError) return e.message;
  if (e instanceof DataDirInUseError) {
    return `${e.message}: stop it, or set PHOENIX_DATA_DIR to another folder`;
  }
  const code = codeOf(e) ?? '';
  if (config?.databaseUrl && (CONNECTION_CODES.has(code) || /^(08|28)/.test(code))) {
    return `DATABASE_URL: cannot use the PostgreSQL database at ${redacted(config.databaseUrl)}: ${(e as Error).message}`;
  }
  const path = (e as NodeJS.ErrnoException | undefined)?.path;
  if (path && ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EISDIR'].includes(code)) {
    return `${path}: ${(e as Error).message}`;
  }
  return undefined;
}

/** The URL without its password, to name the server in a message. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
