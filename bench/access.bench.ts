import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import type postgres from 'postgres';
import { uuidv7 } from 'uuidv7';
import { DEV_ISSUER } from '../src/config/config';
import { mintDevToken } from '../src/crypto/dev-issuer';
import { seedDemo } from '../src/demo/seed';
import { GENESIS_HASH, hashAuditEntry } from '../src/domain/audit-chain';
import { openBenchDesk } from './bench-desk';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '40' } } });
const N = Number(args.iterations);
// Each application has a team of its own (the requester and four members), so the visas read after its
// approval are exactly its 15: earlier applications' grants never pile up on the same users.
const team = (i: number) => Array.from({ length: 5 }, (_, k) => `bench-team-${i}-member-${k}`);

async function main() {
  const bench = await openBenchDesk('access');
  const { desk, raw } = bench;
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
    for (let i = 0; i < 2 * N; i++)
      for (const sub of team(i))
        await call(`/v1/organizations/${cesp}/members`, 'demo-admin', { subject: sub, role: 'requester' });
    // Their access tokens exist before the clock starts, as a client's would.
    for (let i = 0; i < 2 * N; i++) for (const sub of team(i)) await token(sub);
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
    };

    // Submitting: draft + submit through the app. Twice as many as approved through the app: the second half
    // is approved by the hand-written transaction below, so both approve the same kind of application.
    const submit = async (i: number) => {
      const [requester, ...members] = team(i);
      const created = await call('/v1/access-requests', requester!, { ...body, team: members });
      await call(`/v1/access-requests/${created.id}/submit`, requester!);
      return created.id as string;
    };
    const submitStart = performance.now();
    const ready: string[] = [];
    for (let i = 0; i < N; i++) ready.push(await submit(i));
    const submitPerSecond = N / ((performance.now() - submitStart) / 1000);
    const spare: string[] = [];
    for (let i = N; i < 2 * N; i++) spare.push(await submit(i));
    process.stderr.write(`  submitted ${2 * N}\n`);
    // First votes now; the second (timed) vote meets the default policy's majority of two.
    for (const id of [...ready, ...spare])
      await call(`/v1/access-requests/${id}/votes`, 'demo-reviewer-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });

    // Approving: the deciding vote (decision + 15 grants) and the team's visas (15 ES256 signatures).
    const approveStart = performance.now();
    let visasSigned = 0;
    let voting = 0;
    for (const [i, id] of ready.entries()) {
      const voteStart = performance.now();
      const decided = await call(`/v1/access-requests/${id}/votes`, 'demo-reviewer2-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });
      voting += performance.now() - voteStart;
      if (decided.state !== 'approved') throw new Error(`not approved: ${JSON.stringify(decided)}`);
      for (const member of team(i)) {
        const visas = (await call('/v1/me/visas', member, undefined, 'GET')) as {
          ga4gh_passport_v1: string[];
        };
        visasSigned += visas.ga4gh_passport_v1.length;
      }
    }
    const approvePerSecond = N / ((performance.now() - approveStart) / 1000);
    const votePerSecond = N / (voting / 1000);
    if (visasSigned !== 15 * N) throw new Error(`expected ${15 * N} visas, signed ${visasSigned}`);
    process.stderr.write(`  approved ${N} (15 visas signed for each)\n`);

    // Baseline 1: the same approval transaction written by hand through postgres.js — the same reads (row
    // lock, the application with its desk, team, datasets and votes, the eligible reviewers), the same
    // guarded update, the audit chain's head, and one statement writing the vote, events, 15 grants, audit
    // entries and outbox rows — on the other half of the applications.
    const [reviewer] = await raw`select id from users where subject = 'demo-reviewer2-pasteur'`;
    const rawStart = performance.now();
    for (const id of spare) await approveByHand(raw, id, reviewer!.id as string);
    const rawTxPerSecond = N / ((performance.now() - rawStart) / 1000);
    const [{ approved }] = (await raw`select count(*)::int as approved from access_requests
      where id in ${raw(spare)} and state = 'approved'`) as unknown as [{ approved: number }];
    const [{ granted }] = (await raw`select count(*)::int as granted from grants
      where request_id in ${raw(spare)}`) as unknown as [{ granted: number }];
    if (approved !== N || granted !== 15 * N)
      throw new Error(`hand-written approvals: ${approved} approved, ${granted} grants`);

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
    console.log(`| of which the deciding vote alone (one request) | ${f(votePerSecond)} |`);
    console.log(
      `| baseline: the same approval transaction, hand-written through postgres.js | ${f(rawTxPerSecond)} |`,
    );
    console.log(
      `| baseline: jose raw ES256 signatures (÷ 15 = approvals' worth: ${f(approvalsBySigning)}) | ${f(signaturesPerSecond)} |`,
    );
    console.log('');
    console.log(
      `Approval throughput / lower baseline = ${(approvePerSecond / lower).toFixed(2)} (goal ≥ 0.5).`,
    );
  } finally {
    await bench.close();
  }
}

// The advisory lock key of the audit chain (src/db/unit-of-work.ts).
const AUDIT_CHAIN_LOCK = 727_001;

/** What the app's deciding vote does to the database, written directly. */
async function approveByHand(raw: postgres.Sql, id: string, reviewerId: string): Promise<void> {
  await raw.begin(async (tx) => {
    await tx`select id from access_requests where id = ${id} for update`;
    const [r] = await tx`select r.*, d.operator_id,
        coalesce((select json_agg(m.user_id) from access_request_members m where m.request_id = r.id), '[]') as members,
        coalesce((select json_agg(json_build_object('datasetId', x.dataset_id, 'match', x.match,
          'override', x.override, 'dataUseConditions', ds.descriptor -> 'dataUseConditions') order by x.dataset_id)
          from access_request_datasets x join datasets ds on ds.id = x.dataset_id where x.request_id = r.id), '[]') as datasets,
        coalesce((select json_agg(json_build_object('reviewerId', v.reviewer_id, 'choice', v.choice,
          'rationale', v.rationale, 'castAt', v.cast_at) order by v.cast_at)
          from votes v where v.request_id = r.id), '[]') as votes
      from access_requests r join desks d on d.id = r.desk_id where r.id = ${id}`;
    const members = r!.members as string[];
    const datasets = r!.datasets as { datasetId: string; match: { obligations: string[] } }[];
    await tx`select count(distinct m.user_id)::int as count from memberships m
      where m.organization_id = ${r!.operator_id} and m.role = 'reviewer'
        and m.user_id not in ${tx([r!.requester_id, ...members])}
        and not exists (select 1 from memberships t where t.organization_id = ${r!.requester_org_id} and t.user_id = m.user_id)`;
    const now = new Date();
    const at = now.toISOString();
    await tx`update access_requests set state = 'approved', version = version + 1, updated_at = ${now},
        decided_at = ${now}, decided_by = null, working_days_to_decision = 0
      where id = ${id} and state = 'in_review' returning *`;
    const [{ hash: head }] = (await tx`select audit_chain_head(${AUDIT_CHAIN_LOCK}) as hash`) as unknown as [
      { hash: string | null },
    ];
    const grants = datasets.flatMap((d) =>
      members.map((userId) => ({
        id: uuidv7(),
        request_id: id,
        user_id: userId,
        dataset_id: d.datasetId,
        desk_id: r!.desk_id,
        starts_at: now,
        ends_at: new Date(now.getTime() + 365 * 86_400_000),
        conditions: JSON.stringify(d.match.obligations),
        visa_lifetime_hours: 24,
        created_at: now,
      })),
    );
    const notes = [
      { action: 'access_request.vote_cast', payload: { choice: 'approve' } },
      { action: 'access_request.approved', payload: { from: 'in_review', to: 'approved', reason: 'quorum' } },
      { action: 'grants.issued', payload: { grants: grants.map((g) => g.id), count: grants.length } },
    ];
    let prevHash = head ?? GENESIS_HASH;
    const audit = [];
    for (const n of notes) {
      const entry = {
        id: uuidv7(),
        at,
        actorId: reviewerId,
        action: n.action,
        subjectType: 'access_request',
        subjectId: id,
        payload: n.payload,
      };
      const hash = await hashAuditEntry(prevHash, entry);
      audit.push({
        id: entry.id,
        at,
        actor_id: reviewerId,
        action: n.action,
        subject_type: 'access_request',
        subject_id: id,
        payload: JSON.stringify(n.payload),
        prev_hash: prevHash,
        hash,
      });
      prevHash = hash;
    }
    const outbox = audit.map((a) => ({
      id: a.id,
      event_type: a.action,
      payload: a.payload,
      audience: `{${r!.requester_org_id},${r!.operator_id}}`,
      created_at: now,
    }));
    const events = ['vote_cast', 'approved'].map((type) => ({
      id: uuidv7(),
      request_id: id,
      at: now,
      actor_id: reviewerId,
      type,
      from_state: 'in_review',
      to_state: type === 'vote_cast' ? 'in_review' : 'approved',
      reason: 'ok',
      details: '{}',
    }));
    await tx`with
        v as (insert into votes (request_id, reviewer_id, choice, rationale, cast_at)
          values (${id}, ${reviewerId}, 'approve', 'ok', ${now})
          on conflict (request_id, reviewer_id) do update set choice = excluded.choice, cast_at = excluded.cast_at),
        e as (insert into access_request_events ${tx(events)}),
        g as (insert into grants ${tx(grants)}),
        a as (insert into audit_events ${tx(audit)})
      insert into outbox ${tx(outbox)}`;
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
