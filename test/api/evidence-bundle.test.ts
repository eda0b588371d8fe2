// The evidence bundle of an evaluation, fetched through the API and checked by the standalone verifier run as
// its own process; every part tampered with in turn makes the verifier fail naming that part.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COSIGNATURE_TYP, cosignatureText } from '../../src/domain/witness';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { type DemoIds, draftApplication, handClock, seededDesk } from '../access-fixtures';
import type { TestDesk } from '../harness';
import {
  disputeDocument,
  type PartnerKey,
  registeredKey,
  signAs,
  signedCountersign,
  signedSubmit,
} from '../support/partner-keys';

const run = promisify(execFile);
const VERIFIER = join(import.meta.dirname, '../../scripts/verifier/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'phoenix-bundle-'));

const clock = handClock('2026-03-02T09:00:00Z');
let desk: TestDesk;
let ids: DemoIds;
let evaluationId: string;
// biome-ignore lint/suspicious/noExplicitAny: a bundle is tampered with freely
let bundle: any;
// biome-ignore lint/suspicious/noExplicitAny: a bundle is tampered with freely
let disputed: any;
let evaluator: string;
let auditor: string;
let evaluatorKey: PartnerKey;
let auditorKey: PartnerKey;
let auditnum: string;

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

/** A complete evaluation of the Pasteur desk over the period, signed by ÉvalSanté with its own key. */
async function signedEvaluation(periodFrom: string, periodTo: string): Promise<string> {
  const opened = await desk.request(`/v1/desks/${ids.desks.get('guichet-pasteur')}/evaluations`, {
    method: 'POST',
    token: evaluator,
    json: { periodFrom, periodTo },
  });
  expect(opened.status, await opened.clone().text()).toBe(201);
  const e = (await opened.json()) as { id: string; version: number };
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
  const submitted = await signedSubmit(desk, evaluator, e.id, evaluatorKey);
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return e.id;
}

beforeAll(async () => {
  ({ desk, ids } = await seededDesk(clock));
  evaluator = await desk.token('demo-evaluator-evalsante');
  auditor = await desk.token('demo-auditor-auditnum');
  auditnum = ids.orgs.get('audit-numerique-sante')!;
  await decide('2026-03-02T09:00:00Z', '2026-03-09T10:00:00Z', 'approved');
  await decide('2026-03-03T09:00:00Z', '2026-03-20T10:00:00Z', 'rejected');
  clock.set('2026-03-10T15:00:00Z');
  await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  clock.set('2026-04-01T09:00:00Z');
  await draftApplication(desk, ids, { submit: true });
  clock.set('2026-06-01T09:00:00Z');
  // The partners' keys are registered before they fetch what they sign.
  evaluatorKey = await registeredKey(desk, evaluator, ids.orgs.get('evalsante')!);
  auditorKey = await registeredKey(desk, auditor, auditnum);
  clock.set('2026-06-02T09:00:00Z');
  evaluationId = await signedEvaluation('2026-03-01', '2026-06-01');
  clock.set('2026-06-02T10:00:00Z');
  const countersigned = await signedCountersign(desk, auditor, evaluationId, auditorKey);
  expect(countersigned.status, await countersigned.clone().text()).toBe(200);
  // Another evaluation, disputed by the auditor with its own key.
  clock.set('2026-06-02T11:00:00Z');
  const disputedId = await signedEvaluation('2026-03-01', '2026-05-01');
  clock.set('2026-06-02T11:05:00Z');
  const criteria = [{ criterion: grid.groups[0]!.criteria[0]!.id, comment: 'the evidence is a year old' }];
  const document = {
    ...(await disputeDocument(desk, auditor, disputedId, auditnum, criteria)),
    disputedAt: clock.now.toISOString(),
  };
  const dispute = await desk.request(`/v1/evaluations/${disputedId}/dispute`, {
    method: 'POST',
    token: auditor,
    json: { criteria, signature: await signAs(auditorKey, 'phoenix-dispute+jws', document) },
  });
  expect(dispute.status, await dispute.clone().text()).toBe(201);
  // Later activity changes nothing the bundle proves: its inputs are the records as they stood when signed.
  clock.set('2026-06-03T09:00:00Z');
  await decide('2026-06-03T09:00:00Z', '2026-06-04T10:00:00Z', 'approved');
  await desk.request('/v1/me/visas', { token: await desk.token('demo-requester-cesp') });
  // A witness organisation registers its key, then cosigns the desk's latest head.
  const cesp = await desk.token('demo-requester-cesp');
  const witnessKey = await registeredKey(desk, cesp, ids.orgs.get('equipe-cesp')!);
  const head = await desk.request('/v1/audit/checkpoints', {
    method: 'POST',
    token: await desk.token('demo-admin'),
  });
  expect(head.status).toBe(201);
  const { treeSize, note } = (await head.json()) as { treeSize: number; note: string };
  const cosignature = await new CompactSign(
    new TextEncoder().encode(cosignatureText(note, Math.floor(clock.now.getTime() / 1000))),
  )
    .setProtectedHeader({ alg: 'ES256', kid: witnessKey.kid, typ: COSIGNATURE_TYP })
    .sign(witnessKey.privateKey);
  const cosigned = await desk.request(`/v1/audit/checkpoints/${treeSize}/cosignatures`, {
    method: 'POST',
    json: { organizationId: ids.orgs.get('equipe-cesp'), signature: cosignature },
  });
  expect(cosigned.status, await cosigned.clone().text()).toBe(201);
  // A newer head that no witness has cosigned yet: the bundles keep to the cosigned one.
  await registeredKey(desk, cesp, ids.orgs.get('equipe-cesp')!);
  const newer = await desk.request('/v1/audit/checkpoints', {
    method: 'POST',
    token: await desk.token('demo-admin'),
  });
  expect(((await newer.json()) as { treeSize: number }).treeSize).toBeGreaterThan(treeSize);
  const res = await desk.request(`/v1/evaluations/${evaluationId}/bundle`, { token: evaluator });
  expect(res.status, await res.clone().text()).toBe(200);
  bundle = await res.json();
  const other = await desk.request(`/v1/evaluations/${disputedId}/bundle`, { token: auditor });
  expect(other.status, await other.clone().text()).toBe(200);
  disputed = await other.json();
});
afterAll(() => desk.close());

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
    const { code, stdout } = await verify(bundle, '--min-cosignatures', '1');
    expect(stdout).toContain('bundle verified');
    for (const name of [
      'evaluation signature',
      'evaluation receipt',
      'countersignature 1',
      'countersignature 1 receipt',
      'countersignature 1 entry',
      'cosignatures',
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

  it('carries the signing organisations’ key histories and the registrations of the keys used, in the proof', () => {
    const registered = bundle.log.entries.filter(
      (e: { action: string }) => e.action === 'organization_key.registered',
    );
    const kids = registered.map((e: { payload: { kid: string } }) => e.payload.kid);
    expect(kids).toEqual(expect.arrayContaining([evaluatorKey.kid, auditorKey.kid]));
    expect(kids).toHaveLength(3);
    expect(Object.keys(bundle.keys.organizations).sort()).toEqual(
      [ids.orgs.get('evalsante'), auditnum, ids.orgs.get('equipe-cesp')].sort(),
    );
    const proven = new Set(bundle.log.proof.leaves.map((l: { index: number }) => l.index));
    for (const e of registered) expect(proven.has(e.leafIndex)).toBe(true);
  });

  it('verifies a disputed evaluation with the dispute and its receipt', async () => {
    expect(disputed.countersignatures).toEqual([]);
    expect(disputed.disputes).toHaveLength(1);
    expect(disputed.disputes[0].receipt).toEqual(expect.any(String));
    const { code, stdout } = await verify(disputed, '--min-cosignatures', '1');
    for (const name of ['dispute 1', 'dispute 1 receipt', 'dispute 1 entry'])
      expect(stdout).toMatch(new RegExp(`^ok +${name}`, 'm'));
    expect(code, stdout).toBe(0);
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
    const ok = await cli('--min-cosignatures', '1');
    expect(ok.stdout).toContain('bundle verified');
    expect(ok.code).toBe(0);
    const more = await cli('--min-cosignatures', '2');
    expect(more.code).toBe(1);
    expect(more.stderr).toContain('verification failed: cosignatures');
  });

  it('refuses an evaluation signed with the desk’s key, even under the organisation’s kid', async () => {
    const deskSigned = structuredClone(bundle);
    const { kid } = JSON.parse(
      Buffer.from(bundle.evaluation.signature.split('.')[0], 'base64url').toString(),
    );
    // The desk's key published under the evaluator's kid: the signature of the desk's receipt then "verifies".
    for (const k of deskSigned.keys.organizations[ids.orgs.get('evalsante')!])
      if (k.kid === kid) k.jwk = { ...deskSigned.keys.desk.keys[0], kid };
    const { code, stdout, stderr } = await verify(deskSigned);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL evaluation signature/m);
    expect(stderr).toContain('evaluation signature');
    const unknown = structuredClone(bundle);
    const [h, p] = bundle.evaluation.receipt.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    // A JWS of the desk (its receipt's signature) offered as the evaluation: no organisation key verifies it.
    unknown.evaluation.signature = `${b64(JSON.stringify({ ...header, typ: 'phoenix-evaluation+jws' }))}.${p}.${bundle.evaluation.receipt.split('.')[2]}`;
    expect((await verify(unknown)).stdout).toMatch(/^FAIL evaluation signature/m);
  });

  it('carries the inputs as they were signed, even after the records behind them changed', async () => {
    // A correction of the records after the signature (here, the working days of the decided applications):
    // recomputed, the inputs would no longer match the signed digest, and no bundle could be made.
    const shift = (days: number) =>
      desk.services.db.execute(
        sql`update access_requests set working_days_to_decision = working_days_to_decision + ${days}
            where working_days_to_decision is not null`,
      );
    await shift(5);
    try {
      const res = await desk.request(`/v1/evaluations/${evaluationId}/bundle`, { token: evaluator });
      expect(res.status, await res.clone().text()).toBe(200);
      const again = (await res.json()) as typeof bundle;
      expect(again.figures.inputs).toEqual(bundle.figures.inputs);
      expect((await verify(again)).code).toBe(0);
    } finally {
      await shift(-5);
    }
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
      'the evaluator’s key',
      'evaluation signature',
      (b) => {
        const key = b.keys.organizations[ids.orgs.get('evalsante')!].find(
          (k: { kid: string }) => k.kid === evaluatorKey.kid,
        );
        key.jwk.x = `${key.jwk.x.startsWith('A') ? 'B' : 'A'}${key.jwk.x.slice(1)}`;
      },
    ],
    [
      'the evaluator key’s registration',
      'evaluation signature',
      (b) => {
        b.log.entries = b.log.entries.filter(
          (e: { action: string; payload: { kid: string } }) =>
            !(e.action === 'organization_key.registered' && e.payload.kid === evaluatorKey.kid),
        );
      },
    ],
    [
      'the countersignature',
      'countersignature 1',
      (b) => {
        const [h, p, s] = b.countersignatures[0].signature.split('.');
        const doc = JSON.parse(Buffer.from(p, 'base64url').toString());
        doc.countersignedAt = '2026-06-01T00:00:00.000Z';
        b.countersignatures[0].signature = `${h}.${b64(JSON.stringify(doc))}.${s}`;
      },
    ],
    [
      'the countersignature receipt',
      'countersignature 1 receipt',
      (b) => {
        b.countersignatures[0].receipt = b.evaluation.receipt;
      },
    ],
    [
      'a cosignature',
      'cosignatures',
      (b) => {
        const c = b.log.checkpoint.cosignatures[0];
        const [h, p, s] = c.signature.split('.');
        c.signature = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      },
    ],
    [
      'a desk key',
      'evaluation receipt',
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
    const { code, stdout, stderr } = await verify(copy, '--min-cosignatures', '1');
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL ${name}`, 'm'));
    expect(stderr).toContain(`verification failed: `);
  });

  const disputeTampered: [string, string, (b: typeof bundle) => void][] = [
    [
      'the dispute’s criteria',
      'dispute 1',
      (b) => {
        const [h, p, s] = b.disputes[0].signature.split('.');
        const doc = JSON.parse(Buffer.from(p, 'base64url').toString());
        doc.criteria[0].comment = 'nothing to say';
        b.disputes[0].signature = `${h}.${b64(JSON.stringify(doc))}.${s}`;
      },
    ],
    [
      'the dispute receipt',
      'dispute 1 receipt',
      (b) => {
        b.disputes[0].receipt = b.evaluation.receipt;
      },
    ],
    [
      'the dispute entry',
      'dispute 1 entry',
      (b) => {
        b.log.entries = b.log.entries.filter((e: { action: string }) => e.action !== 'evaluation.disputed');
      },
    ],
  ];
  it.each(disputeTampered)('fails naming the part when %s is tampered with', async (_, name, tamper) => {
    const copy = structuredClone(disputed);
    tamper(copy);
    const { code, stdout } = await verify(copy, '--min-cosignatures', '1');
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(new RegExp(`^FAIL ${name}`, 'm'));
  });
});
