// The command line's usage: --help everywhere (exit 0), usage errors in one line plus the usage (exit 2),
// and no stack trace for anything typed. Real processes.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, deskEnv, freePort, linesOf, tempDir } from './desk-process';

const dataDir = tempDir('cli-usage');
const env = deskEnv(dataDir, freePort());
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const COMMANDS = [
  'migrate',
  'seed-demo',
  'token',
  'validate',
  'new-kek',
  'rotate-keys',
  'import',
  'witness',
  'audit copy',
];
const STACK_FRAME = /^\s+at /m;

describe('npm run cli -- --help', () => {
  it('prints the usage, the same for --help, -h, help and no command at all, exit 0', async () => {
    const runs = await Promise.all([['--help'], ['-h'], ['help'], []].map((args) => cli(args, env)));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    expect(runs[0]!.stdout).toMatch(/^usage: npm run cli -- <command>/);
    for (const command of COMMANDS) expect(runs[0]!.stdout).toContain(`\n  ${command}`);
  }, 60_000);

  it('gives every command its own usage, exit 0', async () => {
    const runs = await Promise.all(COMMANDS.map((command) => cli([command, '--help'], env)));
    runs.forEach((run, i) => {
      expect(run.code, COMMANDS[i]).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^usage: npm run cli -- ${COMMANDS[i]}\\b`));
    });
    const help = await cli(['help', 'token'], env);
    expect(help.stdout).toBe(runs[COMMANDS.indexOf('token')]!.stdout);
  }, 120_000);
});

describe('usage errors', () => {
  it('names an unknown command in one line, then the usage, exit 2', async () => {
    const run = await cli(['frobnicate'], env);
    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)[0]).toBe('unknown command frobnicate');
    expect(run.stderr).toContain('usage: npm run cli -- <command>');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('names an unknown option, a missing value or a missing argument in one line, then the command usage, exit 2', async () => {
    const cases: [string[], string][] = [
      [['token', '--bogus'], 'token: unknown option --bogus'],
      [['token'], 'token: missing --sub'],
      [['token', '--sub'], 'token: --sub needs a value'],
      [
        ['token', '--sub', 'demo-admin', '--ttl', '5'],
        'token: --ttl must be whole seconds between 60 and 2592000',
      ],
      [['validate'], 'validate: missing <descriptor.json>'],
      [['import', 'catalogue.ttl', '--as', 'demo-editor-pasteur'], 'import: missing --provider'],
      [['rotate-keys', 'now'], 'rotate-keys: unexpected argument now'],
      [['migrate', '--help=yes'], 'migrate: --help takes no value'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, env)));
    runs.forEach((run, i) => {
      const [args, line] = cases[i]!;
      expect(run.code, args.join(' ')).toBe(2);
      expect(linesOf(run.stderr)[0]).toBe(line);
      expect(run.stderr).toContain(`usage: npm run cli -- ${args[0]}`);
      expect(run.stderr).not.toMatch(STACK_FRAME);
      expect(run.stdout).toBe('');
    });
  }, 120_000);
});

describe('failures', () => {
  it('says in one line why a command could not do its work, exit 1', async () => {
    const run = await cli(['import', 'missing.ttl', '--provider', 'any', '--as', 'demo-editor-pasteur'], env);
    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual(['import: cannot read missing.ttl (ENOENT)']);
  }, 60_000);
});
