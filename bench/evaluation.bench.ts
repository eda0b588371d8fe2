// Evaluation benchmark on PostgreSQL, in two parts.
//
// 1. A desk's live metrics: the deskMetrics service (what GET /v1/desks/{id}/metrics answers) over a desk with
//    100 000 access applications, 1 000 000 application events, the grants of its approvals (with their first
//    visa) and a few hundred published datasets, beside a second desk holding as many, next to one
//    hand-written SQL aggregate computing the same figures through postgres.js.
// 2. Signed audit checkpoints over 1 000 000 audit entries: the first one over the whole log, then incremental
//    ones after 1 000 and after 10 000 new entries, next to reading those entries' hashes directly (and to
//    hashing them into the tree with node:crypto); then an inclusion and a consistency proof at that size.
//
// Rows are seeded with bulk SQL (INSERT … SELECT over generate_series). The seeded audit entries link by
// prev_hash, but their hashes are not recomputed from their content: checkpoints and proofs only read
// `hash`, they do not verify the chain.
//
//   npx tsx bench/evaluation.bench.ts [--scale 1] [--repetitions 20] [--checkpoints 10]
//   (--scale 0.05 for a quick run: 5 000 applications, 50 000 events, 50 000 audit entries)
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { createHash } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type postgres from 'postgres';
import { uuidv7 } from 'uuidv7';
import { DEV_ISSUER } from '../src/config/config';
import { datasets } from '../src/db/schema';
import { seedDemo } from '../src/demo/seed';
import type { DatasetDescriptor } from '../src/domain/descriptor';
import { fromHex, verifyConsistency, verifyInclusion } from '../src/domain/merkle';
import {
  type CheckpointView,
  makeCheckpoint,
  proveConsistency,
  proveInclusion,
} from '../src/services/audit-checkpoints';
import { derivedColumns } from '../src/services/datasets';
import type { Deps } from '../src/services/deps';
import { type DeskMetrics, deskMetrics } from '../src/services/desk-metrics';
import { openBenchDesk } from './bench-desk';
import { syntheticDescriptor } from './synthetic-descriptors';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    repetitions: { type: 'string', default: '20' },
    checkpoints: { type: 'string', default: '10' },
  },
});
const SCALE = Number(args.scale);
const APPLICATIONS = Math.round(100_000 * SCALE);
const EVENTS_PER_APPLICATION = 10;
const AUDIT_ENTRIES = Math.round(1_000_000 * SCALE);
const DATASETS_PER_DESK = 300;
const REPETITIONS = Number(args.repetitions);
const CHECKPOINTS = Number(args.checkpoints);
const WARMUP = 3;
// Applications (with their events and grants) and audit entries are written in statements of this many.
const CHUNK = 25_000;
const AUDIT_CHUNK = 100_000;
// The evaluated period: decisions spread over this year (and a little around it).
const FROM = '2025-01-01';
const TO = '2026-01-01';

type Sql = postgres.Sql;
type Param = string | number | null;
const run = (sql: Sql, text: string, params: Param[] = []) =>
  sql.unsafe(text, params as never[], { prepare: true }) as unknown as Promise<Record<string, unknown>[]>;

/** Ordered UUIDs for seeded rows: a fixed prefix and a counter, so primary keys are appended like uuidv7. */
const uuidOf = (prefix: string, counter: string) =>
  `('${prefix}-0000-7000-8000-' || lpad(to_hex(${counter}), 12, '0'))::uuid`;
/** A deterministic pseudo-random non-negative bigint of a counter and a seed. */
const hashOf = (counter: string, seed: number) =>
  `(hashint8extended((${counter})::bigint, ${seed}) & 9223372036854775807)`;

interface Stats {
  p50: number;
  p95: number;
  runs: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), runs: sorted.length };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function repeat<T>(work: () => Promise<T>, runs: number, warmup = WARMUP): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work)).ms);
  return stats(times);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const f1 = (x: number) => x.toFixed(1);

function step(label: string) {
  const start = performance.now();
  process.stderr.write(`  ${label}…`);
  return () => process.stderr.write(` ${seconds(performance.now() - start)}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Seeding

/** A catalogue is unevenly documented: recommended properties are left out here and there. */
function catalogueDescriptor(i: number): DatasetDescriptor {
  const { contactPoint, keywords, temporal, numberOfUniqueIndividuals, ...rest } = syntheticDescriptor(i);
  return {
    ...rest,
    ...(i % 3 ? { contactPoint } : {}),
    ...(i % 4 ? { keywords } : {}),
    ...(i % 5 ? { temporal } : {}),
    ...(i % 7 ? { numberOfUniqueIndividuals } : {}),
    ...(i % 2
      ? {
          personalData: ['Age', 'Gender', 'HealthRecord'],
          legalBasis: ['PublicInterest'],
          purpose: ['AcademicResearch'],
          hdsHosting: { certified: true, host: 'Hébergeur HDS' },
          populationCoverage: { fr: 'Patients adultes suivis en Île-de-France.' },
        }
      : {}),
    ...(i % 6 === 1 ? { minTypicalAge: 18, maxTypicalAge: 90, retentionPeriod: { end: '2035-12-31' } } : {}),
  };
}

async function seedCatalogue(
  deps: Deps,
  deskId: string,
  providerId: string,
  createdBy: string,
  offset: number,
) {
  const now = Date.now();
  const rows = Array.from({ length: DATASETS_PER_DESK }, (_, k) => {
    const i = offset + k;
    const descriptor = catalogueDescriptor(i);
    const at = new Date(now - i * 3_600_000);
    return {
      id: uuidv7(),
      providerId,
      deskId,
      status: 'published',
      descriptor,
      ...derivedColumns(descriptor, { providerId, deskId, status: 'published' }),
      createdBy,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    };
  });
  await deps.db.insert(datasets).values(rows);
}

// Nine in twenty approved, three rejected, one revoked, one expired (fourteen decided); six still open.
const STATES = [
  ...Array(9).fill('approved'),
  ...Array(3).fill('rejected'),
  'revoked',
  'expired',
  ...Array(4).fill('in_review'),
  ...Array(2).fill('submitted'),
];

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

interface SeedDesk {
  /** Distinguishes the desk's seeded ids (a hex digit). */
  tag: number;
  deskId: string;
  orgId: string;
  users: string[];
  datasetIds: string[];
}

/**
 * Applications [first, last] of a desk, ten events each and, for approvals, a team of three granted one of the
 * desk's datasets, most with a first visa within days of the decision.
 */
async function seedApplications(sql: Sql, d: SeedDesk, first: number, last: number) {
  const app = (counter: string) => uuidOf(`a000000${d.tag}`, counter);
  await run(
    sql,
    `insert into access_requests (id, desk_id, requester_id, requester_org_id, state, version, application,
        policy_id, submitted_at, deadline, decided_at, working_days_to_decision, created_at, updated_at)
      select ${app('i')}, $1::uuid, ($2::uuid[])[1 + h % array_length($2::uuid[], 1)], $3::uuid, state, 4,
        $4::jsonb, 'default', submitted_at,
        to_char((submitted_at + interval '42 days') at time zone 'UTC', 'YYYY-MM-DD'),
        decided_at, case when decided_at is not null then w end,
        submitted_at - interval '2 days', coalesce(decided_at, submitted_at)
      from generate_series($5::int, $6::int) i
      cross join lateral (select ($7::text[])[1 + ${hashOf('i', d.tag * 10 + 1)} % 20] as state,
        3 + ${hashOf('i', d.tag * 10 + 2)} % 45 as w, ${hashOf('i', d.tag * 10 + 3)} as h) a
      cross join lateral (select case when state in ('in_review', 'submitted')
          then timestamptz '2025-11-01' + (h % (60 * 86400)) * interval '1 second'
          else timestamptz '2024-11-01' + (h % (365 * 86400)) * interval '1 second' end as submitted_at) b
      cross join lateral (select case when state in ('approved', 'rejected', 'revoked', 'expired')
          then submitted_at + w * interval '33 hours 36 minutes' end as decided_at) c`,
    [
      d.deskId,
      `{${d.users.join(',')}}`,
      d.orgId,
      JSON.stringify(APPLICATION),
      first,
      last,
      `{${STATES.join(',')}}`,
    ],
  );
  await run(
    sql,
    `insert into access_request_events (id, request_id, at, actor_id, type, from_state, to_state, reason, details)
      select ${uuidOf(`e000000${d.tag}`, `i * ${EVENTS_PER_APPLICATION} + j`)}, r.id,
        r.submitted_at + (j - 2) * interval '1 day', r.requester_id,
        case when j = 9 and r.state not in ('in_review', 'submitted') then r.state else e.type end,
        e.from_state, case when j = 9 and r.state not in ('in_review', 'submitted') then r.state else e.to_state end,
        e.reason, jsonb_build_object('step', j)
      from generate_series($1::int, $2::int) i
      join access_requests r on r.id = ${app('i')}
      join (values (0, 'created', null, 'draft', null), (1, 'updated', 'draft', 'draft', null),
          (2, 'submitted', 'draft', 'submitted', null), (3, 'review_started', 'submitted', 'in_review', null),
          (4, 'changes_requested', 'in_review', 'changes_requested', 'préciser la base légale'),
          (5, 'submitted', 'changes_requested', 'submitted', null),
          (6, 'review_started', 'submitted', 'in_review', null), (7, 'vote_cast', 'in_review', 'in_review', 'ok'),
          (8, 'vote_cast', 'in_review', 'in_review', 'ok'), (9, 'vote_cast', 'in_review', 'in_review', 'ok'))
        as e(j, type, from_state, to_state, reason) on true`,
    [first, last],
  );
  await run(
    sql,
    `insert into grants (id, request_id, user_id, dataset_id, desk_id, starts_at, ends_at, conditions,
        visa_lifetime_hours, revoked_at, first_visa_at, created_at)
      select ${uuidOf(`b000000${d.tag}`, 'i * 3 + m')}, r.id,
        ($3::uuid[])[1 + (${hashOf('i', 4)} + m) % array_length($3::uuid[], 1)],
        ($4::uuid[])[1 + ${hashOf('i', 5)} % array_length($4::uuid[], 1)], r.desk_id,
        r.decided_at, r.decided_at + interval '1 year', '["PUB", "IRB"]'::jsonb, 24,
        case when r.state = 'revoked' then r.decided_at + interval '90 days' end,
        case when ${hashOf('i', 6)} % 100 < 85 and (m < 2 or ${hashOf('i', 7)} % 2 = 0)
          then r.decided_at + interval '2 hours' + (${hashOf('i * 3 + m', 8)} % (20 * 86400)) * interval '1 second'
        end,
        r.decided_at
      from generate_series($1::int, $2::int) i
      join access_requests r on r.id = ${app('i')}
      cross join generate_series(0, 2) m
      where r.state in ('approved', 'revoked', 'expired')`,
    [first, last, `{${d.users.join(',')}}`, `{${d.datasetIds.join(',')}}`],
  );
}

const auditHash = (counter: string) =>
  `encode(sha256(convert_to('phoenix-bench-audit-' || (${counter}), 'UTF8')), 'hex')`;

/** Appends audit entries [first, last] after the log's current head. */
async function appendAudit(sql: Sql, first: number, last: number) {
  await run(
    sql,
    `insert into audit_events (id, at, actor_id, action, subject_type, subject_id, payload, prev_hash, hash,
        leaf_index)
      select ${uuidOf('c0000000', 'i')}, timestamptz '2025-01-01' + i * interval '30 seconds', null,
        (array['access_request.submitted', 'access_request.vote_cast', 'access_request.approved',
          'grants.issued', 'dataset.published'])[1 + i % 5],
        'access_request', ${uuidOf('a0000001', 'i % 100000')}::text,
        jsonb_build_object('from', 'in_review', 'to', 'approved', 'reason', 'quorum', 'n', i),
        case when i = $1 then coalesce((select hash from audit_events order by seq desc limit 1), repeat('0', 64))
          else ${auditHash('i - 1')} end,
        ${auditHash('i')},
        (select coalesce(max(leaf_index) + 1, 0) from audit_events) + (i - $1)
      from generate_series($1::bigint, $2::bigint) i
      order by i`,
    [first, last],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Part 1: desk metrics

const DECIDED = `('approved', 'rejected', 'revoked', 'expired')`;
const APPROVED = `('approved', 'revoked', 'expired')`;

/** The jsonb value is set and JavaScript-truthy (not null, false, "" or 0). */
const truthy = (v: string) =>
  `coalesce(${v} not in ('null'::jsonb, 'false'::jsonb, '""'::jsonb, '0'::jsonb), false)`;
const nonEmptyArray = (v: string) => `coalesce(jsonb_typeof(${v}) = 'array' and ${v} <> '[]'::jsonb, false)`;
// The recommended-property checks of src/domain/desk-metrics.ts, on the stored descriptor.
const COMPLETENESS_CHECKS = [
  `${truthy("d -> 'title' -> 'fr'")} and ${truthy("d -> 'title' -> 'en'")}`,
  `${truthy("d -> 'description' -> 'fr'")} and ${truthy("d -> 'description' -> 'en'")}`,
  `${nonEmptyArray("d -> 'keywords' -> 'fr'")} or ${nonEmptyArray("d -> 'keywords' -> 'en'")}`,
  nonEmptyArray("d -> 'themes'"),
  truthy("d -> 'contactPoint'"),
  nonEmptyArray("d -> 'spatial'"),
  truthy("d -> 'temporal'"),
  truthy("d -> 'populationCoverage'"),
  `d ? 'minTypicalAge' and d ? 'maxTypicalAge'`,
  `d ? 'numberOfRecords'`,
  `d ? 'numberOfUniqueIndividuals'`,
  nonEmptyArray("d -> 'healthCategories'"),
  nonEmptyArray("d -> 'codingSystems'"),
  nonEmptyArray("d -> 'personalData'"),
  nonEmptyArray("d -> 'legalBasis'"),
  nonEmptyArray("d -> 'purpose'"),
  truthy("d -> 'hdsHosting'"),
  truthy("d -> 'retentionPeriod'"),
  nonEmptyArray("d -> 'distributions'"),
  truthy("d -> 'dataUseConditions'"),
];

/**
 * Every figure of deskMetrics in one statement: one pass over the desk's applications (counts, nearest-rank
 * percentiles, shares), the first visa of each approval, and the completeness checks over the descriptors.
 */
const METRICS_SQL = `
  with apps as (
    select submitted_at >= $2::timestamptz and submitted_at < $3::timestamptz as submitted,
      state in ${DECIDED} and decided_at >= $2::timestamptz and decided_at < $3::timestamptz as decided,
      state, decided_at, deadline, working_days_to_decision as days
    from access_requests where desk_id = $1
  ), to_visa as (
    select extract(epoch from min(g.first_visa_at) - r.decided_at) / 86400 as days
    from access_requests r join grants g on g.request_id = r.id
    where r.desk_id = $1 and r.state in ${APPROVED} and r.decided_at >= $2::timestamptz
      and r.decided_at < $3::timestamptz and g.first_visa_at is not null
    group by r.id, r.decided_at
  )
  select a.submitted, a.decisions, a.median_days, a.p90_days, a.within_deadline, a.approved, v.median_to_visa,
    p.completeness, p.published
  from (select (count(*) filter (where submitted))::int as submitted,
        (count(*) filter (where decided))::int as decisions,
        percentile_disc(0.5) within group (order by days) filter (where decided) as median_days,
        percentile_disc(0.9) within group (order by days) filter (where decided) as p90_days,
        (count(*) filter (where decided and to_char(decided_at at time zone 'UTC', 'YYYY-MM-DD') <= deadline))::int
          as within_deadline,
        (count(*) filter (where decided and state in ${APPROVED}))::int as approved
      from apps) a,
    (select percentile_disc(0.5) within group (order by days)::float8 as median_to_visa from to_visa) v,
    -- "|| '{}'" (and offset 0) detoasts each descriptor once, not once per check.
    (select avg((${COMPLETENESS_CHECKS.map((c) => `(${c})::int`).join(' + ')}) / ${COMPLETENESS_CHECKS.length}.0)::float8
        as completeness, count(*)::int as published
      from (select descriptor || '{}'::jsonb as d from datasets where desk_id = $1 and status = 'published'
        offset 0) x) p`;

async function rawMetrics(sql: Sql, deskId: string): Promise<Omit<DeskMetrics, 'deskId' | 'period'>> {
  const [r] = await run(sql, METRICS_SQL, [deskId, `${FROM}T00:00:00Z`, `${TO}T00:00:00Z`]);
  const decisions = r!.decisions as number;
  const ratio = (n: number) => (decisions ? n / decisions : null);
  const median = r!.median_to_visa as number | null;
  return {
    applicationsSubmitted: r!.submitted as number,
    decisions,
    medianWorkingDaysToDecision: r!.median_days as number | null,
    p90WorkingDaysToDecision: r!.p90_days as number | null,
    shareDecidedWithinDeadline: ratio(r!.within_deadline as number),
    approvalRate: ratio(r!.approved as number),
    medianDaysApprovalToFirstVisa: median === null ? null : Math.round(median * 100) / 100,
    catalogueCompleteness: r!.completeness as number | null,
    publishedDatasets: r!.published as number,
  };
}

/** The statements deskMetrics sends, written out, each timed alone: where its time goes. */
const SERVICE_STATEMENTS: [string, string][] = [
  [
    'applications and decisions in the period (one aggregate pass)',
    `select count(*) filter (where submitted_at >= $2::timestamptz and submitted_at < $3::timestamptz)::int,
        count(*) filter (where decided)::int,
        percentile_disc(0.5) within group (order by working_days_to_decision) filter (where decided),
        percentile_disc(0.9) within group (order by working_days_to_decision) filter (where decided),
        count(*) filter (where decided and to_char(decided_at at time zone 'UTC', 'YYYY-MM-DD') <= deadline)::int,
        count(*) filter (where decided and state in ${APPROVED})::int
      from (select *, state in ${DECIDED} and decided_at >= $2::timestamptz and decided_at < $3::timestamptz as decided
        from access_requests where desk_id = $1
          and ((submitted_at >= $2::timestamptz and submitted_at < $3::timestamptz)
            or (decided_at >= $2::timestamptz and decided_at < $3::timestamptz))) r`,
  ],
  [
    'median days from approval to first visa (ranked in SQL)',
    `select percentile_disc(0.5) within group (order by days) from (
      select extract(epoch from min(g.first_visa_at) - r.decided_at) / 86400 as days
      from access_requests r join grants g on g.request_id = r.id
      where r.desk_id = $1 and r.state in ${APPROVED} and r.decided_at >= $2::timestamptz
        and r.decided_at < $3::timestamptz and g.first_visa_at is not null
      group by r.id, r.decided_at) per_approval`,
  ],
  [
    'published descriptors (every descriptor)',
    `select descriptor from datasets where desk_id = $1 and status = 'published' and $2::timestamptz < $3::timestamptz`,
  ],
];

async function benchMetrics(deps: Deps, sql: Sql, deskId: string) {
  const served = await deskMetrics(deps, deskId, FROM, TO);
  if (!served.ok) throw new Error(`deskMetrics: ${served.problem.message}`);
  const { deskId: _, period: __, ...figures } = served.value;
  const byHand = await rawMetrics(sql, deskId);
  const differ = (Object.keys(figures) as (keyof typeof figures)[]).filter((k) => {
    const a = figures[k];
    const b = byHand[k];
    return a === null || b === null ? a !== b : Math.abs(Number(a) - Number(b)) > 1e-9;
  });
  const service = await repeat(async () => {
    const out = await deskMetrics(deps, deskId, FROM, TO);
    if (!out.ok) throw new Error(out.problem.message);
  }, REPETITIONS);
  process.stderr.write(`  deskMetrics: p50 ${f1(service.p50)} ms\n`);
  const raw = await repeat(() => rawMetrics(sql, deskId), REPETITIONS);
  process.stderr.write(`  raw aggregate: p50 ${f1(raw.p50)} ms\n`);
  const parts = [];
  for (const [name, text] of SERVICE_STATEMENTS) {
    const params = [deskId, `${FROM}T00:00:00Z`, `${TO}T00:00:00Z`];
    const rows = (await run(sql, text, params)).length;
    parts.push({ name, rows, stats: await repeat(() => run(sql, text, params), REPETITIONS) });
  }
  return { figures, byHand, differ, service, raw, parts };
}

// ---------------------------------------------------------------------------------------------------------
// Part 2: audit checkpoints

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

/**
 * What a checkpoint computes, written directly: the previous checkpoint's frontier, the new entries' hashes
 * (the raw read), their RFC 6962 leaves appended with synchronous node:crypto, and the root.
 */
async function checkpointByHand(sql: Sql, last: Record<string, unknown> | undefined) {
  const readStart = performance.now();
  const rows = await run(sql, 'select hash from audit_events where seq > $1 order by seq', [
    Number(last?.last_seq ?? 0),
  ]);
  const readMs = performance.now() - readStart;
  const nodes = ((last?.frontier ?? []) as { height: number; hash: string }[]).map((n) => ({
    height: n.height,
    hash: Buffer.from(n.hash, 'hex') as Uint8Array,
  }));
  for (const r of rows) {
    nodes.push({ height: 0, hash: sha256(LEAF, Buffer.from(r.hash as string, 'hex')) });
    while (nodes.length >= 2 && nodes.at(-1)!.height === nodes.at(-2)!.height) {
      const right = nodes.pop()!;
      const left = nodes.pop()!;
      nodes.push({ height: left.height + 1, hash: sha256(NODE, left.hash, right.hash) });
    }
  }
  let root = nodes.length ? nodes.at(-1)!.hash : sha256();
  for (let i = nodes.length - 2; i >= 0; i--) root = sha256(NODE, nodes[i]!.hash, root);
  return {
    readMs,
    totalMs: performance.now() - readStart,
    entries: rows.length,
    root: Buffer.from(root).toString('hex'),
  };
}

interface CheckpointRow {
  name: string;
  newEntries: number;
  logSize: number;
  service: Stats;
  read: Stats;
  byHand: Stats;
}

async function benchCheckpoints(deps: Deps, sql: Sql) {
  const count = async () => Number((await run(sql, 'select count(*)::bigint as n from audit_events'))[0]!.n);
  let next = 1;
  const append = async (n: number) => {
    await appendAudit(sql, next, next + n - 1);
    next += n;
  };
  const done = step(`seeding ${AUDIT_ENTRIES.toLocaleString('en')} audit entries`);
  while (next <= AUDIT_ENTRIES) await append(Math.min(AUDIT_CHUNK, AUDIT_ENTRIES - next + 1));
  await run(sql, 'vacuum analyze audit_events');
  done();
  const rows: CheckpointRow[] = [];
  const checkpoints: CheckpointView[] = [];

  const latest = async () =>
    (await run(sql, 'select last_seq, frontier from audit_checkpoints order by tree_size desc limit 1'))[0];
  /** One checkpoint after `n` new entries, checked against (and timed beside) the same work done by hand. */
  const once = async (n: number) => {
    if (n > 0) await append(n);
    const previous = await latest();
    const made = await timed(() => makeCheckpoint(deps));
    const byHand = await checkpointByHand(sql, previous);
    if (byHand.entries > 0 && byHand.root !== made.value.rootHash)
      throw new Error(`root mismatch at ${made.value.treeSize}: ${made.value.rootHash} vs ${byHand.root}`);
    checkpoints.push(made.value);
    return { ms: made.ms, readMs: byHand.readMs, byHandMs: byHand.totalMs, size: made.value.treeSize };
  };
  /** `runs` checkpoints, each after appending `n` entries (`fresh` entries new to the checkpoint). */
  const series = async (name: string, n: number, runs: number, fresh = n) => {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(n));
    const row = {
      name,
      newEntries: fresh,
      logSize: results.at(-1)!.size,
      service: stats(results.map((r) => r.ms)),
      read: stats(results.map((r) => r.readMs)),
      byHand: stats(results.map((r) => r.byHandMs)),
    };
    rows.push(row);
    process.stderr.write(`  ${name}: p50 ${f1(row.service.p50)} ms\n`);
    return row;
  };

  if (await latest()) throw new Error('a checkpoint exists before the first one');
  // The first checkpoint's entries were all seeded above (with the demo's own).
  await series('first checkpoint, whole log (cold, no previous frontier)', 0, 1, await count());
  const firstCheckpoint = checkpoints[0]!;
  await series('next checkpoint, nothing new (returns the latest)', 0, CHECKPOINTS);
  await series('next checkpoint after 1 000 new entries', 1_000, CHECKPOINTS);
  const second = checkpoints.find((c) => c.treeSize === firstCheckpoint.treeSize + 1_000)!;
  await series('next checkpoint after 10 000 new entries', 10_000, Math.max(3, Math.ceil(CHECKPOINTS / 2)));

  // Proofs at the first checkpoint's size (the whole seeded log), verified against the signed roots.
  const [middle] = await run(sql, 'select id from audit_events order by seq offset $1 limit 1', [
    Math.floor(firstCheckpoint.treeSize / 2),
  ]);
  const inclusion = await timed(() => proveInclusion(deps, middle!.id as string, firstCheckpoint.treeSize));
  if (!inclusion.value.ok) throw new Error(`inclusion: ${inclusion.value.problem.message}`);
  const inc = inclusion.value.value;
  const inclusionOk =
    inc.rootHash === firstCheckpoint.rootHash &&
    (await verifyInclusion(
      inc.leafIndex,
      inc.treeSize,
      fromHex(inc.leafHash),
      inc.auditPath.map(fromHex),
      fromHex(firstCheckpoint.rootHash),
    ));
  process.stderr.write(`  inclusion proof: ${seconds(inclusion.ms)}\n`);
  const consistency = await timed(() => proveConsistency(deps, firstCheckpoint.treeSize, second.treeSize));
  if (!consistency.value.ok) throw new Error(`consistency: ${consistency.value.problem.message}`);
  const con = consistency.value.value;
  const consistencyOk =
    con.fromRoot === firstCheckpoint.rootHash &&
    con.toRoot === second.rootHash &&
    (await verifyConsistency(
      con.from,
      con.to,
      con.proof.map(fromHex),
      fromHex(firstCheckpoint.rootHash),
      fromHex(second.rootHash),
    ));
  process.stderr.write(`  consistency proof: ${seconds(consistency.ms)}\n`);
  const prefix = await timed(() =>
    run(sql, 'select hash from audit_events order by seq limit $1', [second.treeSize]),
  );
  return {
    rows,
    proofs: {
      inclusionMs: inclusion.ms,
      inclusionSize: firstCheckpoint.treeSize,
      inclusionPath: inc.auditPath.length,
      inclusionOk,
      consistencyMs: consistency.ms,
      consistencyFrom: firstCheckpoint.treeSize,
      consistencyTo: second.treeSize,
      consistencyPath: con.proof.length,
      consistencyOk,
      prefixReadMs: prefix.ms,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const bench = await openBenchDesk('eval');
  const { desk, raw, name } = bench;
  const deps = desk.services;
  try {
    console.error(`PostgreSQL: database ${name}`);
    const seedStart = performance.now();
    await seedDemo(deps, DEV_ISSUER);
    const one = async (text: string, params: Param[] = []) => (await run(raw, text, params))[0]!;
    const deskOf = async (slug: string) =>
      (await one('select id from desks where slug = $1', [slug])).id as string;
    const orgOf = async (slug: string) =>
      (await one('select id from organizations where slug = $1', [slug])).id as string;
    const adminUser = (await one(`select id from users where subject = 'demo-admin'`)).id as string;
    // Requesters (and team members) of the seeded applications.
    const users = (
      await run(
        raw,
        `insert into users (id, issuer, subject, display_name)
          select gen_random_uuid(), $1, 'bench-researcher-' || i, 'Chercheur ' || i from generate_series(1, 200) i
          returning id`,
        [DEV_ISSUER],
      )
    ).map((r) => r.id as string);
    const requesterOrg = await orgOf('equipe-cesp');
    const target: SeedDesk = {
      tag: 1,
      deskId: await deskOf('guichet-pasteur'),
      orgId: requesterOrg,
      users: users.slice(0, 100),
      datasetIds: [],
    };
    const other: SeedDesk = {
      tag: 2,
      deskId: await deskOf('guichet-foch'),
      orgId: requesterOrg,
      users: users.slice(100),
      datasetIds: [],
    };
    let done = step(`seeding ${DATASETS_PER_DESK} published datasets on each of two desks`);
    await seedCatalogue(deps, target.deskId, await orgOf('institut-pasteur'), adminUser, 0);
    await seedCatalogue(deps, other.deskId, await orgOf('hopital-foch'), adminUser, DATASETS_PER_DESK);
    for (const d of [target, other])
      d.datasetIds = (
        await run(raw, `select id from datasets where desk_id = $1 and status = 'published'`, [d.deskId])
      ).map((r) => r.id as string);
    done();
    for (const d of [target, other]) {
      done = step(
        `seeding ${APPLICATIONS.toLocaleString('en')} applications, ${(APPLICATIONS * EVENTS_PER_APPLICATION).toLocaleString('en')} events and their grants on desk ${d.tag}`,
      );
      for (let first = 1; first <= APPLICATIONS; first += CHUNK)
        await seedApplications(raw, d, first, Math.min(APPLICATIONS, first + CHUNK - 1));
      done();
    }
    done = step('vacuum analyze');
    await run(raw, 'vacuum analyze access_requests, access_request_events, grants, datasets, users');
    done();
    const counts = (await one(
      `select (select count(*) from access_requests where desk_id = $1)::int as apps,
        (select count(*) from access_request_events e join access_requests r on r.id = e.request_id
          where r.desk_id = $1)::int as events,
        (select count(*) from grants where desk_id = $1)::int as grants,
        (select count(*) from grants where desk_id = $1 and first_visa_at is not null)::int as visas,
        (select count(*) from access_requests)::int as all_apps,
        (select count(*) from access_request_events)::int as all_events`,
      [target.deskId],
    )) as {
      apps: number;
      events: number;
      grants: number;
      visas: number;
      all_apps: number;
      all_events: number;
    };
    const seedMs = performance.now() - seedStart;

    process.stderr.write('Desk metrics\n');
    const metrics = await benchMetrics(deps, raw, target.deskId);
    process.stderr.write('Audit checkpoints\n');
    const auditStart = performance.now();
    const audit = await benchCheckpoints(deps, raw);
    const auditMs = performance.now() - auditStart;
    const [{ server_version: pgVersion }] = (await raw`show server_version`) as unknown as [
      { server_version: string },
    ];

    const lines: string[] = [];
    const out = (s = '') => lines.push(s);
    out('## Evaluation benchmark');
    out();
    out(
      `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · PostgreSQL ${pgVersion} · scale ${SCALE}`,
    );
    out();
    out(`### Desk metrics over ${FROM} → ${TO}`);
    out();
    out(
      `The measured desk holds ${counts.apps.toLocaleString('en')} applications, ${counts.events.toLocaleString('en')} application events, ${counts.grants.toLocaleString('en')} grants (${counts.visas.toLocaleString('en')} with a first visa) and ${metrics.figures.publishedDatasets} published datasets; the database ${counts.all_apps.toLocaleString('en')} applications and ${counts.all_events.toLocaleString('en')} events in all. ${REPETITIONS} sequential runs after ${WARMUP} warm-up.`,
    );
    out();
    out('| measure | p50 ms | p95 ms |');
    out('|---|---:|---:|');
    out(
      `| \`deskMetrics\` service (4 statements through drizzle: the desk, one aggregate pass, the first-visa median, the descriptors) | ${f1(metrics.service.p50)} | ${f1(metrics.service.p95)} |`,
    );
    out(
      `| baseline: the same figures in one hand-written SQL aggregate through postgres.js (completeness included) | ${f1(metrics.raw.p50)} | ${f1(metrics.raw.p95)} |`,
    );
    for (const p of metrics.parts)
      out(
        `| of the service: ${p.name}, ${p.rows.toLocaleString('en')} rows, written out | ${f1(p.stats.p50)} | ${f1(p.stats.p95)} |`,
      );
    out();
    out(
      `Service p50 / raw aggregate p50 = **${(metrics.service.p50 / metrics.raw.p50).toFixed(2)}** (goal ≤ 2). ${
        metrics.differ.length
          ? `Figures differ on: ${metrics.differ.join(', ')}.`
          : 'Both compute the same figures.'
      }`,
    );
    out();
    out('| figure | service | raw SQL |');
    out('|---|---:|---:|');
    for (const k of Object.keys(metrics.figures) as (keyof typeof metrics.figures)[]) {
      const show = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(4));
      out(`| ${k} | ${show(metrics.figures[k])} | ${show(metrics.byHand[k])} |`);
    }
    out();
    out(`### Audit checkpoints over ${AUDIT_ENTRIES.toLocaleString('en')} entries`);
    out();
    out(
      'Each checkpoint is checked against a root recomputed by hand: the previous frontier, the new entries read with `select hash from audit_events where seq > $1 order by seq`, and RFC 6962 hashing with synchronous node:crypto.',
    );
    out();
    out(
      '| checkpoint | new entries | log size after | runs | p50 ms | p95 ms | µs per new entry (p50) | raw read p50 ms | read + node:crypto hashing p50 ms | service / raw read |',
    );
    out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of audit.rows) {
      const perEntry = r.newEntries ? f1((r.service.p50 * 1000) / r.newEntries) : '—';
      out(
        `| ${r.name} | ${r.newEntries.toLocaleString('en')} | ${r.logSize.toLocaleString('en')} | ${r.service.runs} | ${f1(r.service.p50)} | ${f1(r.service.p95)} | ${perEntry} | ${f1(r.read.p50)} | ${f1(r.byHand.p50)} | ${(r.service.p50 / r.read.p50).toFixed(1)} |`,
      );
    }
    out();
    const perEntry = audit.rows
      .filter((r) => r.newEntries > 0)
      .map(
        (r) => `${f1((r.service.p50 * 1000) / r.newEntries)} µs (${r.newEntries.toLocaleString('en')} new)`,
      );
    out(
      `Per new entry: ${perEntry.join(', ')}: a checkpoint's cost follows the entries added since the last one, not the log size.`,
    );
    out();
    const p = audit.proofs;
    out('| proof (one run each) | tree size | path length | ms | verifies against the signed roots |');
    out('|---|---:|---:|---:|---|');
    out(
      `| inclusion proof (\`proveInclusion\`, entry in the middle) | ${p.inclusionSize.toLocaleString('en')} | ${p.inclusionPath} | ${f1(p.inclusionMs)} | ${p.inclusionOk ? 'yes' : 'NO'} |`,
    );
    out(
      `| consistency proof (\`proveConsistency\`, ${p.consistencyFrom.toLocaleString('en')} → ${p.consistencyTo.toLocaleString('en')}) | ${p.consistencyTo.toLocaleString('en')} | ${p.consistencyPath} | ${f1(p.consistencyMs)} | ${p.consistencyOk ? 'yes' : 'NO'} |`,
    );
    out(
      `| baseline: raw read of the ${p.consistencyTo.toLocaleString('en')} hashes of the prefix | ${p.consistencyTo.toLocaleString('en')} | — | ${f1(p.prefixReadMs)} | — |`,
    );
    out();
    out(
      'Proofs read the stored roots of the perfect subtrees they need (stored as checkpoints complete them) and a few hundred leaves at most; the raw read of the whole prefix is what a proof rebuilt from every leaf would at least cost.',
    );
    out();
    out(
      `Seeding ${seconds(seedMs)} (audit entries seeded within the checkpoint part, ${seconds(auditMs)} in all); total ${seconds(performance.now() - started)}.`,
    );
    console.log(lines.join('\n'));
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
