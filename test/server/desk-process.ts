// Real desk processes for the server suites: the Node entry point and the CLI as `npm start` and
// `npm run cli` run them (node --import tsx), each on a data folder and a port of the test's own.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ServerProcess {
  pid: number;
  base: string;
  output(): string;
  /** Stops it as Ctrl-C or a service manager would (SIGTERM), and waits for its exit. */
  stop(): Promise<void>;
}

export const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `phoenix-${name}-`));

/** The environment of an embedded desk on `dataDir` and `port`, whatever the suite's own settings. */
export function deskEnv(dataDir: string, port: number, more: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PHOENIX_DATA_DIR: dataDir,
    PORT: String(port),
    DATABASE_URL: '',
    PUBLIC_BASE_URL: '',
    PHOENIX_ENV: '',
    ...more,
  };
}

/** Runs `node <args>` (in the repository, unless told) to its end. */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  node = process.execPath,
  cwd = root,
): Promise<Exited> {
  return new Promise((resolve) => {
    execFile(node, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const cli = (args: string[], env: NodeJS.ProcessEnv, node?: string) =>
  runNode(['--import', 'tsx', 'src/cli/main.ts', ...args], env, node);

/** A server start that is expected to fail, run to its end. */
export const serverRun = (env: NodeJS.ProcessEnv, node?: string) =>
  runNode(['--import', 'tsx', 'src/adapters/node.ts'], env, node);

/** Starts the server and waits until it says it listens. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node.ts'], {
    cwd: root,
    env,
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 480 && !output.includes('listening'); i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!output.includes('listening')) {
    child.kill('SIGKILL');
    throw new Error(`the server did not start:\n${output}`);
  }
  return {
    pid: child.pid!,
    base: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The lines of a process's stderr, without the final newline. */
export const linesOf = (text: string) => text.trimEnd().split('\n');
