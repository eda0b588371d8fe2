import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
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

    // Approving, through the app and by hand in turn, so both meet the same database (its size, its
    // background work). Through the app, the deciding vote takes the decision, creates the 15 grants and
    // signs their 15 visas. By hand (baseline 1), the same transaction written with postgres.js and jose:
    // the same reads (row lock, the application with its desk, team, datasets, votes and eligible
    // reviewers in one statement, the team's subjects), the same guarded update, 15 visas signed with jose and sealed with
    // Web Crypto, the audit chain's head, and one statement writing the vote, events, 15 grants, 15 visas,
    // audit entries and outbox rows.
    const [reviewer] = await raw`select id from users where subject = 'demo-reviewer2-pasteur'`;
    const signer = await baselineSigner(raw);
    let throughApp = 0;
    let byHand = 0;
    for (let i = 0; i < N; i++) {
      const appStart = performance.now();
      const decided = await call(`/v1/access-requests/${ready[i]}/votes`, 'demo-reviewer2-pasteur', {
        choice: 'approve',
        rationale: 'ok',
      });
      throughApp += performance.now() - appStart;
      if (decided.state !== 'approved') throw new Error(`not approved: ${JSON.stringify(decided)}`);
      const handStart = performance.now();
      await approveByHand(raw, signer, spare[i]!, reviewer!.id as string);
      byHand += performance.now() - handStart;
    }
    const approvePerSecond = N / (throughApp / 1000);
    const rawTxPerSecond = N / (byHand / 1000);
    const [{ registered }] = (await raw`select count(*)::int as registered from visas v
      join grants g on g.id = v.grant_id where g.request_id in ${raw(ready)}`) as unknown as [
      { registered: number },
    ];
    if (registered !== 15 * N) throw new Error(`expected ${15 * N} visas signed, found ${registered}`);
    process.stderr.write(`  approved ${N} (15 visas signed for each)\n`);

    // Then each team collects its visas: five first reads of /v1/me/visas, served from the register.
    const collectStart = performance.now();
    let collected = 0;
    for (const i of ready.keys()) {
      for (const member of team(i)) {
        const visas = (await call('/v1/me/visas', member, undefined, 'GET')) as {
          ga4gh_passport_v1: string[];
        };
        collected += visas.ga4gh_passport_v1.length;
      }
    }
    const collectPerSecond = N / ((performance.now() - collectStart) / 1000);
    if (collected !== 15 * N) throw new Error(`expected ${15 * N} visas collected, got ${collected}`);

    const [{ approved }] = (await raw`select count(*)::int as approved from access_requests
      where id in ${raw(spare)} and state = 'approved'`) as unknown as [{ approved: number }];
    const [{ granted, signed }] = (await raw`select count(distinct g.id)::int as granted,
        count(v.jti)::int as signed
      from grants g left join visas v on v.grant_id = g.id where g.request_id in ${raw(spare)}`) as unknown as [
      { granted: number; signed: number },
    ];
    if (approved !== N || granted !== 15 * N || signed !== 15 * N)
      throw new Error(`hand-written approvals: ${approved} approved, ${granted} grants, ${signed} visas`);

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
      `| approve one (the deciding vote: decision, 15 grants, their 15 visas signed and registered) | ${f(approvePerSecond)} |`,
    );
    console.log(
      `| then the team collects its visas (5 first reads of /v1/me/visas, in approvals' worth) | ${f(collectPerSecond)} |`,
    );
    console.log(
      `| baseline: the same approval transaction, hand-written with postgres.js and jose | ${f(rawTxPerSecond)} |`,
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

interface BaselineSigner {
  kid: string;
  privateKey: CryptoKey;
  /** AES-256-GCM, as the key-encryption key seals visas. */
  kek: CryptoKey;
}

/** An ES256 key of its own (registered, retired, so the app never signs with it) and a sealing key. */
async function baselineSigner(raw: postgres.Sql): Promise<BaselineSigner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = 'bench-baseline';
  await raw`insert into signing_keys (kid, alg, public_jwk, private_jwk_encrypted, created_at, retired_at)
    values (${kid}, 'ES256', ${raw.json((await exportJWK(publicKey)) as postgres.JSONValue)}, 'unused',
      now(), now())`;
  const kek = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  return { kid, privateKey, kek };
}

const b64u = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as ArrayBuffer).toString('base64url');

/** What the app's deciding vote does, written directly. */
async function approveByHand(
  raw: postgres.Sql,
  signer: BaselineSigner,
  id: string,
  reviewerId: string,
): Promise<void> {
  await raw.begin(async (tx) => {
    await tx`select id from access_requests where id = ${id} for update`;
    const [r] = await tx`select r.*, d.operator_id,
        coalesce((select json_agg(m.user_id) from access_request_members m where m.request_id = r.id), '[]') as members,
        coalesce((select json_agg(json_build_object('datasetId', x.dataset_id, 'match', x.match,
          'override', x.override, 'dataUseConditions', ds.descriptor -> 'dataUseConditions') order by x.dataset_id)
          from access_request_datasets x join datasets ds on ds.id = x.dataset_id where x.request_id = r.id), '[]') as datasets,
        coalesce((select json_agg(json_build_object('reviewerId', v.reviewer_id, 'choice', v.choice,
          'rationale', v.rationale, 'castAt', v.cast_at) order by v.cast_at)
          from votes v where v.request_id = r.id), '[]') as votes,
        (select count(distinct m.user_id)::int from memberships m
          where m.organization_id = d.operator_id and m.role = 'reviewer' and m.user_id <> r.requester_id
            and not exists (select 1 from access_request_members t where t.request_id = r.id and t.user_id = m.user_id)
            and not exists (select 1 from memberships o where o.organization_id = r.requester_org_id and o.user_id = m.user_id)
        ) as eligible_reviewers
      from access_requests r join desks d on d.id = r.desk_id where r.id = ${id}`;
    const members = r!.members as string[];
    const datasets = r!.datasets as { datasetId: string; match: { obligations: string[] } }[];
    const now = new Date();
    const at = now.toISOString();
    await tx`update access_requests set state = 'approved', version = version + 1, updated_at = ${now},
        decided_at = ${now}, decided_by = null, working_days_to_decision = 0
      where id = ${id} and state = 'in_review' returning *`;
    const [{ tip }] =
      (await tx`select audit_chain_tip(${AUDIT_CHAIN_LOCK}, '{}'::uuid[]) as tip`) as unknown as [
        { tip: { head: { hash: string; leafIndex: number } | null } },
      ];
    const head = tip.head?.hash ?? null;
    let leafIndex = tip.head ? Number(tip.head.leafIndex) + 1 : 0;
    const subjects = new Map(
      (await tx`select id, subject from users where id in ${tx(members)}`).map((u) => [u.id, u.subject]),
    );
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
    const iat = Math.floor(now.getTime() / 1000);
    const visas = await Promise.all(
      grants.map(async (g) => {
        const jti = `${g.id}.${crypto.randomUUID().slice(0, 8)}`;
        const token = await new SignJWT({
          ga4gh_visa_v1: {
            type: 'ControlledAccessGrants',
            asserted: iat,
            value: `http://bench.test/v1/datasets/${g.dataset_id}`,
            source: `http://bench.test/v1/desks/${g.desk_id}`,
            by: 'dac',
          },
        })
          .setProtectedHeader({
            alg: 'ES256',
            typ: 'vnd.ga4gh.visa+jwt',
            kid: signer.kid,
            jku: 'http://bench.test/.well-known/jwks.json',
          })
          .setIssuer('http://bench.test')
          .setSubject(subjects.get(g.user_id) as string)
          .setIssuedAt(iat)
          .setExpirationTime(iat + 24 * 3600)
          .setJti(jti)
          .sign(signer.privateKey);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const sealed = await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(jti) },
          signer.kek,
          new TextEncoder().encode(token),
        );
        return {
          jti,
          grant_id: g.id,
          kid: signer.kid,
          issued_at: now,
          expires_at: new Date((iat + 24 * 3600) * 1000),
          token_sealed: `v1.${b64u(iv)}.${b64u(sealed)}`,
        };
      }),
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
        leaf_index: leafIndex++,
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
        s as (insert into visas ${tx(visas)}),
        a as (insert into audit_events ${tx(audit)})
      insert into outbox ${tx(outbox)}`;
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
