// Checks an auditor's own copy of one desk's audit log (format phoenix-desk-log/1) without trusting the desk:
// the checkpoint the desk signed and the witnesses cosigned, every entry's chain hash, the desk's sequence
// from 1 with no gap, every entry being the desk's, and each page's multiproof leading to the checkpoint root;
// given the auditor's previous copy, that this one holds every entry it held, in a tree consistent with its.
import {
  CheckFailed,
  checkList,
  countCosignatures,
  deskSigner,
  must,
  needs,
  proofLeadsToHead,
  signedHead,
} from './checks.js';
import { consistencyHolds, entryHash } from './primitives.js';

export const DESK_LOG_FORMAT = 'phoenix-desk-log/1';
const GENESIS_HASH = '0'.repeat(64);

/**
 * @typedef {import('./verify.js').BundleEntry} DeskLogEntry
 * @typedef {import('./checks.js').VerifyOptions & { previous?: any }} VerifyOptions the previous copy of the
 *   same desk, which this one must extend
 * @typedef {import('./checks.js').Verdict} Verdict
 */

/** @param {DeskLogEntry} e */
const named = (e) => `entry ${e?.id} (leaf ${e?.leafIndex})`;

/**
 * Checks a desk's log. Never throws for a bad file: every problem is a failed check.
 * @param {any} copy
 * @param {VerifyOptions} [options]
 * @returns {Verdict}
 */
export function verifyDeskLog(copy, options = {}) {
  const { warnings, check, verdict } = checkList();
  if (
    !check('desk log format', () => {
      must(copy && typeof copy === 'object', 'not a JSON object');
      must(
        copy.format === DESK_LOG_FORMAT,
        `format is ${JSON.stringify(copy.format)}, not ${DESK_LOG_FORMAT}`,
      );
      must(typeof copy.deskId === 'string', 'the copy names no desk');
      must(copy.keys && typeof copy.keys === 'object', 'the copy has no keys');
      must(
        Array.isArray(copy.pages) &&
          copy.pages.every((/** @type {any} */ p) => p && Array.isArray(p.entries) && p.proof),
        'the copy has no pages of entries with their proof',
      );
      return `${DESK_LOG_FORMAT}, desk ${copy.deskId}`;
    })
  )
    return verdict();

  /** @type {DeskLogEntry[]} */
  const entries = copy.pages.flatMap((/** @type {any} */ p) => p.entries);
  const deskSigned = deskSigner(copy.keys.desk ?? {}, options.deskKeys, warnings, 'copy');
  const checkpoint = copy.checkpoint;
  /** @type {{ treeSize: number, rootHash: string } | undefined} */
  let head;
  check('checkpoint', () => {
    head = signedHead(checkpoint, copy.origin, deskSigned);
    return `tree size ${head.treeSize}, root ${head.rootHash}`;
  });
  check('cosignatures', () => {
    needs(head, 'checkpoint');
    return countCosignatures(checkpoint, copy.keys.organizations ?? {}, options, warnings, 'copy');
  });

  check('entry hashes', () => {
    for (const e of entries) must(entryHash(e) === e.hash, `${named(e)} does not hash to ${e.hash}`);
    return `${entries.length} entries hash from their prevHash and content`;
  });

  check('desk', () => {
    for (const e of entries)
      must(
        e.payload?.deskId === copy.deskId,
        `${named(e)} is of desk ${e.payload?.deskId}, not ${copy.deskId}`,
      );
    return `every entry is of desk ${copy.deskId}`;
  });

  let lastSeq = 0;
  check('desk sequence', () => {
    let lastHash = GENESIS_HASH;
    let lastLeaf = -1;
    for (const e of entries) {
      // In log order, each once: the pages are the desk's entries as the tree holds them.
      must(Number.isInteger(e.leafIndex) && e.leafIndex > lastLeaf, `${named(e)} is out of log order`);
      lastLeaf = e.leafIndex;
      const { deskSeq, deskPrev } = e.payload ?? {};
      if (deskSeq === undefined) {
        // Entries written before desk sequences existed carry none, and come before the first that does.
        must(lastSeq === 0, `${named(e)} has no deskSeq after deskSeq ${lastSeq}`);
        continue;
      }
      const gap = typeof deskSeq === 'number' && deskSeq > lastSeq + 1;
      must(
        !gap,
        `gap: deskSeq ${lastSeq + 1}${deskSeq - 1 > lastSeq + 1 ? `–${deskSeq - 1}` : ''} missing before ${named(e)}`,
      );
      must(deskSeq === lastSeq + 1, `${named(e)}: deskSeq ${deskSeq} does not follow ${lastSeq}`);
      must(deskPrev === lastHash, `${named(e)}: deskPrev is not the hash of the desk's entry ${lastSeq}`);
      lastSeq = deskSeq;
      lastHash = e.hash;
    }
    return `deskSeq 1 to ${lastSeq} without a gap (${entries.length - lastSeq} entries before desk sequences)`;
  });

  check('inclusion proofs', () => {
    needs(head, 'checkpoint');
    const signed = head;
    for (const [i, page] of copy.pages.entries()) {
      try {
        proofLeadsToHead(page.proof, signed, page.entries);
      } catch (e) {
        throw new CheckFailed(`page ${i + 1}: ${e instanceof Error ? e.message : e}`);
      }
    }
    return `${entries.length} entries in the tree of ${signed.treeSize} (${copy.pages.length} multiproofs)`;
  });

  const { previous } = options;
  if (previous !== undefined) {
    let sound = false;
    check('previous copy', () => {
      const earlier = verifyDeskLog(previous, { ...options, previous: undefined });
      const failed = earlier.checks.filter((c) => !c.ok && !c.skipped);
      must(failed.length === 0, `it fails ${failed.map((c) => `${c.name} (${c.detail})`).join(', ')}`);
      sound = true;
      return `tree size ${previous.checkpoint.treeSize}, ${previous.pages.flatMap((/** @type {any} */ p) => p.entries).length} entries`;
    });
    check('extends the previous copy', () => {
      needs(sound, 'previous copy');
      needs(head, 'checkpoint');
      return extension(previous, copy, entries);
    });
  }

  if (verdict().ok)
    warnings.push(
      `entries of the desk after deskSeq ${lastSeq} could be withheld from this copy without a gap showing: compare it with a later copy (npm run cli -- audit copy --previous)`,
    );
  return verdict();
}

/**
 * That `copy` extends `previous`: the same desk and log; the earlier tree a prefix of the new one (the same
 * root at the same size, else the consistency proof the copy carries in `previous`); every entry of the
 * earlier copy still there, in its place, unchanged; no entry of the desk within the earlier tree that the
 * earlier copy lacked.
 * @param {any} previous @param {any} copy @param {DeskLogEntry[]} entries
 */
function extension(previous, copy, entries) {
  must(previous.deskId === copy.deskId, `the previous copy is of desk ${previous.deskId}`);
  must(previous.origin === copy.origin, `the previous copy is of the log ${previous.origin}`);
  const before = previous.checkpoint;
  const now = copy.checkpoint;
  must(
    before.treeSize <= now.treeSize,
    `the tree shrank: ${before.treeSize} entries then, ${now.treeSize} now`,
  );
  if (before.treeSize === now.treeSize)
    must(before.rootHash === now.rootHash, `two roots for the tree of ${now.treeSize} entries: a fork`);
  else {
    const carried = copy.previous;
    must(
      carried && carried.treeSize === before.treeSize && carried.rootHash === before.rootHash,
      `the copy carries no consistency proof from the tree of ${before.treeSize} entries`,
    );
    let consistent = false;
    try {
      consistent =
        Array.isArray(carried.consistency) &&
        consistencyHolds(before.treeSize, now.treeSize, carried.consistency, before.rootHash, now.rootHash);
    } catch {
      consistent = false;
    }
    must(
      consistent,
      `the tree of ${before.treeSize} entries is not a prefix of the tree of ${now.treeSize}: history was rewritten`,
    );
  }
  /** @type {DeskLogEntry[]} */
  const then = previous.pages.flatMap((/** @type {any} */ p) => p.entries);
  const kept = entries.filter((e) => e.leafIndex < before.treeSize);
  for (const [i, old] of then.entries()) {
    const same = kept[i];
    const seq = old.payload?.deskSeq;
    must(
      same && same.id === old.id && same.hash === old.hash && same.leafIndex === old.leafIndex,
      `${named(old)}${seq === undefined ? '' : `, deskSeq ${seq},`} of the previous copy is ${same ? 'not in its place' : 'missing'}: the desk withholds entries it showed before`,
    );
  }
  must(
    kept.length === then.length,
    `${kept.length - then.length} entries of the desk within the earlier tree were not in the previous copy`,
  );
  return `the tree of ${now.treeSize} extends that of ${before.treeSize}; its ${then.length} entries kept, ${entries.length - then.length} new`;
}
