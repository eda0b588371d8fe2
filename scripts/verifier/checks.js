// What every format the verifier reads shares: named checks that fail with a reason, the desk's signatures
// checked with its keys (pinned or carried), a signed checkpoint, the witnesses' cosignatures of it, and a
// multiproof of entries leading to its root.
import { multiProofRoot, parseJws, thumbprint, verifyEs256 } from './primitives.js';

/**
 * @typedef {import('./primitives.js').PublicJwk} PublicJwk
 * @typedef {{ organizationId: string, kid: string, jwk: PublicJwk, thumbprint: string, addedAt: string, retiredAt: string | null }} OrganizationKey
 * @typedef {{ name: string, ok: boolean, skipped?: boolean, detail: string }} Check
 * @typedef {{ minCosignatures?: number, witnessKeys?: PublicJwk[], deskKeys?: PublicJwk[] }} VerifyOptions
 * @typedef {{ ok: boolean, checks: Check[], warnings: string[] }} Verdict
 * @typedef {{ keys?: PublicJwk[], periods?: { kid: string, from?: string, until?: string | null }[] }} DeskKeyHistory
 */

export class CheckFailed extends Error {}
/** A check that cannot run because one it depends on failed: not counted as a failure of its own. */
export class Skipped extends Error {}

/** @param {unknown} value @param {string} prerequisite @returns {asserts value} */
export function needs(value, prerequisite) {
  if (!value) throw new Skipped(`skipped: ${prerequisite} failed`);
}

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
export function must(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

/**
 * @param {import('./primitives.js').ParsedJws} parsed
 * @returns {any}
 */
export function jsonPayload(parsed) {
  try {
    return JSON.parse(parsed.payload.toString('utf8'));
  } catch {
    throw new CheckFailed('the payload is not JSON');
  }
}

/**
 * Whether the key was in service at `at`: added at or before it, not retired before it.
 * @param {{ addedAt?: string, from?: string, retiredAt?: string | null, until?: string | null }} period @param {string} at
 */
export function validAt(period, at) {
  const t = Date.parse(at);
  const from = period.addedAt ?? period.from;
  const until = period.retiredAt ?? period.until ?? null;
  return (from === undefined || Date.parse(from) <= t) && (until === null || t < Date.parse(until));
}

/**
 * A list of named checks, each run once: a failure is recorded with its reason, never thrown.
 */
export function checkList() {
  /** @type {Check[]} */
  const checks = [];
  /** @type {string[]} */
  const warnings = [];
  /**
   * @param {string} name
   * @param {() => string | undefined} run returns a detail line
   */
  const check = (name, run) => {
    try {
      checks.push({ name, ok: true, detail: run() ?? '' });
      return true;
    } catch (e) {
      const skipped = e instanceof Skipped;
      checks.push({
        name,
        ok: false,
        ...(skipped ? { skipped } : {}),
        detail: e instanceof Error ? e.message : String(e),
      });
      return false;
    }
  };
  /** @returns {Verdict} */
  const verdict = () => ({ ok: checks.every((c) => c.ok), checks, warnings });
  return { checks, warnings, check, verdict };
}

/**
 * Verifies the desk's JWS with its keys: the pinned ones when given, else those the file carries (said so in a
 * warning, with their thumbprints). A key's period, when the history gives one, must hold the signing time.
 * @param {DeskKeyHistory} history @param {PublicJwk[] | undefined} pinned @param {string[]} warnings
 * @param {string} what the file, in the warning
 * @returns {(jws: string, typ: string, at?: string) => any} the payload of a valid JWS
 */
export function deskSigner(history, pinned, warnings, what) {
  const deskKeys = pinned ?? history.keys ?? [];
  if (!pinned)
    warnings.push(
      `desk keys taken from the ${what} itself (pin them with --desk-key): ${deskKeys.map((k) => `${k.kid} ${thumbprint(k)}`).join(', ')}`,
    );
  return (jws, typ, at) => {
    const parsed = parseJws(jws);
    must(parsed.header.typ === typ, `typ is ${parsed.header.typ}, not ${typ}`);
    const key = deskKeys.find((k) => k.kid === parsed.header.kid);
    must(key, `no desk key ${parsed.header.kid}`);
    must(verifyEs256(parsed, key), `the signature does not verify with the desk key ${parsed.header.kid}`);
    const period = (history.periods ?? []).find((p) => p.kid === parsed.header.kid);
    if (at && period)
      must(validAt(period, at), `the desk key ${parsed.header.kid} was not in service at ${at}`);
    return jsonPayload(parsed);
  };
}

/**
 * The tree head a checkpoint states, its desk signature verified, its note (when given) stating it.
 * @param {any} checkpoint @param {string} origin @param {ReturnType<typeof deskSigner>} deskSigned
 * @returns {{ treeSize: number, rootHash: string }}
 */
export function signedHead(checkpoint, origin, deskSigned) {
  must(checkpoint && typeof checkpoint.signature === 'string', 'no signed checkpoint');
  const head = deskSigned(checkpoint.signature, 'phoenix-checkpoint+jws', checkpoint.timestamp);
  must(head.treeSize === checkpoint.treeSize, 'the signed tree size is not the checkpoint’s');
  must(head.rootHash === checkpoint.rootHash, 'the signed root is not the checkpoint’s');
  if (checkpoint.note !== undefined) {
    const root = Buffer.from(head.rootHash, 'hex').toString('base64');
    must(
      checkpoint.note === `${origin}\n${head.treeSize}\n${root}\n`,
      'the checkpoint note is not the signed head',
    );
  }
  return head;
}

/**
 * Counts the valid cosignatures of the checkpoint's note, with the pinned witness keys when given, else the
 * organisations' keys the file carries (said so in a warning); fails below the minimum.
 * @param {any} checkpoint @param {Record<string, OrganizationKey[]>} orgKeys @param {VerifyOptions} options
 * @param {string[]} warnings @param {string} what the file, in the warning
 */
export function countCosignatures(checkpoint, orgKeys, options, warnings, what) {
  const minCosignatures = options.minCosignatures ?? 0;
  const cosignatures = Array.isArray(checkpoint.cosignatures) ? checkpoint.cosignatures : [];
  const note = checkpoint.note;
  let valid = 0;
  /** @type {string[]} */
  const witnesses = [];
  for (const [i, c] of cosignatures.entries()) {
    const parsed = parseJws(c.signature);
    must(parsed.header.typ === 'phoenix-cosignature+jws', `cosignature ${i + 1}: typ ${parsed.header.typ}`);
    /** @type {PublicJwk | undefined} */
    let key;
    if (options.witnessKeys) key = options.witnessKeys.find((k) => k.kid === parsed.header.kid);
    else key = (orgKeys[c.organizationId] ?? []).find((k) => k.kid === parsed.header.kid)?.jwk;
    must(key, `cosignature ${i + 1}: no witness key ${parsed.header.kid}`);
    must(
      verifyEs256(parsed, key),
      `cosignature ${i + 1}: the signature does not verify with ${parsed.header.kid}`,
    );
    const text = parsed.payload.toString('utf8');
    must(
      /^cosignature\/v1\ntime \d+\n/.test(text) && text.replace(/^cosignature\/v1\ntime \d+\n/, '') === note,
      `cosignature ${i + 1}: it does not sign this checkpoint's note`,
    );
    witnesses.push(`${c.organizationId ?? '?'} ${parsed.header.kid} ${thumbprint(key)}`);
    valid += 1;
  }
  if (!options.witnessKeys && valid > 0)
    warnings.push(
      `witness keys taken from the ${what} itself (pin them with --witness-key): ${witnesses.join(', ')}`,
    );
  must(valid >= minCosignatures, `${valid} cosignatures, at least ${minCosignatures} required`);
  return `${valid} valid (at least ${minCosignatures} required)`;
}

/**
 * That a multiproof covers exactly the entries given (their leaf indexes and chain hashes) and leads to the
 * root of the signed head.
 * @param {any} proof @param {{ treeSize: number, rootHash: string }} head
 * @param {{ leafIndex: number, hash: string }[]} entries
 */
export function proofLeadsToHead(proof, head, entries) {
  must(proof && proof.treeSize === head.treeSize, 'the proof is for another tree size');
  const wanted = new Map(entries.map((e) => [e.leafIndex, e.hash]));
  must(wanted.size === entries.length, 'two entries claim the same leaf');
  must(
    Array.isArray(proof.leaves) && proof.leaves.length === entries.length,
    'the proof covers other leaves than the entries',
  );
  for (const l of proof.leaves)
    must(wanted.get(l.index) === l.entryHash, `leaf ${l.index} is not the entry given there`);
  let root;
  try {
    root = multiProofRoot(proof);
  } catch (e) {
    throw new CheckFailed(e instanceof Error ? e.message : String(e));
  }
  must(root === head.rootHash, 'the proof does not lead to the checkpoint root');
}
