// The evaluation grids are published with the digest evaluations record, so a partner can fetch the very
// document an evaluation was scored against and check it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/domain/canonical-json';
import { createTestDesk, type TestDesk } from '../harness';

let desk: TestDesk;

beforeAll(async () => {
  desk = await createTestDesk();
});
afterAll(() => desk.close());

describe('evaluation grids', () => {
  it('lists every grid with the SHA-256 of its canonical JSON, to anyone', async () => {
    const res = await desk.request('/v1/grids');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string; document: unknown; sha256: string }[] };
    expect(items.map((g) => g.id)).toContain('phoenix-grid@1.0.0');
    for (const g of items) expect(g.sha256).toBe(await sha256Hex(canonicalJson(g.document)));
  });

  it('serves one grid by <gridId>@<version> with its digest as a strong ETag, and 304 when it matches', async () => {
    const res = await desk.request('/v1/grids/phoenix-grid@1.0.0');
    expect(res.status).toBe(200);
    const grid = (await res.json()) as {
      id: string;
      document: { id: string; version: string };
      sha256: string;
    };
    expect(grid.id).toBe('phoenix-grid@1.0.0');
    expect(grid.document).toMatchObject({ id: 'phoenix-grid', version: '1.0.0' });
    expect(res.headers.get('etag')).toBe(`"${grid.sha256}"`);
    const again = await desk.request('/v1/grids/phoenix-grid@1.0.0', {
      headers: { 'if-none-match': `"${grid.sha256}"` },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an unknown version and 400 for what is not a grid key', async () => {
    expect((await desk.request('/v1/grids/phoenix-grid@9.9.9')).status).toBe(404);
    const bad = await desk.request('/v1/grids/phoenix-grid');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { violations: { pointer: string }[] }).violations[0]?.pointer).toBe('/id');
  });
});
