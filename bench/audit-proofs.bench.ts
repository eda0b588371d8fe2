// Audit proofs benchmark on PostgreSQL: what an evidence bundle and a witness cost the desk.
//
// 1. Multi-entry inclusion proofs (proveInclusionMany) for 10 000 and 30 000 entries spread at random over a
//    1 000 000-entry log, against its signed checkpoint: time, stored roots and leaves read, proof size, and
//    the proof verified (verifyMultiProof) against the signed root.
// 2. Witness cosigning of a head 1 000 entries after the one cosigned before: on the desk's side, the
//    consistency proof (proveConsistency) and the recording of the cosignature (addCosignature: signature
//    verified with the organisation's registered key, stored with its audit entry); and the witness's whole
//    run through the app (head, JWKS, proof, checks, signature, post).
//
// Audit entries are seeded with bulk SQL (INSERT … SELECT over generate_series), linked by prev_hash and
// leaf_index but with hashes not recomputed from their content: proofs only read `hash`.
//
//   npx tsx bench/audit-proofs.bench.ts [--entries 1000000] [--runs 5]
//   BENCH_DATABASE_URL=postgres://user@host/db  (a server where the bench may create and drop a database)
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { CompactSign, importJWK } from 'jose';
import { runWitness } from '../src/cli/witness';
import { DEV_ISSUER } from '../src/config/config';
import { seedDemo } from '../src/demo/seed';
import { fromHex, verifyMultiProof } from '../src/domain/merkle';
import {
  COSIGNATURE_TYP,
  cosignatureText,
  emptyWitnessState,
  type WitnessState,
  witnessHead,
} from '../src/domain/witness';
import {
  addCosignature,
  makeCheckpoint,
  proveConsistency,
  proveInclusionMany,
  type SubtreeReads,
} from '../src/services/audit-checkpoints';
import { registerWitnessKey } from '../test/witness-keys';
import { openBenchDesk } from './bench-desk';

const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
  },
});
const ENTRIES = Number(args.entries);
const RUNS = Number(args.runs);
const CHUNK = 100_000;

const hashOf = (counter: string) =>
  `encode(sha256(convert_to('phoenix-bench-proofs-' || (${counter}), 'UTF8')), 'hex')`;

interface Spread {
  min: number;
  p50: number;
  max: number;
  runs: number;
}

function spread(times: number[]): Spread {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    min: sorted[0]!,
    p50: sorted[Math.floor(sorted.length / 2)]!,
    max: sorted.at(-1)!,
    runs: sorted.length,
  };
}

const f1 = (x: number) => x.toFixed(1);
const n = (x: number) => x.toLocaleString('en');

async function main() {
  const bench = await openBenchDesk('proofs');
  const { desk, raw, name } = bench;
  const deps = desk.services;
  const started = performance.now();
  try {
    console.error(`PostgreSQL: database ${name}`);
    const orgs = await seedDemo(deps, DEV_ISSUER).then(async () =>
      raw`select id, slug from organizations order by slug`.then(
        (rows) => new Map(rows.map((r) => [r.slug, r.id])),
      ),
    );
    // Entries [first, last] after the head, with their seq and leaf index given in order (a sequence default
    // is not bound to follow the ORDER BY of an INSERT … SELECT).
    const appendEntries = async (first: number, last: number, at: string) => {
      await raw.unsafe(
        `insert into audit_events (seq, id, at, actor_id, action, subject_type, subject_id, payload, prev_hash,
            hash, leaf_index)
          select (select coalesce(max(seq), 0) from audit_events) + (i - $1) + 1,
            ('c0000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${at}, null, 'bench.filled',
            'bench', i::text, jsonb_build_object('n', i),
            case when i = $1 then (select hash from audit_events order by seq desc limit 1)
              else ${hashOf('i - 1')} end,
            ${hashOf('i')}, (select coalesce(max(leaf_index) + 1, 0) from audit_events) + (i - $1)
          from generate_series($1::bigint, $2::bigint) i`,
        [first, last],
      );
      await raw`select setval(pg_get_serial_sequence('audit_events', 'seq'), (select max(seq) from audit_events))`;
    };
    process.stderr.write(`seeding ${n(ENTRIES)} audit entries…`);
    let t = performance.now();
    for (let first = 1; first <= ENTRIES; first += CHUNK) {
      const last = Math.min(ENTRIES, first + CHUNK - 1);
      await appendEntries(first, last, `timestamptz '2025-01-01' + i * interval '30 seconds'`);
    }
    await raw`vacuum analyze audit_events`;
    process.stderr.write(` ${f1((performance.now() - t) / 1000)} s\n`);
    t = performance.now();
    const head = await makeCheckpoint(deps);
    const firstCheckpointMs = performance.now() - t;
    process.stderr.write(`first checkpoint over ${n(head.treeSize)}: ${f1(firstCheckpointMs)} ms\n`);
    const [{ nodes: storedNodes }] =
      (await raw`select count(*)::int as nodes from audit_tree_nodes`) as unknown as [{ nodes: number }];

    // Part 1: multiproofs.
    const multi = [];
    for (const count of [10_000, 30_000]) {
      const times: number[] = [];
      let reads: SubtreeReads = { nodes: 0, leaves: 0 };
      let proofNodes = 0;
      let verified = true;
      let verifyMs = 0;
      let bytes = 0;
      for (let run = 0; run < RUNS + 1; run++) {
        // Distinct random leaves over the whole log, a new draw each run (a cold set of pages each time).
        const picked = new Set<number>();
        while (picked.size < count) picked.add(Math.floor(Math.random() * head.treeSize));
        const ids = (
          await raw`select id from audit_events where leaf_index = any(${`{${[...picked].join(',')}}`}::bigint[])`
        ).map((r) => r.id as string);
        const counted: SubtreeReads = { nodes: 0, leaves: 0 };
        const s = performance.now();
        const proof = await proveInclusionMany(deps, ids, head.treeSize, counted);
        const ms = performance.now() - s;
        if (!proof.ok) throw new Error(proof.problem.message);
        if (run === 0) continue; // warm-up
        times.push(ms);
        reads = counted;
        proofNodes = proof.value.nodes.length;
        bytes = JSON.stringify(proof.value).length;
        const v = performance.now();
        verified &&=
          proof.value.rootHash === head.rootHash &&
          (await verifyMultiProof(proof.value, fromHex(head.rootHash)));
        verifyMs = performance.now() - v;
      }
      const row = { count, stats: spread(times), reads, proofNodes, verified, verifyMs, bytes };
      multi.push(row);
      process.stderr.write(`multiproof of ${n(count)}: p50 ${f1(row.stats.p50)} ms\n`);
    }

    // Part 2: cosigning a head 1 000 entries later.
    const key = await registerWitnessKey(deps.db, orgs.get('evalsante')!);
    const fetchApp = async (url: string, init?: RequestInit) => desk.app.request(url, init);
    const witnessRun = (state: WitnessState) =>
      runWitness({
        deskUrl: deps.publicBaseUrl,
        key: key.privateJwk,
        organizationId: key.organizationId,
        state,
        now: deps.now,
        fetch: fetchApp,
      });
    const signingKey = await importJWK(key.privateJwk, 'ES256');
    let state = emptyWitnessState();
    const first = await witnessRun(state);
    if (!first.ok) throw new Error(first.message);
    state = first.state;
    let next = ENTRIES + 1;
    const desk1000: number[] = [];
    const proofMs: number[] = [];
    const recordMs: number[] = [];
    const whole: number[] = [];
    let pathLength = 0;
    for (let run = 0; run < RUNS * 2 + 1; run++) {
      await appendEntries(next, next + 999, 'now()');
      next += 1000;
      const cosigned = state.logs[new URL(deps.publicBaseUrl).host]!;
      const later = await makeCheckpoint(deps);
      if (run % 2 === 0) {
        // The desk's side alone: the proof the witness asks for, then the cosignature it sends.
        const s = performance.now();
        const p = await proveConsistency(deps, cosigned.treeSize, later.treeSize);
        const m = performance.now();
        if (!p.ok) throw new Error(p.problem.message);
        pathLength = p.value.proof.length;
        const verdict = await witnessHead(
          state,
          { origin: later.origin, treeSize: later.treeSize, rootHash: later.rootHash },
          p.value.proof,
        );
        if (!verdict.ok) throw new Error(verdict.message);
        state = verdict.state;
        const signature = await new CompactSign(
          new TextEncoder().encode(cosignatureText(later.note, Math.floor(Date.now() / 1000))),
        )
          .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: COSIGNATURE_TYP })
          .sign(signingKey);
        const r = performance.now();
        const recorded = await addCosignature(deps, later.treeSize, {
          organizationId: key.organizationId,
          signature,
        });
        if (!recorded.ok) throw new Error(recorded.problem.message);
        const e = performance.now();
        if (run > 0) {
          proofMs.push(m - s);
          recordMs.push(e - r);
          desk1000.push(m - s + (e - r));
        }
      } else {
        const s = performance.now();
        const outcome = await witnessRun(state);
        if (!outcome.ok) throw new Error(outcome.message);
        whole.push(performance.now() - s);
        state = outcome.state;
      }
    }

    const [{ server_version: pgVersion }] = (await raw`show server_version`) as unknown as [
      { server_version: string },
    ];
    const out: string[] = [];
    out.push('## Audit proofs benchmark', '');
    out.push(
      `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · PostgreSQL ${pgVersion}`,
      '',
    );
    out.push(
      `Log of ${n(head.treeSize)} entries; first checkpoint over all of it ${f1(firstCheckpointMs)} ms, storing ${n(storedNodes)} subtree roots (8 leaves and more).`,
      '',
    );
    out.push(
      '| multiproof | entries | runs | min ms | p50 ms | max ms | stored roots read | leaves read | proof nodes | proof JSON | verify ms | verifies against the signed root |',
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of multi)
      out.push(
        `| \`proveInclusionMany\`, random entries over ${n(head.treeSize)} | ${n(r.count)} | ${r.stats.runs} | ${f1(r.stats.min)} | ${f1(r.stats.p50)} | ${f1(r.stats.max)} | ${n(r.reads.nodes)} | ${n(r.reads.leaves)} | ${n(r.proofNodes)} | ${f1(r.bytes / 2 ** 20)} MiB | ${f1(r.verifyMs)} | ${r.verified ? 'yes' : 'NO'} |`,
      );
    out.push('', '| witness cosigning a head 1 000 entries later | runs | min ms | p50 ms | max ms |');
    out.push('|---|---:|---:|---:|---:|');
    const line = (label: string, times: number[]) => {
      const s = spread(times);
      out.push(`| ${label} | ${s.runs} | ${f1(s.min)} | ${f1(s.p50)} | ${f1(s.max)} |`);
    };
    line(`desk: consistency proof (\`proveConsistency\`, path of ${pathLength})`, proofMs);
    line(
      'desk: recording the cosignature (`addCosignature`: key lookup, ES256 verify, insert + audit entry)',
      recordMs,
    );
    line('desk: both (goal < 50 ms)', desk1000);
    line("witness's whole run through the app (head, JWKS, proof, checks, signing, post)", whole);
    out.push('', `Total ${f1((performance.now() - started) / 1000)} s.`);
    console.log(out.join('\n'));
  } finally {
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
