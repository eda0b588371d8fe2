// The evidence bundle of an evaluation, fetched through the API and checked by the standalone verifier run as
// its own process; every part tampered with in turn makes the verifier fail naming that part.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';

const run = promisify(execFile);
const VERIFIER = join(import.meta.dirname, '../../scripts/verifier/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'phoenix-bundle-'));

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;
let evaluationId: string;
// biome-ignore lint/suspicious/noExplicitAny: a bundle is tampered with freely
let bundle: any;

/** Runs the verifier on a bundle (written to a file); its exit code, output and error output. */
async function verify(b: unknown, ...args: string[]) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof b === 'string' ? b : JSON.stringify(b));
  try {
    const { stdout, stderr } = await run(process.execPath, [VERIFIER, file, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
const evidenceFor = (kinds: string[]) => {
  const kind = kinds[0]!;
  if (kind === 'document') return { kind, value: 'a'.repeat(64), label: 'Rapport annuel du guichet (PDF)' };
  if (kind === 'link') return { kind, value: 'https://guichet-pasteur.example.org/politique-acces' };
  return { kind, value: 'Constaté lors de la visite du 12 octobre.' };
};

async function decide(submitAt: string, decideAt: string, outcome: 'approved' | 'rejected') {
  clock.set(submitAt);
  const id = await draftApplication(desk, ids, { submit: true });
  const admin = await desk.token('demo-desk-admin-pasteur');
  await desk.request(`/v1/access-requests/${id}/start-review`, { method: 'POST', token: admin });
  clock.set(decideAt);
  const res = await desk.request(`/v1/access-requests/${id}/decision`, {
    method: 'POST',
    token: admin,
    json: { outcome, rationale: 'decided' },
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  await decide('2026-03-02T09:00:00Z', '2026-03-09T10:00:00Z', 'approved');
  await decide('2026-03-03T09:00:00Z', '2026-03-20T10:00:00Z', 'rejected');
  clock.set('2026-03-10T15:00:00Z');
  await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  clock.set('2026-04-01T09:00:00Z');
  await draftApplication(desk, ids, { submit: true });
  clock.set('2026-06-02T09:00:00Z');
  const evaluator = await desk.token('demo-evaluator-evalsante');
  const opened = await desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
    method: 'POST',
    token: evaluator,
    json: { periodFrom: '2026-03-01', periodTo: '2026-06-01' },
  });
  const e = (await opened.json()) as { id: string; version: number };
  evaluationId = e.id;
  const scores = Object.fromEntries(
    grid.groups.flatMap((g) =>
      g.criteria.map((c) => [
        c.id,
        { level: 3, evidence: [evidenceFor(c.evidence.kinds)], justification: 'checked against the records' },
      ]),
    ),
  );
  const put = await desk.request(`/v1/evaluations/${e.id}`, {
    method: 'PUT',
    token: evaluator,
    headers: { 'if-match': `"${e.version}"` },
    json: { scores },
  });
  expect(put.status).toBe(200);
  const submitted = await desk.request(`/v1/evaluations/${e.id}/submit`, {
    method: 'POST',
    token: evaluator,
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  // Later activity changes nothing the bundle proves: its inputs are the records as they stood when signed.
  clock.set('2026-06-03T09:00:00Z');
  await decide('2026-06-03T09:00:00Z', '2026-06-04T10:00:00Z', 'approved');
  await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  const res = await desk.request(`/v1/evaluations/${e.id}/bundle`, { token: evaluator });
  expect(res.status, await res.clone().text()).toBe(200);
  bundle = await res.json();
});
afterAll(() => desk.close());

// Until evaluations carry their evaluator organisation's signature, the desk-signed ones are accepted only
// when asked for, with a warning.
const LEGACY = '--allow-desk-signed';

describe('evidence bundle', () => {
  it('is refused to whoever does not see the evaluation, and to nobody who does', async () => {
    const stranger = await desk.request(`/v1/evaluations/${evaluationId}/bundle`, {
      token: await desk.token('demo-requester-cesp'),
    });
    expect(stranger.status).toBe(404);
    const admin = await desk.request(`/v1/evaluations/${evaluationId}/bundle`, {
      token: await desk.token('demo-desk-admin-pasteur'),
    });
    expect(admin.status).toBe(200);
  });

  it('holds the figures’ inputs with the entries behind them, and verifies offline check by check', async () => {
    expect(bundle.format).toBe('phoenix-evidence-bundle/1');
    expect(bundle.figures.inputs.applications).toHaveLength(3);
    expect(bundle.grid.id).toBe('phoenix-grid@1.0.0');
    const { code, stdout } = await verify(bundle, LEGACY);
    expect(stdout).toContain('bundle verified');
    for (const name of [
      'grid',
      'figures',
      'figure inputs',
      'evaluation entry',
      'log entries',
      'checkpoint',
      'inclusion proof',
    ])
      expect(stdout).toMatch(new RegExp(`^ok +${name}`, 'm'));
    expect(stdout).toContain('warning: desk keys taken from the bundle itself');
    expect(code).toBe(0);
  });

  it('is checked by `npm run cli -- verify`, which runs the same verifier', async () => {
    const file = join(dir, 'cli.json');
    writeFileSync(file, JSON.stringify(bundle));
    const root = join(import.meta.dirname, '../..');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', file, ...args], {
        cwd: root,
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const ok = await cli(LEGACY);
    expect(ok.stdout).toContain('bundle verified');
    expect(ok.code).toBe(0);
    const strict = await cli('--min-cosignatures', '1', '--allow-desk-signed');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('verification failed: cosignatures');
  });

  it('refuses the desk’s own signature on an evaluation unless told to accept it', async () => {
    const { code, stderr } = await verify(bundle);
    expect(code).toBe(1);
    expect(stderr).toContain('evaluation signature');
  });

  it('exits 2 on what is not a bundle file', async () => {
    expect((await verify('{not json')).code).toBe(2);
    const missing = await run(process.execPath, [VERIFIER, join(dir, 'absent.json')]).catch((e) => e);
    expect(missing.code).toBe(2);
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const tampered: [string, string, (b: typeof bundle) => void][] = [
    [
      'a signed figure',
      'evaluation signature',
      (b) => {
        const [h, p, s] = b.evaluation.signature.split('.');
        const doc = JSON.parse(Buffer.from(p, 'base64url').toString());
        doc.figures.values.decisions += 1;
        b.evaluation.signature = `${h}.${b64(JSON.stringify(doc))}.${s}`;
      },
    ],
    [
      'an input',
      'figures',
      (b) => {
        b.figures.inputs.applications[0].workingDays += 1;
      },
    ],
    [
      'an input’s entry',
      'figure inputs',
      (b) => {
        const input = b.figures.inputs.applications.find((a: { outcome: string | null }) => a.outcome);
        b.log.entries = b.log.entries.filter((e: { id: string }) => e.id !== input.entries.decided);
      },
    ],
    [
      'the grid',
      'grid',
      (b) => {
        b.grid.document.groups[0].weight += 1;
      },
    ],
    [
      'the evaluation JWS',
      'evaluation signature',
      (b) => {
        const [h, p, s] = b.evaluation.signature.split('.');
        b.evaluation.signature = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      },
    ],
    [
      'a key',
      'evaluation signature',
      (b) => {
        const key = b.keys.desk.keys[0];
        key.x =
          b.keys.desk.keys.length > 1
            ? b.keys.desk.keys[1].x
            : `${key.x.startsWith('A') ? 'B' : 'A'}${key.x.slice(1)}`;
      },
    ],
    [
      'an entry',
      'log entries',
      (b) => {
        b.log.entries[0].payload.tampered = true;
      },
    ],
    [
      'a proof node',
      'inclusion proof',
      (b) => {
        const node = b.log.proof.nodes[0];
        node.hash = node.hash.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
      },
    ],
    [
      'the checkpoint',
      'checkpoint',
      (b) => {
        b.log.checkpoint.rootHash = b.log.checkpoint.rootHash.replace(/^./, (c: string) =>
          c === '0' ? '1' : '0',
        );
      },
    ],
  ];
  it.each(tampered)('fails naming the part when %s is tampered with', async (_, name, tamper) => {
    const copy = structuredClone(bundle);
    tamper(copy);
    const { code, stdout, stderr } = await verify(copy, LEGACY);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL ${name}`, 'm'));
    expect(stderr).toContain(`verification failed: `);
  });
});
