// The postgres.js settings both runtimes share: statement timeouts, and how a lost connection comes back.
import type postgres from 'postgres';
import type { DatabaseTimeouts } from '../config/config';

/** A connection that cannot be made in this time fails its queries (503) instead of holding them. */
const CONNECT_TIMEOUT_S = 5;
/** The longest wait between two attempts to reconnect: queries waiting for a connection during an outage fail
 * this often per connection, and the desk serves again this soon after the database returns. */
const MAX_RECONNECT_DELAY_S = 0.25;

export function postgresOptions(timeouts: DatabaseTimeouts) {
  return {
    // Startup parameters: set for the session by the server itself, before any statement, on every
    // connection and every reconnection, so that no statement of the desk waits on a lock or runs unbounded.
    connection: {
      lock_timeout: timeouts.lockMs,
      statement_timeout: timeouts.statementMs,
      // JIT compiles a plan's expressions when its estimated cost is high. The desk's bulk statements (proofs
      // over thousands of entries, evidence bundles) are often estimated from unknown array sizes, and the
      // compiling cost more than it saved: 1.6 s for a 0.6 s statement in the evidence bench.
      jit: 'off',
    },
    connect_timeout: CONNECT_TIMEOUT_S,
    // postgres.js waits up to 20 s between attempts after repeated failures; during an outage every query
    // would wait that long before failing, and the desk would stay down that long after the database is back.
    backoff: (attempt: number) => Math.min(0.025 * 2 ** attempt, MAX_RECONNECT_DELAY_S),
  } satisfies postgres.Options<Record<string, never>>;
}
