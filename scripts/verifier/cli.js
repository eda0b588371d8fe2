#!/usr/bin/env node
// phoenix-verify-bundle <file.json> [--min-cosignatures N] [--witness-key file]… [--desk-key file] [--previous file]
// The file is an evidence bundle (phoenix-evidence-bundle/1) or an auditor's copy of a desk's log
// (phoenix-desk-log/1), told apart by its `format`; --previous names the earlier copy a desk log must extend.
// Exit 0 when every check passes, 1 naming the checks that failed, 2 when the input cannot be read.
import { readFileSync } from 'node:fs';
import { DESK_LOG_FORMAT, verifyDeskLog } from './desk-log.js';
import { verifyBundle } from './verify.js';

const USAGE =
  'usage: phoenix-verify-bundle <bundle.json | desk-log.json> [--min-cosignatures N] [--witness-key <jwk file>]… [--desk-key <jwk or jwks file>] [--previous <earlier desk log>]';

/** @param {string} message */
function unreadable(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/**
 * A JSON object read from a file.
 * @param {string} file
 * @returns {any}
 */
function jsonFrom(file) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return unreadable(`cannot read ${file}: ${e instanceof Error ? e.message : e}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return unreadable(`${file} is not a JSON object`);
  return parsed;
}

/**
 * Public keys from a file holding a JWK or a JWK Set.
 * @param {string} file
 * @returns {import('./primitives.js').PublicJwk[]}
 */
function keysFrom(file) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return unreadable(`cannot read the key file ${file}: ${e instanceof Error ? e.message : e}`);
  }
  const keys = Array.isArray(parsed?.keys) ? parsed.keys : [parsed];
  if (keys.some((/** @type {any} */ k) => !k || typeof k !== 'object' || k.kty !== 'EC'))
    return unreadable(`${file} holds no EC public JWK`);
  return keys.map((/** @type {any} */ k) => ({ kty: k.kty, crv: k.crv, x: k.x, y: k.y, kid: k.kid }));
}

const args = process.argv.slice(2);
/** @type {string | undefined} */
let file;
/** @type {import('./desk-log.js').VerifyOptions} */
const options = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--min-cosignatures') {
    const n = Number(args[++i]);
    if (!Number.isInteger(n) || n < 0) unreadable('--min-cosignatures takes a whole number');
    options.minCosignatures = n;
  } else if (a === '--witness-key')
    options.witnessKeys = [...(options.witnessKeys ?? []), ...keysFrom(String(args[++i]))];
  else if (a === '--desk-key')
    options.deskKeys = [...(options.deskKeys ?? []), ...keysFrom(String(args[++i]))];
  else if (a === '--previous') options.previous = jsonFrom(String(args[++i]));
  else if (a === '--help' || a === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (a?.startsWith('--')) unreadable(`unknown option ${a}`);
  else if (file === undefined) file = a;
  else unreadable('one file at a time');
}
if (file === undefined) unreadable('name the file to verify');

const bundle = jsonFrom(/** @type {string} */ (file));
const deskLog = bundle.format === DESK_LOG_FORMAT;
if (options.previous && !deskLog) unreadable('--previous goes with a desk log (phoenix-desk-log/1)');
const verdict = deskLog ? verifyDeskLog(bundle, options) : verifyBundle(bundle, options);
for (const c of verdict.checks)
  process.stdout.write(
    `${c.ok ? 'ok  ' : c.skipped ? 'skip' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}\n`,
  );
for (const w of verdict.warnings) process.stdout.write(`warning: ${w}\n`);
if (verdict.ok) {
  process.stdout.write(deskLog ? 'desk log verified\n' : 'bundle verified\n');
  process.exit(0);
}
const failed = verdict.checks.filter((c) => !c.ok && !c.skipped).map((c) => c.name);
process.stderr.write(`verification failed: ${failed.join(', ')}\n`);
process.exit(1);
