// The browser's checks (src/web/assets/audit-verify.js) run here as the browser runs them, on WebCrypto alone,
// against what the desk's own code signs and hashes: a JWS from signStatement, entries chained by
// hashAuditEntry, proofs from the RFC 6962 tree of src/domain/merkle.ts.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '../../src/crypto/signed-statement';
import { type AuditEntryContent, GENESIS_HASH, hashAuditEntry } from '../../src/domain/audit-chain';
import { canonicalJson } from '../../src/domain/canonical-json';
import { fromHex, inclusionProof, leafHash, rootOf, toHex } from '../../src/domain/merkle';

interface Checks {
  canonicalJson(value: unknown): string;
  verifyJws(
    jws: string,
    jwks: { keys: unknown[] },
    typ?: string,
  ): Promise<{ ok: boolean; reason?: string; payload?: Record<string, unknown> }>;
  compareEvaluation(payload: unknown, shown: unknown): string | null;
  verifyInclusion(
    index: number,
    size: number,
    leaf: Uint8Array,
    proof: Uint8Array[],
    root: Uint8Array,
  ): Promise<boolean>;
  entryHash(entry: unknown): Promise<string>;
  checkDeskSequence(
    entries: unknown[],
    fromStart: boolean,
  ): { first?: number | null; last?: number | null; reason?: string; missing?: [number, number] };
  checkEntry(
    entry: unknown,
    proof: unknown,
    head: { treeSize: number; rootHash: string },
  ): Promise<string | null>;
}

/** The asset as shipped, evaluated in a context that has what a browser gives it and no document. */
function loadChecks(): Checks {
  const source = readFileSync(new URL('../../src/web/assets/audit-verify.js', import.meta.url), 'utf8');
  const module = { exports: {} as Checks };
  runInNewContext(source, {
    module,
    crypto,
    TextEncoder,
    TextDecoder,
    atob,
    Uint8Array,
    Array,
    Object,
    JSON,
    Number,
    Map,
  });
  return module.exports;
}

const checks = loadChecks();
let key: { kid: string; privateKey: CryptoKey };
let jwks: { keys: unknown[] };

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = { kid: 'desk-2026-12-01-test', privateKey: pair.privateKey };
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: key.kid, alg: 'ES256', use: 'sig' }] };
});

const evaluation = {
  evaluation: '0190f5c4-0000-7000-8000-000000000001',
  sheet: {
    overall: 71.5,
    coverage: 100,
    groups: [
      { id: 'g1', score: 75 },
      { id: 'g2', score: 68 },
    ],
  },
  scores: { a: { level: 3, evidence: [] }, b: { level: 2, evidence: [] } },
  submittedAt: '2026-12-01T10:00:00.000Z',
};
const shown = {
  id: evaluation.evaluation,
  overall: 71.5,
  groups: [
    { id: 'g1', score: 75 },
    { id: 'g2', score: 68 },
  ],
  criteria: [
    { id: 'a', level: 3 },
    { id: 'b', level: 2 },
  ],
};

describe('the signature check', () => {
  it('writes JSON as the desk does', () => {
    const value = { b: [1, { d: null, c: 'é"' }], a: true, u: undefined, n: -0.5 };
    expect(checks.canonicalJson(value)).toBe(canonicalJson(value));
  });

  it('verifies a statement the desk signed, with the key its kid names, and reads its payload', async () => {
    const jws = await signStatement(key, 'phoenix-evaluation+jws', evaluation);
    const verdict = await checks.verifyJws(jws, jwks, 'phoenix-evaluation+jws');
    expect(verdict.ok).toBe(true);
    expect(verdict.payload).toEqual(evaluation);
    expect(checks.compareEvaluation(verdict.payload, shown)).toBeNull();
  });

  it('refuses a changed payload, a changed signature, another key, another type or algorithm', async () => {
    const jws = await signStatement(key, 'phoenix-evaluation+jws', evaluation);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const changed = Buffer.from(
      canonicalJson({ ...evaluation, sheet: { ...evaluation.sheet, overall: 99 } }),
    ).toString('base64url');
    expect((await checks.verifyJws(`${header}.${changed}.${signature}`, jwks)).reason).toBe('signature');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] = flipped[10]! ^ 1;
    expect(
      (await checks.verifyJws(`${header}.${payload}.${flipped.toString('base64url')}`, jwks)).reason,
    ).toBe('signature');
    const other = await generateKeyPair('ES256', { extractable: true });
    const otherKeys = { keys: [{ ...(await exportJWK(other.publicKey)), kid: key.kid }] };
    expect((await checks.verifyJws(jws, otherKeys)).reason).toBe('signature');
    expect((await checks.verifyJws(jws, { keys: [] })).reason).toBe('unknown-key');
    expect((await checks.verifyJws(jws, jwks, 'phoenix-checkpoint+jws')).reason).toBe('typ');
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url');
    expect((await checks.verifyJws(`${none}.${payload}.`, jwks)).reason).toBe('alg');
    expect((await checks.verifyJws('not a jws', jwks)).reason).toBe('malformed');
  });

  it('tells when the signed evaluation is not the one shown', () => {
    expect(checks.compareEvaluation(evaluation, { ...shown, id: 'another' })).toBe('evaluation');
    expect(checks.compareEvaluation(evaluation, { ...shown, overall: 72 })).toBe('overall');
    expect(
      checks.compareEvaluation(evaluation, {
        ...shown,
        groups: [
          { id: 'g1', score: 75 },
          { id: 'g2', score: 69 },
        ],
      }),
    ).toBe('group:g2');
    expect(
      checks.compareEvaluation(evaluation, {
        ...shown,
        criteria: [{ id: 'a', level: 4 }, shown.criteria[1]],
      }),
    ).toBe('criterion:a');
    expect(checks.compareEvaluation(evaluation, { ...shown, criteria: [shown.criteria[0]] })).toBe(
      'criteria',
    );
  });
});

describe('the inclusion check', () => {
  async function chain(n: number) {
    const entries: (AuditEntryContent & { seq: number; prevHash: string; hash: string })[] = [];
    let prev = GENESIS_HASH;
    for (let i = 0; i < n; i++) {
      const content: AuditEntryContent = {
        id: `0190f5c4-0000-7000-8000-${String(i).padStart(12, '0')}`,
        at: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(),
        actorId: null,
        action: i % 2 ? 'evaluation.submitted' : 'dataset.published',
        subjectType: 'evaluation',
        subjectId: `s-${i}`,
        payload: { deskId: 'd', n: i, nested: { z: 1, a: [i] } },
      };
      const hash = await hashAuditEntry(prev, content);
      entries.push({ ...content, seq: i + 1, prevHash: prev, hash });
      prev = hash;
    }
    const leaves = await Promise.all(entries.map((e) => leafHash(fromHex(e.hash))));
    return { entries, leaves, root: toHex(await rootOf(leaves)) };
  }

  it('recomputes entry hashes and walks audit paths to the root, for every leaf of trees of every shape', async () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const { entries, leaves, root } = await chain(n);
      for (const [i, entry] of entries.entries()) {
        expect(await checks.entryHash(entry)).toBe(entry.hash);
        const path = (await inclusionProof(i, leaves)).map(toHex);
        const proof = { leafIndex: i, treeSize: n, auditPath: path };
        expect(await checks.checkEntry(entry, proof, { treeSize: n, rootHash: root })).toBeNull();
      }
    }
  });

  it('refuses a changed entry, path, index, root or tree size', async () => {
    const { entries, leaves, root } = await chain(7);
    const path = (await inclusionProof(3, leaves)).map(toHex);
    const entry = entries[3]!;
    const head = { treeSize: 7, rootHash: root };
    const proof = { leafIndex: 3, treeSize: 7, auditPath: path };
    expect(await checks.checkEntry({ ...entry, action: 'grant.revoked' }, proof, head)).toBe('entry');
    const bent = [...path];
    bent[1] = `${bent[1]!.slice(0, -1)}${bent[1]!.endsWith('0') ? '1' : '0'}`;
    expect(await checks.checkEntry(entry, { ...proof, auditPath: bent }, head)).toBe('inclusion');
    expect(await checks.checkEntry(entry, { ...proof, leafIndex: 4 }, head)).toBe('inclusion');
    expect(await checks.checkEntry(entry, proof, { ...head, rootHash: '00'.repeat(32) })).toBe('inclusion');
    expect(await checks.checkEntry(entry, { ...proof, treeSize: 6 }, head)).toBe('size');
    expect(await checks.checkEntry(entry, { ...proof, auditPath: path.slice(1) }, head)).toBe('inclusion');
  });
});

describe('the desk sequence check', () => {
  /** `n` entries of one desk chained as the desk chains them, every other entry of the log left out. */
  async function deskEntries(n: number, firstSeq = 1) {
    const entries: (AuditEntryContent & { hash: string; prevHash: string })[] = [];
    let deskPrev = firstSeq === 1 ? GENESIS_HASH : 'c'.repeat(64);
    for (let i = 0; i < n; i++) {
      const content: AuditEntryContent = {
        id: `0190f5c4-0000-7000-8000-${String(i).padStart(12, '0')}`,
        at: '2026-12-01T10:00:00.000Z',
        actorId: null,
        action: 'dataset.published',
        subjectType: 'dataset',
        subjectId: String(i),
        payload: { deskId: 'd1', deskSeq: firstSeq + i, deskPrev },
      };
      const prevHash = 'e'.repeat(64);
      const hash = await hashAuditEntry(prevHash, content);
      entries.push({ ...content, prevHash, hash });
      deskPrev = hash;
    }
    return entries;
  }

  it('accepts consecutive entries linked to the ones before, from the desk’s first', async () => {
    expect(checks.checkDeskSequence(await deskEntries(5), true)).toEqual({ first: 1, last: 5 });
    // A later page starts where the previous one ended.
    expect(checks.checkDeskSequence(await deskEntries(3, 8), false)).toEqual({ first: 8, last: 10 });
  });

  it('names the entries left out, a broken link, and a first page not starting at 1', async () => {
    const entries = await deskEntries(6);
    const gap = checks.checkDeskSequence([...entries.slice(0, 2), ...entries.slice(4)], true);
    expect(gap.reason).toBe('gap');
    expect(gap.missing).toEqual([3, 4]);
    const relinked = entries.map((e, i) =>
      i === 3 ? { ...e, payload: { ...e.payload, deskPrev: entries[1]!.hash } } : e,
    );
    expect(checks.checkDeskSequence(relinked, true).reason).toBe('link');
    expect(checks.checkDeskSequence(entries.slice(1), true)).toMatchObject({
      reason: 'gap',
      missing: [1, 1],
    });
    const unnumbered = entries.map((e, i) => (i === 2 ? { ...e, payload: { deskId: 'd1' } } : e));
    expect(checks.checkDeskSequence(unnumbered, true).reason).toBe('unnumbered');
  });
});
