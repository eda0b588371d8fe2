// State changes of access applications: submit, withdraw, review, vote, decide, revoke — each one guarded by
// the state table, recorded as an event, audited, and atomic with its grants.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import {
  accessRequestDatasets,
  accessRequestEvents,
  accessRequests,
  datasets,
  grants,
  users,
  visas,
  votes,
} from '../db/schema';
import { inTransaction, type Work } from '../db/unit-of-work';
import { tally, type VoteChoice } from '../domain/access-policy';
import type { RequestEventType } from '../domain/access-request-events';
import {
  isAllowed,
  nextState,
  type RequestAction,
  type RequestActor,
  type RequestState,
} from '../domain/access-request-lifecycle';
import { fail, type Outcome, succeed } from '../domain/problem';
import { addWorkingDays, toIsoDate, workingDaysBetween } from '../domain/working-days';
import {
  eligibleReviewerCount,
  eventAudience,
  loadRequest,
  type RequestContext,
  type RequestView,
  submissionViolations,
  toView,
} from './access-requests';
import type { Deps, Principal } from './deps';
import { signVisas } from './grants';
import { type ActiveKey, activeSigningKey } from './signing-keys';

/** Picks the actor the caller acts as for `action`, or explains (409 for state, 403/404 for role). */
function actorFor(ctx: RequestContext, action: RequestAction): Outcome<RequestActor> {
  const state = ctx.request.state as RequestState;
  const capable = ctx.actors.filter(
    (a) => isAllowed(action, a, state) || REQUEST_ROLE_CAN[action].includes(a),
  );
  if (capable.length === 0)
    return fail('forbidden', `you may not ${action.replace('_', ' ')} this application`);
  const actor = capable.find((a) => isAllowed(action, a, state));
  if (!actor) return fail('conflict', `cannot ${action.replace('_', ' ')} an application that is ${state}`);
  return succeed(actor);
}

// Who may take an action in some state at all: a right role in the wrong state is a 409, a wrong role a 403.
const REQUEST_ROLE_CAN: Record<RequestAction, readonly RequestActor[]> = {
  update: ['requester'],
  submit: ['requester'],
  withdraw: ['requester'],
  start_review: ['reviewer', 'desk_admin'],
  request_changes: ['desk_admin'],
  vote: ['reviewer'],
  decide: ['desk_admin'],
  revoke: ['desk_admin'],
  expire: [],
};

type NewEvent = typeof accessRequestEvents.$inferInsert;

/** A request being changed: its events are written together once the change is complete. */
interface Change extends RequestContext {
  events: NewEvent[];
}

function writeEvents(w: Work, change: Change): void {
  if (change.events.length > 0) w.write(w.tx.insert(accessRequestEvents).values(change.events));
  change.events = [];
}

interface Move {
  to: RequestState;
  type: RequestEventType;
  reason?: string | undefined;
  details?: Record<string, unknown>;
  /** Facts only the audit entry records (what an evaluation's figure inputs are checked against). */
  recorded?: Record<string, unknown>;
  set?: Partial<typeof accessRequests.$inferInsert>;
}

/** The guarded UPDATE, its event and its audit entry; fails (and rolls back) if the state moved meanwhile. */
async function move(
  deps: Deps,
  { tx, audit }: Work,
  principal: Principal | null,
  ctx: Change,
  m: Move,
): Promise<Outcome<null>> {
  const now = deps.now();
  const from = ctx.request.state;
  const [row] = await tx
    .update(accessRequests)
    .set({ ...m.set, state: m.to, version: sql`${accessRequests.version} + 1`, updatedAt: now })
    .where(and(eq(accessRequests.id, ctx.request.id), eq(accessRequests.state, from)))
    .returning();
  if (!row) return fail('conflict', 'the application changed meanwhile; read it again');
  ctx.events.push({
    id: uuidv7(),
    requestId: ctx.request.id,
    at: now,
    actorId: principal?.userId ?? null,
    type: m.type,
    fromState: from,
    toState: m.to,
    reason: m.reason ?? null,
    details: m.details ?? {},
  });
  audit({
    action: `access_request.${m.type}`,
    subjectType: 'access_request',
    subjectId: ctx.request.id,
    payload: {
      from,
      to: m.to,
      ...(m.reason ? { reason: m.reason } : {}),
      ...(m.details ?? {}),
      ...(m.recorded ?? {}),
    },
    deskId: ctx.request.deskId,
    audience: eventAudience(m.type, ctx.request, ctx.desk, ctx.policy),
  });
  ctx.request = row;
  return succeed(null);
}

async function run(
  deps: Deps,
  principal: Principal,
  id: string,
  work: (w: Work, ctx: Change) => Promise<Outcome<null>>,
): Promise<Outcome<RequestView>> {
  return inTransaction(deps.db, principal.userId, deps.now, async (w) => {
    const loaded = await loadRequest(w.tx, principal, id, { forUpdate: true });
    if (!loaded) return fail('not_found', 'no such access request');
    const ctx: Change = { ...loaded, events: [] };
    const done = await work(w, ctx);
    if (!done.ok) return done;
    writeEvents(w, ctx);
    // The answer is built from what this transaction loaded and changed: no second round.
    return succeed(toView(deps, ctx));
  });
}

export function submitRequest(deps: Deps, principal: Principal, id: string): Promise<Outcome<RequestView>> {
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'submit');
    if (!actor.ok) return actor;
    const rows = await w.tx
      .select({ descriptor: datasets.descriptor, status: datasets.status })
      .from(accessRequestDatasets)
      .innerJoin(datasets, eq(datasets.id, accessRequestDatasets.datasetId))
      .where(eq(accessRequestDatasets.requestId, id));
    const violations = submissionViolations(ctx, rows);
    if (rows.some((r) => r.status !== 'published'))
      violations.push({ pointer: '/datasetIds', message: 'a requested dataset was retired' });
    if (violations.length)
      return fail('validation_failed', 'the application is not ready to submit', violations);
    const now = deps.now();
    const today = toIsoDate(now);
    const resubmission = ctx.request.state === 'changes_requested';
    let set: Move['set'];
    if (resubmission) {
      // The clock stood still while the team worked on the changes: push the deadline by the pause.
      const paused = ctx.request.pausedSince
        ? workingDaysBetween(toIsoDate(ctx.request.pausedSince), today)
        : 0;
      set = {
        pausedSince: null,
        pausedWorkingDays: ctx.request.pausedWorkingDays + paused,
        deadline: ctx.request.deadline ? addWorkingDays(ctx.request.deadline, paused) : null,
      };
    } else {
      set = { submittedAt: now, deadline: addWorkingDays(today, ctx.policy.decisionDeadlineWorkingDays) };
    }
    return move(deps, w, principal, ctx, {
      to: nextState('submit', ctx.request.state as RequestState),
      type: resubmission ? 'resubmitted' : 'submitted',
      recorded: {
        [resubmission ? 'resubmittedAt' : 'submittedAt']: now.toISOString(),
        deadline: set?.deadline ?? null,
      },
      set,
    });
  });
}

export function withdrawRequest(deps: Deps, principal: Principal, id: string, reason: string | undefined) {
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'withdraw');
    if (!actor.ok) return actor;
    return move(deps, w, principal, ctx, { to: 'withdrawn', type: 'withdrawn', reason });
  });
}

export function startReview(deps: Deps, principal: Principal, id: string) {
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'start_review');
    if (!actor.ok) return actor;
    return move(deps, w, principal, ctx, { to: 'in_review', type: 'review_started' });
  });
}

export function requestChanges(deps: Deps, principal: Principal, id: string, reason: string) {
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'request_changes');
    if (!actor.ok) return actor;
    return move(deps, w, principal, ctx, {
      to: 'changes_requested',
      type: 'changes_requested',
      reason,
      set: { pausedSince: deps.now() },
    });
  });
}

/** Casts or changes a vote; when the policy's rule is met and the policy decides automatically, decides. */
export async function castVote(
  deps: Deps,
  principal: Principal,
  id: string,
  vote: { choice: VoteChoice; rationale: string },
) {
  // Any vote may be the deciding approval (even a rejection can complete a majority's quorum), whose visas
  // are signed in its transaction; the key is read before the transaction opens (PGlite has one connection).
  const key = await activeSigningKey(deps);
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'vote');
    if (!actor.ok) return actor;
    if (ctx.request.state === 'submitted') {
      const opened = await move(deps, w, principal, ctx, {
        to: 'in_review',
        type: 'review_started',
        details: { by: 'first vote' },
      });
      if (!opened.ok) return opened;
    }
    // Read after the review started, so the vote's event never precedes it.
    const now = deps.now();
    const cast = {
      reviewerId: principal.userId,
      choice: vote.choice,
      rationale: vote.rationale,
      castAt: now,
    };
    w.write(
      w.tx
        .insert(votes)
        .values({ requestId: id, ...cast })
        .onConflictDoUpdate({
          target: [votes.requestId, votes.reviewerId],
          set: { choice: vote.choice, rationale: vote.rationale, castAt: now },
        }),
    );
    // The request's row lock keeps the loaded votes current: this one replaces the reviewer's earlier vote.
    ctx.votes = [...ctx.votes.filter((v) => v.reviewerId !== principal.userId), cast];
    ctx.events.push({
      id: uuidv7(),
      requestId: id,
      at: now,
      actorId: principal.userId,
      type: 'vote_cast',
      fromState: 'in_review',
      toState: 'in_review',
      reason: vote.rationale,
      details: { choice: vote.choice },
    });
    w.audit({
      action: 'access_request.vote_cast',
      subjectType: 'access_request',
      subjectId: id,
      payload: { choice: vote.choice },
      deskId: ctx.desk.id,
      audience: eventAudience('vote_cast', ctx.request, ctx.desk, ctx.policy),
    });
    if (ctx.policy.decisionBy !== 'automatic') return succeed(null);
    const outcome = tally(
      ctx.policy,
      ctx.votes.map((v) => v.choice as VoteChoice),
      eligibleReviewerCount(ctx),
    );
    if (!outcome) return succeed(null);
    // An automatic approval cannot override a purpose mismatch: that needs a desk admin's rationale.
    if (outcome === 'approved' && unresolvedMismatches(ctx).length > 0) return succeed(null);
    return decideIn(deps, w, key, null, ctx, outcome, 'quorum reached under the desk policy', []);
  });
}

const unresolvedMismatches = (ctx: RequestContext): string[] =>
  ctx.datasets.filter((d) => d.match.result === 'no_match' && !d.override).map((d) => d.datasetId);

export interface Override {
  datasetId: string;
  rationale: string;
}

export async function decideRequest(
  deps: Deps,
  principal: Principal,
  id: string,
  decision: { outcome: 'approved' | 'rejected'; rationale: string; overrides: Override[] },
) {
  // Read before the transaction opens (PGlite has one connection); a rejection needs none.
  const key = decision.outcome === 'approved' ? await activeSigningKey(deps) : undefined;
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'decide');
    if (!actor.ok) return actor;
    return decideIn(deps, w, key, principal, ctx, decision.outcome, decision.rationale, decision.overrides);
  });
}

const addMonths = (d: Date, months: number) => {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
};

/** Takes the decision and, for an approval, creates every grant and signs its visa — in the caller's transaction. */
async function decideIn(
  deps: Deps,
  w: Work,
  key: ActiveKey | undefined,
  principal: Principal | null,
  ctx: Change,
  outcome: 'approved' | 'rejected',
  rationale: string,
  overrides: Override[],
): Promise<Outcome<null>> {
  const now = deps.now();
  const id = ctx.request.id;
  if (outcome === 'approved') {
    const violations = overrides.flatMap((o, i) =>
      ctx.datasets.some((r) => r.datasetId === o.datasetId)
        ? []
        : [{ pointer: `/overrides/${i}/datasetId`, message: 'not a dataset of this application' }],
    );
    if (violations.length)
      return fail('validation_failed', 'overrides must name requested datasets', violations);
    for (const o of overrides) {
      const override = { by: principal!.userId, rationale: o.rationale, at: now.toISOString() };
      await w.tx
        .update(accessRequestDatasets)
        .set({ override })
        .where(
          and(eq(accessRequestDatasets.requestId, id), eq(accessRequestDatasets.datasetId, o.datasetId)),
        );
      for (const d of ctx.datasets) if (d.datasetId === o.datasetId) d.override = override;
    }
    const mismatched = unresolvedMismatches(ctx);
    if (mismatched.length > 0) {
      return fail(
        'conflict',
        `datasets ${mismatched.join(', ')} do not match the declared purpose; approving them needs an override with a rationale`,
      );
    }
  }
  const submitted = ctx.request.submittedAt ? toIsoDate(ctx.request.submittedAt) : toIsoDate(now);
  const elapsed = Math.max(0, workingDaysBetween(submitted, toIsoDate(now)) - ctx.request.pausedWorkingDays);
  const moved = await move(deps, w, principal, ctx, {
    to: outcome,
    type: outcome,
    reason: rationale,
    details: { decidedBy: principal ? 'desk_admin' : 'policy' },
    recorded: { decidedAt: now.toISOString(), workingDays: elapsed, deadline: ctx.request.deadline },
    set: { decidedAt: now, decidedBy: principal?.userId ?? null, workingDaysToDecision: elapsed },
  });
  if (!moved.ok || outcome === 'rejected') return moved;
  if (!key) throw new Error('an approval needs the signing key');
  await createGrants(deps, w, key, ctx, now);
  return succeed(null);
}

async function createGrants(deps: Deps, w: Work, key: ActiveKey, ctx: RequestContext, now: Date) {
  const requestedMonths = ctx.request.application.purpose.durationMonths;
  const values = ctx.datasets.flatMap((d) => {
    const ts = d.dataUseConditions?.modifiers?.find((m) => m.code === 'TS')?.months;
    const months = Math.min(
      requestedMonths,
      ctx.policy.maxGrantDurationMonths,
      ts ?? Number.POSITIVE_INFINITY,
    );
    return ctx.members.map((userId) => ({
      id: uuidv7(),
      requestId: ctx.request.id,
      userId,
      datasetId: d.datasetId,
      deskId: ctx.desk.id,
      startsAt: now,
      endsAt: addMonths(now, months),
      conditions: d.match.obligations,
      visaLifetimeHours: ctx.policy.visaLifetimeHours,
      createdAt: now,
    }));
  });
  if (values.length === 0) return;
  w.audit({
    action: 'grants.issued',
    subjectType: 'access_request',
    subjectId: ctx.request.id,
    payload: { grants: values.map((g) => g.id), count: values.length },
    deskId: ctx.desk.id,
    audience: [ctx.request.requesterOrgId, ctx.desk.operatorId],
  });
  // The unique (request, user, dataset) constraint makes a second set of grants impossible.
  w.write(w.tx.insert(grants).values(values));
  // The approval is complete with its visas: signed now, registered with the grants.
  const subjects = new Map(
    (
      await w.tx
        .select({ id: users.id, subject: users.subject })
        .from(users)
        .where(inArray(users.id, ctx.members))
    ).map((u) => [u.id, u.subject]),
  );
  const signed = await signVisas(
    deps,
    key,
    values.map((g) => ({ ...g, subject: subjects.get(g.userId)! })),
    now,
  );
  w.write(w.tx.insert(visas).values(signed.map((v) => v.row)));
}

/** Revokes an approved application and every grant it created. */
export function revokeRequest(deps: Deps, principal: Principal, id: string, reason: string) {
  return run(deps, principal, id, async (w, ctx) => {
    const actor = actorFor(ctx, 'revoke');
    if (!actor.ok) return actor;
    const moved = await move(deps, w, principal, ctx, { to: 'revoked', type: 'revoked', reason });
    if (!moved.ok) return moved;
    const revoked = await w.tx
      .update(grants)
      .set({ revokedAt: deps.now(), revokedBy: principal.userId, revokedReason: reason })
      .where(and(eq(grants.requestId, id), isNull(grants.revokedAt)))
      .returning({ id: grants.id });
    w.audit({
      action: 'grants.revoked',
      subjectType: 'access_request',
      subjectId: id,
      payload: { grants: revoked.map((g) => g.id), reason },
      deskId: ctx.desk.id,
      audience: [ctx.request.requesterOrgId, ctx.desk.operatorId],
    });
    return succeed(null);
  });
}

/** Periodic: approved applications whose every grant has ended become expired. */
export async function expireRequests(deps: Deps): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .select({ id: accessRequests.id })
    .from(accessRequests)
    .where(
      and(
        eq(accessRequests.state, 'approved'),
        sql`not exists (select 1 from ${grants} g where g.request_id = ${accessRequests.id} and g.ends_at > ${now.toISOString()} and g.revoked_at is null)`,
      ),
    );
  let expired = 0;
  for (const { id } of due) {
    const done = await inTransaction(deps.db, null, deps.now, async (w) => {
      const [request] = await w.tx
        .select()
        .from(accessRequests)
        .where(eq(accessRequests.id, id))
        .for('update');
      if (request?.state !== 'approved') return succeed(false);
      const ctx = { request, actors: ['system'], events: [] } as unknown as Change;
      const moved = await move(deps, w, null, ctx, {
        to: 'expired',
        type: 'expired',
        reason: 'every grant has ended',
      });
      if (!moved.ok) return moved;
      writeEvents(w, ctx);
      return succeed(true);
    });
    if (done.ok && done.value) expired++;
  }
  return expired;
}
