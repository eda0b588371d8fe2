// Access-request benchmark on PostgreSQL: submitting an application, and approving one with a team of 5 over
// 3 datasets (15 grants, 15 visas signed), next to the same approval transaction written directly through
// postgres.js and jose's raw ES256 signing rate, all in this script.
//
//   npm run bench:access -- [--iterations 40]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import postgres from 'postgres';
import { uuidv7 } from 'uuidv7';
import { createNodeDesk } from '../src/adapters/node-desk';
import { DEV_ISSUER, parseConfig } from '../src/config/config';
import { mintDevToken } from '../src/crypto/dev-issuer';
import { seedDemo } from '../src/demo/seed';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '40' } } });
const N = Number(args.iterations);
const TEAM = [
  'demo-requester-cesp',
  'demo-researcher-cesp',
  'bench-member-1',
  'bench-member-2',
  'bench-member-3',
];

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `phoenix_bench_access_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'phoenix-bench-access-'));
  const raw = postgres(url.toString(), { max: 4, onnotice: () => {} });
  const config = parseConfig({
    DATABASE_URL: url.toString(),
    PHOENIX_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'http://bench.test',
  });
  const desk = await createNodeDesk(config);
  try {
    await seedDemo(desk.services, DEV_ISSUER);
    // Tokens are minted once per user, as a client would reuse its access token.
    const tokens = new Map<string, Promise<string>>();
    const token = (sub: string) => {
      const known = tokens.get(sub);
      if (known) return known;
      const minted = mintDevToken(desk.devIssuerKey!, { subject: sub, audience: 'phoenix-desk' });
      tokens.set(sub, minted);
      return minted;
    };
    const call = async (path: string, sub: string, body?: unknown, method = 'POST') => {
      const res = await desk.app.request(`http://bench.test${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(sub)}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const orgs = (await call('/v1/organizations', 'demo-admin', undefined, 'GET')) as {
      items: { id: string; slug: string }[];
    };
    const cesp = orgs.items.find((o) => o.slug === 'equipe-cesp')!.id;
    for (const sub of TEAM.slice(2))
      await call(`/v1/organizations/${cesp}/members`, 'demo-admin', { subject: sub, role: 'requester' });
    const desks = (await call('/v1/desks', 'demo-admin', undefined, 'GET')) as {
      items: { id: string; slug: string }[];
    };
    const deskId = desks.items.find((d) => d.slug === 'guichet-pasteur')!.id;
    const pasteur = orgs.items.find((o) => o.slug === 'institut-pasteur')!.id;
    // Three datasets whose conditions match the purpose, so the policy decides on its own.
    for (const i of [1, 2, 3]) {
      const made = await call('/v1/datasets', 'demo-editor-pasteur', {
        providerId: pasteur,
        deskId,
        descriptor: {
          title: { fr: `Jeu de test de charge ${i}`, en: `Load-test dataset ${i}` },
          description: { fr: 'Données synthétiques.', en: 'Synthetic data.' },
          publisher: { name: 'Institut Pasteur' },
          accessRights: 'RESTRICTED',
          dataUseConditions: { permission: { code: 'GRU' }, modifiers: [{ code: 'IRB' }, { code: 'PUB' }] },
        },
      });
      await desk.app.request(`http://bench.test/v1/datasets/${made.id}/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token('demo-editor-pasteur')}`, 'if-match': '"1"' },
      });
    }
    const ds = (await call(`/v1/datasets?q=load-test&limit=100`, 'demo-admin', undefined, 'GET')) as {
      items: { id: string }[];
    };
    const datasetIds = ds.items.map((d) => d.id);
    if (datasetIds.length !== 3) throw new Error(`expected 3 load-test datasets, found ${datasetIds.length}`);
    const body = {
      deskId,
      application: {
        title: { fr: 'Étude de charge', en: 'Load study' },
        summary: { en: 'Benchmark application.' },
        purpose: { permission: 'HMB', commercial: false, durationMonths: 12, processingRegion: 'FR' },
        legalBasis: { article6: 'e', article9: 'j' },
        ethicsReference: 'CPP-2026-BENCH',
        processingEnvironment: 'Bulle HDS',
      },
      datasetIds,
      team: TEAM.slice(1),
    };

    // Submitting: draft + submit through the app.
    const submitStart = performance.now();
    const ready: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await call('/v1/access-requests', 'demo-requester-cesp', body);
      await call(`/v1/access-requests/${created.id}/submit`, 'demo-requester-cesp');
      ready.push(created.id as string);
    }
    const submitPerSecond = N / ((performance.now() - submitStart) / 1000);
    process.stderr.write(`  submitted ${N}\n`);
    // First votes now; the second (timed) vote meets the default policy's majority of two.
    for (const id of ready)
      await call(`/v1/access-requests/${id}/votes`, 'demo-reviewer-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });

    // Approving: the deciding vote (decision + 15 grants) and the team's visas (15 ES256 signatures).
    const approveStart = performance.now();
    let grantsIssued = 0;
    for (const id of ready) {
      const decided = await call(`/v1/access-requests/${id}/votes`, 'demo-reviewer2-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });
      if (decided.state !== 'approved') throw new Error(`not approved: ${JSON.stringify(decided)}`);
      for (const member of TEAM) {
        const visas = (await call('/v1/me/visas', member, undefined, 'GET')) as {
          ga4gh_passport_v1: string[];
        };
        grantsIssued += visas.ga4gh_passport_v1.length > 0 ? 3 : 0;
      }
    }
    const approvePerSecond = N / ((performance.now() - approveStart) / 1000);
    process.stderr.write(`  approved ${N} (${grantsIssued / N} grants each, visas signed on every read)\n`);

    // Baseline 1: the approval's writes as one hand-written postgres.js transaction.
    // On an application of its own (not approved), so the grants it writes and removes collide with none.
    const spare = await call('/v1/access-requests', 'demo-requester-cesp', body);
    await call(`/v1/access-requests/${spare.id}/submit`, 'demo-requester-cesp');
    const [request] =
      await raw`select id, requester_id from access_requests where id = ${spare.id as string}`;
    const users = await raw`select id from users limit 5`;
    const rawStart = performance.now();
    for (let i = 0; i < N; i++) {
      await raw.begin(async (tx) => {
        await tx`select id from access_requests where id = ${request!.id} for update`;
        await tx`insert into votes (request_id, reviewer_id, choice, rationale, cast_at) values (${request!.id}, ${users[0]!.id}, 'approve', 'ok', now())
                 on conflict (request_id, reviewer_id) do update set cast_at = now()`;
        await tx`update access_requests set version = version + 1, updated_at = now() where id = ${request!.id}`;
        await tx`insert into access_request_events (id, request_id, at, type, from_state, to_state, details) values (${uuidv7()}, ${request!.id}, now(), 'bench', 'in_review', 'in_review', '{}')`;
        const rows = datasetIds.flatMap((d) =>
          users.map((u) => ({
            id: uuidv7(),
            request_id: request!.id,
            user_id: u.id,
            dataset_id: d,
            desk_id: deskId,
            starts_at: new Date(),
            ends_at: new Date(Date.now() + 3e10),
            conditions: '[]',
            visa_lifetime_hours: 24,
          })),
        );
        await tx`insert into grants ${tx(rows)}`;
        // Leave no trace, so every iteration writes the same rows (removing them is extra work the app never does).
        await tx`delete from grants where id in ${tx(rows.map((r) => r.id))}`;
      });
    }
    const rawTxPerSecond = N / ((performance.now() - rawStart) / 1000);

    // Baseline 2: jose's raw ES256 signing rate, in signatures per second.
    const { privateKey } = await generateKeyPair('ES256');
    const signs = 15 * N;
    const signStart = performance.now();
    for (let i = 0; i < signs; i++) {
      await new SignJWT({
        ga4gh_visa_v1: { type: 'ControlledAccessGrants', value: 'x', source: 'y', by: 'dac', asserted: 1 },
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'vnd.ga4gh.visa+jwt', kid: 'k' })
        .setIssuer('http://bench.test')
        .setSubject('s')
        .setIssuedAt()
        .setExpirationTime('1h')
        .setJti(String(i))
        .sign(privateKey);
    }
    const signaturesPerSecond = signs / ((performance.now() - signStart) / 1000);
    const approvalsBySigning = signaturesPerSecond / 15;
    const lower = Math.min(rawTxPerSecond, approvalsBySigning);
    const f = (x: number) => x.toFixed(1);
    console.log(`## Access-request benchmark\n`);
    console.log(
      `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · PostgreSQL · ${N} applications, team of 5 × 3 datasets\n`,
    );
    console.log('| measure | per second |');
    console.log('|---|---:|');
    console.log(`| submit an application (draft + submit, through the app) | ${f(submitPerSecond)} |`);
    console.log(
      `| approve one (deciding vote: decision + 15 grants; then 15 visas signed for the team) | ${f(approvePerSecond)} |`,
    );
    console.log(
      `| baseline: the approval's writes as one raw postgres.js transaction | ${f(rawTxPerSecond)} |`,
    );
    console.log(
      `| baseline: jose raw ES256 signatures (÷ 15 = approvals' worth: ${f(approvalsBySigning)}) | ${f(signaturesPerSecond)} |`,
    );
    console.log('');
    console.log(
      `Approval throughput / lower baseline = ${(approvePerSecond / lower).toFixed(2)} (goal ≥ 0.5).`,
    );
  } finally {
    await desk.database.close();
    await raw.end();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
