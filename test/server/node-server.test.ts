// The Node entry point and the CLI as a newcomer runs them: a real process, a real port, a data folder.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-server-test-'));
const port = 19_000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
let output = '';

/** The JSON lines among what the server printed. */
const accessLines = () =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// Always the embedded database here: this suite proves the zero-configuration start.
const env = {
  ...process.env,
  PHOENIX_DATA_DIR: dataDir,
  PORT: String(port),
  DATABASE_URL: '',
  LOG_LEVEL: 'info',
};

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env }).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node.ts'], { cwd: root, env });
  server.stdout!.on('data', (d) => {
    output += d;
  });
  server.stderr!.on('data', (d) => {
    output += d;
  });
  for (let i = 0; i < 400 && !output.includes('listening'); i++) await new Promise((r) => setTimeout(r, 250));
}, 120_000);

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start (embedded database)', () => {
  it('says where it listens, where the docs are and how to mint a token', () => {
    expect(output).toContain(`listening on http://localhost:${port}`);
    expect(output).toContain('/docs');
    expect(output).toContain('npm run cli -- token --sub');
    expect(output).toMatch(/Seeded the demo cast and \d+ published datasets/);
  });

  it('serves the seeded catalogue, and a CLI-minted token works against it', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const found = (await (await fetch(`${base}/v1/datasets?q=diabete`)).json()) as { total: number };
    expect(found.total).toBeGreaterThan(0);
    const minted = (await cli('token', '--sub', 'demo-editor-foch')) as { stdout: string };
    const token = minted.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const drafts = await fetch(`${base}/v1/datasets?status=draft`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(drafts.status).toBe(200);
  });

  it('refuses dot segments in the raw request line before URL normalisation', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/datasets/%2e%2e/organizations' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it('answers that early refusal with nosniff, a request id in header and body, and a log line', async () => {
    const { request } = await import('node:http');
    const res = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/v1/%2e%2e/healthz', headers: { 'x-request-id': 'raw-odd-1' } },
        (r) => {
          let body = '';
          r.on('data', (d) => {
            body += d;
          });
          r.on('end', () => resolve({ headers: r.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('raw-odd-1');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'not_found', requestId: 'raw-odd-1' });
    await new Promise((r) => setTimeout(r, 200));
    expect(accessLines()).toContainEqual(expect.objectContaining({ requestId: 'raw-odd-1', status: 404 }));
  });

  it('prints one JSON line per request on stdout, beside its startup lines for people', async () => {
    await fetch(`${base}/v1/datasets?q=hidden-term`, { headers: { 'x-request-id': 'node-log-1' } });
    await new Promise((r) => setTimeout(r, 200));
    const mine = accessLines().filter((l) => l.requestId === 'node-log-1');
    expect(mine).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', route: '/v1/datasets', status: 200 }),
    ]);
    expect(output).not.toContain('hidden-term');
    expect(output).toMatch(/^PHOENIX desk listening on http:\/\/localhost:\d+ /m);
  });
});

describe('npm run cli -- validate', () => {
  it('accepts a valid descriptor', async () => {
    const result = (await cli('validate', 'test/fixtures/descriptors/cohorte-naissance-minimale.json')) as {
      stdout: string;
    };
    expect(result.stdout).toContain('valid dataset descriptor');
  });

  it('lists every violation with its pointer and fails', async () => {
    const result = (await cli('validate', 'test/fixtures/descriptors/invalid-many-errors.json')) as {
      code: number;
      stderr: string;
    };
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\d+ violation\(s\)/);
    expect(result.stderr).toMatch(/^\/\S+: /m);
  });
});
