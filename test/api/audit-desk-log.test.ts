// A desk's entries within a signed tree head, page by page with their inclusion proof: what an auditor copies
// away. Only the desk's platform admins and appointed auditors read them; each page's proof gives the
// checkpoint's root; entries written after the checkpoint are left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDeskSequence } from '../../src/domain/audit-chain';
import { fromHex, verifyMultiProof } from '../../src/domain/merkle';
import { type DemoIds, demoIds } from '../access-fixtures';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;
let ids: DemoIds;
let orgs: Map<string, string>;

beforeAll(async () => {
  desk = await createTestDesk();
  orgs = await desk.seed();
  ids = await demoIds(desk, orgs);
});
afterAll(() => desk.close());

interface Entry {
  id: string;
  leafIndex: number;
  hash: string;
  payload: Record<string, unknown>;
}
interface Page {
  deskId: string;
  treeSize: number;
  items: Entry[];
  proof: {
    treeSize: number;
    rootHash: string;
    leaves: { index: number; entryHash: string }[];
    nodes: { start: number; size: number; hash: string }[];
  };
  nextCursor: string | null;
}

const checkpoint = async () => {
  const res = await desk.request('/v1/audit/checkpoints', {
    method: 'POST',
    token: await desk.token('demo-admin'),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { treeSize: number; rootHash: string };
};

async function readAll(token: string, deskId: string, size: number, limit: number) {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const res = await desk.request(
      `/v1/audit/desks/${deskId}/entries?size=${size}&limit=${limit}${after ? `&after=${after}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    pages.push(page);
    after = page.nextCursor;
  } while (after);
  return pages;
}

describe('GET /v1/audit/desks/{id}/entries', () => {
  it("gives the desk's auditor every entry of the desk in the tree, page by page, each page proven in the signed head", async () => {
    const foch = ids.desks.get('guichet-foch')!;
    const head = await checkpoint();
    // Written after the head: not in its tree, so not in the copy of that size.
    const etag = (await desk.request(`/v1/desks/${foch}`)).headers.get('etag')!;
    const later = await desk.request(`/v1/desks/${foch}`, {
      method: 'PATCH',
      token: await desk.token('demo-desk-admin-foch'),
      headers: { 'if-match': etag },
      json: { decisionDeadlineDays: 40 },
    });
    expect(later.status).toBe(200);

    const token = await desk.token('demo-auditor-evalsante');
    const pages = await readAll(token, foch, head.treeSize, 2);
    expect(pages.length).toBeGreaterThan(2);
    const entries = pages.flatMap((p) => p.items);
    for (const page of pages) {
      expect(page).toMatchObject({ deskId: foch, treeSize: head.treeSize });
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.proof.leaves).toEqual(page.items.map((e) => ({ index: e.leafIndex, entryHash: e.hash })));
      expect(await verifyMultiProof(page.proof, fromHex(head.rootHash))).toBe(true);
    }
    expect(entries.every((e) => e.payload.deskId === foch && e.leafIndex < head.treeSize)).toBe(true);
    expect(verifyDeskSequence(entries)).toMatchObject({ ok: true, entries: entries.length });

    // The same entries as the events list up to the head, with the same leaf indexes.
    const listed = await desk.request(`/v1/audit/events?deskId=${foch}&limit=100`, { token });
    const events = ((await listed.json()) as { items: Entry[] }).items;
    expect(events.every((e) => Number.isInteger(e.leafIndex))).toBe(true);
    const inTree = events.filter((e) => e.leafIndex < head.treeSize);
    expect(inTree.length).toBeLessThan(events.length);
    expect(entries.map((e) => [e.id, e.leafIndex])).toEqual(inTree.map((e) => [e.id, e.leafIndex]));

    // A larger head holds the later entry.
    const next = await checkpoint();
    const all = (await readAll(token, foch, next.treeSize, 1000)).flatMap((p) => p.items);
    expect(all.length).toBe(events.length);
  });

  it("refuses another desk's auditor (404 as for the events list), non-auditors (403) and anonymous callers (401)", async () => {
    const foch = ids.desks.get('guichet-foch')!;
    const { treeSize } = await checkpoint();
    const url = `/v1/audit/desks/${foch}/entries?size=${treeSize}`;
    const other = await desk.request(url, { token: await desk.token('demo-auditor-auditnum') });
    expect(other.status).toBe(404);
    expect(JSON.stringify(await other.json())).not.toContain('"items"');
    expect((await desk.request(url, { token: await desk.token('demo-reviewer-foch') })).status).toBe(403);
    expect((await desk.request(url)).status).toBe(401);
    expect((await desk.request(url, { token: await desk.token('demo-admin') })).status).toBe(200);
  });

  it('answers 404 naming /size for a size no checkpoint signed or beyond the log, 404 for an unknown desk, 400 over 1000', async () => {
    const foch = ids.desks.get('guichet-foch')!;
    const { treeSize } = await checkpoint();
    const admin = await desk.token('demo-admin');
    const signed = (await (await desk.request('/v1/audit/checkpoints?limit=100')).json()) as {
      items: { treeSize: number }[];
    };
    const unsigned = [...Array(treeSize).keys()].find(
      (n) => n > 0 && !signed.items.some((c) => c.treeSize === n),
    );
    for (const size of [treeSize + 1_000, unsigned!]) {
      const res = await desk.request(`/v1/audit/desks/${foch}/entries?size=${size}`, { token: admin });
      expect(res.status).toBe(404);
      const problem = (await res.json()) as { violations: { pointer: string }[] };
      expect(problem.violations.map((v) => v.pointer)).toEqual(['/size']);
    }
    const unknown = await desk.request(
      `/v1/audit/desks/01900000-0000-7000-8000-00000000dead/entries?size=${treeSize}`,
      { token: admin },
    );
    expect(unknown.status).toBe(404);
    const tooMany = await desk.request(`/v1/audit/desks/${foch}/entries?size=${treeSize}&limit=1001`, {
      token: admin,
    });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { violations: { pointer: string }[] }).violations[0]!.pointer).toBe(
      '/limit',
    );
  });
});
