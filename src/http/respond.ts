// Small helpers that turn service outcomes into HTTP answers.
import type { Context } from 'hono';
import { type Outcome, Problem } from '../domain/problem';
import type { Identity, Principal } from '../services/deps';
import type { AppEnv } from './context';

/** The value of a successful outcome; a failed one leaves through the app's error handler. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.problem;
  return outcome.value;
}

export function requirePrincipal(c: Context<AppEnv>): Principal {
  const p = c.get('principal');
  if (!p) throw new Problem('unauthenticated', 'a bearer token is required');
  return p;
}

/** The verified caller on routes that need no roles (see the authenticate middleware). */
export function requireIdentity(c: Context<AppEnv>): Identity {
  const identity = c.get('identity');
  if (!identity) throw new Problem('unauthenticated', 'a bearer token is required');
  return identity;
}

export const etagOf = (version: number) => `"${version}"`;

/** Parses If-Match into the expected version: 428 when absent, 412 when it names no version of ours. */
export function expectedVersion(c: Context<AppEnv>): number {
  const header = c.req.header('if-match');
  if (!header) throw new Problem('precondition_required', 'send If-Match with the ETag you last read');
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw new Problem('precondition_failed', 'If-Match does not name a version of this resource');
  return Number(match[1]);
}
