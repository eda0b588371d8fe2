// The command line's way through a running desk server, for the commands that would otherwise open the
// embedded database the server holds: a dev-issuer token for the chosen subject, then the server's own API,
// so the change is the server's, atomic with its audit entry, and survives its restart.
import { describeHolder, type LockRecord } from '../adapters/data-dir-lock';
import { loadOrCreateDevIssuerKey } from '../adapters/dev-secrets';
import type { Config } from '../config/config';
import { mintDevToken } from '../crypto/dev-issuer';
import type { Violation } from '../validation/violation';

export interface RunningServer extends LockRecord {
  url: string;
}

/** A call the server refused or could not answer; the message is the line to print. */
export class ServerRefusal extends Error {
  constructor(
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
    this.name = 'ServerRefusal';
  }
}

/**
 * Calls the server as `subject`. Without the dev issuer the command line has no way to sign in, so it says
 * so rather than opening the database behind the server's back.
 */
export async function callServer(
  config: Config,
  server: RunningServer,
  subject: string,
  path: string,
  init: { method: string; body?: string; contentType?: string },
): Promise<unknown> {
  if (!config.devIssuer) {
    throw new ServerRefusal(
      `${describeHolder(server)} holds the data folder, and without the dev issuer this command cannot sign in ` +
        'to it: stop the server and run the command again',
    );
  }
  const key = await loadOrCreateDevIssuerKey(config.dataDir);
  const token = await mintDevToken(key, { subject, audience: config.devIssuer.audience, ttlSeconds: 300 });
  let res: Response;
  try {
    res = await fetch(new URL(path, server.url), {
      method: init.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new ServerRefusal(`cannot reach ${describeHolder(server)} at ${server.url} (${cause})`);
  }
  const body = (await res.json().catch(() => undefined)) as
    | { detail?: string; title?: string; violations?: Violation[] }
    | undefined;
  if (!res.ok) {
    throw new ServerRefusal(
      `${describeHolder(server)} answered ${res.status}: ${body?.detail ?? body?.title ?? res.statusText}`,
      body?.violations ?? [],
    );
  }
  return body;
}
