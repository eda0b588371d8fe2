// Which database failures mean "not now" rather than "a bug": the database is gone, starting, full, or gave
// up waiting. They answer 503 with Retry-After (RFC 9110 §10.2.3) so that clients try again.
import { Problem } from '../domain/problem';

export interface DatabaseUnavailable {
  problem: Problem;
  retryAfterSeconds: number;
  /** The SQLSTATE or driver code, for the operators' log. */
  code: string;
}

// SQLSTATEs from PostgreSQL's appendix A. Class 08 (connection exception) is matched by its prefix.
const GONE = new Set([
  '57P01', // admin_shutdown: the session was terminated (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or stopping
  '53300', // too_many_connections
]);
const GAVE_UP = new Set([
  '55P03', // lock_not_available: lock_timeout expired
  '57014', // query_canceled: statement_timeout expired
  '40P01', // deadlock_detected: this transaction was chosen to end
  '40001', // serialization_failure
]);
// postgres.js's own codes, and the socket's, for a connection that is lost or cannot be made.
const NO_CONNECTION = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The pool reconnects within about a second; a restarted server takes a few. */
const RETRY_AFTER_GONE_S = 2;
const RETRY_AFTER_GAVE_UP_S = 1;

/** The problem to answer when `error` (or what it wraps: drizzle wraps driver errors) is one of those. */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | undefined {
  for (let e = error, depth = 0; e instanceof Object && depth < 5; e = (e as Error).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (GONE.has(code) || NO_CONNECTION.has(code) || code.startsWith('08')) {
      return {
        problem: new Problem('unavailable', 'the database is unavailable; try again shortly'),
        retryAfterSeconds: RETRY_AFTER_GONE_S,
        code,
      };
    }
    if (GAVE_UP.has(code)) {
      return {
        problem: new Problem('unavailable', 'the database is busy with conflicting work; try again shortly'),
        retryAfterSeconds: RETRY_AFTER_GAVE_UP_S,
        code,
      };
    }
  }
  return undefined;
}
