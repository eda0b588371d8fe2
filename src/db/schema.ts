// The desk's tables: the only place they are defined (drizzle-kit generates migrations/ from this file).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AccessApplication } from '../domain/access-application';
import type { RequestEventType } from '../domain/access-request-events';
import type { DatasetDescriptor } from '../domain/descriptor';
import type { DatasetMatch } from '../domain/duo-matching';
import type { FiguresInputs } from '../domain/evaluation-figures';
import type { Scores } from '../domain/evaluation-scoring';
import type { HarvestCounts, HarvestRecordError } from '../domain/harvest-report';

const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    displayName: text('display_name'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    ...timestamps,
  },
  (t) => [unique('users_issuer_subject_key').on(t.issuer, t.subject)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    homepage: text('homepage'),
    /** Where the organisation publishes its signing keys (a JWK Set), fetched on request. */
    jwksUrl: text('jwks_url'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check('organizations_kind_check', sql`${t.kind} in ('provider','desk_operator','research','partner')`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    role: text('role').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('memberships_user_org_role_key').on(t.userId, t.organizationId, t.role),
    check(
      'memberships_role_check',
      sql`${t.role} in ('editor','requester','reviewer','desk_admin','evaluator','auditor')`,
    ),
  ],
);

export const desks = pgTable('desks', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  operatorId: uuid('operator_id')
    .notNull()
    .references(() => organizations.id),
  policy: text('policy').notNull().default('default'),
  decisionDeadlineDays: integer('decision_deadline_days').notNull().default(30),
  contactEmail: text('contact_email'),
  version: integer('version').notNull().default(1),
  ...timestamps,
});

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => organizations.id),
    deskId: uuid('desk_id').references(() => desks.id),
    status: text('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    descriptor: jsonb('descriptor').$type<DatasetDescriptor>().notNull(),
    // Search columns are derived from the descriptor on every write (see domain/search-text.ts):
    // accents and case are folded in TypeScript so PGlite and PostgreSQL need no extension.
    // Title and body are indexed as written ('simple', for prefix matching) and by their French and English
    // stems; search_concepts holds the thesaurus expansion (labels in both languages), as written, weighted
    // lowest. The vector is kept in the row (storage MAIN, see migrations/0015): matching a broad word reads
    // thousands of vectors, and fetching each from the TOAST table tripled the time.
    searchTitle: text('search_title').notNull(),
    searchBody: text('search_body').notNull(),
    searchConcepts: text('search_concepts').notNull().default(''),
    /** The version of domain/search-text.ts that derived the search columns; older rows are re-derived. */
    searchVersion: integer('search_version').notNull().default(0),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', search_title) || to_tsvector('french', search_title) || to_tsvector('english', search_title), 'A') || setweight(to_tsvector('simple', search_body) || to_tsvector('french', search_body) || to_tsvector('english', search_body), 'B') || setweight(to_tsvector('simple', search_concepts), 'C')`,
    ),
    themes: text('themes').array().notNull().default(sql`'{}'`),
    healthCategories: text('health_categories').array().notNull().default(sql`'{}'`),
    codingSystems: text('coding_systems').array().notNull().default(sql`'{}'`),
    duoPermission: text('duo_permission'),
    accessRights: text('access_rights').notNull(),
    // Every facet value of the row as 'facet=value', so facet counts take one pass over the matches.
    facetKeys: text('facet_keys').array().notNull().default(sql`'{}'`),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    ...timestamps,
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('datasets_status_check', sql`${t.status} in ('draft','published','retired')`),
    // No pending list (fastupdate off): every search scanned the list of entries not yet merged, up to
    // 4 MB of them, which took 20-30 ms of a 50 ms search at 100 000 datasets; writes merge at once instead.
    index('datasets_search_idx').using('gin', t.searchVector).with({ fastupdate: false }),
    index('datasets_themes_idx').using('gin', t.themes).with({ fastupdate: false }),
    index('datasets_health_categories_idx').using('gin', t.healthCategories).with({ fastupdate: false }),
    index('datasets_coding_systems_idx').using('gin', t.codingSystems).with({ fastupdate: false }),
    index('datasets_status_published_idx').on(t.status, t.publishedAt),
    // The catalogue's newest-first order, read from the index: a page stops after its rows, whatever the filters.
    index('datasets_newest_idx').on(t.status, t.publishedAt.desc().nullsLast(), t.id),
    index('datasets_provider_idx').on(t.providerId),
    index('datasets_desk_idx').on(t.deskId),
  ],
);

/**
 * A provider's offer of a dataset to a desk run by another organisation: the desk decides what it offers, so
 * its admins accept (the dataset moves onto the desk) or decline.
 */
export const deskOffers = pgTable(
  'desk_offers',
  {
    id: uuid('id').primaryKey(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    state: text('state').notNull().default('pending'),
    message: text('message'),
    offeredBy: uuid('offered_by')
      .notNull()
      .references(() => users.id),
    offeredAt: timestamp('offered_at', { withTimezone: true, mode: 'date' }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
  },
  (t) => [
    check('desk_offers_state_check', sql`${t.state} in ('pending','accepted','declined','withdrawn')`),
    // One open offer per dataset: a provider withdraws it before offering the dataset elsewhere.
    uniqueIndex('desk_offers_one_pending_idx').on(t.datasetId).where(sql`state = 'pending'`),
    index('desk_offers_desk_state_idx').on(t.deskId, t.state),
  ],
);

export const datasetRevisions = pgTable(
  'dataset_revisions',
  {
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    number: integer('number').notNull(),
    status: text('status').notNull(),
    descriptor: jsonb('descriptor').$type<DatasetDescriptor>().notNull(),
    deskId: uuid('desk_id'),
    change: text('change').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.number] })],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
    /** The desk an entry concerns, taken from its (hashed) payload: what a desk's auditors may read. */
    deskId: uuid('desk_id').generatedAlwaysAs(sql`(payload ->> 'deskId')::uuid`),
    /** The entry's number among its desk's entries (1, 2, 3…), taken from its hashed payload. */
    deskSeq: bigint('desk_seq', { mode: 'number' }).generatedAlwaysAs(sql`(payload ->> 'deskSeq')::bigint`),
    /** The entry's 0-based position in the RFC 6962 tree, assigned under the chain lock. */
    leafIndex: bigint('leaf_index', { mode: 'number' }).notNull().unique(),
  },
  (t) => [
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_events_desk_idx').on(t.deskId, t.seq),
    // A desk's sequence has no duplicates; a gap is what its auditors check for.
    unique('audit_events_desk_seq_key').on(t.deskId, t.deskSeq),
  ],
);

/**
 * Public keys an organisation signs with (evaluations, countersignatures, disputes, witness cosignatures).
 * The desk only ever holds the public half: it verifies, it cannot sign in the organisation's name. Keys are
 * never deleted; a retired key still verifies what it signed before `retired_at`.
 */
export const organizationKeys = pgTable(
  'organization_keys',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kid: text('kid').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
    /** RFC 7638 SHA-256 thumbprint (base64url): what audit entries commit to. */
    thumbprint: text('thumbprint').notNull(),
    /** 'uploaded' by a member, or fetched from the organisation's 'jwks_url'. */
    origin: text('origin').notNull(),
    addedBy: uuid('added_by').references(() => users.id),
    ...timestamps,
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.kid] }),
    unique('organization_keys_thumbprint_key').on(t.organizationId, t.thumbprint),
    check('organization_keys_origin_check', sql`${t.origin} in ('uploaded','jwks_url')`),
  ],
);

/** Partner organisations appointed to audit a desk: their auditors read its log and its evaluations. */
export const deskAuditors = pgTable(
  'desk_auditors',
  {
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    appointedBy: uuid('appointed_by').references(() => users.id),
    appointedAt: timestamp('appointed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deskId, t.organizationId] }),
    index('desk_auditors_organization_idx').on(t.organizationId),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    /** Commit-independent order of events; a webhook subscription receives those after its own position. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Organisations the event concerns: their webhook subscriptions receive it. */
    audience: uuid('audience').array().notNull().default(sql`'{}'`),
    ...timestamps,
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('outbox_pending_idx').on(t.createdAt).where(sql`delivered_at is null`)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export const accessRequests = pgTable(
  'access_requests',
  {
    id: uuid('id').primaryKey(),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    requesterOrgId: uuid('requester_org_id')
      .notNull()
      .references(() => organizations.id),
    state: text('state').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    application: jsonb('application').$type<AccessApplication>().notNull(),
    policyId: text('policy_id').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** Last day (YYYY-MM-DD, French working days from submission) by which a decision is due. */
    deadline: text('deadline'),
    pausedSince: timestamp('paused_since', { withTimezone: true, mode: 'date' }),
    pausedWorkingDays: integer('paused_working_days').notNull().default(0),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by').references(() => users.id),
    /** Working days from submission to decision, pauses excluded. */
    workingDaysToDecision: integer('working_days_to_decision'),
    ...timestamps,
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'access_requests_state_check',
      sql`${t.state} in ('draft','submitted','in_review','changes_requested','approved','rejected','withdrawn','revoked','expired')`,
    ),
    index('access_requests_desk_state_idx').on(t.deskId, t.state),
    index('access_requests_requester_idx').on(t.requesterId),
  ],
);

export const accessRequestDatasets = pgTable(
  'access_request_datasets',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    match: jsonb('match').$type<DatasetMatch>().notNull(),
    override: jsonb('override').$type<{ by: string; rationale: string; at: string }>(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.datasetId] })],
);

export const accessRequestMembers = pgTable(
  'access_request_members',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] })],
);

export const accessRequestEvents = pgTable(
  'access_request_events',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    type: text('type').$type<RequestEventType>().notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('access_request_events_request_idx').on(t.requestId, t.at)],
);

export const votes = pgTable(
  'votes',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    choice: text('choice').notNull(),
    rationale: text('rationale').notNull(),
    castAt: timestamp('cast_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // One vote per reviewer per request: a change of mind updates the row, never adds one.
    primaryKey({ columns: [t.requestId, t.reviewerId] }),
    check('votes_choice_check', sql`${t.choice} in ('approve','reject','abstain')`),
  ],
);

export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => accessRequests.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    conditions: jsonb('conditions').$type<string[]>().notNull(),
    visaLifetimeHours: integer('visa_lifetime_hours').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revokedReason: text('revoked_reason'),
    /** When the holder first received a visa for it: the end of "time from approval to first visa". */
    firstVisaAt: timestamp('first_visa_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    // One grant per (team member × dataset) per application, whatever the number of racing deciders.
    unique('grants_request_user_dataset_key').on(t.requestId, t.userId, t.datasetId),
    index('grants_user_idx').on(t.userId),
  ],
);

export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  /** AES-256-GCM ciphertext of the private JWK under the configured key-encryption key. */
  privateJwkEncrypted: text('private_jwk_encrypted').notNull(),
  ...timestamps,
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  /** A retired key stays in the JWKS until every token it signed has expired. */
  publishUntil: timestamp('publish_until', { withTimezone: true, mode: 'date' }),
});

/**
 * Every visa the desk has signed: the register `POST /v1/visas/verify` checks a jti against, and the store
 * `/v1/me/visas` serves from while a visa is fresh. The token is sealed under the key-encryption key.
 */
export const visas = pgTable(
  'visas',
  {
    jti: text('jti').primaryKey(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id),
    kid: text('kid')
      .notNull()
      .references(() => signingKeys.kid),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    tokenSealed: text('token_sealed').notNull(),
  },
  (t) => [index('visas_grant_expires_idx').on(t.grantId, t.expiresAt)],
);

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  organizationId: uuid('organization_id')
    .notNull()
    .references(() => organizations.id),
  url: text('url').notNull(),
  /** The HMAC secret, sealed under the key-encryption key (it must be recoverable to sign deliveries). */
  secretSealed: text('secret_sealed').notNull(),
  /** Event types to deliver, or empty for all. */
  eventTypes: text('event_types').array().notNull().default(sql`'{}'`),
  /** The outbox position when the subscription was made: only later events are sent to it. */
  fromSeq: bigint('from_seq', { mode: 'number' }).notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  ...timestamps,
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => outbox.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    // One delivery per event and subscription, however many dispatchers run.
    unique('webhook_deliveries_event_subscription_key').on(t.eventId, t.subscriptionId),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending','delivered','failed')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

export const auditCheckpoints = pgTable('audit_checkpoints', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  /** The audit seq of the last entry covered, to resume from. */
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  rootHash: text('root_hash').notNull(),
  /** The tree's frontier (perfect-subtree roots), so the next checkpoint only hashes the new entries. */
  frontier: jsonb('frontier').$type<{ height: number; hash: string }[]>().notNull(),
  signature: text('signature').notNull(),
  kid: text('kid').notNull(),
  ...timestamps,
});

/**
 * Roots of the audit tree's perfect subtrees of 8 leaves and more, stored as checkpoints complete them, so a
 * proof reads a few of them instead of every leaf.
 */
export const auditTreeNodes = pgTable(
  'audit_tree_nodes',
  {
    height: integer('height').notNull(),
    index: bigint('idx', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    /**
     * On the smallest stored subtrees (8 leaves), their 8 leaf hashes, hex, one after the other: a proof for an
     * entry needs its 7 neighbours' subtrees, read here in one row instead of from 7 entries. Null where the
     * checkpoint job did not see the whole block (it began in an earlier run), and on rows stored before.
     */
    leaves: text('leaves'),
  },
  (t) => [primaryKey({ columns: [t.height, t.index] })],
);

/**
 * Witnesses' cosignatures of signed tree heads: compact JWS (typ phoenix-cosignature+jws) by a key an
 * organisation registered, over the text `cosignature/v1\ntime <unix seconds>\n<checkpoint note>`.
 */
export const auditCosignatures = pgTable(
  'audit_cosignatures',
  {
    treeSize: bigint('tree_size', { mode: 'number' })
      .notNull()
      .references(() => auditCheckpoints.treeSize),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kid: text('kid').notNull(),
    /** The unix time the witness wrote in the signed text. */
    cosignedAt: bigint('cosigned_at', { mode: 'number' }).notNull(),
    signature: text('signature').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.treeSize, t.organizationId, t.kid] })],
);

export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey(),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    evaluatorOrgId: uuid('evaluator_org_id')
      .notNull()
      .references(() => organizations.id),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    gridId: text('grid_id').notNull(),
    gridVersion: text('grid_version').notNull(),
    /** SHA-256 of the grid's canonical JSON: what exactly the desk was scored against. */
    gridHash: text('grid_hash').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    state: text('state').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    scores: jsonb('scores').$type<Scores>().notNull(),
    /** Frozen at submission: scores, figures and the signed document. */
    submitted: jsonb('submitted').$type<Record<string, unknown>>(),
    /** The evaluator organisation's compact JWS over `submitted`, made with its own key `signature_kid`. */
    signature: text('signature'),
    signatureKid: text('signature_kid'),
    /** The desk's receipt for the signature (its own JWS, never a partner's). */
    receipt: text('receipt'),
    countersignedBy: uuid('countersigned_by').references(() => users.id),
    countersignedOrgId: uuid('countersigned_org_id').references(() => organizations.id),
    /** The auditor organisation's compact JWS, made with its own key `countersignature_kid`. */
    countersignature: text('countersignature'),
    countersignatureKid: text('countersignature_kid'),
    countersignatureReceipt: text('countersignature_receipt'),
    /** The version this one replaces, after a dispute. */
    supersedes: uuid('supersedes').references((): AnyPgColumn => evaluations.id),
    ...timestamps,
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'evaluations_state_check',
      sql`${t.state} in ('draft','submitted','countersigned','disputed','superseded')`,
    ),
    index('evaluations_desk_idx').on(t.deskId),
    // A version is replaced once.
    unique('evaluations_supersedes_key').on(t.supersedes),
  ],
);

/** An auditor's objections to chosen criteria of a submitted evaluation, the evaluator's answer, and the
 * version that resolved it. */
export const evaluationDisputes = pgTable(
  'evaluation_disputes',
  {
    id: uuid('id').primaryKey(),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => evaluations.id),
    auditorId: uuid('auditor_id')
      .notNull()
      .references(() => users.id),
    auditorOrgId: uuid('auditor_org_id')
      .notNull()
      .references(() => organizations.id),
    criteria: jsonb('criteria').$type<{ criterion: string; comment: string }[]>().notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
    answer: jsonb('answer').$type<{ criterion: string; comment: string }[]>(),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    resolvedBy: uuid('resolved_by').references(() => evaluations.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    /** The auditor organisation's compact JWS over the dispute, with its own key `signature_kid`. */
    signature: text('signature'),
    signatureKid: text('signature_kid'),
    /** The desk's receipt for the signature. */
    receipt: text('receipt'),
  },
  (t) => [
    // One dispute per evaluation version: a disputed version is answered and replaced, not disputed again.
    unique('evaluation_disputes_evaluation_key').on(t.evaluationId),
  ],
);

/**
 * The figures' inputs of a submitted evaluation, frozen as signed (the signed document holds their SHA-256):
 * the evidence bundle carries them without recomputing them, and still can after the records they come from
 * were purged. Apart from the evaluation's row, which lists read: for a large desk they weigh megabytes.
 */
export const evaluationFigureInputs = pgTable('evaluation_figure_inputs', {
  evaluationId: uuid('evaluation_id')
    .primaryKey()
    .references(() => evaluations.id),
  inputs: jsonb('inputs').$type<FiguresInputs>().notNull(),
});

/**
 * Writes the desk refused (403/404) to an authenticated caller, counted per caller, operation and hour: a
 * desk sees probing without a flood of refusals growing the audit log (one entry per row, when it opens).
 */
export const deniedWrites = pgTable(
  'denied_writes',
  {
    callerId: uuid('caller_id')
      .notNull()
      .references(() => users.id),
    /** `METHOD /route/:pattern`, never the raw URL. */
    operation: text('operation').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull(),
    /** The first distinct targets named (at most DENIED_TARGETS_KEPT). */
    targets: jsonb('targets').$type<string[]>().notNull(),
    lastStatus: integer('last_status').notNull(),
    lastAt: timestamp('last_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.callerId, t.operation, t.windowStart] }),
    index('denied_writes_window_idx').on(t.windowStart),
  ],
);

/**
 * Remote DCAT-AP catalogues a platform admin registered for harvesting (issue 13, docs/adr/0013): their
 * records are published under `provider_id`. `etag` and `last_modified` are the first page's validators from
 * the last complete run, sent back as If-None-Match / If-Modified-Since.
 */
export const harvestSources = pgTable(
  'harvest_sources',
  {
    id: uuid('id').primaryKey(),
    url: text('url').notNull(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => organizations.id),
    /** `every <n>h`, `daily <HH:MM>` (Europe/Paris) or `manual` (see domain/harvest-schedule.ts). */
    schedule: text('schedule').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    version: integer('version').notNull().default(1),
    nextRunAt: timestamp('next_run_at', { withTimezone: true, mode: 'date' }),
    /** Set while a run holds the source, so a scheduled and a manual run never overlap. */
    runningSince: timestamp('running_since', { withTimezone: true, mode: 'date' }),
    etag: text('etag'),
    lastModified: text('last_modified'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    ...timestamps,
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    unique('harvest_sources_url_key').on(t.url),
    index('harvest_sources_due_idx').on(t.nextRunAt).where(sql`enabled`),
  ],
);

/** One harvest of a source: its counts and the records it could not take, each with its problem. */
export const harvestRuns = pgTable(
  'harvest_runs',
  {
    id: uuid('id').primaryKey(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => harvestSources.id),
    trigger: text('trigger').notNull(),
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    counts: jsonb('counts').$type<HarvestCounts>().notNull(),
    errors: jsonb('errors').$type<HarvestRecordError[]>().notNull(),
    /** Why the run stopped short (a page that could not be fetched or read), if it did. */
    failure: text('failure'),
    startedBy: uuid('started_by').references(() => users.id),
  },
  (t) => [
    check(
      'harvest_runs_status_check',
      sql`${t.status} in ('running','succeeded','not_modified','incomplete','failed')`,
    ),
    index('harvest_runs_source_idx').on(t.sourceId, t.startedAt),
  ],
);

/** Which dataset a source's record became, and the digest of the descriptor it last mapped to. */
export const harvestedRecords = pgTable(
  'harvested_records',
  {
    sourceId: uuid('source_id')
      .notNull()
      .references(() => harvestSources.id),
    remoteIri: text('remote_iri').notNull(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    digest: text('digest').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.remoteIri] }),
    uniqueIndex('harvested_records_dataset_key').on(t.datasetId),
  ],
);
