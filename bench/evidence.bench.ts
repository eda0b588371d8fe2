// Evidence bundle benchmark on PostgreSQL: building the bundle of an evaluation resting on 10 000 applications
// whose audit entries are spread over a 1 000 000-entry log, and verifying it with the standalone verifier,
// each next to a baseline run in the same process:
//
// - building: the desk's evidenceBundle() against reading the same rows by hand through postgres.js (the
//   applications, the entries the bundle carries) and serialising them — what any bundle must at least cost;
// - verifying: scripts/verifier's verifyBundle() against parsing the same file and hashing its bytes once.
//
// The log is real: every entry is chained with the desk's formula (sha256 over the previous hash and the entry's
// canonical JSON), carries its desk sequence, and the desk's checkpoint job signs the tree over all of it.
//
//   npx tsx bench/evidence.bench.ts [--applications 10000] [--entries 1000000] [--runs 5]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { createHash } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { uuidv7 } from 'uuidv7';
import { verifyBundle } from '../scripts/verifier/verify.js';
import { DEV_ISSUER } from '../src/config/config';
import { seedDemo } from '../src/demo/seed';
import { GENESIS_HASH, hashAuditEntry } from '../src/domain/audit-chain';
import { canonicalJson } from '../src/domain/canonical-json';
import type { Scores } from '../src/domain/evaluation-scoring';
import { COSIGNATURE_TYP, cosignatureText } from '../src/domain/witness';
import { evaluationGrid } from '../src/policies/evaluation-grids';
import { addCosignature, makeCheckpoint } from '../src/services/audit-checkpoints';
import type { Deps, Principal } from '../src/services/deps';
import {
  countersignEvaluation,
  countersigningDocument,
  evaluationSigningDocument,
  submitEvaluation,
} from '../src/services/evaluation-signatures';
import { openEvaluation, scoreEvaluation } from '../src/services/evaluations';
import { evidenceBundle } from '../src/services/evidence-bundle';
import { loadPrincipal } from '../src/services/identity';
import { registerOrganizationKey } from '../src/services/organization-keys';
import { openBenchDesk } from './bench-desk';

const { values: args } = parseArgs({
  options: {
    applications: { type: 'string', default: '10000' },
    entries: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
  },
});
const APPLICATIONS = Number(args.applications);
const ENTRIES = Number(args.entries);
const RUNS = Number(args.runs);
const CHUNK = 20_000;
const FROM = '2025-01-01';
const TO = '2026-01-01';

const APPLICATION = {
  title: { fr: 'Étude de cohorte', en: 'Cohort study' },
  summary: {
    fr: 'Analyse rétrospective des parcours de soins.',
    en: 'Retrospective analysis of care pathways.',
  },
  purpose: { permission: 'HMB', commercial: false, durationMonths: 24, processingRegion: 'FR' },
  legalBasis: { article6: 'e', article9: 'j' },
  ethicsReference: 'CESREES-2025-0420',
  processingEnvironment: 'Bulle sécurisée HDS',
};

const ms = (x: number) => `${x.toFixed(0)} ms`;
const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};
const show = (xs: number[]) => {
  const { min, median, max } = spread(xs);
  return `median ${ms(median)} (${ms(min)}–${ms(max)} over ${xs.length} runs)`;
};
function step(label: string) {
  const start = performance.now();
  process.stderr.write(`  ${label}…`);
  return () => process.stderr.write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}
const must = <T>(
  o: { ok: true; value: T } | { ok: false; problem: { message: string } },
  what: string,
): T => {
  if (!o.ok) throw new Error(`${what}: ${o.problem.message}`);
  return o.value;
};
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A partner's client: its own key pair, the public half registered by a member, documents signed here. */
async function client(deps: Deps, member: Principal, organizationId: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const key = must(
    await registerOrganizationKey(deps, member, organizationId, {
      ...(await exportJWK(publicKey)),
      kid: `bench-${member.subject}`,
    }),
    'key registration',
  );
  return (typ: string, payload: string) =>
    new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ })
      .sign(privateKey);
}

interface AppRow {
  id: string;
  state: string;
  submitted_at: Date;
  decided_at: Date;
  w: number;
  deadline: string;
}

async function main() {
  const bench = await openBenchDesk('evidence');
  const { desk, raw } = bench;
  const deps = desk.services;
  try {
    console.log(
      `# Evidence bundle: ${APPLICATIONS} applications in a log of ${ENTRIES} entries (PostgreSQL, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB)`,
    );
    let done = step('demo seed');
    await seedDemo(deps, DEV_ISSUER);
    done();
    const [pasteur] = await raw`select d.id, d.operator_id from desks d where d.slug = 'guichet-pasteur'`;
    const [foch] = await raw`select d.id, d.operator_id from desks d where d.slug = 'guichet-foch'`;
    const [requester] =
      await raw`select m.user_id, m.organization_id from memberships m where m.role = 'requester' limit 1`;
    const deskId = pasteur!.id as string;

    done = step(`${APPLICATIONS} decided applications`);
    await raw.unsafe(
      `insert into access_requests (id, desk_id, requester_id, requester_org_id, state, version, application,
          policy_id, submitted_at, deadline, decided_at, working_days_to_decision, created_at, updated_at)
        select ('a1000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1::uuid, $2::uuid, $3::uuid,
          case when i % 4 = 0 then 'rejected' else 'approved' end, 4,
          $5::jsonb, 'default', s,
          to_char((s + interval '42 days') at time zone 'UTC', 'YYYY-MM-DD'),
          s + (3 + i % 40) * interval '33 hours 36 minutes', 3 + i % 40, s - interval '2 days',
          s + (3 + i % 40) * interval '33 hours 36 minutes'
        from generate_series(1, $4::int) i
        cross join lateral (select timestamptz '2025-01-02' + (i * 2459) % (300 * 86400) * interval '1 second' as s) t`,
      [deskId, requester!.user_id, requester!.organization_id, APPLICATIONS, JSON.stringify(APPLICATION)],
    );
    const apps =
      (await raw`select id, state, submitted_at, decided_at, working_days_to_decision as w, deadline
      from access_requests where id::text like 'a1000000-%' order by id`) as unknown as AppRow[];
    done();

    done = step(`${ENTRIES} chained audit entries`);
    const [head] = await raw`select hash, leaf_index from audit_events order by seq desc limit 1`;
    const deskHeads = new Map<string, { seq: number; hash: string }>();
    for (const r of await raw`select distinct on (desk_id) desk_id, desk_seq, hash from audit_events
        where desk_id is not null order by desk_id, desk_seq desc`)
      deskHeads.set(r.desk_id as string, { seq: Number(r.desk_seq), hash: r.hash as string });
    let prev = (head?.hash as string | undefined) ?? GENESIS_HASH;
    let leaf = head ? Number(head.leaf_index) + 1 : 0;
    // Two entries per application (submitted, then decided) spread evenly; the rest belong to the other desk
    // and to no desk.
    const every = Math.max(1, Math.floor(ENTRIES / (2 * APPLICATIONS)));
    let checkedFormula = false;
    let rows: unknown[][] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      const cols = rows[0]!.map((_, c) => rows.map((r) => r[c]));
      await raw.unsafe(
        `insert into audit_events (id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, hash, leaf_index)
          select id, at, actor_id, action, subject_type, subject_id, payload::jsonb, prev_hash, hash, leaf_index
          from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
            $8::text[], $9::text[], $10::bigint[]) with ordinality
            as t(id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, hash, leaf_index, n)
          order by n`,
        cols as never[],
      );
      rows = [];
    };
    for (let i = 0; i < ENTRIES; i++) {
      const slot = i % every === 0 ? i / every : -1;
      const app = slot >= 0 && slot < 2 * APPLICATIONS ? apps[slot >> 1] : undefined;
      const entryDesk = app ? deskId : i % 3 === 0 ? (foch!.id as string) : null;
      const last = entryDesk ? (deskHeads.get(entryDesk) ?? { seq: 0, hash: GENESIS_HASH }) : undefined;
      const decided = app && slot % 2 === 1;
      const at = app
        ? decided
          ? app.decided_at
          : app.submitted_at
        : new Date(Date.UTC(2025, 0, 1) + i * 30_000);
      const content = {
        id: uuidv7(),
        at: at.toISOString(),
        actorId: null,
        action: app
          ? decided
            ? `access_request.${app.state}`
            : 'access_request.submitted'
          : 'dataset.viewed',
        subjectType: app ? 'access_request' : 'dataset',
        subjectId: app ? app.id : `00000000-0000-7000-8000-${String(i % 997).padStart(12, '0')}`,
        payload: {
          ...(app
            ? decided
              ? {
                  from: 'in_review',
                  to: app.state,
                  decidedAt: app.decided_at.toISOString(),
                  workingDays: app.w,
                  deadline: app.deadline,
                }
              : { from: 'draft', to: 'submitted', submittedAt: app.submitted_at.toISOString() }
            : { n: i }),
          ...(entryDesk && last ? { deskId: entryDesk, deskSeq: last.seq + 1, deskPrev: last.hash } : {}),
        },
      };
      const hash = sha256Hex(`${prev}\n${canonicalJson(content)}`);
      if (!checkedFormula) {
        // The bench writes entries the way the desk does, or its figures mean nothing.
        if ((await hashAuditEntry(prev, content)) !== hash)
          throw new Error('the bench hashes entries differently');
        checkedFormula = true;
      }
      if (entryDesk && last) deskHeads.set(entryDesk, { seq: last.seq + 1, hash });
      rows.push([
        content.id,
        content.at,
        null,
        content.action,
        content.subjectType,
        content.subjectId,
        JSON.stringify(content.payload),
        prev,
        hash,
        leaf,
      ]);
      prev = hash;
      leaf += 1;
      if (rows.length === CHUNK) await flush();
    }
    await flush();
    done();

    done = step('first checkpoint over the whole log');
    await makeCheckpoint(deps);
    done();

    done = step('evaluation signed and countersigned');
    const evaluator = await loadPrincipal(deps, DEV_ISSUER, 'demo-evaluator-evalsante');
    const auditor = await loadPrincipal(deps, DEV_ISSUER, 'demo-auditor-auditnum');
    const grid = evaluationGrid('phoenix-grid', '1.0.0')!;
    const opened = must(
      await openEvaluation(deps, evaluator, deskId, {
        gridId: grid.id,
        gridVersion: grid.version,
        periodFrom: FROM,
        periodTo: TO,
      }),
      'evaluation',
    );
    const scores: Scores = {};
    for (const c of grid.groups.flatMap((g) => g.criteria)) {
      const kind = c.evidence.kinds[0]!;
      scores[c.id] = {
        level: 2,
        evidence: [{ kind, value: kind === 'link' ? 'https://desk.example/evidence' : 'c'.repeat(64) }],
        justification: 'Checked on site.',
      };
    }
    must(await scoreEvaluation(deps, evaluator, opened.id, opened.version, scores), 'scores');
    // The partners register their keys before they fetch what they sign: a key signs only documents prepared
    // after its registration.
    const evaluatorSigns = await client(deps, evaluator, opened.evaluatorOrganizationId);
    const auditorOrganization = auditor.memberships.find((m) => m.role === 'auditor')!.organizationId;
    const auditorSigns = await client(deps, auditor, auditorOrganization);
    const prepareStart = performance.now();
    const prepared = must(await evaluationSigningDocument(deps, evaluator, opened.id), 'signing document');
    const prepareMs = performance.now() - prepareStart;
    const submitStart = performance.now();
    must(
      await submitEvaluation(
        deps,
        evaluator,
        opened.id,
        await evaluatorSigns(prepared.typ, canonicalJson(prepared.document)),
      ),
      'submission',
    );
    const submitMs = performance.now() - submitStart;
    const counter = must(await countersigningDocument(deps, auditor, opened.id), 'countersigning document');
    must(
      await countersignEvaluation(
        deps,
        auditor,
        opened.id,
        await auditorSigns(counter.typ, canonicalJson(counter.document)),
      ),
      'countersignature',
    );
    const checkpoint = await makeCheckpoint(deps);
    // A witness (the other desk's operator) cosigns the head the bundle carries.
    const operator = await loadPrincipal(deps, DEV_ISSUER, 'demo-desk-admin-foch');
    let witnessed = 0;
    if (operator.memberships.some((m) => m.organizationId === foch!.operator_id)) {
      const witnessSigns = await client(deps, operator, foch!.operator_id as string);
      const text = cosignatureText(checkpoint.note, Math.floor(Date.now() / 1000));
      must(
        await addCosignature(deps, checkpoint.treeSize, {
          organizationId: foch!.operator_id as string,
          signature: await witnessSigns(COSIGNATURE_TYP, text),
        }),
        'cosignature',
      );
      witnessed = 1;
    }
    done();

    // Building: the desk's bundle, then the rows it carries read by hand.
    const builds: number[] = [];
    let bundle: Awaited<ReturnType<typeof evidenceBundle>> | undefined;
    for (let r = 0; r <= RUNS; r++) {
      const start = performance.now();
      bundle = await evidenceBundle(deps, auditor, opened.id);
      if (r > 0) builds.push(performance.now() - start);
    }
    const built = must(bundle!, 'bundle');
    const text = JSON.stringify(built);
    const entryIds = built.log.entries.map((e) => e.id);
    const baselines: number[] = [];
    let baselineBytes = 0;
    for (let r = 0; r <= RUNS; r++) {
      const start = performance.now();
      const read = await raw`select id, state, submitted_at, decided_at, working_days_to_decision, deadline
        from access_requests where desk_id = ${deskId} order by id`;
      const entries =
        await raw`select id, at, action, subject_type, subject_id, payload, prev_hash, hash, leaf_index
        from audit_events where id = any(${entryIds}::uuid[]) order by leaf_index`;
      baselineBytes = JSON.stringify({ read, entries }).length;
      if (r > 0) baselines.push(performance.now() - start);
    }

    // Verifying: the standalone verifier, then parsing and hashing the same file.
    const verifies: number[] = [];
    let verdict: { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] } | undefined;
    for (let r = 0; r <= RUNS; r++) {
      const start = performance.now();
      verdict = verifyBundle(JSON.parse(text), { minCosignatures: witnessed });
      if (r > 0) verifies.push(performance.now() - start);
    }
    if (!verdict!.ok && process.env.BENCH_DUMP)
      (await import('node:fs')).writeFileSync(process.env.BENCH_DUMP, text);
    if (!verdict!.ok)
      throw new Error(
        `the bundle does not verify: ${verdict!.checks
          .filter((c) => !c.ok)
          .map((c) => `${c.name}: ${c.detail}`)
          .join('; ')}`,
      );
    const parses: number[] = [];
    for (let r = 0; r <= RUNS; r++) {
      const start = performance.now();
      JSON.parse(text);
      createHash('sha256').update(text).digest('hex');
      if (r > 0) parses.push(performance.now() - start);
    }

    const proof = built.log.proof as { nodes?: unknown[] };
    console.log('');
    console.log(`| measure | desk | baseline | ratio | what it holds |`);
    console.log(`|---|---|---|---|---|`);
    console.log(
      `| build the bundle | ${show(builds)} | ${show(baselines)} (read the rows) | ${(spread(builds).median / spread(baselines).median).toFixed(1)} | ${built.figures.inputs.applications.length} applications, ${built.log.entries.length} entries, ${proof.nodes?.length ?? 0} proof nodes, ${(text.length / 2 ** 20).toFixed(1)} MiB (rows alone ${(baselineBytes / 2 ** 20).toFixed(1)} MiB) |`,
    );
    console.log(
      `| verify the bundle | ${show(verifies)} | ${show(parses)} (parse + hash) | ${(spread(verifies).median / spread(parses).median).toFixed(1)} | ${verdict!.checks.length} checks, tree of ${checkpoint.treeSize}, ${witnessed} cosignature(s) |`,
    );
    console.log(
      `| signing document (figures from ${APPLICATIONS} applications) | ${ms(prepareMs)} | | | submission ${ms(submitMs)} |`,
    );
    console.log('');
    console.log(`goal: build < 2 000 ms, verify < 2 000 ms`);
  } finally {
    await bench.close();
  }
}

await main();
