// npm run cli -- audit copy: an auditor takes away a copy of their desk's log from a desk served on a loopback
// port, the standalone verifier passes it, a later copy extends it, and a desk that hides its latest entry
// (served through a proxy that drops it and proves the rest) passes the verifier yet fails --previous.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/desk-processes';
import { runWitness } from '../../src/cli/witness';
import { inTransaction } from '../../src/db/unit-of-work';
import { succeed } from '../../src/domain/problem';
import { emptyWitnessState } from '../../src/domain/witness';
import { proveInclusionMany } from '../../src/services/audit-checkpoints';
import { createTestDesk, type TestDesk } from '../harness';
import { registerWitnessKey } from '../witness-keys';
import { cli, tempDir } from './desk-process';

let desk: TestDesk;
const servers: ServerType[] = [];
let base: string;
let hidingBase: string;
let foch: string;
let witnessOrg: string;
const dir = tempDir('cli-audit-copy');

const listen = (fetch: (req: Request) => Promise<Response> | Response, port: number) =>
  new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    servers.push(s);
  });

/**
 * The same desk, but one that hides the last entry of the desk it is asked for: left out of the page, and the
 * page's proof made for the entries it keeps (a sound proof of what it shows).
 */
async function hidingTheLastEntry(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const res = await desk.app.fetch(req);
  if (!/^\/v1\/audit\/desks\/[^/]+\/entries$/.test(url.pathname) || res.status !== 200) return res;
  const page = (await res.json()) as { items: { id: string }[]; treeSize: number; nextCursor: string | null };
  if (page.nextCursor !== null) return Response.json(page);
  const items = page.items.slice(0, -1);
  const proof = await proveInclusionMany(
    desk.services,
    items.map((e) => e.id),
    page.treeSize,
  );
  return Response.json({ ...page, items, proof: proof.ok ? proof.value : null });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  desk = await createTestDesk({ env: { PUBLIC_BASE_URL: base } });
  const orgs = await desk.seed();
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  foch = desks.items.find((d) => d.slug === 'guichet-foch')!.id;
  witnessOrg = orgs.get('audit-numerique-sante')!;
  await listen(desk.app.fetch, port);
  const hidingPort = await freePort();
  hidingBase = `http://127.0.0.1:${hidingPort}`;
  await listen(hidingTheLastEntry, hidingPort);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new signed tree head, cosigned by a witness organisation. */
async function cosignedHead(state = emptyWitnessState()) {
  const made = await desk.request('/v1/audit/checkpoints', {
    method: 'POST',
    token: await desk.token('demo-admin'),
  });
  expect(made.status).toBe(201);
  const key = await registerWitnessKey(desk.services.db, witnessOrg);
  const cosigned = await runWitness({
    deskUrl: base,
    key: key.privateJwk,
    organizationId: witnessOrg,
    state,
    now: () => new Date(),
    fetch: (url, init) => fetch(url, init),
  });
  expect(cosigned.ok).toBe(true);
  return cosigned.ok ? cosigned.state : state;
}

async function growFoch(n: number) {
  const done = await inTransaction(desk.services.db, null, desk.services.now, async ({ audit }) => {
    for (let i = 0; i < n; i++)
      audit({ action: 'test.filled', subjectType: 'test', subjectId: String(i), deskId: foch });
    return succeed(null);
  });
  expect(done.ok).toBe(true);
}

const copyArgs = (url: string, out: string, ...more: string[]) => [
  'audit',
  'copy',
  '--desk-url',
  url,
  '--desk-id',
  foch,
  '--out',
  out,
  ...more,
];

describe('npm run cli -- audit copy', () => {
  it('copies the desk’s log, which the verifier passes; a later copy extends it; a hidden tail fails --previous', async () => {
    const state = await cosignedHead();
    const token = await desk.token('demo-auditor-evalsante');
    const env = { ...process.env, PHOENIX_TOKEN: '' };
    const first = join(dir, 'first.json');
    const copied = await cli(copyArgs(base, first, '--token', token), env);
    expect(copied.code, copied.stderr).toBe(0);
    const copy = JSON.parse(readFileSync(first, 'utf8'));
    expect(copy).toMatchObject({ format: 'phoenix-desk-log/1', deskId: foch });
    expect(copy.checkpoint.cosignatures).toHaveLength(1);
    expect(Object.keys(copy.keys.organizations)).toEqual([witnessOrg]);
    const firstEntries = copy.pages.flatMap((p: { entries: unknown[] }) => p.entries);
    expect(copied.stdout).toContain(`copied ${firstEntries.length} entries of desk ${foch}`);
    const verified = await cli(['verify', first, '--min-cosignatures', '1'], env);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('desk log verified');

    // Another desk's auditor is refused, as for the events list.
    const refused = await cli(
      copyArgs(base, join(dir, 'refused.json'), '--token', await desk.token('demo-auditor-auditnum')),
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('404');

    await growFoch(3);
    await cosignedHead(state);
    const second = join(dir, 'second.json');
    const extended = await cli(copyArgs(base, second, '--previous', first), { ...env, PHOENIX_TOKEN: token });
    expect(extended.code, extended.stderr).toBe(0);
    expect(extended.stdout).toContain(`extends the copy of ${first}`);
    const secondEntries = JSON.parse(readFileSync(second, 'utf8')).pages.flatMap(
      (p: { entries: unknown[] }) => p.entries,
    );
    expect(secondEntries).toHaveLength(firstEntries.length + 3);
    // The auditor checks it again offline, against the first copy, with the proof it carries.
    const offline = await cli(['verify', second, '--previous', first, '--min-cosignatures', '1'], env);
    expect(offline.code, offline.stdout).toBe(0);
    expect(offline.stdout).toMatch(/^ok +extends the previous copy: .* 3 new$/m);

    // The desk now hides its latest entry: the copy alone verifies (no gap shows at the tail)…
    const hidden = join(dir, 'hidden.json');
    const alone = await cli(copyArgs(hidingBase, hidden, '--token', token), env);
    expect(alone.code, alone.stderr).toBe(0);
    expect((await cli(['verify', hidden], env)).code).toBe(0);
    // …but not against the auditor's previous copy, which held it.
    const caught = await cli(copyArgs(hidingBase, hidden, '--token', token, '--previous', second), env);
    expect(caught.code).toBe(1);
    const last = secondEntries.at(-1) as { id: string };
    expect(caught.stderr).toContain(`entry ${last.id}`);
    expect(caught.stderr).toContain('missing: the desk withholds entries it showed before');
  }, 180_000);

  it('says who copies when no token is given', async () => {
    const run = await cli(copyArgs(base, join(dir, 'anonymous.json')), { ...process.env, PHOENIX_TOKEN: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('say who copies: --token <bearer> or a bearer token in PHOENIX_TOKEN');
  }, 60_000);
});
