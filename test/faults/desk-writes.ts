// Writes of three kinds (dataset edits, votes, evaluations) sent over HTTP to a running desk, and the
// checks that follow a fault: what the desk acknowledged is stored, every change has its audit entry and
// every audit entry its change.
import { sql } from 'drizzle-orm';
import { loadOrCreateDevIssuerKey } from '../../src/adapters/dev-secrets';
import { mintDevToken } from '../../src/crypto/dev-issuer';
import { type Database, rowsOf } from '../../src/db/database';
import { application } from '../access-fixtures';
import { sampleDescriptor } from '../fixtures-descriptor';

export interface Cast {
  base: string;
  editor: string;
  requester: string;
  reviewer: string;
  evaluator: string;
  auditor: string;
  foch: string;
  pasteurDesk: string;
  covidDataset: string;
}

export type WriteKind = 'edit' | 'vote' | 'evaluation';

export interface Answer {
  kind: WriteKind;
  /** The dataset edited, the application voted on, or the evaluation opened (once known). */
  target: string | undefined;
  /** 0 when the connection failed before any answer (the server was gone). */
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  /** From sending to the answer (or to the failure), in milliseconds. */
  ms: number;
}

export interface Write {
  kind: WriteKind;
  send(): Promise<Answer>;
}

export async function call(
  base: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

async function must<T>(res: Promise<Response>, what: string): Promise<{ body: T; etag: string | null }> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return { body: (await r.json()) as T, etag: r.headers.get('etag') };
}

/** Tokens of the demo cast (signed with the dev issuer key in `dataDir`) and the ids the writes need. */
export async function castOf(base: string, dataDir: string): Promise<Cast> {
  const key = await loadOrCreateDevIssuerKey(dataDir);
  const token = (subject: string) => mintDevToken(key, { subject, audience: 'phoenix-desk' });
  const orgs = await must<{ items: { id: string; slug: string }[] }>(call(base, '/v1/organizations'), 'orgs');
  const desks = await must<{ items: { id: string; slug: string }[] }>(call(base, '/v1/desks'), 'desks');
  const datasets = await must<{ items: { id: string; title: { en?: string } }[] }>(
    call(base, '/v1/datasets?limit=100'),
    'datasets',
  );
  return {
    base,
    editor: await token('demo-editor-foch'),
    requester: await token('demo-requester-cesp'),
    reviewer: await token('demo-reviewer-pasteur'),
    evaluator: await token('demo-evaluator-evalsante'),
    auditor: await token('demo-auditor-evalsante'),
    foch: orgs.body.items.find((o) => o.slug === 'hopital-foch')!.id,
    pasteurDesk: desks.body.items.find((d) => d.slug === 'guichet-pasteur')!.id,
    covidDataset: datasets.body.items.find((d) => d.title.en?.includes('COVID-19'))!.id,
  };
}

/** Runs `tasks` with at most `width` at a time. */
async function limited<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

async function answer(
  kind: WriteKind,
  target: string | undefined,
  send: () => Promise<Response>,
): Promise<Answer> {
  const started = performance.now();
  try {
    const r = await send();
    const body = (await r.json().catch(() => ({}))) as { id?: string };
    return {
      kind,
      target: target ?? (r.status < 300 ? body.id : undefined),
      status: r.status,
      contentType: r.headers.get('content-type'),
      retryAfter: r.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  } catch {
    return { kind, target, status: 0, contentType: null, retryAfter: null, ms: performance.now() - started };
  }
}

/**
 * Prepares `counts` writes: a draft dataset per edit and a submitted application per vote, made
 * beforehand so that the writes themselves never conflict with one another. Kinds are interleaved.
 */
export async function planWrites(cast: Cast, counts: Record<WriteKind, number>): Promise<Write[]> {
  const { base } = cast;
  const drafts = await limited(
    Array.from(
      { length: counts.edit },
      (_, i) => () =>
        must<{ id: string }>(
          call(base, '/v1/datasets', {
            method: 'POST',
            token: cast.editor,
            json: { providerId: cast.foch, descriptor: sampleDescriptor(`Registre sous panne ${i}`) },
          }),
          'draft dataset',
        ),
    ),
    8,
  );
  const applications = await limited(
    Array.from({ length: counts.vote }, () => async () => {
      const { body } = await must<{ id: string }>(
        call(base, '/v1/access-requests', {
          method: 'POST',
          token: cast.requester,
          json: {
            deskId: cast.pasteurDesk,
            application: application(),
            datasetIds: [cast.covidDataset],
            team: [],
          },
        }),
        'draft application',
      );
      await must(
        call(base, `/v1/access-requests/${body.id}/submit`, { method: 'POST', token: cast.requester }),
        'submit',
      );
      return body.id;
    }),
    8,
  );
  const edits: Write[] = drafts.map(({ body, etag }, i) => ({
    kind: 'edit',
    send: () =>
      answer('edit', body.id, () =>
        call(base, `/v1/datasets/${body.id}`, {
          method: 'PUT',
          token: cast.editor,
          headers: { 'if-match': etag! },
          json: { descriptor: sampleDescriptor(`Registre sous panne ${i} (révisé)`) },
        }),
      ),
  }));
  const votes: Write[] = applications.map((id) => ({
    kind: 'vote',
    send: () =>
      answer('vote', id, () =>
        call(base, `/v1/access-requests/${id}/votes`, {
          method: 'POST',
          token: cast.reviewer,
          json: { choice: 'approve', rationale: 'complete and proportionate' },
        }),
      ),
  }));
  const evaluations: Write[] = Array.from({ length: counts.evaluation }, () => ({
    kind: 'evaluation',
    send: () =>
      answer('evaluation', undefined, () =>
        call(base, `/v1/desks/${cast.pasteurDesk}/evaluations`, {
          method: 'POST',
          token: cast.evaluator,
          json: { periodFrom: '2026-01-01', periodTo: '2026-06-30' },
        }),
      ),
  }));
  const mixed: Write[] = [];
  for (let i = 0; mixed.length < edits.length + votes.length + evaluations.length; i++) {
    for (const kind of [edits, votes, evaluations]) if (kind[i]) mixed.push(kind[i]!);
  }
  return mixed;
}

const one = async (db: Database, query: ReturnType<typeof sql>): Promise<boolean> =>
  rowsOf(await db.execute(query)).length > 0;

/** The acknowledged (2xx) writes that are not stored together with their audit entry. */
export async function missingAcknowledged(db: Database, answers: Answer[]): Promise<Answer[]> {
  const missing: Answer[] = [];
  for (const a of answers.filter((x) => x.status >= 200 && x.status < 300)) {
    const id = a.target!;
    const stored =
      a.kind === 'edit'
        ? await one(
            db,
            sql`select 1 from datasets d join dataset_revisions r on r.dataset_id = d.id and r.number = 2
                join audit_events e on e.subject_id = d.id::text and e.action = 'dataset.updated'
                  and (e.payload->>'version')::int = 2
                where d.id = ${id} and d.version = 2`,
          )
        : a.kind === 'vote'
          ? await one(
              db,
              sql`select 1 from votes v join audit_events e on e.subject_id = v.request_id::text
                  and e.action = 'access_request.vote_cast' where v.request_id = ${id}`,
            )
          : await one(
              db,
              sql`select 1 from evaluations v join audit_events e on e.subject_id = v.id::text
                  and e.action = 'evaluation.opened' where v.id = ${id}`,
            );
    if (!stored) missing.push(a);
  }
  return missing;
}

/** Changes without their audit entry, and audit entries without their change, over the whole database. */
export async function unpaired(db: Database): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql>) =>
    Number(rowsOf<{ n: string | number }>(await db.execute(query))[0]?.n ?? -1);
  return {
    revisionsWithoutAudit: await count(sql`select count(*) as n from dataset_revisions r where not exists (
      select 1 from audit_events e where e.subject_type = 'dataset' and e.subject_id = r.dataset_id::text
        and ((r.number = 1 and e.action = 'dataset.created') or (e.payload->>'version')::int = r.number))`),
    datasetAuditWithoutRevision: await count(sql`select count(*) as n from audit_events e
      where e.subject_type = 'dataset' and e.action like 'dataset.%' and not exists (
        select 1 from dataset_revisions r where r.dataset_id::text = e.subject_id
          and r.number = coalesce((e.payload->>'version')::int, 1))`),
    votesWithoutAudit: await count(sql`select count(*) as n from votes v where not exists (
      select 1 from audit_events e where e.action = 'access_request.vote_cast'
        and e.subject_id = v.request_id::text)`),
    voteAuditWithoutVote: await count(sql`select count(*) as n from audit_events e
      where e.action = 'access_request.vote_cast' and not exists (
        select 1 from votes v where v.request_id::text = e.subject_id)`),
    evaluationsWithoutAudit: await count(sql`select count(*) as n from evaluations v
      where v.supersedes is null and not exists (
        select 1 from audit_events e where e.action = 'evaluation.opened' and e.subject_id = v.id::text)`),
    evaluationAuditWithoutEvaluation: await count(sql`select count(*) as n from audit_events e
      where e.action = 'evaluation.opened' and not exists (
        select 1 from evaluations v where v.id::text = e.subject_id)`),
  };
}

/** Every count `unpaired` returns, at zero. */
export const NONE_UNPAIRED = {
  revisionsWithoutAudit: 0,
  datasetAuditWithoutRevision: 0,
  votesWithoutAudit: 0,
  voteAuditWithoutVote: 0,
  evaluationsWithoutAudit: 0,
  evaluationAuditWithoutEvaluation: 0,
};

/** Counts answers by kind and status, and the slowest answer of each status, for the report. */
export function tally(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const key = `${a.kind} ${a.status || 'no answer'}`;
    out[key] = (out[key] ?? 0) + 1;
    const slowest = `slowest ${a.status || 'no answer'} (ms)`;
    out[slowest] = Math.max(out[slowest] ?? 0, Math.round(a.ms));
  }
  return out;
}
