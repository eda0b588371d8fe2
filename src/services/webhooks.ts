// Webhooks: per-organisation subscriptions, and the dispatcher that delivers outbox events as signed POSTs,
// retried with exponential backoff for up to 12 hours, each attempt logged.
import { and, asc, desc, eq, isNull, max, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { open, seal } from '../crypto/key-encryption';
import { outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema';
import { inTransaction } from '../db/unit-of-work';
import { fail, type Outcome, succeed } from '../domain/problem';
import type { Deps, Principal } from './deps';

export const RETRY_WINDOW_MS = 12 * 3600_000;
const FIRST_RETRY_MS = 30_000;
const MAX_BACKOFF_MS = 3600_000;

/** 30 s, 1 min, 2 min, … capped at an hour: about 16 attempts in the 12-hour window. */
export function backoff(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export interface WebhookView {
  id: string;
  organizationId: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

const toView = (r: typeof webhookSubscriptions.$inferSelect): WebhookView => ({
  id: r.id,
  organizationId: r.organizationId,
  url: r.url,
  eventTypes: r.eventTypes,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});

/** Members of the organisation and platform admins manage its subscriptions. */
const canManage = (p: Principal, organizationId: string) =>
  p.isPlatformAdmin || p.memberships.some((m) => m.organizationId === organizationId);

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function createSubscription(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  input: { url: string; eventTypes: string[] },
): Promise<Outcome<WebhookView & { secret: string }>> {
  if (!canManage(principal, organizationId)) return fail('not_found', 'no such organisation');
  const url = new URL(input.url);
  // Receivers get health-data events: outside development they must be reached over TLS.
  if (url.protocol !== 'https:' && !(deps.allowHttpWebhooks && url.protocol === 'http:')) {
    return fail('validation_failed', 'webhook URLs must use https', [
      { pointer: '/url', message: 'use an https:// URL' },
    ]);
  }
  const secret = randomSecret();
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const id = uuidv7();
    const [position] = await tx.select({ seq: max(outbox.seq) }).from(outbox);
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        id,
        fromSeq: position?.seq ?? 0,
        organizationId,
        url: url.toString(),
        secretSealed: await seal(deps.keyEncryptionKey, secret, id),
        eventTypes: input.eventTypes,
        createdBy: principal.userId,
        createdAt: deps.now(),
      })
      .returning();
    audit({
      action: 'webhook.created',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { webhookId: id, url: url.toString() },
    });
    // The secret is shown once, now; afterwards only its holder and the desk (sealed) know it.
    return succeed({ ...toView(row!), secret });
  });
}

export async function listSubscriptions(
  deps: Deps,
  principal: Principal,
  organizationId: string,
): Promise<Outcome<WebhookView[]>> {
  if (!canManage(principal, organizationId)) return fail('not_found', 'no such organisation');
  const rows = await deps.db
    .select()
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.organizationId, organizationId))
    .orderBy(asc(webhookSubscriptions.id));
  return succeed(rows.map(toView));
}

export async function deleteSubscription(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  id: string,
): Promise<Outcome<null>> {
  if (!canManage(principal, organizationId)) return fail('not_found', 'no such organisation');
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ active: false })
      .where(
        and(
          eq(webhookSubscriptions.id, id),
          eq(webhookSubscriptions.organizationId, organizationId),
          eq(webhookSubscriptions.active, true),
        ),
      )
      .returning();
    if (!row) return fail('not_found', 'no such webhook');
    audit({
      action: 'webhook.deleted',
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { webhookId: id },
    });
    return succeed(null);
  });
}

/** The event type of a test delivery: sent to the one subscription it names, whatever its event types. */
export const TEST_EVENT = 'webhook.test';

/**
 * Queues a test event for one subscription, through the outbox like every other event: the next dispatch
 * delivers it (signed, retried, logged) to that subscription only, so its owner can check their receiver.
 */
export async function sendTestEvent(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  webhookId: string,
): Promise<Outcome<{ webhookId: string }>> {
  if (!canManage(principal, organizationId)) return fail('not_found', 'no such organisation');
  return inTransaction(deps.db, principal.userId, deps.now, async ({ tx, audit }) => {
    const [row] = await tx
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.id, webhookId),
          eq(webhookSubscriptions.organizationId, organizationId),
          eq(webhookSubscriptions.active, true),
        ),
      );
    if (!row) return fail('not_found', 'no such webhook');
    audit({
      action: TEST_EVENT,
      subjectType: 'organization',
      subjectId: organizationId,
      payload: { webhookId },
      audience: [organizationId],
    });
    return succeed({ webhookId });
  });
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export async function listDeliveries(
  deps: Deps,
  principal: Principal,
  organizationId: string,
  webhookId: string,
): Promise<Outcome<DeliveryView[]>> {
  if (!canManage(principal, organizationId)) return fail('not_found', 'no such organisation');
  const rows = await deps.db
    .select({ d: webhookDeliveries, type: outbox.eventType })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, webhookId),
        eq(webhookSubscriptions.organizationId, organizationId),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(100);
  return succeed(
    rows.map(({ d, type }) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: type,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
  );
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Headers a receiver checks: HMAC-SHA256 over "<timestamp>.<body>" with the subscription's secret. */
export async function signDelivery(
  secret: string,
  eventId: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'x-phoenix-event-id': eventId,
    'x-phoenix-timestamp': String(timestamp),
    'x-phoenix-signature': `sha256=${await hmacHex(secret, `${timestamp}.${body}`)}`,
  };
}

export interface DispatchReport {
  fannedOut: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** Creates the deliveries of new outbox events, then attempts those due. Safe to run from several places. */
export async function dispatchWebhooks(
  deps: Deps,
  fetchImpl: typeof fetch = fetch,
  batch = 50,
): Promise<DispatchReport> {
  const report: DispatchReport = { fannedOut: 0, delivered: 0, retried: 0, failed: 0 };
  const now = deps.now();
  const fresh = await deps.db
    .select()
    .from(outbox)
    .where(isNull(outbox.deliveredAt))
    .orderBy(asc(outbox.seq))
    .limit(500);
  if (fresh.length) {
    await deps.db.transaction(async (tx) => {
      for (const event of fresh) {
        if (event.audience.length > 0) {
          await tx.execute(sql`
            insert into webhook_deliveries (id, event_id, subscription_id, status, attempts, next_attempt_at, created_at)
            select gen_random_uuid(), ${event.id}, s.id, 'pending', 0, ${now.toISOString()}, ${now.toISOString()}
            from webhook_subscriptions s
            where s.active and s.organization_id = any(${`{${event.audience.join(',')}}`}::uuid[])
              and ${recipients(event)}
              -- A subscription receives what happens after it is made, never the backlog before it.
              and ${event.seq} > s.from_seq
            on conflict (event_id, subscription_id) do nothing`);
        }
        await tx.update(outbox).set({ deliveredAt: now }).where(eq(outbox.id, event.id));
      }
    });
    report.fannedOut = fresh.length;
  }
  // Receivers get a subscription's events in the order they happened: only the oldest pending delivery of
  // each subscription may be attempted, so a failing one holds back those after it until it is delivered
  // (or given up). Delivering one makes the next due at once, within the same run.
  for (let attempted = 0; attempted < batch; ) {
    const heads = await deps.db
      .selectDistinctOn([webhookDeliveries.subscriptionId], {
        d: webhookDeliveries,
        s: webhookSubscriptions,
        e: outbox,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
      .where(eq(webhookDeliveries.status, 'pending'))
      .orderBy(webhookDeliveries.subscriptionId, asc(outbox.seq));
    const due = heads.filter(({ d }) => d.nextAttemptAt <= now).slice(0, batch - attempted);
    if (due.length === 0) break;
    attempted += due.length;
    for (const delivery of due) await attempt(deps, fetchImpl, now, delivery, report);
  }
  return report;
}

/** Which of the audience's subscriptions an event goes to: a test event to the one it names only. */
function recipients(event: typeof outbox.$inferSelect) {
  if (event.eventType === TEST_EVENT) return sql`s.id::text = ${String(event.payload.webhookId ?? '')}`;
  return sql`(cardinality(s.event_types) = 0 or ${event.eventType} = any(s.event_types))`;
}

interface DueDelivery {
  d: typeof webhookDeliveries.$inferSelect;
  s: typeof webhookSubscriptions.$inferSelect;
  e: typeof outbox.$inferSelect;
}

/** One claimed attempt of one delivery, its outcome recorded on the delivery and counted in `report`. */
async function attempt(
  deps: Deps,
  fetchImpl: typeof fetch,
  now: Date,
  { d, s, e }: DueDelivery,
  report: DispatchReport,
): Promise<void> {
  // Claim the attempt first, so a concurrent dispatcher skips it.
  const claimed = await deps.db
    .update(webhookDeliveries)
    .set({ attempts: d.attempts + 1, nextAttemptAt: new Date(now.getTime() + backoff(d.attempts + 1)) })
    .where(
      and(
        eq(webhookDeliveries.id, d.id),
        eq(webhookDeliveries.attempts, d.attempts),
        eq(webhookDeliveries.status, 'pending'),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  if (claimed.length === 0) return;
  const body = JSON.stringify({
    id: e.id,
    type: e.eventType,
    occurredAt: e.createdAt.toISOString(),
    data: e.payload,
  });
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const secret = await open(deps.keyEncryptionKey, s.secretSealed, s.id);
    const res = await fetchImpl(s.url, {
      method: 'POST',
      headers: await signDelivery(secret, e.id, Math.floor(now.getTime() / 1000), body),
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    statusCode = res.status;
    await res.body?.cancel();
  } catch (err) {
    error = err instanceof Error ? err.message.slice(0, 500) : 'delivery failed';
  }
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const expired = now.getTime() - d.createdAt.getTime() + backoff(d.attempts + 1) > RETRY_WINDOW_MS;
  const status = ok ? 'delivered' : expired ? 'failed' : 'pending';
  await deps.db
    .update(webhookDeliveries)
    .set({
      status,
      lastStatusCode: statusCode,
      lastError: ok ? null : (error ?? `HTTP ${statusCode}`),
      deliveredAt: ok ? now : null,
    })
    .where(eq(webhookDeliveries.id, d.id));
  if (ok) report.delivered++;
  else if (status === 'failed') report.failed++;
  else report.retried++;
}
