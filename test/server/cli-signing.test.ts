// npm run cli -- keys generate|register and evaluation submit|countersign|dispute: a partner's key made in a
// file only its owner reads, printed as its public half and thumbprint, registered with a desk over HTTP (the
// desk stores the public half only), and the documents the desk prepares signed with it: the stored
// signatures verify with the registered key, and a key the desk does not know is refused at /signature.
// Real CLI processes against a seeded desk served on a loopback port, signed in with PHOENIX_TOKEN.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/desk-processes';
import { evaluationGrid } from '../../src/policies/evaluation-grids';
import { createTestDesk, type TestDesk } from '../harness';
import { cli, tempDir } from './desk-process';

let desk: TestDesk;
let server: ServerType;
let base: string;
let orgs: Map<string, string>;
const dir = tempDir('cli-signing');

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  desk = await createTestDesk({ env: { PUBLIC_BASE_URL: base } });
  orgs = await desk.seed();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: desk.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as `subject`, with a token of the desk's dev issuer in PHOENIX_TOKEN. */
async function cliAs(subject: string | undefined, args: string[]) {
  const env = { ...process.env, PHOENIX_TOKEN: subject ? await desk.token(subject) : '' };
  return cli(args, env);
}

describe('npm run cli -- keys', () => {
  it('generates a key file of mode 600 and prints only its public half and thumbprint', async () => {
    const file = join(dir, 'evalsante.jwk');
    const run = await cliAs(undefined, ['keys', 'generate', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const printed = JSON.parse(run.stdout.slice(0, run.stdout.indexOf('\nthumbprint'))) as Record<
      string,
      string
    >;
    expect(printed).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: stored.x,
      y: stored.y,
      kid: stored.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(run.stdout).toContain(`thumbprint ${stored.kid}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(stored.d);

    const again = await cliAs(undefined, ['keys', 'generate', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: choose another file');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stored);
  }, 60_000);

  it('registers the public half for the organisation of a member, by slug, over HTTP', async () => {
    const file = join(dir, 'registered.jwk');
    expect((await cliAs(undefined, ['keys', 'generate', file])).code).toBe(0);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const run = await cliAs('demo-evaluator-evalsante', [
      'keys',
      'register',
      'evalsante',
      file,
      '--desk',
      base,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const org = orgs.get('evalsante')!;
    expect(run.stdout).toBe(
      `registered key ${stored.kid} (thumbprint ${stored.kid}) for organisation ${org}\n`,
    );
    const listed = (await (await desk.request(`/v1/organizations/${org}/keys`)).json()) as {
      items: { kid: string; jwk: Record<string, string>; origin: string }[];
    };
    const key = listed.items.find((k) => k.kid === stored.kid);
    expect(key?.origin).toBe('uploaded');
    expect(key?.jwk).not.toHaveProperty('d');
    expect(key?.jwk).toMatchObject({ x: stored.x, y: stored.y });

    // Not a member of the organisation: the desk refuses, and the command says so.
    const outsider = await cliAs('demo-auditor-auditnum', ['keys', 'register', org, file, '--desk', base]);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/^keys register: the desk answered 403: only members/);
  }, 60_000);

  it('says who signs when no token is given', async () => {
    const file = join(dir, 'anonymous.jwk');
    expect((await cliAs(undefined, ['keys', 'generate', file])).code).toBe(0);
    const anonymous = await cliAs(undefined, ['keys', 'register', 'evalsante', file, '--desk', base]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('say who signs: --as <subject> or a bearer token in PHOENIX_TOKEN');
  }, 60_000);
});

const criteria = evaluationGrid('phoenix-grid', '1.0.0')!.groups.flatMap((g) => g.criteria);

/** A complete draft evaluation of the Pasteur desk by EvalSanté, scored through the API. */
async function completeDraft(periodFrom: string, periodTo: string): Promise<string> {
  const token = await desk.token('demo-evaluator-evalsante');
  const desks = (await (await desk.request('/v1/desks')).json()) as { items: { id: string; slug: string }[] };
  const pasteur = desks.items.find((d) => d.slug === 'guichet-pasteur')!.id;
  const opened = await desk.request(`/v1/desks/${pasteur}/evaluations`, {
    method: 'POST',
    token,
    json: { periodFrom, periodTo },
  });
  const e = (await opened.json()) as { id: string; version: number };
  const scores = Object.fromEntries(
    criteria.map((c) => {
      const kind = c.evidence.kinds[0]!;
      const value =
        kind === 'link'
          ? `https://example.org/${c.id}`
          : kind === 'document'
            ? 'd'.repeat(64)
            : `Vu (${c.id}).`;
      return [c.id, { level: 2, evidence: [{ kind, value }], ...(c.metric ? { justification: 'Vu.' } : {}) }];
    }),
  );
  const put = await desk.request(`/v1/evaluations/${e.id}`, {
    method: 'PUT',
    token,
    headers: { 'if-match': `"${e.version}"` },
    json: { scores },
  });
  expect(put.status).toBe(200);
  return e.id;
}

/** A key file made and registered through the CLI for the organisation of `subject`. */
async function registeredKeyFile(name: string, subject: string, slug: string): Promise<string> {
  const file = join(dir, name);
  expect((await cliAs(undefined, ['keys', 'generate', file])).code).toBe(0);
  const run = await cliAs(subject, ['keys', 'register', slug, file, '--desk', base]);
  expect(run.code, run.stderr).toBe(0);
  return file;
}

async function verifiesWith(jws: string, file: string, typ: string) {
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { d?: string };
  const { d: _d, ...publicJwk } = jwk;
  expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: jwk.kid, typ });
  await compactVerify(jws, await importJWK(publicJwk, 'ES256'), { algorithms: ['ES256'] });
}

describe('npm run cli -- evaluation', () => {
  it('submits, countersigns and disputes with the organisations’ own keys; the desk stores what they signed', async () => {
    const evaluatorKey = await registeredKeyFile('evaluator.jwk', 'demo-evaluator-evalsante', 'evalsante');
    const auditorKey = await registeredKeyFile(
      'auditor.jwk',
      'demo-auditor-auditnum',
      'audit-numerique-sante',
    );
    const [first, second] = [
      await completeDraft('2015-01-01', '2016-01-01'),
      await completeDraft('2014-01-01', '2015-01-01'),
    ];

    for (const id of [first, second]) {
      const run = await cliAs('demo-evaluator-evalsante', [
        'evaluation',
        'submit',
        id,
        '--key',
        evaluatorKey,
        '--desk',
        base,
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^evaluation ${id} submitted: signature sha256 [0-9a-f]{64}\n`));
    }
    const auditor = await desk.token('demo-auditor-auditnum');
    const stored = (await (await desk.request(`/v1/evaluations/${first}`, { token: auditor })).json()) as {
      signature: string;
    };
    await verifiesWith(stored.signature, evaluatorKey, 'phoenix-evaluation+jws');

    const countersigned = await cliAs('demo-auditor-auditnum', [
      'evaluation',
      'countersign',
      first,
      '--key',
      auditorKey,
      '--organization',
      orgs.get('audit-numerique-sante')!,
      '--desk',
      base,
    ]);
    expect(countersigned.code, countersigned.stderr).toBe(0);
    expect(countersigned.stdout).toMatch(new RegExp(`^evaluation ${first} countersigned: `));
    const after = (await (await desk.request(`/v1/evaluations/${first}`, { token: auditor })).json()) as {
      countersignature: string;
    };
    await verifiesWith(after.countersignature, auditorKey, 'phoenix-countersignature+jws');

    const criteriaFile = join(dir, 'criteria.json');
    const disputed = [{ criterion: 'pseudonymisation', comment: 'Aucune analyse de réidentification.' }];
    writeFileSync(criteriaFile, JSON.stringify(disputed));
    const dispute = await cliAs('demo-auditor-auditnum', [
      'evaluation',
      'dispute',
      second,
      '--key',
      auditorKey,
      '--criteria',
      criteriaFile,
      '--desk',
      base,
    ]);
    expect(dispute.code, dispute.stderr).toBe(0);
    const view = (await (
      await desk.request(`/v1/evaluations/${second}/dispute`, { token: auditor })
    ).json()) as {
      criteria: unknown;
      signature: string;
    };
    expect(view.criteria).toEqual(disputed);
    await verifiesWith(view.signature, auditorKey, 'phoenix-dispute+jws');
  }, 180_000);

  it('refuses at /signature a key the organisation has not registered, and the evaluation stays a draft', async () => {
    const unknown = join(dir, 'unregistered.jwk');
    expect((await cliAs(undefined, ['keys', 'generate', unknown])).code).toBe(0);
    const id = await completeDraft('2013-01-01', '2014-01-01');
    const run = await cliAs('demo-evaluator-evalsante', [
      'evaluation',
      'submit',
      id,
      '--key',
      unknown,
      '--desk',
      base,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^evaluation submit: the desk answered 400: the signature does not verify/);
    expect(run.stderr).toContain('/signature');
    const token = await desk.token('demo-evaluator-evalsante');
    const view = (await (await desk.request(`/v1/evaluations/${id}`, { token })).json()) as { state: string };
    expect(view.state).toBe('draft');
  }, 60_000);
});
