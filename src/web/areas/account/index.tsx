// Sign-in and sign-out: OpenID Connect (authorisation code with PKCE) against the configured provider, and,
// in the embedded default only, sign-in as a member of the demo cast.
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oauth from 'oauth4webapi';
import { open, seal } from '../../../crypto/key-encryption';
import { DEMO_USERS } from '../../../demo/cast';
import { Problem } from '../../../domain/problem';
import { ensureUser } from '../../../services/identity';
import { type ConsoleArea, clearSession, ensureSession, writeSession } from '../../console';
import { type ConsoleOidc, href, pageContext, type WebContext, type WebEnv } from '../../context';
import { CsrfField } from '../../forms';
import { fill, isLang, type Lang } from '../../i18n';
import { Layout } from '../../layout';
import { newCsrfToken, SIGNED_IN_SECONDS } from '../../session';
import { messages } from './messages';

const OIDC_COOKIE = 'phoenix_oidc';
const OIDC_PURPOSE = 'phoenix-console-oidc/v1';
const OIDC_FLOW_SECONDS = 600;
export const OIDC_CALLBACK = '/auth/callback';

/** Where to go after signing in: only a console path of this desk, never another site (open redirect). */
export function safeNext(next: string | undefined, lang: Lang): string {
  if (next && /^\/(fr|en)(\/[^\\]*)?$/.test(next.split('?')[0]!) && !next.startsWith('//')) return next;
  return `/${lang}`;
}

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}$/;

async function signIn(
  c: WebContext,
  identity: { issuer: string; subject: string; name?: string | undefined },
  next: string,
) {
  const services = c.get('services');
  await ensureUser(services, identity.issuer, identity.subject, { displayName: identity.name });
  // A new token on sign-in: a token planted before it (session fixation) is worth nothing after.
  await writeSession(c, {
    identity,
    csrf: newCsrfToken(),
    expiresAt: Math.floor(services.now().getTime() / 1000) + SIGNED_IN_SECONDS,
  });
  return c.redirect(next, 303);
}

interface OidcFlow {
  verifier: string;
  state: string;
  nonce: string;
  lang: Lang;
  next: string;
  expiresAt: number;
}

/**
 * Why an OpenID sign-in ended without a session: the flow's cookie is missing, expired or forged (`flow`), the
 * provider refused or answered something that does not check out (`provider`), or the desk could not reach
 * the provider it is configured with, or it presented another issuer (`unreachable`, a bad gateway).
 */
type SignInFailure = 'flow' | 'provider' | 'unreachable';

/** A page saying so, with a way to start again; never a silent bounce back to the sign-in page. */
function signInFailed(c: WebContext, failure: SignInFailure, next: string) {
  const p = pageContext(c);
  const m = messages[p.lang];
  const provider = c.get('console').oidc?.name ?? '';
  const title = failure === 'unreachable' ? m.providerUnreachableTitle : m.signInRefusedTitle;
  const text =
    failure === 'unreachable'
      ? m.providerUnreachable
      : failure === 'flow'
        ? m.signInFlowExpired
        : m.signInRefusedByProvider;
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout p={p} title={title}>
      <h1>{title}</h1>
      <p>{fill(text, { provider })}</p>
      <p>
        <a class="button" href={`${href(p, '/sign-in')}?next=${encodeURIComponent(next)}`}>
          {m.signInAgain}
        </a>
      </p>
    </Layout>,
    failure === 'unreachable' ? 502 : 403,
  );
}

function oidcClient(oidc: ConsoleOidc) {
  const client: oauth.Client = { client_id: oidc.clientId };
  const auth = oidc.clientSecret ? oauth.ClientSecretPost(oidc.clientSecret) : oauth.None();
  return { client, auth };
}

export function accountArea(): ConsoleArea {
  // The provider's metadata, fetched once per process (and again after a failure).
  let discovered: Promise<oauth.AuthorizationServer> | undefined;
  const discover = (c: WebContext, oidc: ConsoleOidc) => {
    const issuer = new URL(oidc.issuer);
    const insecure = c.get('console').allowInsecureOidc === true;
    discovered ??= oauth
      .discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: insecure })
      .then((response) => oauth.processDiscoveryResponse(issuer, response))
      .catch((err) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  return {
    mount(web: Hono<WebEnv>) {
      web.get('/:lang/sign-in', async (c) => {
        await ensureSession(c);
        const p = pageContext(c);
        const { t, options } = p;
        const next = safeNext(c.req.query('next'), p.lang);
        return c.html(
          <Layout p={p} title={t.signInTitle}>
            <h1>{t.signInTitle}</h1>
            <p class="lead">{t.signInIntro}</p>
            {options.oidc ? (
              <p>
                <a class="button" href={`${href(p, '/sign-in/oidc')}?next=${encodeURIComponent(next)}`}>
                  {t.signInWithProvider.replace('{provider}', options.oidc.name)}
                </a>
              </p>
            ) : null}
            {!options.oidc && !options.devIssuer ? <p class="notice">{t.signInUnavailable}</p> : null}
            {options.devIssuer ? (
              <section aria-labelledby="dev-sign-in">
                <h2 id="dev-sign-in">{t.devSignInTitle}</h2>
                <p class="notice notice-warn">{t.devSignInIntro}</p>
                <ul class="cards">
                  {DEMO_USERS.map((user) => (
                    <li class="card">
                      <form method="post" action={href(p, '/sign-in/dev')}>
                        <CsrfField p={p} />
                        <input type="hidden" name="next" value={next} />
                        <input type="hidden" name="subject" value={user.subject} />
                        <p>
                          <strong>{user.name}</strong>
                          <br />
                          <code>{user.subject}</code>
                        </p>
                        <button type="submit">{t.devSignInAs.replace('{name}', user.subject)}</button>
                      </form>
                    </li>
                  ))}
                </ul>
                <form method="post" action={href(p, '/sign-in/dev')}>
                  <CsrfField p={p} />
                  <input type="hidden" name="next" value={next} />
                  <div class="field">
                    <label for="dev-subject">{t.devSignInOther}</label>
                    <span class="hint" id="dev-subject-hint">
                      {t.devSignInOtherHint}
                    </span>
                    <input
                      type="text"
                      id="dev-subject"
                      name="subject"
                      aria-describedby="dev-subject-hint"
                      autocomplete="username"
                    />
                  </div>
                  <button type="submit" class="secondary">
                    {t.devSignInOtherButton}
                  </button>
                </form>
              </section>
            ) : null}
          </Layout>,
          200,
        );
      });

      web.post('/:lang/sign-in/dev', async (c) => {
        const devIssuer = c.get('console').devIssuer;
        if (!devIssuer) throw new Problem('not_found', 'no such resource');
        const form = await c.req.parseBody();
        const subject = typeof form.subject === 'string' ? form.subject.trim() : '';
        if (!SUBJECT.test(subject)) throw new Problem('validation_failed', 'subject');
        const cast = DEMO_USERS.find((u) => u.subject === subject);
        const next = safeNext(typeof form.next === 'string' ? form.next : undefined, c.get('lang'));
        return signIn(c, { issuer: devIssuer, subject, name: cast?.name }, next);
      });

      web.get('/:lang/sign-in/oidc', async (c) => {
        const oidc = c.get('console').oidc;
        if (!oidc) throw new Problem('not_found', 'no such resource');
        const next = safeNext(c.req.query('next'), c.get('lang'));
        let as: oauth.AuthorizationServer;
        try {
          as = await discover(c, oidc);
        } catch {
          return signInFailed(c, 'unreachable', next);
        }
        const services = c.get('services');
        const flow: OidcFlow = {
          verifier: oauth.generateRandomCodeVerifier(),
          state: oauth.generateRandomState(),
          nonce: oauth.generateRandomNonce(),
          lang: c.get('lang'),
          next,
          expiresAt: Math.floor(services.now().getTime() / 1000) + OIDC_FLOW_SECONDS,
        };
        if (!as.authorization_endpoint)
          throw new Problem('misconfigured', 'the provider has no authorization endpoint');
        const target = new URL(as.authorization_endpoint);
        target.searchParams.set('client_id', oidc.clientId);
        target.searchParams.set('redirect_uri', `${c.get('console').publicBaseUrl}${OIDC_CALLBACK}`);
        target.searchParams.set('response_type', 'code');
        target.searchParams.set('scope', 'openid profile');
        target.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(flow.verifier));
        target.searchParams.set('code_challenge_method', 'S256');
        target.searchParams.set('state', flow.state);
        target.searchParams.set('nonce', flow.nonce);
        target.searchParams.set('ui_locales', flow.lang);
        const secure = c.get('console').secureCookies;
        setCookie(c, OIDC_COOKIE, await seal(services.keyEncryptionKey, JSON.stringify(flow), OIDC_PURPOSE), {
          httpOnly: true,
          // The provider sends the browser back with a top-level GET: Lax lets the cookie come along.
          sameSite: 'Lax',
          secure,
          path: OIDC_CALLBACK,
          maxAge: OIDC_FLOW_SECONDS,
        });
        return c.redirect(target.toString(), 303);
      });

      web.post('/:lang/sign-out', (c) => {
        clearSession(c);
        return c.redirect(`${href(pageContext(c), '/')}?signed-out=1`, 303);
      });

      /**
       * The provider's redirect back (outside the language prefix: one URL to register with the provider). The
       * flow's verifier, state and nonce come from the sealed cookie set when it started; any mismatch fails closed.
       */
      web.get(OIDC_CALLBACK, async (c) => {
        const oidc = c.get('console').oidc;
        if (!oidc) throw new Problem('not_found', 'no such resource');
        const services = c.get('services');
        const sealed = getCookie(c, OIDC_COOKIE);
        deleteCookie(c, OIDC_COOKIE, { path: OIDC_CALLBACK, secure: c.get('console').secureCookies });
        let flow: OidcFlow;
        try {
          flow = JSON.parse(await open(services.keyEncryptionKey, sealed ?? '', OIDC_PURPOSE)) as OidcFlow;
        } catch {
          return signInFailed(c, 'flow', href(pageContext(c), '/'));
        }
        if (!isLang(flow.lang)) return signInFailed(c, 'flow', href(pageContext(c), '/'));
        c.set('lang', flow.lang);
        if (flow.expiresAt * 1000 <= services.now().getTime()) return signInFailed(c, 'flow', flow.next);
        let as: oauth.AuthorizationServer;
        try {
          as = await discover(c, oidc);
        } catch {
          return signInFailed(c, 'unreachable', flow.next);
        }
        const { client, auth } = oidcClient(oidc);
        const insecure = c.get('console').allowInsecureOidc === true;
        let claims: oauth.IDToken | undefined;
        try {
          // Checks the state, the provider's error answer and, when the provider sends it, `iss` (RFC 9207).
          const params = oauth.validateAuthResponse(as, client, new URL(c.req.url), flow.state);
          // The provider checks the code against the PKCE challenge and the client's credentials.
          const response = await oauth.authorizationCodeGrantRequest(
            as,
            client,
            auth,
            params,
            `${c.get('console').publicBaseUrl}${OIDC_CALLBACK}`,
            flow.verifier,
            { [oauth.allowInsecureRequests]: insecure },
          );
          // The ID token comes straight from the token endpoint over TLS (OpenID Connect Core 3.1.3.7): its
          // issuer, audience, expiry and nonce are checked here.
          const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
            expectedNonce: flow.nonce,
            requireIdToken: true,
          });
          claims = oauth.getValidatedIdTokenClaims(result);
        } catch {
          return signInFailed(c, 'provider', flow.next);
        }
        if (!claims?.sub) return signInFailed(c, 'provider', flow.next);
        const name = typeof claims.name === 'string' ? claims.name : undefined;
        return signIn(c, { issuer: claims.iss, subject: claims.sub, name }, flow.next);
      });
    },
  };
}
