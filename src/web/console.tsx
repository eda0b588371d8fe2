// The console: server-rendered pages for people, under /fr and /en, on the same app and services as the API.
//
// Every page is a function of what a service returns; nothing here holds a rule the API does not enforce.
// Guards: a strict Content-Security-Policy with a nonce per response, a sealed session cookie, and a CSRF
// check on every form post (same origin, and the session's token echoed by the form).
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { Problem } from '../domain/problem';
import { IMMUTABLE, script, signing, style } from '../generated/console-assets.js';
import { loadPrincipal } from '../services/identity';
import { common } from './common-messages';
import { type ConsoleOptions, href, pageContext, type WebContext, type WebEnv } from './context';
import { type Lang, preferredLang } from './i18n';
import { Layout } from './layout';
import { newCsrfToken, openSession, type Session, sameToken, sealSession, VISITOR_SECONDS } from './session';

/** Paths the console answers (the API keeps /v1, /docs, /openapi.json, /healthz and /.well-known). */
export const isConsolePath = (path: string): boolean =>
  path === '/' || /^\/(fr|en|assets|auth)(\/|$)/.test(path);

export const sessionCookieName = (options: Pick<ConsoleOptions, 'secureCookies'>): string =>
  options.secureCookies ? '__Host-phoenix_session' : 'phoenix_session';

/**
 * Scripts only from the desk and with this response's nonce, styles only from the desk, forms only to the
 * desk, never framed. `form-action 'self'`: OpenID sign-in leaves by a link, not a form.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function randomNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** Writes the session cookie: HttpOnly, SameSite=Lax, Secure (and `__Host-`) behind https. */
export async function writeSession(c: WebContext, session: Session): Promise<void> {
  const options = c.get('console');
  setCookie(c, sessionCookieName(options), await sealSession(c.get('services').keyEncryptionKey, session), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.secureCookies,
    path: '/',
    maxAge: Math.max(0, session.expiresAt - Math.floor(c.get('services').now().getTime() / 1000)),
  });
  c.set('session', session);
}

export function clearSession(c: WebContext): void {
  const options = c.get('console');
  deleteCookie(c, sessionCookieName(options), { path: '/', secure: options.secureCookies });
  c.set('session', undefined);
  c.set('principal', undefined);
}

/** Pages with a form for visitors (sign-in) give them a session holding only a CSRF token. */
export async function ensureSession(c: WebContext): Promise<Session> {
  const existing = c.get('session');
  if (existing) return existing;
  const now = Math.floor(c.get('services').now().getTime() / 1000);
  const session: Session = { csrf: newCsrfToken(), expiresAt: now + VISITOR_SECONDS };
  await writeSession(c, session);
  return session;
}

/**
 * A post must come from a page of this desk: the browser's Origin (or Sec-Fetch-Site) says same origin, and
 * the form echoes the session's token. Either failing is a 403, before any handler reads the form.
 */
async function checkCsrf(c: WebContext): Promise<void> {
  const url = new URL(c.req.url);
  const allowed = new Set([url.origin, new URL(c.get('console').publicBaseUrl).origin]);
  // A page served with Referrer-Policy: no-referrer (the API's default) makes browsers send `Origin: null`
  // on every form post, even to the same origin (Fetch, "serializing a request origin"): Sec-Fetch-Site
  // then tells where the post came from.
  const header = c.req.header('origin');
  const origin = header === 'null' ? undefined : header;
  const site = c.req.header('sec-fetch-site');
  if (origin !== undefined && !allowed.has(origin)) throw new Problem('forbidden', 'csrf');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new Problem('forbidden', 'csrf');
  if (origin === undefined && site === undefined) throw new Problem('forbidden', 'csrf');
  const session = c.get('session');
  const body = await c.req.parseBody({ all: true });
  const token = body._csrf;
  if (!session || typeof token !== 'string' || !sameToken(token, session.csrf))
    throw new Problem('forbidden', 'csrf');
}

/** The language of a console path, for pages rendered before (or without) the language middleware. */
export const langOfPath = (path: string): Lang => (path.startsWith('/en') ? 'en' : 'fr');

/** An error as a page, in the language of the path it happened on. */
export function errorPage(
  c: WebContext,
  err: Problem | undefined,
  status: number,
): Response | Promise<Response> {
  if (!c.get('lang')) c.set('lang', langOfPath(new URL(c.req.url).pathname));
  if (!c.get('nonce')) c.set('nonce', randomNonce());
  const p = pageContext(c);
  const t = common[p.lang];
  // A visitor who needs to sign in is sent there, and comes back to the page they asked for.
  if (status === 401 && c.req.method === 'GET') {
    return c.redirect(`${href(p, '/sign-in')}?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
  }
  const [title, text] =
    err?.detail === 'csrf'
      ? [t.csrfTitle, t.csrfText]
      : status === 404
        ? [t.notFoundTitle, t.notFoundText]
        : status === 403
          ? [t.forbiddenTitle, t.forbiddenText]
          : status === 401
            ? [t.signInRequiredTitle, t.signInRequiredText]
            : status === 503
              ? [t.unavailableTitle, t.unavailableText]
              : [t.errorPageTitle, err?.detail ?? ''];
  c.header('content-security-policy', contentSecurityPolicy(p.nonce));
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout p={p} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p class="muted">{common[p.lang].errorReference.replace('{id}', c.get('requestId') ?? '')}</p>
      <p>
        <a href={href(p, '/')}>{t.backHome}</a>
      </p>
    </Layout>,
    status as 400,
  );
}

export interface ConsoleArea {
  /** Registers the area's pages on the console router, under the language prefix. */
  mount(router: Hono<WebEnv>): void;
}

export function consoleRouter(options: ConsoleOptions, areas: ConsoleArea[]): Hono<WebEnv> {
  const web = new Hono<WebEnv>({ strict: false });

  web.get('/', (c) => {
    c.header('vary', 'Accept-Language');
    return c.redirect(`/${preferredLang(c.req.header('accept-language'))}`, 302);
  });
  for (const asset of [style, script, signing]) {
    web.get(asset.path, (c) =>
      c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': IMMUTABLE }),
    );
  }

  // Only on the console's own paths: the API's requests (and the route matching it relies on) never see it.
  const pages: MiddlewareHandler<WebEnv> = async (c, next) => {
    const path = new URL(c.req.url).pathname;
    c.set('lang', langOfPath(path));
    c.set('console', options);
    const nonce = randomNonce();
    c.set('nonce', nonce);
    const services = c.get('services');
    const session = await openSession(
      services.keyEncryptionKey,
      getCookie(c, sessionCookieName(options)),
      services.now(),
    );
    c.set('session', session);
    c.set('principal', undefined);
    if (session?.identity)
      c.set('principal', await loadPrincipal(services, session.identity.issuer, session.identity.subject));
    if (c.req.method === 'POST') await checkCsrf(c);
    await next();
    c.header('content-security-policy', contentSecurityPolicy(nonce));
    c.header('x-frame-options', 'DENY');
    // Not no-referrer: under it browsers post `Origin: null` even to the same origin, and Chromium sends no
    // Sec-Fetch-Site to plain-http hosts other than localhost (a desk on a hospital LAN), which would leave
    // the CSRF check nothing to go on. same-origin still gives other sites nothing.
    c.header('referrer-policy', 'same-origin');
    c.header('vary', 'Cookie');
    // What a signed-in person sees is theirs: no cache keeps it. Public pages may be revalidated.
    if (!c.res.headers.has('cache-control'))
      c.header('cache-control', session?.identity ? 'no-store' : 'no-cache');
  };
  // '/fr/*' matches '/fr' itself too.
  for (const pattern of ['/fr/*', '/en/*', '/auth/*']) web.use(pattern, pages);

  for (const area of areas) area.mount(web);
  return web;
}
