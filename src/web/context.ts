// What every console page can read from the request context, and the console's own options.
import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import type { Principal } from '../services/deps';
import { common } from './common-messages';
import type { Lang } from './i18n';
import type { Session } from './session';

/** The OpenID provider the console signs people in with (authorisation code flow with PKCE). */
export interface ConsoleOidc {
  issuer: string;
  clientId: string;
  /** Absent for a public client: PKCE alone then protects the code. */
  clientSecret?: string | undefined;
  /** How the sign-in button names the provider, e.g. "ProSanté Connect". */
  name: string;
}

export interface ConsoleOptions {
  publicBaseUrl: string;
  /** The dev issuer's `iss`, when the embedded default offers sign-in as a member of the demo cast. */
  devIssuer?: string | undefined;
  oidc?: ConsoleOidc | undefined;
  /** Behind https: cookies are `Secure` and take the `__Host-` prefix. */
  secureCookies: boolean;
  /** The OpenID provider may be reached over plain http (PHOENIX_OIDC_ALLOW_HTTP, refused in production). */
  allowInsecureOidc?: boolean | undefined;
}

export interface WebEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & {
    lang: Lang;
    session: Session | undefined;
    /** The Content-Security-Policy nonce of this response's scripts. */
    nonce: string;
    console: ConsoleOptions;
  };
}

export type WebContext = Context<WebEnv>;

/** What a page needs to know about its request, read once. */
export interface PageContext {
  lang: Lang;
  /** The path without its language prefix, e.g. `/datasets/…`, for the language switch and navigation. */
  path: string;
  search: string;
  principal: Principal | undefined;
  displayName: string | undefined;
  csrf: string | undefined;
  nonce: string;
  t: (typeof common)[Lang];
  options: ConsoleOptions;
}

export function pageContext(c: WebContext): PageContext {
  const url = new URL(c.req.url);
  const lang = c.get('lang');
  const session = c.get('session');
  return {
    lang,
    path: url.pathname.replace(/^\/(fr|en)(?=\/|$)/, '') || '/',
    search: url.search,
    principal: c.get('principal'),
    displayName: session?.identity?.name ?? session?.identity?.subject,
    csrf: session?.csrf,
    nonce: c.get('nonce'),
    t: common[lang],
    options: c.get('console'),
  };
}

/**
 * The language segment of a console route: `${LANG}/datasets`. The alternation is grouped on purpose: Hono
 * (4.13) splices a parameter's pattern into one router-wide regular expression as it is, so an ungrouped
 * `:lang{fr|en}` leaks its `|` and the route then answers every path that starts with /fr.
 */
export const LANG = '/:lang{(?:fr|en)}';

/** A UUID path parameter, `:id`: anything else is no page of ours (and never reaches a uuid column). */
export const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

/** A console path in the page's language: `href(p, '/datasets')` → `/fr/datasets`. */
export const href = (p: Pick<PageContext, 'lang'>, path: string): string =>
  `/${p.lang}${path === '/' ? '' : path}`;
