// Idempotency-Key for creating POSTs: a replay returns the first answer; the same key with another body is 422.
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { idempotencyKeys } from '../db/schema';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { Problem } from '../domain/problem';
import type { AppEnv } from './context';
import { requirePrincipal } from './respond';

export interface Created {
  status: 200 | 201;
  body: unknown;
  headers?: Record<string, string>;
}

export async function withIdempotency(
  c: Context<AppEnv>,
  request: unknown,
  create: () => Promise<Created>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (!key) return send(c, await create());
  if (key.length > 200) throw new Problem('bad_request', 'Idempotency-Key is at most 200 characters');
  const principal = requirePrincipal(c);
  const { db } = c.get('services');
  const route = `${c.req.method} ${c.req.path}`;
  const requestHash = await sha256Hex(`${route}\n${canonicalJson(request)}`);
  const find = async () =>
    (
      await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, principal.userId), eq(idempotencyKeys.key, key)))
    )[0];
  const previous = await find();
  if (previous) return replay(c, previous, requestHash);
  const created = await create();
  const stored = await db
    .insert(idempotencyKeys)
    .values({
      userId: principal.userId,
      key,
      route,
      requestHash,
      status: created.status,
      body: created.body as object,
      headers: created.headers ?? {},
      createdAt: new Date(),
    })
    .onConflictDoNothing()
    .returning();
  if (stored.length === 0) {
    // Another request with the same key won the race; answer as it did.
    const winner = await find();
    if (winner) return replay(c, winner, requestHash);
  }
  return send(c, created);
}

function replay(c: Context<AppEnv>, previous: typeof idempotencyKeys.$inferSelect, requestHash: string) {
  if (previous.requestHash !== requestHash) {
    throw new Problem('idempotency_key_reused', 'this Idempotency-Key was used with another request');
  }
  return send(c, {
    status: previous.status as 200 | 201,
    body: previous.body,
    headers: { ...previous.headers, 'idempotent-replayed': 'true' },
  });
}

function send(c: Context<AppEnv>, created: Created): Response {
  return c.json(created.body as object, created.status, created.headers);
}
