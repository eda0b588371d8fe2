// The offline verifier on bundles of the final format built by hand: partner signatures with registered keys,
// desk receipts, a countersignature, a multiproof, a checkpoint note and a witness cosignature. Each part
// tampered with in turn fails the check that names it, and only a sound bundle passes.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../scripts/verifier/verify.js';
import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from '../../src/domain/audit-chain';
import { canonicalJson, sha256Hex } from '../../src/domain/canonical-json';
import { computeFigures, type FiguresInputs } from '../../src/domain/evaluation-figures';
import { fromHex, leafHash } from '../../src/domain/merkle';
import { gridDocument } from '../../src/policies/evaluation-grids';
import { flip, keyView, multiproof, type Signer, sign, signedCheckpoint, signer } from './support';

const run = promisify(execFile);
const VERIFIER = join(import.meta.dirname, '../../scripts/verifier/cli.js');

const ORIGIN = 'desk.example.org';
const DESK = '01900000-0000-7000-8000-0000000000d1';
const EVALUATOR = '01900000-0000-7000-8000-0000000000e1';
const AUDITOR = '01900000-0000-7000-8000-0000000000a1';
const WITNESS = '01900000-0000-7000-8000-0000000000f1';
const EVALUATION = '01900000-0000-7000-8000-0000000000ee';
const APP = '01900000-0000-7000-8000-0000000000c1';

let desk: Signer;
let evaluator: Signer;
let auditor: Signer;
let witness: Signer;

interface Options {
  /** What the evaluation.submitted entry says the document digest is. */
  documentDigest?: string;
  evaluatorKeyRetiredAt?: string;
  registerEvaluatorKey?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: bundles are tampered with freely
async function build(options: Options = {}): Promise<any> {
  const grid = (await gridDocument('phoenix-grid@1.0.0'))!;
  const inputs: FiguresInputs = {
    deskId: DESK,
    period: { from: '2026-03-01', to: '2026-06-01' },
    asOf: '2026-06-02T09:00:00.000Z',
    applications: [
      {
        application: APP,
        submittedAt: '2026-03-02T09:00:00.000Z',
        completeAt: '2026-03-02T09:00:00.000Z',
        decidedAt: '2026-03-09T10:00:00.000Z',
        outcome: 'approved',
        workingDays: 5,
        deadline: '2026-04-13',
        withinDeadline: true,
        firstVisaAt: '2026-03-10T15:00:00.000Z',
        entries: {
          submitted: 'e-submitted',
          completed: 'e-submitted',
          decided: 'e-decided',
          firstVisa: 'e-visa',
        },
      },
    ],
    datasets: [{ dataset: 'ds-1', revision: 2, checks: 20, missing: ['themes'] }],
  };
  const document = {
    evaluation: EVALUATION,
    desk: `https://${ORIGIN}/v1/desks/${DESK}`,
    evaluatorOrganization: EVALUATOR,
    grid: { id: 'phoenix-grid', version: '1.0.0', sha256: grid.sha256 },
    period: inputs.period,
    figures: {
      values: computeFigures(inputs),
      method: 'phoenix-figures/1',
      inputs: { sha256: await sha256Hex(canonicalJson(inputs)), count: 1 },
    },
    scores: {},
    sheet: { overall: 75, coverage: 1, groups: [] },
    signedAt: '2026-06-02T09:00:00.000Z',
  };
  const evaluationJws = await sign(evaluator, 'phoenix-evaluation+jws', document);
  const countersigning = {
    evaluation: EVALUATION,
    evaluationSignature: await sha256Hex(evaluationJws),
    auditorOrganization: AUDITOR,
    countersignedAt: '2026-06-05T09:00:00.000Z',
  };
  const countersignature = await sign(auditor, 'phoenix-countersignature+jws', countersigning);
  const receipt = async (kind: string, jws: string, doc: unknown, receivedAt: string) =>
    sign(desk, 'phoenix-receipt+jws', {
      evaluation: EVALUATION,
      kind,
      signature: await sha256Hex(jws),
      document: await sha256Hex(canonicalJson(doc)),
      receivedAt,
    });
  const contents: (Omit<AuditEntryContent, 'actorId'> & { inBundle: boolean })[] = [
    ...(options.registerEvaluatorKey === false
      ? []
      : [
          {
            id: 'e-key-evaluator',
            at: '2026-01-02T09:00:00.000Z',
            action: 'organization_key.registered',
            subjectType: 'organization',
            subjectId: EVALUATOR,
            payload: {
              organizationId: EVALUATOR,
              kid: evaluator.kid,
              thumbprint: evaluator.thumbprint,
              origin: 'uploaded',
            },
            inBundle: true,
          },
        ]),
    {
      id: 'e-key-auditor',
      at: '2026-01-03T09:00:00.000Z',
      action: 'organization_key.registered',
      subjectType: 'organization',
      subjectId: AUDITOR,
      payload: {
        organizationId: AUDITOR,
        kid: auditor.kid,
        thumbprint: auditor.thumbprint,
        origin: 'uploaded',
      },
      inBundle: true,
    },
    {
      id: 'e-other-1',
      at: '2026-02-01T09:00:00.000Z',
      action: 'dataset.created',
      subjectType: 'dataset',
      subjectId: 'x',
      payload: {},
      inBundle: false,
    },
    {
      id: 'e-submitted',
      at: '2026-03-02T09:00:00.001Z',
      action: 'access_request.submitted',
      subjectType: 'access_request',
      subjectId: APP,
      payload: {
        from: 'draft',
        to: 'submitted',
        submittedAt: '2026-03-02T09:00:00.000Z',
        deadline: '2026-04-13',
        deskId: DESK,
      },
      inBundle: true,
    },
    {
      id: 'e-decided',
      at: '2026-03-09T10:00:00.001Z',
      action: 'access_request.approved',
      subjectType: 'access_request',
      subjectId: APP,
      payload: {
        from: 'in_review',
        to: 'approved',
        decidedAt: '2026-03-09T10:00:00.000Z',
        workingDays: 5,
        deadline: '2026-04-13',
        deskId: DESK,
      },
      inBundle: true,
    },
    {
      id: 'e-other-2',
      at: '2026-03-09T10:00:00.002Z',
      action: 'grants.issued',
      subjectType: 'access_request',
      subjectId: APP,
      payload: {},
      inBundle: false,
    },
    {
      id: 'e-visa',
      at: '2026-03-10T15:00:00.001Z',
      action: 'visas.first_issued',
      subjectType: 'user',
      subjectId: 'u',
      payload: { deskId: DESK, grants: ['g'], requests: [APP], issuedAt: '2026-03-10T15:00:00.000Z' },
      inBundle: true,
    },
    {
      id: 'e-evaluation',
      at: '2026-06-02T09:01:00.000Z',
      action: 'evaluation.submitted',
      subjectType: 'evaluation',
      subjectId: EVALUATION,
      payload: {
        document: options.documentDigest ?? (await sha256Hex(canonicalJson(document))),
        signature: await sha256Hex(evaluationJws),
        organizationId: EVALUATOR,
        kid: evaluator.kid,
        overall: 75,
        coverage: 1,
        deskId: DESK,
      },
      inBundle: true,
    },
    {
      id: 'e-countersigned',
      at: '2026-06-05T09:01:00.000Z',
      action: 'evaluation.countersigned',
      subjectType: 'evaluation',
      subjectId: EVALUATION,
      payload: {
        signature: await sha256Hex(countersignature),
        evaluationSignature: await sha256Hex(evaluationJws),
        organizationId: AUDITOR,
        kid: auditor.kid,
        deskId: DESK,
      },
      inBundle: true,
    },
    {
      id: 'e-other-3',
      at: '2026-06-06T09:00:00.000Z',
      action: 'dataset.updated',
      subjectType: 'dataset',
      subjectId: 'x',
      payload: {},
      inBundle: false,
    },
  ];
  let prevHash = GENESIS_HASH;
  const chained = [];
  for (const [leafIndex, c] of contents.entries()) {
    const { inBundle, ...content } = c;
    const entry = { ...content, actorId: null };
    const hash = await hashAuditEntry(prevHash, entry);
    chained.push({ ...entry, prevHash, hash, leafIndex, inBundle });
    prevHash = hash;
  }
  const leaves = await Promise.all(chained.map((e) => leafHash(fromHex(e.hash))));
  const entries = chained.filter((e) => e.inBundle).map(({ inBundle: _, ...e }) => e);
  const { root, nodes } = await multiproof(
    leaves,
    entries.map((e) => e.leafIndex),
  );
  const treeSize = leaves.length;
  const timestamp = '2026-06-06T10:00:00.000Z';
  return {
    format: 'phoenix-evidence-bundle/1',
    origin: ORIGIN,
    evaluation: {
      id: EVALUATION,
      signature: evaluationJws,
      receipt: await receipt('evaluation', evaluationJws, document, '2026-06-02T09:01:00.000Z'),
    },
    countersignatures: [
      {
        signature: countersignature,
        receipt: await receipt(
          'countersignature',
          countersignature,
          countersigning,
          '2026-06-05T09:01:00.000Z',
        ),
      },
    ],
    disputes: [],
    grid,
    figures: { method: 'phoenix-figures/1', description: {}, inputs },
    keys: {
      desk: { keys: [desk.jwk], periods: [{ kid: desk.kid, from: '2026-01-01T00:00:00.000Z', until: null }] },
      organizations: {
        [EVALUATOR]: [
          keyView(EVALUATOR, evaluator, '2026-01-02T09:00:00.000Z', options.evaluatorKeyRetiredAt ?? null),
        ],
        [AUDITOR]: [keyView(AUDITOR, auditor, '2026-01-03T09:00:00.000Z')],
        [WITNESS]: [keyView(WITNESS, witness, '2026-01-04T09:00:00.000Z')],
      },
    },
    log: {
      entries,
      checkpoint: await signedCheckpoint(
        desk,
        { signer: witness, organizationId: WITNESS },
        { origin: ORIGIN, treeSize, rootHash: root, timestamp },
      ),
      proof: {
        treeSize,
        rootHash: root,
        leaves: entries.map((e) => ({ index: e.leafIndex, entryHash: e.hash })),
        nodes,
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: bundles are tampered with freely
let sound: any;

beforeAll(async () => {
  [desk, evaluator, auditor, witness] = await Promise.all([
    signer('desk-1'),
    signer('evaluator-1'),
    signer('auditor-1'),
    signer('witness-1'),
  ]);
  sound = await build();
});

const failed = (b: unknown, options = {}) =>
  verifyBundle(b, options)
    .checks.filter((c) => !c.ok && !c.skipped)
    .map((c) => c.name);

const flipSignature = (jws: string) => {
  const [h, p, s] = jws.split('.');
  return `${h}.${p}.${flip(s!)}`;
};
const rePayload = (jws: string, change: (doc: Record<string, unknown>) => void) => {
  const [h, p, s] = jws.split('.');
  const doc = JSON.parse(Buffer.from(p!, 'base64url').toString());
  change(doc);
  return `${h}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${s}`;
};

describe('bundle verifier', () => {
  it('passes a sound bundle with every check, a cosignature counted', () => {
    const verdict = verifyBundle(sound, { minCosignatures: 1 });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.checks.map((c) => c.name)).toEqual([
      'bundle format',
      'evaluation signature',
      'evaluation receipt',
      'grid',
      'countersignature 1',
      'countersignature 1 receipt',
      'countersignature 1 entry',
      'figures',
      'figure inputs',
      'evaluation entry',
      'log entries',
      'checkpoint',
      'inclusion proof',
      'cosignatures',
    ]);
    expect(verdict.warnings.join('\n')).toContain(witness.thumbprint);
  });

  // biome-ignore lint/suspicious/noExplicitAny: bundles are tampered with freely
  const cases: [string, string, (b: any) => void][] = [
    [
      'a figure',
      'figures',
      (b) => {
        b.figures.inputs.applications[0].workingDays = 6;
      },
    ],
    [
      'an input against its entry',
      'figure inputs',
      (b) => {
        b.figures.inputs.applications[0].firstVisaAt = '2026-03-11T15:00:00.000Z';
      },
    ],
    [
      'the grid',
      'grid',
      (b) => {
        b.grid.document.title.en = 'Another grid';
      },
    ],
    [
      'the evaluation JWS',
      'evaluation signature',
      (b) => {
        b.evaluation.signature = flipSignature(b.evaluation.signature);
      },
    ],
    [
      'the signed document',
      'evaluation signature',
      (b) => {
        b.evaluation.signature = rePayload(b.evaluation.signature, (d) => {
          d.signedAt = '2026-06-02T09:00:01.000Z';
        });
      },
    ],
    [
      'a receipt',
      'evaluation receipt',
      (b) => {
        b.evaluation.receipt = flipSignature(b.evaluation.receipt);
      },
    ],
    [
      'a countersignature',
      'countersignature 1',
      (b) => {
        b.countersignatures[0].signature = flipSignature(b.countersignatures[0].signature);
      },
    ],
    [
      'a key',
      'evaluation signature',
      (b) => {
        b.keys.organizations[EVALUATOR][0].jwk = auditor.jwk;
      },
    ],
    [
      'an entry',
      'log entries',
      (b) => {
        b.log.entries[2].payload.workingDays = 4;
      },
    ],
    [
      'a proof node',
      'inclusion proof',
      (b) => {
        b.log.proof.nodes[0].hash = flip(b.log.proof.nodes[0].hash);
      },
    ],
    [
      'a missing proof node',
      'inclusion proof',
      (b) => {
        b.log.proof.nodes.pop();
      },
    ],
    [
      'the checkpoint',
      'checkpoint',
      (b) => {
        b.log.checkpoint.signature = flipSignature(b.log.checkpoint.signature);
      },
    ],
    [
      'the checkpoint note',
      'checkpoint',
      (b) => {
        b.log.checkpoint.note = b.log.checkpoint.note.replace(ORIGIN, 'other.example.org');
      },
    ],
    [
      'a cosignature',
      'cosignatures',
      (b) => {
        const c = b.log.checkpoint.cosignatures[0];
        c.signature = flipSignature(c.signature);
      },
    ],
  ];
  it.each(cases)('fails naming the part when %s is tampered with', (_, name, tamper) => {
    const copy = structuredClone(sound);
    tamper(copy);
    expect(failed(copy)).toContain(name);
  });

  it('refuses a key that was retired before the evaluation was signed, or never registered in the log', async () => {
    expect(failed(await build({ evaluatorKeyRetiredAt: '2026-05-01T00:00:00.000Z' }))).toEqual([
      'evaluation signature',
    ]);
    const unregistered = failed(await build({ registerEvaluatorKey: false }));
    expect(unregistered).toEqual(['evaluation signature']);
  });

  it('refuses an evaluation.submitted entry that commits to another document', async () => {
    expect(failed(await build({ documentDigest: '0'.repeat(64) }))).toEqual(['evaluation entry']);
  });

  it('counts cosignatures against --min-cosignatures, with pinned witness keys when given', () => {
    expect(failed(sound, { minCosignatures: 2 })).toEqual(['cosignatures']);
    expect(failed(sound, { minCosignatures: 1, witnessKeys: [auditor.jwk] })).toEqual(['cosignatures']);
    expect(failed(sound, { minCosignatures: 1, witnessKeys: [witness.jwk] })).toEqual([]);
  });

  it('refuses desk signatures when the desk key is pinned to another', () => {
    expect(failed(sound, { deskKeys: [auditor.jwk] })).toEqual(
      expect.arrayContaining(['evaluation receipt', 'checkpoint']),
    );
  });

  it('runs as a command: prints each check, exits 1 naming the failures, 2 on unreadable input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-verifier-'));
    const good = join(dir, 'bundle.json');
    writeFileSync(good, JSON.stringify(sound));
    const witnessKey = join(dir, 'witness.jwk');
    writeFileSync(witnessKey, JSON.stringify(witness.jwk));
    const ok = await run(process.execPath, [
      VERIFIER,
      good,
      '--min-cosignatures',
      '1',
      '--witness-key',
      witnessKey,
    ]);
    expect(ok.stdout).toMatch(/^ok +cosignatures: 1 valid/m);
    expect(ok.stdout).toContain('bundle verified');
    const bad = structuredClone(sound);
    bad.log.proof.nodes[0].hash = flip(bad.log.proof.nodes[0].hash);
    writeFileSync(good, JSON.stringify(bad));
    const no = await run(process.execPath, [VERIFIER, good]).catch((e) => e);
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('verification failed: inclusion proof');
    const unreadable = await run(process.execPath, [
      VERIFIER,
      good,
      '--witness-key',
      join(dir, 'none'),
    ]).catch((e) => e);
    expect(unreadable.code).toBe(2);
  });
});
