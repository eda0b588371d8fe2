// Use cases of access applications: draft, edit, read and list them, with purpose matching and deadlines.
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor, Tx } from '../db/database';
import {
  accessRequestDatasets,
  accessRequestEvents,
  accessRequestMembers,
  accessRequests,
  datasets,
  desks,
  memberships,
  users,
  votes,
} from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import type { AccessApplication } from '../domain/access-application';
import type { AccessPolicy } from '../domain/access-policy';
import {
  type EventReader,
  eventShare,
  type RequestEventType,
  votesDisclosed,
} from '../domain/access-request-events';
import {
  CLOCK_RUNNING_STATES,
  type RequestActor,
  type RequestState,
} from '../domain/access-request-lifecycle';
import type { DataUseConditions } from '../domain/descriptor';
import { type DatasetMatch, matchPurpose } from '../domain/duo-matching';
import { fail, type Outcome, succeed } from '../domain/problem';
import { toIsoDate } from '../domain/working-days';
import { accessPolicy } from '../policies/access-policies';
import { type Deps, hasRole, orgsWithRole, type Principal } from './deps';

export type RequestRow = typeof accessRequests.$inferSelect;

/** A requested dataset with its purpose match and the conditions the grants need. */
export interface RequestedDataset {
  datasetId: string;
  match: DatasetMatch;
  override: { by: string; rationale: string; at: string } | null;
  dataUseConditions: DataUseConditions | null;
}

export interface RequestContext {
  request: RequestRow;
  desk: typeof desks.$inferSelect;
  policy: AccessPolicy;
  members: string[];
  /** In dataset-id order; a decision's overrides are applied here as they are written. */
  datasets: RequestedDataset[];
  /** In the order they were cast. */
  votes: Vote[];
  /** Reviewers of the desk outside the team, and those of them outside the team's organisation too. */
  reviewers: { outsideTeam: number; outsideTeamOrganisation: number };
  /** What the caller is to this request (several at once is possible, e.g. desk admin and reviewer). */
  actors: RequestActor[];
}

export type Vote = Omit<typeof votes.$inferSelect, 'requestId'>;

// The team and the requested datasets ride along with the request, as JSON, in the same statement.
const teamOf = sql<string[]>`coalesce((select json_agg(m.user_id) from ${accessRequestMembers} m
  where m.request_id = ${accessRequests.id}), '[]'::json)`;
const datasetsOf = sql<RequestedDataset[]>`coalesce((select json_agg(json_build_object(
    'datasetId', d.dataset_id, 'match', d.match, 'override', d.override,
    'dataUseConditions', ds.descriptor -> 'dataUseConditions') order by d.dataset_id)
  from ${accessRequestDatasets} d join ${datasets} ds on ds.id = d.dataset_id
  where d.request_id = ${accessRequests.id}), '[]'::json)`;
const reviewersOf = sql<RequestContext['reviewers']>`(select json_build_object(
    'outsideTeam', count(distinct r.user_id),
    'outsideTeamOrganisation', count(distinct r.user_id) filter (where not exists (select 1 from ${memberships} o
      where o.organization_id = ${accessRequests.requesterOrgId} and o.user_id = r.user_id)))
  from ${memberships} r where r.organization_id = ${desks.operatorId} and r.role = 'reviewer'
    and r.user_id <> ${accessRequests.requesterId}
    and not exists (select 1 from ${accessRequestMembers} t where t.request_id = ${accessRequests.id} and t.user_id = r.user_id))`;
const votesOf = sql<
  (Omit<Vote, 'castAt'> & { castAt: string })[]
>`coalesce((select json_agg(json_build_object(
    'reviewerId', v.reviewer_id, 'choice', v.choice, 'rationale', v.rationale, 'castAt', v.cast_at)
    order by v.cast_at) from ${votes} v where v.request_id = ${accessRequests.id}), '[]'::json)`;

/** Loads a request with everything authorisation needs; undefined when the caller may not see it. */
export async function loadRequest(
  db: Executor,
  principal: Principal | undefined,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RequestContext | undefined> {
  // Serialises concurrent votes and decisions on one request: the second waits for the first to commit.
  // The lock comes first, on its own, so that the read below starts after it and sees the first's result.
  if (options.forUpdate) {
    await db
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .where(eq(accessRequests.id, id))
      .for('update');
  }
  const [row] = await db
    .select({
      request: accessRequests,
      desk: desks,
      members: teamOf,
      datasets: datasetsOf,
      votes: votesOf,
      reviewers: reviewersOf,
    })
    .from(accessRequests)
    .innerJoin(desks, eq(desks.id, accessRequests.deskId))
    .where(eq(accessRequests.id, id));
  if (!row || !principal) return undefined;
  const { request, desk, members } = row;
  const policy = accessPolicy(request.policyId);
  if (!policy) return undefined;
  const actors: RequestActor[] = [];
  if (request.requesterId === principal.userId) actors.push('requester');
  // Drafts are the team's own business; the desk sees an application once it is submitted.
  if (request.state !== 'draft') {
    if (hasRole(principal, desk.operatorId, 'desk_admin')) actors.push('desk_admin');
    if (
      hasRole(principal, desk.operatorId, 'reviewer') &&
      isEligibleReviewer(principal, request, members, policy)
    ) {
      actors.push('reviewer');
    }
  }
  const isMember = members.includes(principal.userId);
  const isDeskStaff =
    request.state !== 'draft' &&
    (hasRole(principal, desk.operatorId, 'reviewer') || actors.includes('desk_admin'));
  if (actors.length === 0 && !isMember && !isDeskStaff) return undefined;
  const castVotes = row.votes.map((v) => ({ ...v, castAt: new Date(v.castAt) }));
  return {
    request,
    desk,
    policy,
    members,
    datasets: row.datasets,
    votes: castVotes,
    reviewers: row.reviewers,
    actors,
  };
}

/** Separation of duties: the requester and the team never review; nor, if the policy says so, their organisation. */
export function isEligibleReviewer(
  p: Principal,
  request: RequestRow,
  members: string[],
  policy: AccessPolicy,
): boolean {
  if (p.userId === request.requesterId || members.includes(p.userId)) return false;
  if (
    policy.separationOfDuties.excludeRequesterOrganisation &&
    p.memberships.some((m) => m.organizationId === request.requesterOrgId)
  ) {
    return false;
  }
  return true;
}

/** Reviewers of the desk who may vote on this request under its policy's separation of duties. */
export const eligibleReviewerCount = (ctx: RequestContext): number =>
  ctx.policy.separationOfDuties.excludeRequesterOrganisation
    ? ctx.reviewers.outsideTeamOrganisation
    : ctx.reviewers.outsideTeam;

export interface ApplicationInput {
  application: AccessApplication;
  datasetIds: string[];
  /** Team members by subject (same issuer as the requester); the requester is always a member. */
  team: string[];
}

async function checkDatasets(
  db: Executor,
  deskId: string,
  ids: string[],
): Promise<Outcome<(typeof datasets.$inferSelect)[]>> {
  const rows = ids.length ? await db.select().from(datasets).where(inArray(datasets.id, ids)) : [];
  const violations = ids.flatMap((id, i) => {
    const row = rows.find((r) => r.id === id);
    if (row?.status !== 'published')
      return [{ pointer: `/datasetIds/${i}`, message: 'no such published dataset' }];
    if (row.deskId !== deskId)
      return [{ pointer: `/datasetIds/${i}`, message: 'this dataset is not offered through this desk' }];
    return [];
  });
  if (violations.length)
    return fail('validation_failed', 'some requested datasets cannot be requested here', violations);
  return succeed(rows);
}

async function resolveTeam(
  db: Executor,
  principal: Principal,
  orgId: string,
  subjects: string[],
): Promise<Outcome<string[]>> {
  const ids = new Set([principal.userId]);
  const violations: { pointer: string; message: string }[] = [];
  for (const [i, subject] of subjects.entries()) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(
        and(
          eq(users.issuer, principal.issuer),
          eq(users.subject, subject),
          eq(memberships.organizationId, orgId),
        ),
      );
    if (!user)
      violations.push({
        pointer: `/team/${i}`,
        message: `'${subject}' is not a member of the requesting organisation`,
      });
    else ids.add(user.id);
  }
  if (violations.length)
    return fail(
      'validation_failed',
      'every team member must belong to the requesting organisation',
      violations,
    );
  return succeed([...ids]);
}

function ethicsViolations(app: AccessApplication, policy: AccessPolicy, descriptorsNeedIrb: boolean) {
  const required =
    policy.ethicsApproval === 'always' ||
    (policy.ethicsApproval === 'when_dataset_requires' && descriptorsNeedIrb);
  return required && !app.ethicsReference
    ? [
        {
          pointer: '/application/ethicsReference',
          message: 'an ethics approval reference is required by this desk’s policy',
        },
      ]
    : [];
}

/** The purpose as matching needs it: the ethics reference is part of the application, not of the purpose. */
const purposeOf = (app: AccessApplication) => ({ ...app.purpose, ethicsReference: app.ethicsReference });

async function writeDatasetsAndTeam(
  tx: Tx,
  requestId: string,
  rows: (typeof datasets.$inferSelect)[],
  app: AccessApplication,
  team: string[],
) {
  await tx.delete(accessRequestDatasets).where(eq(accessRequestDatasets.requestId, requestId));
  await tx.delete(accessRequestMembers).where(eq(accessRequestMembers.requestId, requestId));
  for (const d of rows) {
    await tx.insert(accessRequestDatasets).values({
      requestId,
      datasetId: d.id,
      match: matchPurpose(d.descriptor.dataUseConditions, purposeOf(app)),
    });
  }
  for (const userId of team) await tx.insert(accessRequestMembers).values({ requestId, userId });
}

export async function createRequest(
  deps: Deps,
  principal: Principal,
  input: ApplicationInput & { deskId: string; organizationId?: string | undefined },
): Promise<Outcome<RequestView>> {
  const orgs = orgsWithRole(principal, 'requester');
  const orgId = input.organizationId ?? (orgs.length === 1 ? orgs[0] : undefined);
  if (!orgId || !orgs.includes(orgId)) {
    return orgs.length === 0
      ? fail('forbidden', 'only members of a research team (role requester) can apply for access')
      : fail('validation_failed', 'say which of your research organisations applies', [
          { pointer: '/organizationId', message: `one of ${orgs.join(', ')}` },
        ]);
  }
  const [desk] = await deps.db.select().from(desks).where(eq(desks.id, input.deskId));
  if (!desk)
    return fail('validation_failed', 'unknown desk', [{ pointer: '/deskId', message: 'no such desk' }]);
  const policy = accessPolicy(desk.policy);
  if (!policy) return fail('misconfigured', `desk policy '${desk.policy}' is not installed`);
  const rows = await checkDatasets(deps.db, desk.id, input.datasetIds);
  if (!rows.ok) return rows;
  const team = await resolveTeam(deps.db, principal, orgId, input.team);
  if (!team.ok) return team;
  const created = await inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const now = deps.now();
    await tx.insert(accessRequests).values({
      id,
      deskId: desk.id,
      requesterId: principal.userId,
      requesterOrgId: orgId,
      state: 'draft',
      application: input.application,
      policyId: policy.id,
      createdAt: now,
      updatedAt: now,
    });
    await writeDatasetsAndTeam(tx, id, rows.value, input.application, team.value);
    await tx.insert(accessRequestEvents).values({
      id: uuidv7(),
      requestId: id,
      at: now,
      actorId: principal.userId,
      type: 'created',
      toState: 'draft',
    });
    audit({
      action: 'access_request.created',
      subjectType: 'access_request',
      subjectId: id,
      payload: { deskId: desk.id },
      audience: [orgId],
    });
    return succeed(id);
  });
  if (!created.ok) return created;
  return getRequest(deps, principal, created.value);
}

export async function updateRequest(
  deps: Deps,
  principal: Principal,
  id: string,
  expectedVersion: number,
  input: ApplicationInput,
): Promise<Outcome<RequestView>> {
  const done = await inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const ctx = await loadRequest(tx, principal, id, { forUpdate: true });
    if (!ctx) return fail('not_found', 'no such access request');
    if (!ctx.actors.includes('requester'))
      return fail('forbidden', 'only the requester edits an application');
    if (ctx.request.version !== expectedVersion) {
      return fail(
        'precondition_failed',
        `the application is at version ${ctx.request.version}, not ${expectedVersion}`,
      );
    }
    if (!['draft', 'changes_requested'].includes(ctx.request.state)) {
      return fail('conflict', `an application that is ${ctx.request.state} cannot be edited`);
    }
    const rows = await checkDatasets(tx, ctx.desk.id, input.datasetIds);
    if (!rows.ok) return rows;
    const team = await resolveTeam(tx, principal, ctx.request.requesterOrgId, input.team);
    if (!team.ok) return team;
    const now = deps.now();
    await tx
      .update(accessRequests)
      .set({ application: input.application, version: sql`${accessRequests.version} + 1`, updatedAt: now })
      .where(and(eq(accessRequests.id, id), eq(accessRequests.version, expectedVersion)));
    await writeDatasetsAndTeam(tx, id, rows.value, input.application, team.value);
    await tx.insert(accessRequestEvents).values({
      id: uuidv7(),
      requestId: id,
      at: now,
      actorId: principal.userId,
      type: 'updated',
      fromState: ctx.request.state,
      toState: ctx.request.state,
    });
    audit({
      action: 'access_request.updated',
      subjectType: 'access_request',
      subjectId: id,
      payload: { version: expectedVersion + 1 },
      deskId: ctx.desk.id,
      audience: [ctx.request.requesterOrgId],
    });
    return succeed(null);
  });
  if (!done.ok) return done;
  return getRequest(deps, principal, id);
}

/** Checks that only the submission can make: required ethics reference, at least one dataset. */
export function submissionViolations(
  ctx: RequestContext,
  datasetRows: { descriptor: (typeof datasets.$inferSelect)['descriptor'] }[],
) {
  const app = ctx.request.application;
  const needsIrb = datasetRows.some((d) =>
    d.descriptor.dataUseConditions?.modifiers?.some((m) => m.code === 'IRB'),
  );
  const violations = ethicsViolations(app, ctx.policy, needsIrb);
  if (datasetRows.length === 0)
    violations.push({ pointer: '/datasetIds', message: 'request at least one dataset' });
  if (app.purpose.durationMonths > ctx.policy.maxGrantDurationMonths) {
    violations.push({
      pointer: '/application/purpose/durationMonths',
      message: `this desk grants access for at most ${ctx.policy.maxGrantDurationMonths} months`,
    });
  }
  return violations;
}

export interface RequestView {
  id: string;
  deskId: string;
  requesterId: string;
  requesterOrganizationId: string;
  state: RequestState;
  version: number;
  application: AccessApplication;
  policy: { id: string; version: string; decisionBy: string };
  datasets: {
    datasetId: string;
    match: DatasetMatch;
    /** `by` names the desk admin to the committee only, as the events do. */
    override: { by: string | null; rationale: string; at: string } | null;
  }[];
  team: string[];
  votes: { reviewerId: string; choice: string; rationale: string; castAt: string }[] | null;
  submittedAt: string | null;
  deadline: string | null;
  overdue: boolean;
  decidedAt: string | null;
  workingDaysToDecision: number | null;
  createdAt: string;
  updatedAt: string;
  /** What the caller may do now (actors it acts as). */
  yourRoles: RequestActor[];
}

export function isOverdue(r: Pick<RequestRow, 'state' | 'deadline'>, now: Date): boolean {
  return (
    CLOCK_RUNNING_STATES.includes(r.state as RequestState) && !!r.deadline && r.deadline < toIsoDate(now)
  );
}

export async function getRequest(
  deps: Deps,
  principal: Principal | undefined,
  id: string,
): Promise<Outcome<RequestView>> {
  const ctx = await loadRequest(deps.db, principal, id);
  if (!ctx) return fail('not_found', 'no such access request');
  return succeed(toView(deps, ctx));
}

/** The committee (desk admins, eligible reviewers) reads everything; anyone else reads as an applicant. */
export const readerOf = (ctx: Pick<RequestContext, 'actors'>): EventReader =>
  ctx.actors.includes('desk_admin') || ctx.actors.includes('reviewer') ? 'committee' : 'applicants';

const disclosedIn = (ctx: Pick<RequestContext, 'request' | 'policy'>) =>
  votesDisclosed(ctx.policy.voteDisclosure, ctx.request.decidedAt !== null);

/**
 * Organisations whose webhooks receive an event of the request: the desk's operator, and the requesting
 * organisation when its applicants read that kind of event (never a vote the policy keeps from them).
 */
export function eventAudience(
  type: RequestEventType,
  request: RequestRow,
  desk: { operatorId: string } | undefined,
  policy: AccessPolicy | undefined,
): string[] {
  const disclosed = votesDisclosed(policy?.voteDisclosure, request.decidedAt !== null);
  return [
    ...(eventShare(type, 'applicants', disclosed) !== 'none' ? [request.requesterOrgId] : []),
    ...(desk ? [desk.operatorId] : []),
  ];
}

export function toView(deps: Deps, ctx: RequestContext): RequestView {
  const r = ctx.request;
  const committee = readerOf(ctx) === 'committee';
  const seesVotes = committee || disclosedIn(ctx);
  return {
    id: r.id,
    deskId: r.deskId,
    requesterId: r.requesterId,
    requesterOrganizationId: r.requesterOrgId,
    state: r.state as RequestState,
    version: r.version,
    application: r.application,
    policy: { id: ctx.policy.id, version: ctx.policy.version, decisionBy: ctx.policy.decisionBy },
    datasets: ctx.datasets.map((d) => ({
      datasetId: d.datasetId,
      match: d.match,
      override: d.override && !committee ? { ...d.override, by: null } : d.override,
    })),
    team: ctx.members,
    // Reviewers' votes are the committee's business unless the desk's policy discloses them.
    votes: seesVotes
      ? ctx.votes.map((v) => ({
          reviewerId: v.reviewerId,
          choice: v.choice,
          rationale: v.rationale,
          castAt: v.castAt.toISOString(),
        }))
      : null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    deadline: r.deadline,
    overdue: isOverdue(r, deps.now()),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    workingDaysToDecision: r.workingDaysToDecision,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    yourRoles: ctx.actors,
  };
}

export interface RequestSummary {
  id: string;
  deskId: string;
  state: RequestState;
  title: AccessApplication['title'];
  submittedAt: string | null;
  deadline: string | null;
  overdue: boolean;
  updatedAt: string;
}

/** Applications the caller may see: their own and their team's, and the submitted ones of desks they staff. */
export async function listRequests(
  deps: Deps,
  principal: Principal,
  query: {
    deskId?: string | undefined;
    state?: RequestState | undefined;
    overdue?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Outcome<{ items: RequestSummary[]; nextCursor: string | null }>> {
  const staffOrgs = [...orgsWithRole(principal, 'desk_admin'), ...orgsWithRole(principal, 'reviewer')];
  const mine = or(
    eq(accessRequests.requesterId, principal.userId),
    sql`exists (select 1 from ${accessRequestMembers} m where m.request_id = ${accessRequests.id} and m.user_id = ${principal.userId})`,
    staffOrgs.length
      ? and(
          sql`${accessRequests.state} <> 'draft'`,
          inArray(
            accessRequests.deskId,
            deps.db.select({ id: desks.id }).from(desks).where(inArray(desks.operatorId, staffOrgs)),
          ),
        )
      : sql`false`,
  );
  const today = toIsoDate(deps.now());
  const conditions = [mine];
  if (query.deskId) conditions.push(eq(accessRequests.deskId, query.deskId));
  if (query.state) conditions.push(eq(accessRequests.state, query.state));
  if (query.overdue) {
    conditions.push(
      inArray(accessRequests.state, [...CLOCK_RUNNING_STATES]),
      lt(accessRequests.deadline, today),
    );
  }
  // Newest first; the cursor is the last id seen (ids are time-ordered UUIDv7).
  if (query.cursor) conditions.push(lt(accessRequests.id, query.cursor));
  const rows = await deps.db
    .select()
    .from(accessRequests)
    .where(and(...conditions))
    .orderBy(desc(accessRequests.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    deskId: r.deskId,
    state: r.state as RequestState,
    title: r.application.title,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    deadline: r.deadline,
    overdue: isOverdue(r, deps.now()),
    updatedAt: r.updatedAt.toISOString(),
  }));
  return succeed({ items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null });
}

export interface RequestEventView {
  id: string;
  at: string;
  actorId: string | null;
  type: RequestEventType;
  fromState: string | null;
  toState: string;
  reason: string | null;
  details: Record<string, unknown>;
}

/** The request's events as the caller may read them (src/domain/access-request-events.ts says which). */
export async function listRequestEvents(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<Outcome<RequestEventView[]>> {
  const ctx = await loadRequest(deps.db, principal, id);
  if (!ctx) return fail('not_found', 'no such access request');
  const reader = readerOf(ctx);
  const disclosed = disclosedIn(ctx);
  const rows = await deps.db
    .select()
    .from(accessRequestEvents)
    .where(eq(accessRequestEvents.requestId, id))
    .orderBy(asc(accessRequestEvents.at), asc(accessRequestEvents.id));
  return succeed(
    rows.flatMap((e) => {
      const share = eventShare(e.type, reader, disclosed);
      if (share === 'none') return [];
      return [
        {
          id: e.id,
          at: e.at.toISOString(),
          actorId: share === 'whole' ? e.actorId : null,
          type: e.type,
          fromState: e.fromState,
          toState: e.toState,
          reason: e.reason,
          details: e.details,
        },
      ];
    }),
  );
}
