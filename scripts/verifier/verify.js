// Checks a PHOENIX evidence bundle (format phoenix-evidence-bundle/1) without trusting the desk that made it:
// the evaluator's signature with its registered key, the desk's receipts, countersignatures and disputes, the
// grid's digest, the figures recomputed from their inputs, the audit entries behind them, the Merkle proof to
// a checkpoint the desk signed, and the witnesses' cosignatures of that checkpoint.
import {
  checkList,
  countCosignatures,
  deskSigner,
  jsonPayload,
  must,
  needs,
  proofLeadsToHead,
  signedHead,
  validAt,
} from './checks.js';
import { computeFigures, FIGURES_METHOD } from './figures.js';
import {
  canonicalJson,
  entryHash,
  inclusionRoot,
  parseJws,
  sha256Hex,
  thumbprint,
  verifyEs256,
} from './primitives.js';

export const BUNDLE_FORMAT = 'phoenix-evidence-bundle/1';

/**
 * @typedef {import('./primitives.js').PublicJwk} PublicJwk
 * @typedef {import('./checks.js').OrganizationKey} OrganizationKey
 * @typedef {{ id: string, at: string, actorId: string | null, action: string, subjectType: string, subjectId: string,
 *   payload: Record<string, any>, prevHash: string, hash: string, leafIndex: number }} BundleEntry
 * @typedef {import('./checks.js').Check} Check
 * @typedef {import('./checks.js').VerifyOptions} VerifyOptions
 * @typedef {import('./checks.js').Verdict} Verdict
 */

/** @param {string} jws */
const jwsDigest = (jws) => sha256Hex(jws);
/** @param {unknown} document */
const documentDigest = (document) => sha256Hex(canonicalJson(document));

/**
 * Checks a bundle. Never throws for a bad bundle: every problem is a failed check.
 * @param {any} bundle
 * @param {VerifyOptions} [options]
 * @returns {Verdict}
 */
export function verifyBundle(bundle, options = {}) {
  const { checks, warnings, check } = checkList();

  if (
    !check('bundle format', () => {
      must(bundle && typeof bundle === 'object', 'not a JSON object');
      must(
        bundle.format === BUNDLE_FORMAT,
        `format is ${JSON.stringify(bundle.format)}, not ${BUNDLE_FORMAT}`,
      );
      for (const part of ['evaluation', 'grid', 'figures', 'keys', 'log'])
        must(bundle[part] && typeof bundle[part] === 'object', `the bundle has no ${part}`);
      must(Array.isArray(bundle.log.entries), 'the log has no entries');
      return BUNDLE_FORMAT;
    })
  )
    return { ok: false, checks, warnings };

  /** @type {BundleEntry[]} */
  const entries = bundle.log.entries;
  const byId = new Map(entries.map((e) => [e.id, e]));
  /** @type {Record<string, OrganizationKey[]>} */
  const orgKeys = bundle.keys.organizations ?? {};
  const deskKeyHistory = bundle.keys.desk ?? { keys: [], periods: [] };

  const deskSigned = deskSigner(deskKeyHistory, options.deskKeys, warnings, 'bundle');

  /**
   * Verifies a partner JWS with the organisation's key named by kid, valid at `at` (read from the payload)
   * and backed by an organization_key.registered entry of the bundle's log with the same thumbprint.
   * @param {string} jws @param {string} typ @param {(payload: any) => { organizationId: string, at: string }} who
   * @returns {{ payload: any, kid: string, organizationId: string }}
   */
  const partnerSigned = (jws, typ, who) => {
    const parsed = parseJws(jws);
    must(parsed.header.alg === 'ES256', `alg is ${parsed.header.alg}, not ES256`);
    must(parsed.header.typ === typ, `typ is ${parsed.header.typ}, not ${typ}`);
    const kid = /** @type {string} */ (parsed.header.kid);
    must(typeof kid === 'string', 'the header names no kid');
    const payload = jsonPayload(parsed);
    const { organizationId, at } = who(payload);
    const key = (orgKeys[organizationId] ?? []).find((k) => k.kid === kid);
    must(key, `organisation ${organizationId} has no key ${kid} in the bundle`);
    must(thumbprint(key.jwk) === key.thumbprint, `the thumbprint of key ${kid} is not that of its JWK`);
    must(
      validAt(key, at),
      `key ${kid} was not in service at ${at} (added ${key.addedAt}, retired ${key.retiredAt})`,
    );
    must(verifyEs256(parsed, key.jwk), `the signature does not verify with key ${kid} of ${organizationId}`);
    const registered = entries.find(
      (e) =>
        e.action === 'organization_key.registered' &&
        e.payload.organizationId === organizationId &&
        e.payload.kid === kid,
    );
    must(registered, `no organization_key.registered entry for key ${kid} of ${organizationId} in the log`);
    must(
      registered.payload.thumbprint === thumbprint(key.jwk),
      `the registration entry of key ${kid} names another thumbprint`,
    );
    must(Date.parse(registered.at) <= Date.parse(at), `key ${kid} was registered after ${at}`);
    return { payload, kid, organizationId };
  };

  /**
   * A desk receipt for a partner signature.
   * @param {string | null | undefined} receipt @param {string} kind @param {string} jws @param {unknown} document
   * @param {string} signedBy the check of the signature the receipt is for
   */
  const receiptOf = (receipt, kind, jws, document, signedBy) => {
    needs(document, signedBy);
    must(typeof receipt === 'string', `no receipt for the ${kind}`);
    const r = deskSigned(receipt, 'phoenix-receipt+jws');
    must(r.evaluation === evaluationId, `the receipt is for evaluation ${r.evaluation}`);
    must(r.kind === kind, `the receipt is for a ${r.kind}, not a ${kind}`);
    must(r.signature === jwsDigest(jws), 'the receipt names another signature');
    must(r.document === documentDigest(document), 'the receipt names another document');
    const period = (deskKeyHistory.periods ?? []).find(
      (/** @type {any} */ p) => p.kid === parseJws(receipt).header.kid,
    );
    if (period) must(validAt(period, r.receivedAt), `the desk key was not in service at ${r.receivedAt}`);
    return `received ${r.receivedAt}`;
  };

  const evaluationJws = bundle.evaluation.signature;
  const evaluationId = bundle.evaluation.id;
  /** @type {any} */
  let document;
  /** @type {{ kid: string, organizationId: string } | undefined} */
  let signer;
  check('evaluation signature', () => {
    const signed = partnerSigned(evaluationJws, 'phoenix-evaluation+jws', (p) => ({
      organizationId: p.evaluatorOrganization,
      at: p.signedAt ?? p.submittedAt,
    }));
    document = signed.payload;
    signer = signed;
    must(document.evaluation === evaluationId, `the signed document is of evaluation ${document.evaluation}`);
    return `organisation ${signed.organizationId}, key ${signed.kid}`;
  });
  check('evaluation receipt', () =>
    receiptOf(bundle.evaluation.receipt, 'evaluation', evaluationJws, document, 'evaluation signature'),
  );

  check('grid', () => {
    const grid = bundle.grid;
    must(documentDigest(grid.document) === grid.sha256, 'the grid document does not have the digest given');
    needs(document, 'evaluation signature');
    must(grid.sha256 === document.grid?.sha256, 'the signed evaluation names another grid digest');
    must(
      grid.id === `${document.grid.id}@${document.grid.version}` &&
        grid.document.id === document.grid.id &&
        grid.document.version === document.grid.version,
      `the grid is ${grid.id}, the evaluation's ${document.grid.id}@${document.grid.version}`,
    );
    return `${grid.id} sha256 ${grid.sha256}`;
  });

  const countersignatures = Array.isArray(bundle.countersignatures) ? bundle.countersignatures : [];
  const disputes = Array.isArray(bundle.disputes) ? bundle.disputes : [];
  /** @type {{ jws: string, kind: 'countersignature' | 'dispute', payload: any }[]} */
  const auditorStatements = [];
  for (const [kind, list, typ, action] of /** @type {const} */ ([
    ['countersignature', countersignatures, 'phoenix-countersignature+jws', 'evaluation.countersigned'],
    ['dispute', disputes, 'phoenix-dispute+jws', 'evaluation.disputed'],
  ])) {
    list.forEach((/** @type {any} */ item, /** @type {number} */ i) => {
      const name = `${kind} ${i + 1}`;
      /** @type {any} */
      let payload;
      check(name, () => {
        needs(document, 'evaluation signature');
        const signed = partnerSigned(item.signature, typ, (p) => ({
          organizationId: p.auditorOrganization,
          at: p.countersignedAt ?? p.disputedAt,
        }));
        payload = signed.payload;
        must(payload.evaluation === evaluationId, `it is about evaluation ${payload.evaluation}`);
        must(
          payload.evaluationSignature === jwsDigest(evaluationJws),
          'it names another evaluation signature',
        );
        must(
          signed.organizationId !== document.evaluatorOrganization,
          'the auditor organisation is the evaluator organisation',
        );
        auditorStatements.push({ jws: item.signature, kind, payload });
        return `organisation ${signed.organizationId}, key ${signed.kid}`;
      });
      check(`${name} receipt`, () => receiptOf(item.receipt, kind, item.signature, payload, name));
      check(`${name} entry`, () => {
        const entry = entries.find(
          (e) =>
            e.action === action &&
            e.subjectId === evaluationId &&
            e.payload.signature === jwsDigest(item.signature),
        );
        must(entry, `no ${action} entry commits to this signature`);
        must(
          entry.payload.evaluationSignature === undefined ||
            entry.payload.evaluationSignature === jwsDigest(evaluationJws),
          `the ${action} entry names another evaluation signature`,
        );
        return entry.id;
      });
    });
  }

  check('figures', () => {
    needs(document, 'evaluation signature');
    const figures = document.figures;
    const inputs = bundle.figures.inputs;
    must(
      figures && figures.method === FIGURES_METHOD,
      `the method is ${figures?.method}, not ${FIGURES_METHOD}`,
    );
    must(bundle.figures.method === FIGURES_METHOD, `the bundle's method is ${bundle.figures.method}`);
    must(
      documentDigest(inputs) === figures.inputs?.sha256,
      'the inputs do not have the digest the evaluation signs',
    );
    must(inputs.applications.length === figures.inputs.count, 'the inputs do not hold the count signed');
    must(
      canonicalJson(inputs.period) === canonicalJson(document.period),
      'the inputs are of another period than the evaluation',
    );
    const recomputed = computeFigures(inputs);
    const differing = Object.keys({ ...recomputed, ...figures.values }).filter(
      (k) =>
        canonicalJson(/** @type {any} */ (recomputed)[k] ?? null) !==
        canonicalJson(figures.values[k] ?? null),
    );
    must(
      differing.length === 0,
      `recomputed ${differing.map((k) => `${k} = ${JSON.stringify(/** @type {any} */ (recomputed)[k])}, signed ${JSON.stringify(figures.values[k])}`).join('; ')}`,
    );
    return `${Object.keys(recomputed).length} values recomputed from ${inputs.applications.length} applications and ${inputs.datasets.length} datasets`;
  });

  check('figure inputs', () => {
    const inputs = bundle.figures.inputs;
    /** @param {string | null} id @param {string} application @param {string} what */
    const entryOf = (id, application, what) => {
      must(id, `application ${application} names no ${what} entry`);
      const e = byId.get(id);
      must(e, `the ${what} entry ${id} of application ${application} is not in the bundle`);
      must(e.payload.deskId === inputs.deskId, `entry ${id} is of another desk`);
      return e;
    };
    for (const a of inputs.applications) {
      const app = a.application;
      if (a.submittedAt !== null) {
        const e = entryOf(a.entries.submitted, app, 'submitted');
        must(
          e.action === 'access_request.submitted' && e.subjectId === app,
          `entry ${e.id} is not its submission`,
        );
        must(
          e.payload.submittedAt === a.submittedAt,
          `application ${app}: submittedAt differs from entry ${e.id}`,
        );
      }
      if (a.completeAt !== null) {
        const e = entryOf(a.entries.completed, app, 'completed');
        must(
          (e.action === 'access_request.submitted' || e.action === 'access_request.resubmitted') &&
            e.subjectId === app,
          `entry ${e.id} is not a submission of application ${app}`,
        );
        must(
          (e.payload.submittedAt ?? e.payload.resubmittedAt) === a.completeAt,
          `application ${app}: completeAt differs from entry ${e.id}`,
        );
      }
      must(
        (a.outcome === null) === (a.decidedAt === null),
        `application ${app}: an outcome needs a decision time`,
      );
      if (a.outcome !== null) {
        const e = entryOf(a.entries.decided, app, 'decided');
        must(
          e.action === `access_request.${a.outcome}` && e.subjectId === app,
          `entry ${e.id} is not its ${a.outcome} decision`,
        );
        must(e.payload.decidedAt === a.decidedAt, `application ${app}: decidedAt differs from entry ${e.id}`);
        must(
          e.payload.workingDays === a.workingDays,
          `application ${app}: workingDays differs from entry ${e.id}`,
        );
        must(e.payload.deadline === a.deadline, `application ${app}: deadline differs from entry ${e.id}`);
        const within = a.deadline !== null && a.decidedAt.slice(0, 10) <= a.deadline;
        must(a.withinDeadline === within, `application ${app}: withinDeadline is not what its dates give`);
      } else {
        must(
          a.workingDays === null && a.firstVisaAt === null,
          `application ${app}: undecided yet with figures`,
        );
      }
      if (a.firstVisaAt !== null) {
        must(a.outcome === 'approved', `application ${app}: a first visa without an approval`);
        const e = entryOf(a.entries.firstVisa, app, 'first visa');
        must(
          e.action === 'visas.first_issued' &&
            Array.isArray(e.payload.requests) &&
            e.payload.requests.includes(app),
          `entry ${e.id} is not a first visa of application ${app}`,
        );
        must(
          e.payload.issuedAt === a.firstVisaAt,
          `application ${app}: firstVisaAt differs from entry ${e.id}`,
        );
      }
    }
    return `${inputs.applications.length} applications match their entries`;
  });

  check('evaluation entry', () => {
    needs(document, 'evaluation signature');
    const entry = entries.find((e) => e.action === 'evaluation.submitted' && e.subjectId === evaluationId);
    must(entry, 'no evaluation.submitted entry in the bundle');
    must(entry.payload.signature === jwsDigest(evaluationJws), 'the entry names another signature digest');
    must(entry.payload.document === documentDigest(document), 'the entry names another document digest');
    needs(signer, 'evaluation signature');
    must(entry.payload.organizationId === signer.organizationId, 'the entry names another organisation');
    must(entry.payload.kid === signer.kid, 'the entry names another key');
    return entry.id;
  });

  check('log entries', () => {
    for (const e of entries) {
      must(entryHash(e) === e.hash, `entry ${e.id} does not hash to ${e.hash}`);
    }
    // Entries of one desk carry their desk sequence: consecutive ones must link.
    const bySeq = new Map(
      entries
        .filter((e) => Number.isInteger(e.payload.deskSeq))
        .map((e) => [`${e.payload.deskId}#${e.payload.deskSeq}`, e]),
    );
    for (const e of bySeq.values()) {
      const before = bySeq.get(`${e.payload.deskId}#${e.payload.deskSeq - 1}`);
      if (before)
        must(e.payload.deskPrev === before.hash, `entry ${e.id} does not link to the desk's entry before it`);
    }
    return `${entries.length} entries hash as chained`;
  });

  const checkpoint = bundle.log.checkpoint;
  /** @type {any} */
  let head;
  check('checkpoint', () => {
    head = signedHead(checkpoint, bundle.origin, deskSigned);
    return `tree size ${head.treeSize}, root ${head.rootHash}`;
  });

  check('inclusion proof', () => {
    needs(head, 'checkpoint');
    const proof = bundle.log.proof;
    must(proof && proof.treeSize === head.treeSize, 'the proof is for another tree size');
    if (Array.isArray(proof.leaves)) {
      proofLeadsToHead(proof, head, entries);
      return `${entries.length} entries in a tree of ${head.treeSize} (multiproof, ${proof.nodes.length} nodes)`;
    }
    const wanted = new Map(entries.map((e) => [e.leafIndex, e.hash]));
    must(wanted.size === entries.length, 'two entries claim the same leaf');
    must(
      Array.isArray(proof.paths) && proof.paths.length === entries.length,
      'the proof covers other entries',
    );
    for (const p of proof.paths) {
      must(wanted.get(p.index) === p.entryHash, `leaf ${p.index} is not the entry the bundle gives there`);
      must(
        inclusionRoot(p.index, head.treeSize, p.entryHash, p.auditPath) === head.rootHash,
        `the path of leaf ${p.index} does not lead to the checkpoint root`,
      );
    }
    return `${entries.length} entries in a tree of ${head.treeSize} (inclusion paths)`;
  });

  check('cosignatures', () => {
    needs(head, 'checkpoint');
    return countCosignatures(checkpoint, orgKeys, options, warnings, 'bundle');
  });

  return { ok: checks.every((c) => c.ok), checks, warnings };
}
