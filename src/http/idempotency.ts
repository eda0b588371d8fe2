// Idempotency-Key for creating POSTs: a replay returns the first answer; the same key with another body is 422.
//
// The key is claimed in the same transaction as the write it protects: concurrent retries with one key wait
// on the key's row, and exactly one of them writes; a write that committed is found by its key even when its
// answer never reached the caller.
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Database } from '../db/database';
import { idempotencyKeys } from '../db/schema';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import { Problem } from '../domain/problem';
import type { AppEnv, AppServices } from './context';
import { requirePrincipal } from './respond';

/** What a create answers: the handler sends it with c.json, so the route's documented schema checks the body. */
export interface Created<T, S extends 200 | 201 = 201> {
  status: S;
  body: T;
  headers?: Record<string, string>;
}

type StoredKey = typeof idempotencyKeys.$inferSelect;

/** Thrown inside the transaction to roll back a claim that another request already holds. */
class AlreadyClaimed extends Error {}

/**
 * Runs `create` with the services it must use: inside the key's transaction when the caller sent a key
 * (the services' transactions then nest as savepoints), as they are otherwise.
 */
export async function withIdempotency<T, S extends 200 | 201>(
  c: Context<AppEnv>,
  request: unknown,
  create: (services: AppServices) => Promise<Created<T, S>>,
): Promise<Created<T, S>> {
  const services = c.get('services');
  const key = c.req.header('idempotency-key');
  if (!key) return create(services);
  if (key.length > 200) throw new Problem('bad_request', 'Idempotency-Key is at most 200 characters');
  const principal = requirePrincipal(c);
  const route = `${c.req.method} ${c.req.path}`;
  const requestHash = await sha256Hex(`${route}\n${canonicalJson(request)}`);
  const find = async () =>
    (
      await services.db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, principal.userId), eq(idempotencyKeys.key, key)))
    )[0];

  const previous = await find();
  if (previous) return replay<T, S>(previous, requestHash);
  try {
    const created = await services.db.transaction(async (tx) => {
      // A concurrent claim of the same key blocks here until the first commits (then this one does nothing
      // and replays) or rolls back (then this one proceeds).
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({
          userId: principal.userId,
          key,
          route,
          requestHash,
          status: 0,
          body: {},
          headers: {},
          createdAt: services.now(),
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) throw new AlreadyClaimed();
      // The context serves the same transaction while the create runs, so a handler that reads its services
      // from the context rather than the argument still writes inside the claim (on PGlite, a write outside
      // it would wait for the claim's transaction to end: for ever).
      const inClaim: AppServices = { ...services, db: tx as unknown as Database };
      c.set('services', inClaim);
      let result: Created<T, S>;
      try {
        result = await create(inClaim);
      } finally {
        c.set('services', services);
      }
      await tx
        .update(idempotencyKeys)
        .set({ status: result.status, body: result.body as object, headers: result.headers ?? {} })
        .where(and(eq(idempotencyKeys.userId, principal.userId), eq(idempotencyKeys.key, key)));
      return result;
    });
    return created;
  } catch (e) {
    if (!(e instanceof AlreadyClaimed)) throw e;
    const winner = await find();
    if (!winner) throw new Problem('conflict', 'a request with this Idempotency-Key is still in progress');
    return replay<T, S>(winner, requestHash);
  }
}

/** The first answer again: it was stored from this route's own Created, so it has the route's shape. */
function replay<T, S extends 200 | 201>(previous: StoredKey, requestHash: string): Created<T, S> {
  if (previous.requestHash !== requestHash) {
    throw new Problem('idempotency_key_reused', 'this Idempotency-Key was used with another request');
  }
  return {
    status: previous.status as S,
    body: previous.body as T,
    headers: { ...previous.headers, 'idempotent-replayed': 'true' },
  };
}
