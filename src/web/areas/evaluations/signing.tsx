// Signing forms of the console: an evaluator's submission and an auditor's countersignature or dispute are
// signed by the person's browser (src/web/assets/signing.js) with a key of their organisation that the desk
// never holds. The page carries what the script needs; the desk prepares the document, registers the
// browser's public key once the person confirms, and verifies the signature the form posts. Without the
// script the form says that signing needs it, and the desk refuses an unsigned post at /signature.
import type { Hono } from 'hono';
import { raw } from 'hono/html';
import { type Outcome, Problem, problemResponse } from '../../../domain/problem';
import { signing } from '../../../generated/console-assets.js';
import {
  type OrganizationKeyView,
  organizationKeyHistory,
  registerOrganizationKey,
} from '../../../services/organization-keys';
import type { Violation } from '../../../validation/violation';
import { href, ID, LANG, type PageContext, type WebContext, type WebEnv } from '../../context';
import { fieldId, messagesAt } from '../../forms';
import { fill } from '../../i18n';
import { signingMessages } from './signing-messages';

export type SigningKind = 'evaluation' | 'countersignature' | 'dispute';

export const SIGNING_TYP: Record<SigningKind, string> = {
  evaluation: 'phoenix-evaluation+jws',
  countersignature: 'phoenix-countersignature+jws',
  dispute: 'phoenix-dispute+jws',
};

/** The pointer a missing or refused signature is reported at, as the API reports it. */
export const SIGNATURE = '/signature';

/** What a signing form shows: the organisation that signs and the keys it has registered with the desk. */
export interface Signer {
  organization: { id: string; name: string };
  keys: OrganizationKeyView[];
}

export async function signerFor(c: WebContext, organization: { id: string; name: string }): Promise<Signer> {
  return { organization, keys: await organizationKeyHistory(c.get('services'), organization.id) };
}

/** The data the browser's signing reads: JSON in a non-executed script element, `<` escaped. */
function SigningData(props: { data: unknown }) {
  return (
    <script type="application/json" id="signing-data">
      {raw(JSON.stringify(props.data).replace(/</g, '\\u003c'))}
    </script>
  );
}

/**
 * The inside of a signing form: the hidden signature, the script's data, the confirmation of a new key, its
 * status lines and the submit button (the target of /signature errors). The form itself is the caller's,
 * with `data-signing`.
 */
export function SigningFields(props: {
  p: PageContext;
  kind: SigningKind;
  evaluation: string;
  signer: Signer;
  /** Where the script fetches the prepared document (a console path answering JSON). */
  documentUrl: string;
  button: string;
  violations: readonly Violation[];
}) {
  const { p, signer } = props;
  const t = signingMessages[p.lang];
  const errors = messagesAt(props.violations, SIGNATURE);
  const id = fieldId(SIGNATURE);
  const active = signer.keys.filter((k) => k.retiredAt === null);
  const data = {
    kind: props.kind,
    typ: SIGNING_TYP[props.kind],
    evaluation: props.evaluation,
    organization: signer.organization,
    subject: p.principal ? `${p.principal.issuer} ${p.principal.subject}` : '',
    documentUrl: props.documentUrl,
    registerUrl: href(p, `/organizations/${signer.organization.id}/signing-keys`),
    registeredKids: active.map((k) => k.kid),
    retiredKids: signer.keys.filter((k) => k.retiredAt !== null).map((k) => k.kid),
    messages: {
      preparing: t.preparing,
      registering: t.registering,
      signing: t.signing,
      signed: t.signed,
      cancelled: t.cancelled,
      registrationFailed: t.registrationFailed,
      mismatch: t.mismatch,
      failed: t.failed,
      unsupported: t.unsupported,
    },
  };
  return (
    <div class="signing">
      <SigningData data={data} />
      <input type="hidden" name="signature" value="" />
      <p class="notice notice-warn" data-signing-needs-script>
        {t.needsScript}
      </p>
      <p>
        {fill(t.intro, { organization: signer.organization.name })}{' '}
        {active.length === 0 ? t.noKeyYet : fill(t.keysRegistered, { n: active.length })}
      </p>
      <section
        class="signing-confirm notice"
        data-signing-confirm
        hidden
        aria-labelledby="signing-confirm-title"
      >
        <h2 id="signing-confirm-title">{t.confirmTitle}</h2>
        <p>{fill(t.confirmText, { organization: signer.organization.name })}</p>
        <p>
          {t.thumbprint} <code data-signing-thumbprint />
        </p>
        <div class="actions">
          <button type="button" data-signing-register>
            {t.confirmButton}
          </button>
          <button type="button" class="secondary" data-signing-cancel>
            {t.cancelButton}
          </button>
        </div>
      </section>
      <p class="muted" role="status" data-signing-status />
      <p class="error-message" role="alert" data-signing-error hidden />
      {errors.length ? (
        <p class="error-message" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
      <button
        type="submit"
        id={id}
        data-signing-submit
        aria-describedby={errors.length ? `${id}-error` : undefined}
      >
        {props.button}
      </button>
      <script src={signing.path} defer nonce={p.nonce} />
    </div>
  );
}

/** The signature a signing form posted, or the violation that says why there is none. */
export function postedSignature(
  lang: PageContext['lang'],
  body: Record<string, unknown>,
): { signature: string } | { violation: Violation } {
  const value = body.signature;
  const signature = typeof value === 'string' ? value.trim() : '';
  if (signature === '')
    return { violation: { pointer: SIGNATURE, message: signingMessages[lang].missingSignature } };
  return { signature };
}

/** The refusals of a signature (at /signature), each kept at its field; any other refusal at the form. */
export function signatureViolations(problem: Problem): Violation[] {
  const at = (problem.violations ?? []).filter((v) => v.pointer === SIGNATURE);
  if (at.length) return at;
  if ((problem.violations ?? []).some((v) => v.pointer.startsWith('/scores/'))) return [];
  return [{ pointer: SIGNATURE, message: problem.detail ?? problem.message }];
}

export const hasSignatureViolation = (problem: Problem): boolean =>
  (problem.violations ?? []).some((v) => v.pointer === SIGNATURE);

/** A prepared document, or the problem, as JSON for the script (the console's pages answer HTML otherwise). */
export function preparedAnswer(
  c: WebContext,
  outcome: Outcome<{ typ: string; document: unknown }>,
): Response {
  if (!outcome.ok) return problemResponse(outcome.problem, new URL(c.req.url).pathname);
  c.header('cache-control', 'no-store');
  return c.json(outcome.value, 200);
}

/**
 * The browser's public key registered for an organisation the person belongs to (the registry's own rules:
 * members only, public P-256 keys only). Posted by the signing script with the page's CSRF token.
 */
export function mountSigningKeys(web: Hono<WebEnv>): void {
  web.post(`${LANG}/organizations/${ID}/signing-keys`, async (c) => {
    const principal = c.get('principal');
    const instance = new URL(c.req.url).pathname;
    if (!principal)
      return problemResponse(new Problem('unauthenticated', 'sign in to register a key'), instance);
    const body = await c.req.parseBody();
    let jwk: unknown;
    try {
      jwk = JSON.parse(typeof body.jwk === 'string' ? body.jwk : '');
    } catch {
      jwk = undefined;
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
      return problemResponse(
        new Problem('validation_failed', 'not a JWK', [
          { pointer: '/jwk', message: 'must be a JSON object' },
        ]),
        instance,
      );
    const registered = await registerOrganizationKey(
      c.get('services'),
      principal,
      c.req.param('id'),
      jwk as Record<string, unknown>,
    );
    if (!registered.ok) return problemResponse(registered.problem, instance);
    return c.json(registered.value, 201);
  });
}
