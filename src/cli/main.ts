// The desk's command line. A usage error (unknown command or option, missing argument) is one line and the
// usage, exit code 2; a failure is one line, exit code 1. While the server holds the embedded database, the
// commands that need it go through the server, or say why they cannot.
import '../adapters/node-version';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataDirInUseError, dataDirHolder, describeHolder } from '../adapters/data-dir-lock';
import { loadOrCreateDevIssuerKey } from '../adapters/dev-secrets';
import type { NodeDesk } from '../adapters/node-desk';
import { checkDataDir, startupFailure, usesDataDir } from '../adapters/node-startup';
import { type Config, parseConfig } from '../config/config';
import { mintDevToken } from '../crypto/dev-issuer';
import { newKeyEncryptionKey } from '../crypto/key-encryption';
import { DEMO_USERS } from '../demo/cast';
import type { HarvestRunView } from '../services/harvest-sources';
import { formatViolations } from '../validation/violation';
import { callServer, type RunningServer, ServerRefusal } from './desk-server';
import { signingCommands } from './signing';

// The database, the app and the validators load only in the commands that use them, so that usage, help
// and token minting answer at once.
const nodeDesk = () => import('../adapters/node-desk');

const PROGRAM = 'npm run cli --';

type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** The arguments after the command's name, as the usage shows them. */
  synopsis: string;
  /** What it does (first line in the command list, all of it in the command's own usage). */
  summary: string[];
  options?: Record<string, { type: 'string' | 'boolean'; required?: boolean }>;
  /** Names of the required positional arguments, in order. */
  positionals?: string[];
  run(values: Values, positionals: string[]): Promise<number>;
}

/** A failure the user can act on: printed as `<command>: <message>`, exit code 1. */
class Failure extends Error {}

/** Something wrong in what was typed: printed with the command's usage, exit code 2. */
class UsageError extends Error {}

const PLATFORM_ADMIN = DEMO_USERS.find((u) => u.platformAdmin)!.subject;

let config: Config | undefined;

function loadConfig(): Config {
  config = parseConfig(process.env);
  if (usesDataDir(config)) checkDataDir(config.dataDir);
  return config;
}

/** The desk server holding the embedded database, if one runs. */
function runningServer(c: Config): RunningServer | undefined {
  const holder = c.databaseUrl ? undefined : dataDirHolder(c.dataDir);
  return holder?.url ? { ...holder, url: holder.url } : undefined;
}

async function withDesk<T>(c: Config, command: string, work: (desk: NodeDesk) => Promise<T>): Promise<T> {
  const opened = await (await nodeDesk()).createNodeDesk(c, { holder: { what: `${PROGRAM} ${command}` } });
  try {
    return await work(opened);
  } finally {
    await opened.database.close();
  }
}

/** Refuses a command that would change the database a running server has already prepared. */
function refuseWhileServing(c: Config, command: string, why: string): void {
  const server = runningServer(c);
  if (server) {
    throw new Failure(
      `${describeHolder(server)} holds the data folder ${c.dataDir} and ${why}: stop it to run ${command}`,
    );
  }
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    synopsis: '',
    summary: [
      'apply the migrations to the configured database',
      'Refused while the server holds the embedded database: it applied them when it started.',
    ],
    async run() {
      const c = loadConfig();
      refuseWhileServing(c, 'migrate', 'applied the migrations when it started');
      const database = await (await nodeDesk()).openNodeDatabase(c, { what: `${PROGRAM} migrate` });
      try {
        await database.migrate();
        await (await import('../services/search-index')).refreshStaleSearchColumns(database.db);
      } finally {
        await database.close();
      }
      console.log(`migrations applied (${database.kind})`);
      return 0;
    },
  },
  'seed-demo': {
    synopsis: '',
    summary: [
      'seed the demo cast on an empty database',
      'Refused while the server holds the embedded database: it seeds an empty one when it starts.',
    ],
    async run() {
      const c = loadConfig();
      if (!c.devIssuer) throw new Failure('the demo cast belongs to the dev issuer, which is off here');
      refuseWhileServing(c, 'seed-demo', 'seeds an empty database when it starts');
      const { seedDemo } = await import('../demo/seed');
      const result = await withDesk(c, 'seed-demo', (opened) =>
        seedDemo(opened.services, c.devIssuer!.issuer),
      );
      console.log(
        result.seeded
          ? `seeded the demo cast and ${result.datasets} datasets`
          : 'database not empty: nothing seeded',
      );
      return 0;
    },
  },
  token: {
    synopsis: '--sub <subject> [--ttl <seconds>]',
    summary: [
      'mint a dev-issuer token (development without OIDC only)',
      'Needs no database, so it works while the server runs. --ttl is between 60 and 2592000 (default 8 hours).',
    ],
    options: { sub: { type: 'string', required: true }, ttl: { type: 'string' } },
    async run(values) {
      const ttl = values.ttl === undefined ? undefined : Number(values.ttl);
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400 * 30)) {
        throw new UsageError('--ttl must be whole seconds between 60 and 2592000');
      }
      const c = loadConfig();
      if (!c.devIssuer) throw new Failure('the dev issuer is off (production or OIDC settings are present)');
      const key = await loadOrCreateDevIssuerKey(c.dataDir);
      console.log(
        await mintDevToken(key, {
          subject: String(values.sub),
          audience: c.devIssuer.audience,
          ...(ttl ? { ttlSeconds: ttl } : {}),
        }),
      );
      return 0;
    },
  },
  verify: {
    synopsis:
      '<file.json> [--min-cosignatures <n>] [--witness-key <file>] [--desk-key <file>] [--previous <file>]',
    summary: [
      'check an evidence bundle or a copy of a desk’s log offline with the standalone verifier (scripts/verifier)',
      'Prints each check; exit 1 names the checks that failed, 2 when the file cannot be read. --previous',
      'names the earlier copy of a desk’s log the file must extend.',
    ],
    options: {
      'min-cosignatures': { type: 'string' },
      'witness-key': { type: 'string' },
      'desk-key': { type: 'string' },
      previous: { type: 'string' },
    },
    positionals: ['bundle'],
    async run(values, [bundle]) {
      const { spawnSync } = await import('node:child_process');
      const verifier = new URL('../../scripts/verifier/cli.js', import.meta.url).pathname;
      const passed = Object.entries(values).flatMap(([k, v]) =>
        v === true ? [`--${k}`] : typeof v === 'string' ? [`--${k}`, v] : [],
      );
      return spawnSync(process.execPath, [verifier, bundle!, ...passed], { stdio: 'inherit' }).status ?? 2;
    },
  },
  validate: {
    synopsis: '<descriptor.json>',
    summary: ['check a dataset descriptor offline, with the same messages as the API'],
    positionals: ['<descriptor.json>'],
    async run(_values, [file]) {
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(file!, 'utf8'));
      } catch (e) {
        throw new Failure(`${file}: not readable JSON (${(e as Error).message})`);
      }
      const { validateDescriptor } = await import('../validation/descriptor-validation');
      const result = validateDescriptor(input);
      if (result.ok) {
        console.log(`${file}: valid dataset descriptor`);
        return 0;
      }
      console.error(
        `${file}: ${result.violations.length} violation(s)\n${formatViolations(result.violations)}`,
      );
      return 1;
    },
  },
  'new-kek': {
    synopsis: '',
    summary: ['print a new key-encryption key for PHOENIX_KEY_ENCRYPTION_KEY'],
    async run() {
      console.log(newKeyEncryptionKey());
      return 0;
    },
  },
  'rotate-keys': {
    synopsis: '[--as <subject>]',
    summary: [
      'add a new active signing key; the old one stays published until its visas expire',
      'While the server holds the embedded database, the rotation goes through it, signed in as --as (a',
      `platform admin; default ${PLATFORM_ADMIN}); otherwise it is made in the database and --as is not used.`,
    ],
    options: { as: { type: 'string' } },
    async run(values) {
      const c = loadConfig();
      const server = runningServer(c);
      const { kid, retired, keepPublishedHours } = server
        ? ((await callServer(c, server, String(values.as ?? PLATFORM_ADMIN), '/v1/signing-keys/rotate', {
            method: 'POST',
          })) as { kid: string; retired: string[]; keepPublishedHours: number })
        : await withDesk(c, 'rotate-keys', async (opened) => {
            const { retiredKeyPublicationHours, rotateSigningKeys } = await import(
              '../services/signing-keys'
            );
            const keep = retiredKeyPublicationHours();
            return { ...(await rotateSigningKeys(opened.services, keep)), keepPublishedHours: keep };
          });
      console.log(`active signing key: ${kid}`);
      for (const r of retired) console.log(`retired ${r}; published for ${keepPublishedHours} more hours`);
      return 0;
    },
  },
  import: {
    synopsis: '<file.ttl|file.jsonld> --provider <organisation id> --as <subject> [--desk <desk id>]',
    summary: [
      'import HealthDCAT-AP (Turtle .ttl or JSON-LD .jsonld) as draft datasets',
      'While the server holds the embedded database, the import goes through it, signed in as --as.',
    ],
    options: {
      provider: { type: 'string', required: true },
      as: { type: 'string', required: true },
      desk: { type: 'string' },
    },
    positionals: ['<file>'],
    async run(values, [file]) {
      let body: string;
      try {
        body = readFileSync(file!, 'utf8');
      } catch (e) {
        throw new Failure(
          `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
      const contentType = /\.(jsonld|json)$/i.test(file!) ? 'application/ld+json' : 'text/turtle';
      const providerId = String(values.provider);
      const deskId = values.desk === undefined ? undefined : String(values.desk);
      const subject = String(values.as);
      const c = loadConfig();
      const server = runningServer(c);
      process.stderr.write(`importing ${file}…\n`);
      const items = server
        ? (
            (await callServer(
              c,
              server,
              subject,
              `/v1/datasets/import?${new URLSearchParams({ providerId, ...(deskId ? { deskId } : {}) })}`,
              { method: 'POST', body, contentType },
            )) as { items: ImportedItem[] }
          ).items
        : await withDesk(c, 'import', async (opened) => {
            const { loadPrincipal } = await import('../services/identity');
            const { importCatalogDocument } = await import('../services/catalog-export');
            const issuer = c.devIssuer?.issuer ?? c.oidc!.issuer;
            const principal = await loadPrincipal(opened.services, issuer, subject);
            const result = await importCatalogDocument(opened.services, principal, {
              providerId,
              deskId,
              body,
              contentType,
            });
            if (!result.ok) {
              const v = result.problem.violations;
              throw new Failure(`${result.problem.message}${v?.length ? `\n${formatViolations(v)}` : ''}`);
            }
            return result.value;
          });
      for (const r of items) {
        console.log(
          `${r.dataset.id}  ${r.sourceUri}${r.warnings.length ? `  (${r.warnings.length} warnings)` : ''}`,
        );
        for (const w of r.warnings) console.log(`    warning: ${w}`);
      }
      return 0;
    },
  },
  harvest: {
    synopsis: '<source id | catalogue URL> [--provider <organisation id or slug>] [--as <subject>]',
    summary: [
      'harvest a registered remote DCAT-AP catalogue now, showing each page as it is read',
      'A URL that is not registered yet is registered first (schedule manual) under --provider. Runs as --as (a',
      `platform admin; default ${PLATFORM_ADMIN}). While the server holds the embedded database, the harvest goes`,
      'through it and only its report is shown.',
    ],
    options: { provider: { type: 'string' }, as: { type: 'string' } },
    positionals: ['<source>'],
    async run(values, [target]) {
      const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(target!);
      if (!isId && !/^https?:\/\//i.test(target!))
        throw new UsageError('<source> is a harvest source id or an http(s) catalogue URL');
      const subject = String(values.as ?? PLATFORM_ADMIN);
      const providerId = values.provider === undefined ? undefined : String(values.provider);
      const c = loadConfig();
      const server = runningServer(c);
      const { reportLines, progressLine } = await import('./harvest-report');
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      const missing = () =>
        new Failure(`${target} is not a registered harvest source; give --provider to register it`);
      if (server) {
        const call = (path: string, init: { method: string; body?: string; contentType?: string }) =>
          callServer(c, server, subject, path, init);
        const { items } = (await call('/v1/harvest-sources', { method: 'GET' })) as { items: SourceItem[] };
        let source = items.find((s) => (isId ? s.id === target : s.url === new URL(target!).toString()));
        if (!source && (isId || !providerId)) throw missing();
        const { items: orgs } = (await call('/v1/organizations', { method: 'GET' })) as {
          items: { id: string; slug: string }[];
        };
        const provider = orgs.find((o) => o.id === providerId || o.slug === providerId)?.id ?? providerId;
        source ??= (await call('/v1/harvest-sources', {
          method: 'POST',
          body: JSON.stringify({ url: target, providerId: provider, schedule: 'manual' }),
          contentType: 'application/json',
        })) as SourceItem;
        process.stderr.write(`harvesting ${source.url} through the running server…\n`);
        const run = (await call(`/v1/harvest-sources/${source.id}/runs`, {
          method: 'POST',
        })) as HarvestRunView;
        for (const line of reportLines(source.url, run, seconds())) console.log(line);
        return run.status === 'failed' ? 1 : 0;
      }
      return withDesk(c, 'harvest', async (opened) => {
        const { loadPrincipal } = await import('../services/identity');
        const sources = await import('../services/harvest-sources');
        const { runHarvest } = await import('../services/harvester');
        const principal = await loadPrincipal(
          opened.services,
          c.devIssuer?.issuer ?? c.oidc!.issuer,
          subject,
        );
        const listed = await sources.listHarvestSources(opened.services, principal);
        if (!listed.ok) throw new Failure(`${subject}: ${listed.problem.message}`);
        let source = listed.value.find((s) =>
          isId ? s.id === target : s.url === new URL(target!).toString(),
        );
        if (!source) {
          if (isId || !providerId) throw missing();
          const { listOrganizations } = await import('../services/organizations');
          // --provider takes the organisation's id or its slug.
          const provider = (await listOrganizations(opened.services)).find(
            (o) => o.id === providerId || o.slug === providerId,
          );
          const created = await sources.createHarvestSource(opened.services, principal, {
            url: target!,
            providerId: provider?.id ?? providerId,
            schedule: 'manual',
          });
          if (!created.ok) {
            const v = created.problem.violations;
            throw new Failure(`${created.problem.message}${v?.length ? `\n${formatViolations(v)}` : ''}`);
          }
          source = created.value;
        }
        process.stderr.write(`harvesting ${source.url} into organisation ${source.providerId}…\n`);
        const run = await runHarvest(opened.services, source.id, {
          trigger: 'cli',
          actorId: principal.userId,
          onProgress: (p) => process.stderr.write(`${progressLine(p.page, p.counts, seconds())}\n`),
        });
        if (!run.ok) throw new Failure(run.problem.message);
        for (const line of reportLines(source.url, run.value, seconds())) console.log(line);
        return run.value.status === 'failed' ? 1 : 0;
      });
    },
  },
  witness: {
    synopsis: '<desk-url> --key <file> --organization <id> --state <file>',
    summary: [
      "cosign a desk's latest tree head as a witness, if it extends the last one cosigned",
      "The key is the organisation's private JWK (its public half registered with the desk); the state file",
      'keeps the last cosigned head per desk and is written only after the desk accepted the cosignature.',
      'Refuses a fork (another root for a size cosigned before, or no consistency proof) and a rollback.',
    ],
    options: {
      key: { type: 'string', required: true },
      organization: { type: 'string', required: true },
      state: { type: 'string', required: true },
    },
    positionals: ['<desk-url>'],
    async run(values, [deskUrl]) {
      const { existsSync, writeFileSync } = await import('node:fs');
      const { runWitness } = await import('./witness');
      const read = (file: string) => {
        try {
          return JSON.parse(readFileSync(file, 'utf8'));
        } catch (e) {
          throw new Failure(`${file}: not readable JSON (${(e as Error).message})`);
        }
      };
      const stateFile = String(values.state);
      const outcome = await runWitness({
        deskUrl: deskUrl!,
        key: read(String(values.key)),
        organizationId: String(values.organization),
        state: existsSync(stateFile) ? read(stateFile) : { logs: {} },
        now: () => new Date(),
        fetch: (url, init) => fetch(url, init),
      }).catch((e: Error) => {
        throw new Failure(e.message);
      });
      if (!outcome.ok) throw new Failure(`refused (${outcome.reason}): ${outcome.message}`);
      writeFileSync(stateFile, `${JSON.stringify(outcome.state, null, 2)}\n`);
      console.log(`cosigned ${outcome.origin} at ${outcome.treeSize} entries, root ${outcome.rootHash}`);
      return 0;
    },
  },
  'audit copy': {
    synopsis:
      '--desk-url <url> --desk-id <id> --out <file> [--token <bearer>] [--size <n>] [--previous <file>]',
    summary: [
      "take away an auditor's own copy of a desk's audit log (phoenix-desk-log/1) and check it",
      'The copy holds the latest signed checkpoint (or the one of --size entries) with its cosignatures, the',
      "desk's key history, the witnesses' keys, and every entry of the desk in that tree with its inclusion",
      'proof; `npm run cli -- verify <file>` checks it again anywhere. The caller is --token or PHOENIX_TOKEN (a',
      'platform admin, or an auditor appointed to the desk). --previous names an earlier copy: the new one must',
      'hold every entry it held, unchanged, in a tree consistent with the earlier one (a desk hiding its latest',
      'entries shows no gap; only this comparison catches it). Exit 1 when a check fails (the copy is written).',
    ],
    options: {
      'desk-url': { type: 'string', required: true },
      'desk-id': { type: 'string', required: true },
      out: { type: 'string', required: true },
      token: { type: 'string' },
      size: { type: 'string' },
      previous: { type: 'string' },
    },
    async run(values) {
      const { writeFileSync } = await import('node:fs');
      const { copyDeskLog, failedChecks, withConsistency } = await import('./audit-copy');
      const token = values.token === undefined ? process.env.PHOENIX_TOKEN?.trim() : String(values.token);
      if (!token) throw new UsageError('say who copies: --token <bearer> or a bearer token in PHOENIX_TOKEN');
      const size = values.size === undefined ? undefined : Number(values.size);
      if (size !== undefined && (!Number.isInteger(size) || size < 1))
        throw new UsageError('--size is the tree size of a checkpoint, a whole number from 1');
      const deskUrl = String(values['desk-url']);
      if (!/^https?:\/\//i.test(deskUrl)) throw new UsageError('--desk-url is the desk’s http(s) base URL');
      let previous: { checkpoint?: { treeSize?: unknown }; pages?: { entries?: unknown[] }[] } | undefined;
      if (values.previous !== undefined) {
        try {
          previous = JSON.parse(readFileSync(String(values.previous), 'utf8'));
        } catch (e) {
          throw new Failure(`${values.previous}: not readable JSON (${(e as Error).message})`);
        }
      }
      const run = {
        deskUrl,
        deskId: String(values['desk-id']),
        token,
        size,
        now: () => new Date(),
        fetch: (url: string, init?: RequestInit) => fetch(url, init),
      };
      const copied = await copyDeskLog(run).catch((e: Error) => {
        throw new Failure(e.message);
      });
      const copy = previous
        ? await withConsistency(run, previous, copied).catch((e: Error) => {
            throw new Failure(e.message);
          })
        : copied;
      const out = String(values.out);
      writeFileSync(out, `${JSON.stringify(copy, null, 2)}\n`);
      const entries = copy.pages.flatMap((p) => p.entries);
      console.log(
        `copied ${entries.length} entries of desk ${copy.deskId} in the tree of ${copy.checkpoint.treeSize} entries (root ${copy.checkpoint.rootHash}, ${copy.checkpoint.cosignatures.length} cosignatures) to ${out}`,
      );
      const problems = failedChecks(copy, previous);
      if (previous && !problems.length)
        console.log(
          `extends the copy of ${values.previous} (tree of ${String(previous.checkpoint?.treeSize)} entries, ${previous.pages?.flatMap((p) => p.entries ?? []).length} of the desk's)`,
        );
      if (problems.length) throw new Failure(`the copy does not hold:\n  ${problems.join('\n  ')}`);
      return 0;
    },
  },
  // keys generate|register, evaluation submit|countersign|dispute: the partner's signing client.
  ...signingCommands({
    Failure,
    UsageError,
    loadConfig,
    runningServer,
    async devToken(c, subject) {
      const key = await loadOrCreateDevIssuerKey(c.dataDir);
      return mintDevToken(key, { subject, audience: c.devIssuer!.audience, ttlSeconds: 300 });
    },
  }),
};

interface SourceItem {
  id: string;
  url: string;
}

interface ImportedItem {
  sourceUri: string;
  dataset: { id: string };
  warnings: string[];
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => {
    const call = `${name} ${c.synopsis}`.trim();
    return call.length < 30
      ? `  ${call.padEnd(30)}${c.summary[0]}`
      : `  ${call}\n  ${''.padEnd(30)}${c.summary[0]}`;
  });
  return `usage: ${PROGRAM} <command> [options]\n\n${lines.join('\n')}\n\n${PROGRAM} <command> --help shows a command's usage.\n`;
}

function commandUsage(name: string): string {
  const c = COMMANDS[name]!;
  const [first, ...more] = c.summary;
  return `usage: ${PROGRAM} ${`${name} ${c.synopsis}`.trim()}\n\n${first}.\n${more.length ? `${more.join('\n')}\n` : ''}`;
}

/** Parses a command's arguments: its values, or a usage error. */
function parse(name: string, args: string[]): { values: Values; positionals: string[]; help: boolean } {
  const command = COMMANDS[name]!;
  const options = Object.fromEntries(
    Object.entries(command.options ?? {}).map(([option, { type }]) => [option, { type }]),
  );
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { values, positionals, help: true };
  const expected = command.positionals ?? [];
  if (positionals.length > expected.length) {
    throw new UsageError(`unexpected argument ${positionals[expected.length]}`);
  }
  const missing = [
    ...expected.slice(positionals.length),
    ...Object.entries(command.options ?? {})
      .filter(([option, o]) => o.required && values[option] === undefined)
      .map(([option]) => `--${option}`),
  ];
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
  return { values, positionals, help: false };
}

/** node:util's parse errors, said in the words of this command line. */
function parseArgsMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec((e as Error).message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test((e as Error).message)
      ? `${option} takes no value`
      : `${option} needs a value`;
  }
  return (e as Error).message;
}

/** The command's name (two words for `keys generate`, `evaluation submit`…) and its arguments. */
function commandOf(argv: string[]): [string | undefined, string[]] {
  const [first, second, ...more] = argv;
  if (first !== undefined && second !== undefined && Object.hasOwn(COMMANDS, `${first} ${second}`))
    return [`${first} ${second}`, more];
  return [first, argv.slice(1)];
}

async function main(argv: string[]): Promise<number> {
  const [name, rest] = commandOf(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const [about] = commandOf(rest);
    if (name === 'help' && about !== undefined) {
      if (!Object.hasOwn(COMMANDS, about)) return usageError(undefined, `unknown command ${about}`);
      process.stdout.write(commandUsage(about));
      return 0;
    }
    process.stdout.write(usage());
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    const family = Object.keys(COMMANDS).filter((c) => c.startsWith(`${name} `));
    if (family.length > 0) return usageError(undefined, `${name} needs one of: ${family.join(', ')}`);
    return usageError(undefined, name.startsWith('-') ? `unknown option ${name}` : `unknown command ${name}`);
  }
  try {
    const { values, positionals, help } = parse(name, rest);
    if (help) {
      process.stdout.write(commandUsage(name));
      return 0;
    }
    return await COMMANDS[name]!.run(values, positionals);
  } catch (e) {
    if (e instanceof UsageError) return usageError(name, e.message);
    if (e instanceof Failure) return failure(name, e.message);
    if (e instanceof ServerRefusal) {
      return failure(name, `${e.message}${e.violations.length ? `\n${formatViolations(e.violations)}` : ''}`);
    }
    if (e instanceof DataDirInUseError) return failure(name, startupFailure(e)!);
    throw e;
  }
}

function usageError(command: string | undefined, message: string): number {
  console.error(`${command ? `${command}: ` : ''}${message}\n`);
  process.stderr.write(command ? commandUsage(command) : usage());
  return 2;
}

function failure(command: string, message: string): number {
  console.error(`${command}: ${message}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(startupFailure(e, config) ?? e);
    process.exit(1);
  },
);
