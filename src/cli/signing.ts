// The command line as a partner's signing client: it makes an organisation's ES256 key in a file only its
// owner reads, registers the public half with a desk, and signs evaluations, countersignatures and disputes
// itself, so that the private key never leaves the partner's machine. The desk is reached over HTTP: the
// server holding the local data folder, or any desk named by --desk.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Config } from '../config/config';
import { canonicalJson, sha256Hex } from '../domain/canonical-json';
import type { Violation } from '../validation/violation';
import { ServerRefusal } from './desk-server';

type Values = Record<string, string | boolean | undefined>;

/** The shape of a command of main.ts. */
interface Command {
  synopsis: string;
  summary: string[];
  options?: Record<string, { type: 'string' | 'boolean'; required?: boolean }>;
  positionals?: string[];
  run(values: Values, positionals: string[]): Promise<number>;
}

/** What the commands borrow from main.ts: its errors and the way to the local server. */
export interface SigningKit {
  /** A failure the user can act on (exit 1). */
  Failure: new (
    message: string,
  ) => Error;
  /** Something wrong in what was typed (exit 2, with the usage). */
  UsageError: new (
    message: string,
  ) => Error;
  loadConfig(): Config;
  /** The server holding the local data folder, if one runs. */
  runningServer(config: Config): { url: string } | undefined;
  /** A dev-issuer token for `subject`, from the local dev issuer. */
  devToken(config: Config, subject: string): Promise<string>;
}

export const EVALUATION_TYP = 'phoenix-evaluation+jws';
export const COUNTERSIGNATURE_TYP = 'phoenix-countersignature+jws';
export const DISPUTE_TYP = 'phoenix-dispute+jws';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A private ES256 key as the key file holds it: a JWK with its kid (the RFC 7638 thumbprint). */
export interface KeyFile {
  jwk: JWK & { kid: string };
  privateKey: CryptoKey;
  publicJwk: JWK & { kid: string };
  thumbprint: string;
}

/** The public half of a P-256 JWK, as the desk registers it. */
function publicHalf(jwk: JWK): JWK {
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}

/** Makes a new P-256 key: the private JWK to keep, the public JWK to register, and its thumbprint. */
export async function newSigningKey(): Promise<{ jwk: JWK & { kid: string }; thumbprint: string }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const exported = await exportJWK(privateKey);
  const thumbprint = await calculateJwkThumbprint(publicHalf(exported), 'sha256');
  return {
    jwk: { ...publicHalf(exported), d: exported.d!, kid: thumbprint, alg: 'ES256', use: 'sig' },
    thumbprint,
  };
}

/**
 * Reads a key file: refused when others may read it (as ssh refuses an open private key), when it is not a
 * private P-256 JWK, or when its kid is missing.
 */
export async function readKeyFile(file: string, fail: (message: string) => Error): Promise<KeyFile> {
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0)
      throw fail(`${file} may be read by others (mode ${mode.toString(8)}): chmod 600 ${file}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && !('code' in e)) throw e;
    throw fail(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw fail(`${file} is not a JSON key file`);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string')
    throw fail(`${file} is not a private P-256 key (keys generate makes one)`);
  let privateKey: CryptoKey;
  try {
    // The key signs, and is never exported again.
    privateKey = (await importJWK({ ...publicHalf(jwk), d: jwk.d }, 'ES256', {
      extractable: false,
    })) as CryptoKey;
  } catch {
    throw fail(`${file} does not hold a valid P-256 key`);
  }
  const thumbprint = await calculateJwkThumbprint(publicHalf(jwk), 'sha256');
  const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : thumbprint;
  return {
    jwk: { ...jwk, kid },
    privateKey,
    publicJwk: { ...publicHalf(jwk), kid, alg: 'ES256', use: 'sig' },
    thumbprint,
  };
}

/** A compact JWS (ES256, header alg, kid and typ) over the canonical JSON of the document. */
export function signDocument(key: KeyFile, typ: string, document: unknown): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(document)))
    .setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid, typ })
    .sign(key.privateKey);
}

/** A desk's API as one signed-in caller sees it; refusals become ServerRefusal with their violations. */
export interface DeskApi {
  base: string;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

export function deskApi(base: string, token: string): DeskApi {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(new URL(path, base), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new ServerRefusal(`cannot reach the desk at ${base} (${cause})`);
    }
    const answer = (await res.json().catch(() => undefined)) as
      | { detail?: string; title?: string; violations?: Violation[] }
      | undefined;
    if (!res.ok) {
      throw new ServerRefusal(
        `the desk answered ${res.status}: ${answer?.detail ?? answer?.title ?? res.statusText}`,
        answer?.violations ?? [],
      );
    }
    return answer;
  }
  return { base, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

const DESK_OPTIONS = {
  desk: { type: 'string' },
  as: { type: 'string' },
} as const;

const DESK_HELP = [
  'The desk is --desk <url>, or the server holding the local data folder. The caller is the bearer token in',
  'PHOENIX_TOKEN, or --as <subject> with the local dev issuer (development without OIDC only).',
];

export function signingCommands(kit: SigningKit): Record<string, Command> {
  const { Failure, UsageError } = kit;
  const fail = (message: string) => new Failure(message);

  /** The desk and the caller's token, from --desk, --as and PHOENIX_TOKEN. */
  async function connect(values: Values): Promise<DeskApi> {
    const subject = values.as === undefined ? undefined : String(values.as);
    const token = process.env.PHOENIX_TOKEN?.trim();
    if (subject !== undefined && token) throw new UsageError('give --as or PHOENIX_TOKEN, not both');
    let base = values.desk === undefined ? undefined : String(values.desk);
    if (base !== undefined && !/^https?:\/\/[^/]/i.test(base))
      throw new UsageError('--desk is the desk’s http(s) base URL');
    let config: Config | undefined;
    if (base === undefined || subject !== undefined) config = kit.loadConfig();
    if (base === undefined) {
      base = kit.runningServer(config!)?.url;
      if (!base)
        throw fail(
          `no desk server holds the data folder ${config!.dataDir}: start it (npm start) or give --desk`,
        );
    }
    if (subject !== undefined) {
      if (!config!.devIssuer) throw fail('--as needs the dev issuer, which is off here: set PHOENIX_TOKEN');
      return deskApi(base, await kit.devToken(config!, subject));
    }
    if (!token) throw new UsageError('say who signs: --as <subject> or a bearer token in PHOENIX_TOKEN');
    return deskApi(base, token);
  }

  const keyOf = (values: Values) => readKeyFile(String(values.key), fail);

  /** Prints what was stored: the signature's digest, the key that made it and the desk's receipt. */
  async function report(what: string, jws: string, key: KeyFile, receipt: unknown) {
    console.log(`${what}: signature sha256 ${await sha256Hex(jws)}`);
    console.log(`signed with key ${key.jwk.kid} (thumbprint ${key.thumbprint})`);
    if (typeof receipt === 'string') console.log(`desk receipt sha256 ${await sha256Hex(receipt)}`);
  }

  /** Fetches a signing document and checks that it is about this evaluation and of the expected kind. */
  async function signingDocument(api: DeskApi, path: string, id: string, typ: string) {
    const answer = (await api.get(path)) as { typ?: unknown; document?: Record<string, unknown> };
    if (answer?.typ !== typ || typeof answer.document !== 'object' || answer.document === null)
      throw fail(`the desk sent no ${typ} document to sign`);
    if (answer.document.evaluation !== id)
      throw fail(
        `the desk sent a document about evaluation ${String(answer.document.evaluation)}, not ${id}`,
      );
    return answer.document;
  }

  /**
   * The evaluation's signature as the desk shows it, its digest checked against what the countersigning
   * document names: a client signs only what it has seen.
   */
  async function evaluationSignature(api: DeskApi, id: string, named: unknown): Promise<string> {
    const view = (await api.get(`/v1/evaluations/${id}`)) as { signature?: unknown };
    if (typeof view.signature !== 'string') throw fail(`evaluation ${id} is not signed yet`);
    const digest = await sha256Hex(view.signature);
    if (named !== undefined && named !== digest)
      throw fail('the document names another signature than the evaluation shows');
    return digest;
  }

  return {
    'keys generate': {
      synopsis: '<file>',
      summary: [
        'make an ES256 (P-256) signing key in a new file only you may read (mode 600)',
        'Prints the public JWK and its RFC 7638 thumbprint, never the private key. The file is not overwritten.',
      ],
      positionals: ['<file>'],
      async run(_values, [file]) {
        const { jwk, thumbprint } = await newSigningKey();
        try {
          writeFileSync(file!, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
          chmodSync(file!, 0o600);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw fail(
            code === 'EEXIST' ? `${file} exists: choose another file` : `cannot write ${file} (${code})`,
          );
        }
        const { d: _private, ...publicJwk } = jwk;
        console.log(JSON.stringify(publicJwk, null, 2));
        console.log(`thumbprint ${thumbprint}`);
        process.stderr.write(`private key written to ${file} (mode 600): keep it there, never send it\n`);
        return 0;
      },
    },
    'keys register': {
      synopsis: '<organisation id or slug> <file> [--desk <url>] [--as <subject>]',
      summary: [
        'register the public half of a key file as a signing key of your organisation on the desk',
        'Only the public JWK is sent. You must be a member of the organisation.',
        ...DESK_HELP,
      ],
      options: DESK_OPTIONS,
      positionals: ['<organisation>', '<file>'],
      async run(values, [organization, file]) {
        const key = await readKeyFile(file!, fail);
        const api = await connect(values);
        let organizationId = organization!;
        if (!UUID.test(organizationId)) {
          const { items } = (await api.get('/v1/organizations')) as { items: { id: string; slug: string }[] };
          const found = items.find((o) => o.slug === organizationId);
          if (!found) throw fail(`no organisation ${organizationId} on ${api.base}`);
          organizationId = found.id;
        }
        const view = (await api.post(`/v1/organizations/${organizationId}/keys`, {
          jwk: key.publicJwk,
        })) as { kid: string; thumbprint: string };
        console.log(
          `registered key ${view.kid} (thumbprint ${view.thumbprint}) for organisation ${organizationId}`,
        );
        return 0;
      },
    },
    'evaluation submit': {
      synopsis: '<evaluation id> --key <file> [--desk <url>] [--as <subject>]',
      summary: [
        'sign a complete draft evaluation with your organisation’s key and submit it',
        'The desk prepares the document (scores, figures and their inputs); it is signed here, and only the',
        'signature is sent.',
        ...DESK_HELP,
      ],
      options: { key: { type: 'string', required: true }, ...DESK_OPTIONS },
      positionals: ['<evaluation id>'],
      async run(values, [id]) {
        if (!UUID.test(id!)) throw new UsageError('<evaluation id> is a UUID');
        const key = await keyOf(values);
        const api = await connect(values);
        const document = await signingDocument(
          api,
          `/v1/evaluations/${id}/signing-document`,
          id!,
          EVALUATION_TYP,
        );
        const signature = await signDocument(key, EVALUATION_TYP, document);
        const view = (await api.post(`/v1/evaluations/${id}/submit`, { signature })) as {
          state: string;
          receipt?: unknown;
        };
        await report(`evaluation ${id} ${view.state}`, signature, key, view.receipt);
        return 0;
      },
    },
    'evaluation countersign': {
      synopsis: '<evaluation id> --key <file> [--organization <id>] [--desk <url>] [--as <subject>]',
      summary: [
        'countersign a submitted evaluation with your organisation’s key',
        '--organization names your auditor organisation when you audit the desk for more than one.',
        ...DESK_HELP,
      ],
      options: { key: { type: 'string', required: true }, organization: { type: 'string' }, ...DESK_OPTIONS },
      positionals: ['<evaluation id>'],
      async run(values, [id]) {
        if (!UUID.test(id!)) throw new UsageError('<evaluation id> is a UUID');
        const organization = values.organization === undefined ? undefined : String(values.organization);
        const key = await keyOf(values);
        const api = await connect(values);
        const query = organization ? `?${new URLSearchParams({ organization })}` : '';
        const document = await signingDocument(
          api,
          `/v1/evaluations/${id}/countersigning-document${query}`,
          id!,
          COUNTERSIGNATURE_TYP,
        );
        if (organization && document.auditorOrganization !== organization)
          throw fail(`the desk prepared the countersignature for ${String(document.auditorOrganization)}`);
        await evaluationSignature(api, id!, document.evaluationSignature);
        const signature = await signDocument(key, COUNTERSIGNATURE_TYP, document);
        const view = (await api.post(`/v1/evaluations/${id}/countersign`, { signature })) as {
          state: string;
          countersignatureReceipt?: unknown;
        };
        await report(`evaluation ${id} ${view.state}`, signature, key, view.countersignatureReceipt);
        return 0;
      },
    },
    'evaluation dispute': {
      synopsis:
        '<evaluation id> --key <file> --criteria <file.json> [--organization <id>] [--desk <url>] [--as <subject>]',
      summary: [
        'dispute a submitted evaluation, signed with your organisation’s key',
        '--criteria is a JSON file: [{ "criterion": "<criterion id>", "comment": "<why>" }, …].',
        '--organization names your auditor organisation when you audit the desk for more than one.',
        ...DESK_HELP,
      ],
      options: {
        key: { type: 'string', required: true },
        criteria: { type: 'string', required: true },
        organization: { type: 'string' },
        ...DESK_OPTIONS,
      },
      positionals: ['<evaluation id>'],
      async run(values, [id]) {
        if (!UUID.test(id!)) throw new UsageError('<evaluation id> is a UUID');
        const criteria = readCriteria(String(values.criteria), fail);
        const organization = values.organization === undefined ? undefined : String(values.organization);
        const key = await keyOf(values);
        const api = await connect(values);
        // The auditor organisation and the evaluation's signature as the desk names them for this caller.
        const query = organization ? `?${new URLSearchParams({ organization })}` : '';
        const prepared = await signingDocument(
          api,
          `/v1/evaluations/${id}/countersigning-document${query}`,
          id!,
          COUNTERSIGNATURE_TYP,
        );
        const document = {
          evaluation: id,
          evaluationSignature: await evaluationSignature(api, id!, prepared.evaluationSignature),
          auditorOrganization: organization ?? prepared.auditorOrganization,
          criteria,
          disputedAt: new Date().toISOString(),
        };
        const signature = await signDocument(key, DISPUTE_TYP, document);
        await api.post(`/v1/evaluations/${id}/dispute`, { criteria, signature });
        await report(`evaluation ${id} disputed`, signature, key, undefined);
        return 0;
      },
    },
  };
}

/** The disputed criteria from a JSON file: an array of { criterion, comment } (the desk checks the rest). */
function readCriteria(
  file: string,
  fail: (message: string) => Error,
): { criterion: string; comment: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(code ? `cannot read ${file} (${code})` : `${file} is not JSON`);
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as Record<string, unknown>).criterion === 'string' &&
        typeof (c as Record<string, unknown>).comment === 'string' &&
        Object.keys(c).length === 2,
    );
  if (!ok) throw fail(`${file}: expected [{ "criterion": "…", "comment": "…" }, …]`);
  return (parsed as { criterion: string; comment: string }[]).map((c) => ({
    criterion: c.criterion,
    comment: c.comment,
  }));
}
