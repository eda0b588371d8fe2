import { describe, expect, it } from 'vitest';
import {
  type AuditEntryContent,
  type ChainedAuditEntry,
  GENESIS_HASH,
  hashAuditEntry,
  verifyChain,
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
