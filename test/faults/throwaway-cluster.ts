// A PostgreSQL cluster of the suite's own, in a temporary folder on a random port, so that the suite can
// stop, start and kill it without touching any shared server; destroyed afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayCluster {
  port: number;
  /** The URL of `database` on this cluster, as its superuser. */
  url(database?: string): string;
  start(): void;
  /** `pg_ctl stop -m fast`: every backend is terminated, open transactions roll back. */
  stop(): void;
  running(): boolean;
  /** Runs SQL through psql as the superuser; returns its unaligned output. */
  psql(sql: string, database?: string): string;
  destroy(): void;
}

function binDir(): string {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) return fromEnv;
  for (const v of ['17', '16', '15', '14']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
}

/** Creates and starts a cluster. As root, the server runs as the `postgres` system user (root cannot). */
export function createThrowawayCluster(): ThrowawayCluster {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'phoenix-faults-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:', root]);
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { encoding: 'utf8' })
      : execFileSync(join(bin, tool), args, { encoding: 'utf8' });
  const data = join(root, 'data');
  const port = 21_000 + Math.floor(Math.random() * 8000);
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const log = join(root, 'server.log');
  const cluster: ThrowawayCluster = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-o',
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200`,
        'start',
      ]);
    },
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    running() {
      try {
        run('pg_ctl', ['-D', data, 'status']);
        return true;
      } catch {
        return false;
      }
    },
    psql(sql, database = 'postgres') {
      return run('psql', [
        '-h',
        root,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        database,
        '-qAtX',
        '-c',
        sql,
      ]);
    },
    destroy() {
      if (!existsSync(root)) return;
      if (cluster.running()) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {}
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  // Torn down even when the test process ends without its afterAll (a crash, an interrupted run).
  process.once('exit', () => cluster.destroy());
  cluster.start();
  return cluster;
}
