import { describe, expect, it } from 'vitest';
import {
  type AuditEntryContent,
  type ChainedAuditEntry,
  GENESIS_HASH,
  hashAuditEntry,
  verifyChain,
  verifyDeskSequence,
} from './audit-chain';

async function chain(n: number): Promise<ChainedAuditEntry[]> {
  const out: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content: AuditEntryContent = {
      id: `id-${i}`,
      at: `2026-01-0${i}T00:00:00.000Z`,
      actorId: null,
      action: 'dataset.created',
      subjectType: 'dataset',
      subjectId: `d${i}`,
      payload: { b: 2, a: [1, { z: true, y: null }] },
    };
    const hash = await hashAuditEntry(prev, content);
    out.push({ ...content, seq: i, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an intact chain', async () => {
    const verdict = await verifyChain(await chain(4));
    expect(verdict).toMatchObject({ ok: true, entries: 4 });
  });

  it('hashes the same content the same way whatever the key order', async () => {
    const [e] = await chain(1);
    const reordered = { ...e!, payload: { a: [1, { y: null, z: true }], b: 2 } };
    expect(await hashAuditEntry(GENESIS_HASH, reordered)).toBe(e!.hash);
  });

  it('names the first entry whose content changed', async () => {
    const entries = await chain(4);
    entries[2] = { ...entries[2]!, subjectId: 'forged' };
    const verdict = await verifyChain(entries);
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: { seq: 3, reason: 'hash does not match the entry content' },
    });
  });

  it('names the entry after a removed one', async () => {
    const entries = await chain(4);
    entries.splice(1, 1);
    const verdict = await verifyChain(entries);
    expect(verdict).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });
});

describe('desk sequences', () => {
  const deskEntries = async (n: number) => {
    const out: { id: string; payload: Record<string, unknown>; hash: string }[] = [];
    let prev = GENESIS_HASH;
    for (let i = 1; i <= n; i++) {
      const payload = { deskId: 'd', deskSeq: i, deskPrev: prev };
      const hash = await hashAuditEntry(prev, {
        id: `e${i}`,
        at: '2026-01-01T00:00:00.000Z',
        actorId: null,
        action: 'test.done',
        subjectType: 'test',
        subjectId: String(i),
        payload,
      });
      out.push({ id: `e${i}`, payload, hash });
      prev = hash;
    }
    return out;
  };

  it('accepts a desk sequence without gaps, page after page', async () => {
    const all = await deskEntries(6);
    const first = verifyDeskSequence(all.slice(0, 3));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyDeskSequence(all.slice(3), first)).toMatchObject({ ok: true, lastSeq: 6 });
  });

  it('detects an entry left out, a replayed one and a deskPrev that does not link', async () => {
    const all = await deskEntries(5);
    expect(verifyDeskSequence([...all.slice(0, 2), ...all.slice(3)])).toMatchObject({
      ok: false,
      brokenAt: { id: 'e4', deskSeq: 4, reason: 'gap: deskSeq 3 missing' },
    });
    expect(verifyDeskSequence([...all.slice(0, 3), all[2]!])).toMatchObject({
      ok: false,
      brokenAt: { id: 'e3' },
    });
    const relinked = all.map((e, i) =>
      i === 2 ? { ...e, payload: { ...e.payload, deskPrev: GENESIS_HASH } } : e,
    );
    expect(verifyDeskSequence(relinked)).toMatchObject({ ok: false, brokenAt: { id: 'e3' } });
  });
});
