// Signing in the browser: a partner's evaluation, countersignature or dispute is signed here, with a key the
// desk never holds. The key is an ECDSA P-256 WebCrypto key made non-extractable on first use and kept in
// this browser's IndexedDB (one per person and organisation); its public half is registered for the
// organisation once the person confirms. On submit the form's script fetches the document the desk prepared,
// checks that it is the one the page is about, signs its canonical JSON (RFC 8785 key order) as a compact JWS
// (RFC 7515, ES256: raw r||s, RFC 7518 §3.4) and posts the signature with the form.
// A page opts in with <form data-signing> and <script type="application/json" id="signing-data">; without
// this script the form says that signing needs JavaScript. Under Node the pure functions are exported for tests.
(() => {
  const encoder = new TextEncoder();

  function toBase64url(bytes) {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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

  /** RFC 7638 thumbprint of a P-256 public JWK: SHA-256 of its required members in order, base64url. */
  async function thumbprint(jwk) {
    const members = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
    return toBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(members))));
  }

  /** A new key pair whose private half can sign but never be exported, with its public JWK and kid. */
  async function newKey() {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const base = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y };
    const kid = await thumbprint(base);
    return { privateKey: pair.privateKey, kid, publicJwk: { ...base, kid, alg: 'ES256', use: 'sig' } };
  }

  /** A compact JWS (ES256, header alg, kid, typ) over the canonical JSON of `document`. */
  async function signJws(privateKey, kid, typ, document) {
    const header = toBase64url(encoder.encode(canonicalJson({ alg: 'ES256', kid, typ })));
    const payload = toBase64url(encoder.encode(canonicalJson(document)));
    const input = `${header}.${payload}`;
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      privateKey,
      encoder.encode(input),
    );
    return `${input}.${toBase64url(new Uint8Array(signature))}`;
  }

  /**
   * The disputed criteria as the desk reads the form: rows with a criterion or a comment, both trimmed, line
   * breaks as LF (a browser posts a textarea's breaks as CRLF; the desk turns them back).
   */
  function disputedCriteria(rows) {
    return rows
      .map((r) => ({ criterion: r.criterion.trim(), comment: r.comment.replace(/\r\n?/g, '\n').trim() }))
      .filter((r) => r.criterion !== '' || r.comment !== '');
  }

  /**
   * What is wrong with a prepared document before signing it, or null: another kind of document, another
   * evaluation, or another organisation than the page says.
   */
  function checkPrepared(prepared, data) {
    if (!prepared || prepared.typ !== data.typ || typeof prepared.document !== 'object') return 'kind';
    const d = prepared.document;
    if (!d || d.evaluation !== data.evaluation) return 'evaluation';
    const org = data.kind === 'evaluation' ? d.evaluatorOrganization : d.auditorOrganization;
    if (org !== data.organization.id) return 'organization';
    return null;
  }

  const api = { canonicalJson, thumbprint, newKey, signJws, disputedCriteria, checkPrepared };
  if (typeof module === 'object' && module?.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  const dataElement = document.getElementById('signing-data');
  const form = document.querySelector('form[data-signing]');
  if (!dataElement || !form) return;
  const data = JSON.parse(dataElement.textContent);
  const t = data.messages;
  const status = form.querySelector('[data-signing-status]');
  const error = form.querySelector('[data-signing-error]');
  const confirmPanel = form.querySelector('[data-signing-confirm]');
  const submit = form.querySelector('[data-signing-submit]');
  const signatureField = form.elements.namedItem('signature');
  for (const el of form.querySelectorAll('[data-signing-needs-script]')) el.hidden = true;

  const say = (text) => {
    if (status) status.textContent = text;
  };
  const refuse = (text) => {
    say('');
    if (error) {
      error.textContent = text;
      error.hidden = false;
    }
    if (submit) submit.disabled = false;
  };

  // IndexedDB: one object store of { id, kid, publicJwk, privateKey } records, a CryptoKey kept as is
  // (structured clone keeps it non-extractable).
  function openStore() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('phoenix-signing', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('keys', { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function stored(action, value) {
    const db = await openStore();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('keys', action === 'get' ? 'readonly' : 'readwrite');
        const request =
          action === 'get' ? tx.objectStore('keys').get(value) : tx.objectStore('keys').put(value);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }

  /** This person's key for the organisation in this browser, made on first use (or when the desk retired it). */
  async function browserKey() {
    const id = `${data.subject}|${data.organization.id}`;
    const existing = await stored('get', id);
    if (existing && !data.retiredKids.includes(existing.kid)) return existing;
    const made = { id, ...(await newKey()), createdAt: new Date().toISOString() };
    await stored('put', made);
    return made;
  }

  /** Shows the confirmation, focused; resolves with the person's answer. */
  function confirmRegistration(key) {
    return new Promise((resolve) => {
      const print = confirmPanel.querySelector('[data-signing-thumbprint]');
      if (print) print.textContent = key.kid;
      confirmPanel.hidden = false;
      const heading = confirmPanel.querySelector('h2, h3') ?? confirmPanel;
      heading.setAttribute('tabindex', '-1');
      heading.focus();
      const yes = confirmPanel.querySelector('[data-signing-register]');
      const no = confirmPanel.querySelector('[data-signing-cancel]');
      const done = (answer) => {
        yes.removeEventListener('click', onYes);
        no.removeEventListener('click', onNo);
        confirmPanel.hidden = true;
        resolve(answer);
      };
      const onYes = () => done(true);
      const onNo = () => done(false);
      yes.addEventListener('click', onYes);
      no.addEventListener('click', onNo);
    });
  }

  async function register(key) {
    const body = new FormData();
    body.set('_csrf', form.elements.namedItem('_csrf').value);
    body.set('jwk', JSON.stringify(key.publicJwk));
    const response = await fetch(data.registerUrl, {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (response.ok) return null;
    const problem = await response.json().catch(() => ({}));
    return problem.detail ?? `${response.status}`;
  }

  async function prepared() {
    const response = await fetch(data.documentUrl, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail ?? `${response.status}`);
    return body;
  }

  function disputeRows() {
    const rows = [];
    for (let i = 0; form.elements.namedItem(`/criteria/${i}/criterion`); i++) {
      rows.push({
        criterion: form.elements.namedItem(`/criteria/${i}/criterion`).value,
        comment: form.elements.namedItem(`/criteria/${i}/comment`)?.value ?? '',
      });
    }
    return rows;
  }

  async function sign() {
    if (!window.isSecureContext || !crypto.subtle || !window.indexedDB) return refuse(t.unsupported);
    if (submit) submit.disabled = true;
    if (error) error.hidden = true;
    say(t.preparing);
    const key = await browserKey();
    if (!data.registeredKids.includes(key.kid)) {
      say('');
      if (!(await confirmRegistration(key))) {
        if (submit) {
          submit.disabled = false;
          submit.focus();
        }
        return say(t.cancelled);
      }
      say(t.registering);
      const refused = await register(key);
      if (refused) return refuse(`${t.registrationFailed} ${refused}`);
      data.registeredKids.push(key.kid);
    }
    say(t.signing);
    const answer = await prepared();
    const wrong = checkPrepared(answer, data);
    if (wrong) return refuse(t.mismatch);
    const document = { ...answer.document };
    if (data.kind === 'dispute') document.criteria = disputedCriteria(disputeRows());
    signatureField.value = await signJws(key.privateKey, key.kid, data.typ, document);
    say(t.signed);
    form.submit();
  }

  form.addEventListener('submit', (event) => {
    // Rows a dispute cannot be made of go to the desk unsigned: it answers with the errors at their fields.
    if (data.kind === 'dispute') {
      const rows = disputedCriteria(disputeRows());
      if (rows.length === 0 || rows.some((r) => r.criterion === '' || r.comment === '')) return;
    }
    event.preventDefault();
    sign().catch((e) => refuse(`${t.failed} ${e?.message ?? ''}`.trim()));
  });
})();
