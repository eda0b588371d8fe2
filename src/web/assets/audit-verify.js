// The auditor's own checks, run by the reader's browser with WebCrypto alone: an ES256 compact JWS against
// the desk's published keys (RFC 7515, RFC 7518 §3.4: raw r||s signature), the payload against what the page
// shows, and RFC 6962 inclusion proofs of audit entries against a signed tree head (leaf hash
// SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right), walked as RFC 9162 §2.1.3.2 says).
// A page opts in with <script type="application/json" id="audit-verify-data">; without this script the page
// says nothing was checked here. Under Node the same functions are exported for the unit tests.
(() => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  function fromBase64url(text) {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  }

  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

  function fromHex(text) {
    if (typeof text !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error('not hex');
    return Uint8Array.from(text.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
  }

  /** The desk's canonical JSON (src/domain/canonical-json.ts): keys sorted, undefined members dropped. */
  function canonicalJson(value) {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }

  async function sha256(...parts) {
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
  }

  const leafHash = (leaf) => sha256(Uint8Array.of(0), leaf);
  const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  /** RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path, and compares. */
  async function verifyInclusion(index, size, leaf, proof, root) {
    if (!(index >= 0 && index < size)) return false;
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && same(r, root);
  }

  /**
   * Verifies a compact JWS with the key its `kid` names in a JWK Set: { ok, header, payload } or { ok: false,
   * reason } with reason one of malformed, alg, typ, unknown-key, signature.
   */
  async function verifyJws(jws, jwks, typ) {
    const parts = typeof jws === 'string' ? jws.split('.') : [];
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    let header;
    let signature;
    try {
      header = JSON.parse(decoder.decode(fromBase64url(parts[0])));
      signature = fromBase64url(parts[2]);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (header?.alg !== 'ES256') return { ok: false, reason: 'alg' };
    if (typ && header.typ !== typ) return { ok: false, reason: 'typ' };
    const jwk = (jwks?.keys ?? []).find((k) => k.kid === header.kid);
    if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256') return { ok: false, reason: 'unknown-key' };
    let valid = false;
    try {
      const key = await crypto.subtle.importKey(
        'jwk',
        { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['verify'],
      );
      // ES256 signatures are the raw 64-byte r||s, which is what WebCrypto's ECDSA takes.
      valid =
        signature.length === 64 &&
        (await crypto.subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' },
          key,
          signature,
          encoder.encode(`${parts[0]}.${parts[1]}`),
        ));
    } catch {
      valid = false;
    }
    if (!valid) return { ok: false, reason: 'signature' };
    try {
      return { ok: true, header, payload: JSON.parse(decoder.decode(fromBase64url(parts[1]))) };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }

  /**
   * Whether a signed evaluation is the one a page shows: same id, overall score, group scores and criterion
   * levels. Answers null when it is, or the first difference found.
   */
  function compareEvaluation(payload, shown) {
    if (!payload || payload.evaluation !== shown.id) return 'evaluation';
    if (payload.sheet?.overall !== shown.overall) return 'overall';
    const groups = new Map((payload.sheet?.groups ?? []).map((g) => [g.id, g.score]));
    for (const g of shown.groups) if (groups.get(g.id) !== g.score) return `group:${g.id}`;
    if (groups.size !== shown.groups.length) return 'groups';
    const scores = payload.scores ?? {};
    for (const c of shown.criteria) if (scores[c.id]?.level !== c.level) return `criterion:${c.id}`;
    if (Object.keys(scores).length !== shown.criteria.length) return 'criteria';
    return null;
  }

  /** The chain hash of an audit entry (src/domain/audit-chain.ts): SHA-256 of prevHash, a newline, its content. */
  async function entryHash(entry) {
    const content = canonicalJson({
      id: entry.id,
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      payload: entry.payload,
    });
    return toHex(await sha256(encoder.encode(`${entry.prevHash}\n${content}`)));
  }

  /**
   * An entry against a verified tree head: its content gives its hash, and its hash (the tree's leaf) with the
   * audit path gives the signed root. Answers null when both hold, or what failed: entry, size or inclusion.
   */
  async function checkEntry(entry, proof, head) {
    if ((await entryHash(entry)) !== entry.hash) return 'entry';
    if (!proof || proof.treeSize !== head.treeSize) return 'size';
    try {
      const leaf = await leafHash(fromHex(entry.hash));
      const ok = await verifyInclusion(
        proof.leafIndex,
        head.treeSize,
        leaf,
        proof.auditPath.map(fromHex),
        fromHex(head.rootHash),
      );
      return ok ? null : 'inclusion';
    } catch {
      return 'inclusion';
    }
  }

  /**
   * A page of one desk's entries, in log order, against the desk's own sequence (payload deskSeq and deskPrev,
   * under each entry's hash): each numbered entry follows the one before it, and links to its hash. On the
   * first page the sequence starts at 1 (entries from before sequences existed carry none, and come first).
   * Answers { first, last } (the numbers checked) or { reason, at } naming the first break.
   */
  function checkDeskSequence(entries, fromStart) {
    let previous = null;
    let first = null;
    for (const entry of entries) {
      const seq = entry.payload?.deskSeq;
      if (seq === undefined) {
        if (previous) return { reason: 'unnumbered', at: entry.id };
        continue;
      }
      if (!Number.isInteger(seq)) return { reason: 'unnumbered', at: entry.id };
      if (previous) {
        if (seq !== previous.payload.deskSeq + 1)
          return { reason: 'gap', at: entry.id, missing: [previous.payload.deskSeq + 1, seq - 1] };
        if (entry.payload.deskPrev !== previous.hash) return { reason: 'link', at: entry.id };
      } else if (fromStart && seq !== 1) {
        return { reason: 'gap', at: entry.id, missing: [1, seq - 1] };
      } else if (fromStart && entry.payload.deskPrev !== '0'.repeat(64)) {
        return { reason: 'link', at: entry.id };
      }
      first ??= seq;
      previous = entry;
    }
    return { first, last: previous ? previous.payload.deskSeq : null };
  }

  const api = {
    canonicalJson,
    checkDeskSequence,
    checkEntry,
    compareEvaluation,
    entryHash,
    fromHex,
    leafHash,
    nodeHash,
    toHex,
    verifyInclusion,
    verifyJws,
  };
  if (typeof module === 'object' && module?.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  const source = document.getElementById('audit-verify-data');
  if (!source) return;
  let data;
  try {
    data = JSON.parse(source.textContent);
  } catch {
    return;
  }
  const say = (id, text, ok) => {
    const region = document.getElementById(id);
    if (!region) return;
    region.textContent = text;
    region.dataset.verified = ok ? 'true' : 'false';
    region.classList.remove('verify-pending');
    region.classList.add(ok ? 'verify-ok' : 'verify-failed');
  };
  const t = data.messages;
  const failed = (reason) => t.failed.replace('{reason}', t.reasons[reason.split(':')[0]] ?? reason);
  const number = (el, name) => Number(el.getAttribute(name));

  async function checkEvaluation() {
    const main = document.querySelector('[data-evaluation-id]');
    if (!main) return;
    const shown = {
      id: main.getAttribute('data-evaluation-id'),
      overall: number(main, 'data-overall'),
      groups: Array.from(document.querySelectorAll('[data-group-id]'), (el) => ({
        id: el.getAttribute('data-group-id'),
        score: number(el, 'data-score'),
      })),
      criteria: Array.from(document.querySelectorAll('[data-criterion-id]'), (el) => ({
        id: el.getAttribute('data-criterion-id'),
        level: number(el, 'data-level'),
      })),
    };
    const verdict = await verifyJws(data.signature, data.keys, 'phoenix-evaluation+jws');
    if (!verdict.ok) return say('signature-status', failed(verdict.reason), false);
    const difference = compareEvaluation(verdict.payload, shown);
    if (difference) return say('signature-status', failed(`payload:${difference}`), false);
    say('signature-status', t.verified, true);
    if (!data.countersignature) return;
    // The countersignature is the auditor organisation's, checked with its own keys.
    const counter = await verifyJws(
      data.countersignature,
      data.countersignerKeys ?? data.keys,
      'phoenix-countersignature+jws',
    );
    if (!counter.ok) return say('countersignature-status', failed(counter.reason), false);
    const signed = toHex(await sha256(encoder.encode(data.signature)));
    if (counter.payload.evaluation !== shown.id || counter.payload.evaluationSignature !== signed)
      return say('countersignature-status', failed('countersigned'), false);
    say('countersignature-status', t.countersignatureVerified, true);
  }

  async function checkLog() {
    if (!data.head) return;
    const verdict = await verifyJws(data.head, data.keys, 'phoenix-checkpoint+jws');
    if (!verdict.ok) {
      say('tree-head-status', failed(verdict.reason), false);
      for (const item of data.entries) if (item.proof) say(`inclusion-${item.entry.id}`, t.headFailed, false);
      return;
    }
    say('tree-head-status', t.headVerified.replace('{size}', String(verdict.payload.treeSize)), true);
    let checked = 0;
    let failures = 0;
    for (const item of data.entries) {
      if (!item.proof) continue;
      const row = document.querySelector(`[data-entry-id="${item.entry.id}"]`);
      // The row shows the entry the proof is about, not another one.
      const reason =
        row && row.getAttribute('data-action') !== item.entry.action
          ? 'shown'
          : await checkEntry(item.entry, item.proof, verdict.payload);
      if (reason) failures++;
      else checked++;
      say(`inclusion-${item.entry.id}`, reason ? failed(reason) : t.inclusionChecked, !reason);
    }
    const summary = document.getElementById('inclusion-summary');
    if (summary)
      summary.textContent = t.inclusionSummary
        .replace('{checked}', String(checked))
        .replace('{failed}', String(failures));
    if (!data.deskSequence) return;
    // The sequence is read from the entries' payloads: it means something only for entries whose hashes hold.
    const sequence =
      failures > 0
        ? { reason: 'entries' }
        : checkDeskSequence(
            data.entries.map((item) => item.entry),
            data.deskSequence.fromStart,
          );
    if (sequence.reason) {
      const missing = sequence.missing ? `${sequence.missing[0]}–${sequence.missing[1]}` : '';
      say('desk-sequence-status', t.sequenceFailed[sequence.reason].replace('{missing}', missing), false);
    } else if (sequence.first !== null) {
      say(
        'desk-sequence-status',
        t.sequenceChecked.replace('{first}', String(sequence.first)).replace('{last}', String(sequence.last)),
        true,
      );
    }
  }

  (data.kind === 'evaluation' ? checkEvaluation() : checkLog()).catch(() => {
    say(data.kind === 'evaluation' ? 'signature-status' : 'tree-head-status', failed('error'), false);
  });
})();
