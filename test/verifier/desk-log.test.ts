// The offline verifier on an auditor's copy of one desk's log (phoenix-desk-log/1) built by hand: a log where
// the desk's entries (two written before desk sequences, then deskSeq 1 to 6) lie among other desks', a
// signed, cosigned checkpoint, and a multiproof per page. Each part tampered with in turn fails the check that
// names it, and only a sound copy passes.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyDeskLog } from '../../scripts/verifier/desk-log.js';
import { GENESIS_HASH, hashAuditEntry } from '../../src/domain/audit-chain';
import { consistencyPath, fromHex, fromLeaves, type Hash, leafHash, toHex } from '../../src/domain/merkle';
import { keyView, multiproof, type Signer, signedCheckpoint, signer } from './support';

const run = promisify(execFile);
const VERIFIER = join(import.meta.dirname, '../../scripts/verifier/cli.js');

const ORIGIN = 'desk.example.org';
const DESK = '01900000-0000-7000-8000-0000000000d1';
const OTHER_DESK = '01900000-0000-7000-8000-0000000000d2';
const WITNESS = '01900000-0000-7000-8000-0000000000f1';
const PAGE = 3;

let desk: Signer;
let witness: Signer;
let stranger: Signer;

interface Entry {
  id: string;
  at: string;
  actorId: null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
  leafIndex: number;
}

/** The whole log: every third entry another desk's, the desk's first two without a desk sequence. */
async function wholeLog(): Promise<Entry[]> {
  const log: Entry[] = [];
  const last = new Map<string, { seq: number; hash: string }>();
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < 14; i++) {
    const deskId = i % 3 === 2 ? OTHER_DESK : DESK;
    const before = last.get(deskId) ?? { seq: 0, hash: GENESIS_HASH };
    const legacy = deskId === DESK && i < 2;
    const payload = legacy
      ? { deskId }
      : { deskId, deskSeq: before.seq + 1, deskPrev: before.hash, note: `entry ${i}` };
    const content = {
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(Date.UTC(2026, 5, 1, 9, i)).toISOString(),
      actorId: null,
      action: 'desk.updated',
      subjectType: 'desk',
      subjectId: deskId,
      payload,
    };
    const hash = await hashAuditEntry(prevHash, content);
    log.push({ ...content, prevHash, hash, leafIndex: i });
    if (!legacy) last.set(deskId, { seq: before.seq + 1, hash });
    prevHash = hash;
  }
  return log;
}

let log: Entry[];
let leaves: Hash[];

/** Pages of the entries given, each with its multiproof in the tree of the first `size` leaves of the log. */
async function pagesOf(entries: Entry[], size = log.length) {
  const tree = leaves.slice(0, size);
  const pages = [];
  for (let i = 0; i < entries.length; i += PAGE) {
    const part = entries.slice(i, i + PAGE);
    const { root, nodes } = await multiproof(
      tree,
      part.map((e) => e.leafIndex),
    );
    pages.push({
      entries: part,
      proof: {
        treeSize: size,
        rootHash: root,
        leaves: part.map((e) => ({ index: e.leafIndex, entryHash: e.hash })),
        nodes,
      },
    });
  }
  return pages;
}

// biome-ignore lint/suspicious/noExplicitAny: copies are tampered with freely
async function copyOf(entries: Entry[], size = log.length): Promise<any> {
  const { root } = await multiproof(leaves.slice(0, size), []);
  return {
    format: 'phoenix-desk-log/1',
    origin: ORIGIN,
    deskId: DESK,
    copiedAt: '2026-06-02T10:00:00.000Z',
    keys: {
      desk: { keys: [desk.jwk], periods: [{ kid: desk.kid, from: '2026-01-01T00:00:00.000Z', until: null }] },
      organizations: { [WITNESS]: [keyView(WITNESS, witness, '2026-01-04T09:00:00.000Z')] },
    },
    checkpoint: await signedCheckpoint(
      desk,
      { signer: witness, organizationId: WITNESS },
      { origin: ORIGIN, treeSize: size, rootHash: root, timestamp: '2026-06-02T09:59:00.000Z' },
    ),
    pages: await pagesOf(entries, size),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: copies are tampered with freely
let sound: any;
let deskEntries: Entry[];

beforeAll(async () => {
  [desk, witness, stranger] = await Promise.all([signer('desk-1'), signer('witness-1'), signer('stranger')]);
  log = await wholeLog();
  leaves = await Promise.all(log.map((e) => leafHash(fromHex(e.hash))));
  deskEntries = log.filter((e) => e.payload.deskId === DESK);
  sound = await copyOf(deskEntries);
});

const failures = (copy: unknown, options = {}) =>
  verifyDeskLog(copy, options).checks.filter((c) => !c.ok && !c.skipped);
const failed = (copy: unknown, options = {}) => failures(copy, options).map((c) => c.name);
const detail = (copy: unknown, name: string) => failures(copy).find((c) => c.name === name)?.detail;
const detail2 = (copy: unknown, previous: unknown) =>
  failures(copy, { previous }).find((c) => c.name === 'extends the previous copy')?.detail;
/** Another lowercase hex digit in front. */
const otherHex = (hex: string) => `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;

describe('desk log verifier', () => {
  it('passes a sound copy with every check, saying the tail could be withheld', () => {
    const verdict = verifyDeskLog(sound, { minCosignatures: 1 });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.checks.map((c) => c.name)).toEqual([
      'desk log format',
      'checkpoint',
      'cosignatures',
      'entry hashes',
      'desk',
      'desk sequence',
      'inclusion proofs',
    ]);
    expect(deskEntries).toHaveLength(10);
    expect(verdict.checks.find((c) => c.name === 'desk sequence')?.detail).toBe(
      'deskSeq 1 to 8 without a gap (2 entries before desk sequences)',
    );
    expect(verdict.warnings.join('\n')).toContain('after deskSeq 8 could be withheld');
    expect(verdict.warnings.join('\n')).toContain(desk.thumbprint);
  });

  it('names the gap when an entry is left out, even with sound proofs of what is given', async () => {
    const withheld = deskEntries.find((e) => e.payload.deskSeq === 4)!;
    const copy = await copyOf(deskEntries.filter((e) => e !== withheld));
    expect(failed(copy)).toEqual(['desk sequence']);
    expect(detail(copy, 'desk sequence')).toBe(
      `gap: deskSeq 4 missing before entry ${deskEntries.find((e) => e.payload.deskSeq === 5)!.id} (leaf ${deskEntries.find((e) => e.payload.deskSeq === 5)!.leafIndex})`,
    );
  });

  it('names the entry whose payload was altered', () => {
    const copy = structuredClone(sound);
    const altered = copy.pages[1].entries[1];
    altered.payload.note = 'rewritten';
    expect(failed(copy)).toEqual(['entry hashes']);
    expect(detail(copy, 'entry hashes')).toContain(`entry ${altered.id} (leaf ${altered.leafIndex})`);
  });

  it('fails the page whose proof node was altered: it no longer gives the checkpoint root', () => {
    const copy = structuredClone(sound);
    copy.pages[2].proof.nodes[0].hash = otherHex(copy.pages[2].proof.nodes[0].hash);
    expect(failed(copy)).toEqual(['inclusion proofs']);
    expect(detail(copy, 'inclusion proofs')).toBe('page 3: the proof does not lead to the checkpoint root');
  });

  it('fails a page whose proof names another leaf for an entry', () => {
    const copy = structuredClone(sound);
    copy.pages[0].entries[0].leafIndex = 13;
    expect(failed(copy)).toContain('inclusion proofs');
  });

  it('refuses the checkpoint when the desk key is pinned to another, and counts cosignatures', () => {
    expect(failed(sound, { deskKeys: [stranger.jwk] })).toEqual(['checkpoint']);
    expect(failed(sound, { deskKeys: [desk.jwk] })).toEqual([]);
    expect(failed(sound, { minCosignatures: 2 })).toEqual(['cosignatures']);
    expect(failed(sound, { minCosignatures: 1, witnessKeys: [stranger.jwk] })).toEqual(['cosignatures']);
    expect(failed(sound, { minCosignatures: 1, witnessKeys: [witness.jwk] })).toEqual([]);
    const uncosigned = structuredClone(sound);
    uncosigned.checkpoint.cosignatures = [];
    expect(failed(uncosigned, { minCosignatures: 1 })).toEqual(['cosignatures']);
  });

  it('names an entry of another desk slipped into the copy, though it is proven in the tree', async () => {
    const foreign = log.find((e) => e.payload.deskId === OTHER_DESK)!;
    const copy = await copyOf([...deskEntries, foreign].sort((a, b) => a.leafIndex - b.leafIndex));
    expect(failed(copy)).toContain('desk');
    expect(failed(copy)).not.toContain('inclusion proofs');
    expect(detail(copy, 'desk')).toBe(
      `entry ${foreign.id} (leaf ${foreign.leafIndex}) is of desk ${OTHER_DESK}, not ${DESK}`,
    );
  });

  it('refuses an entry without deskSeq after the sequence began, and entries out of log order', async () => {
    const legacyLate = await copyOf([...deskEntries.slice(2), deskEntries[0]!]);
    expect(failed(legacyLate)).toContain('desk sequence');
    const shuffled = structuredClone(sound);
    shuffled.pages[1].entries.reverse();
    expect(failed(shuffled)).toContain('desk sequence');
  });

  it('runs as a command: exits 0 on a sound copy, 1 naming the failed check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phoenix-desk-log-'));
    const file = join(dir, 'desk-log.json');
    writeFileSync(file, JSON.stringify(sound));
    const ok = await run(process.execPath, [VERIFIER, file, '--min-cosignatures', '1']);
    expect(ok.stdout).toMatch(/^ok +desk sequence: deskSeq 1 to 8/m);
    expect(ok.stdout).toContain('desk log verified');
    const bad = structuredClone(sound);
    bad.pages[0].entries.splice(2, 1);
    bad.pages[0].proof = (await pagesOf(bad.pages[0].entries))[0]!.proof;
    writeFileSync(file, JSON.stringify(bad));
    const no = await run(process.execPath, [VERIFIER, file]).catch((e) => e);
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('verification failed: desk sequence');
  });
});

describe('desk log verifier with the previous copy', () => {
  const EARLIER = 8;
  // biome-ignore lint/suspicious/noExplicitAny: copies are tampered with freely
  let earlier: any;

  /** A later copy of `entries` in the whole log, carrying the consistency proof from the earlier tree. */
  async function laterCopy(entries: Entry[]) {
    const copy = await copyOf(entries);
    const proof = await consistencyPath(fromLeaves(leaves), EARLIER, leaves.length);
    copy.previous = {
      treeSize: EARLIER,
      rootHash: earlier.checkpoint.rootHash,
      consistency: proof.map(toHex),
    };
    return copy;
  }

  beforeAll(async () => {
    earlier = await copyOf(
      deskEntries.filter((e) => e.leafIndex < EARLIER),
      EARLIER,
    );
  });

  it('passes a later copy that keeps every entry of the earlier one in a consistent tree', async () => {
    expect(failed(earlier)).toEqual([]);
    const later = await laterCopy(deskEntries);
    const verdict = verifyDeskLog(later, { previous: earlier });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    const kept = earlier.pages.flatMap((p: { entries: unknown[] }) => p.entries).length;
    expect(verdict.checks.at(-1)).toEqual({
      name: 'extends the previous copy',
      ok: true,
      detail: `the tree of ${leaves.length} extends that of ${EARLIER}; its ${kept} entries kept, ${deskEntries.length - kept} new`,
    });
  });

  it('names the entry a desk hides at its tail, though the later copy alone passes', async () => {
    const shownBefore = deskEntries.filter((e) => e.leafIndex < EARLIER);
    const hidden = shownBefore.at(-1)!;
    // The desk shows nothing from the hidden entry on: no later entry points back across it.
    const later = await laterCopy(deskEntries.filter((e) => e.leafIndex < hidden.leafIndex));
    expect(failed(later)).toEqual([]);
    expect(failed(later, { previous: earlier })).toEqual(['extends the previous copy']);
    expect(detail2(later, earlier)).toBe(
      `entry ${hidden.id} (leaf ${hidden.leafIndex}), deskSeq ${hidden.payload.deskSeq}, of the previous copy is missing: the desk withholds entries it showed before`,
    );
  });

  it('refuses a later tree the earlier one is not a prefix of, and a copy without the consistency proof', async () => {
    const rewritten = await laterCopy(deskEntries);
    rewritten.previous.consistency[0] = otherHex(rewritten.previous.consistency[0]);
    expect(failed(rewritten, { previous: earlier })).toEqual(['extends the previous copy']);
    expect(detail2(rewritten, earlier)).toContain('history was rewritten');
    const bare = await copyOf(deskEntries);
    expect(detail2(bare, earlier)).toBe(
      `the copy carries no consistency proof from the tree of ${EARLIER} entries`,
    );
  });

  it('refuses a previous copy that does not verify, or is of another desk', async () => {
    const later = await laterCopy(deskEntries);
    const broken = structuredClone(earlier);
    broken.pages[0].entries[0].payload.note = 'rewritten';
    expect(failed(later, { previous: broken })).toEqual(['previous copy']);
    const elsewhere = structuredClone(earlier);
    elsewhere.deskId = OTHER_DESK;
    expect(failed(later, { previous: elsewhere })).toEqual(['previous copy']);
  });
});
