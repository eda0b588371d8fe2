// The README's walkthrough, run exactly as printed (bash, curl, jq) against a real server process.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-walkthrough-'));
const port = 19_000 + Math.floor(Math.random() * 1000);
const env = {
  ...process.env,
  PHOENIX_DATA_DIR: dataDir,
  PORT: String(port),
  DATABASE_URL: '',
  PUBLIC_BASE_URL: '',
};
let server: ReturnType<typeof spawn>;

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node.ts'], { cwd: root, env });
  let out = '';
  server.stdout!.on('data', (d) => {
    out += d;
  });
  for (let i = 0; i < 400 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 250));
}, 120_000);

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the README's shell block between `<!-- name:start -->` and `<!-- name:end -->`, as printed. */
async function runReadmeBlock(name: string): Promise<string> {
  const block = new RegExp(
    `<!-- ${name}:start -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`,
  ).exec(readme)?.[1];
  expect(block, `README block ${name}`).toBeDefined();
  // The only change: the port this test's server listens on.
  const script = block!.replace('API=http://localhost:8787', `API=http://localhost:${port}`);
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: root,
    env,
    timeout: 120_000,
  });
  return stdout;
}

describe('README walkthrough', () => {
  it('walks an application to a verified, then revoked, visa', async () => {
    const stdout = await runReadmeBlock('walkthrough');
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.indexOf('}') + 1))).toMatchObject({
      result: 'match',
    });
    expect(lines).toContain('in_review');
    expect(lines).toContain('approved');
    expect(stdout).toMatch(/"valid": true/);
    expect(stdout).toMatch(/"alg": "ES256"/);
    expect(lines).toContain('revoked');
    expect(stdout).toMatch(/"valid": false,\s*"reason": "grant revoked"/);
    // The team reads the review and its outcome; the votes stay the committee's.
    expect(lines.slice(-4)).toEqual(['created', 'submitted', 'review_started', 'approved']);
  }, 150_000);
});

describe('README auditor walkthrough', () => {
  it('has a witness cosign the head, then verifies the evaluation’s evidence bundle offline', async () => {
    const stdout = await runReadmeBlock('auditor-walkthrough');
    expect(stdout).toMatch(/^cosigned .+ at \d+ entries, root [0-9a-f]{64}$/m);
    const summary = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.indexOf('}') + 1));
    expect(summary).toMatchObject({ format: 'phoenix-evidence-bundle/1', cosignatures: 1 });
    expect(summary.entries).toBeGreaterThan(0);
    expect(stdout).toMatch(/^ok +evaluation signature/m);
    expect(stdout).toMatch(/^ok +countersignature 1 /m);
    expect(stdout).toMatch(/^ok +cosignatures/m);
    expect(stdout).not.toMatch(/^FAIL/m);
    expect(stdout).toMatch(/^bundle verified$/m);
    expect(stdout).toMatch(/^copied \d+ entries of desk /m);
    expect(stdout).toMatch(/^ok +desk sequence: deskSeq 1 to \d+/m);
    expect(stdout).toMatch(/^ok +inclusion proofs/m);
    expect(stdout).toMatch(/^desk log verified$/m);
  }, 150_000);
});
