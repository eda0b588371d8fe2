// The one layout: <html lang>, the skip link, the navigation by role, the language switch and the footer.

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { script, style } from '../generated/console-assets.js';
import type { Principal, Role } from '../services/deps';
import { href, type PageContext } from './context';

type NavLabel = keyof PageContext['t'];

/** The navigation; later areas add their entries here, each shown to the roles that can use it. */
export const NAVIGATION: { path: string; label: NavLabel; shownTo?: (p: Principal) => boolean }[] = [
  { path: '/datasets', label: 'navCatalogue' },
  { path: '/desks', label: 'navDesks' },
  { path: '/register', label: 'navRegister' },
  { path: '/my/datasets', label: 'navMyDatasets', shownTo: (p) => holds(p, 'editor') },
  { path: '/applications', label: 'navMyApplications', shownTo: (p) => holds(p, 'requester') },
  { path: '/visas', label: 'navMyVisas', shownTo: (p) => holds(p, 'requester') },
  { path: '/admin/organizations', label: 'navAdministration', shownTo: (p) => p.isPlatformAdmin },
  { path: '/my/desks', label: 'navMyDesks', shownTo: (p) => holds(p, 'desk_admin') },
  { path: '/evaluations', label: 'navEvaluations', shownTo: (p) => holds(p, 'evaluator') },
  { path: '/review', label: 'navReview', shownTo: (p) => holds(p, 'reviewer') || holds(p, 'desk_admin') },
  { path: '/audit', label: 'navAudit', shownTo: (p) => holds(p, 'auditor') },
];

export const holds = (p: Principal | undefined, role: Role): boolean =>
  !!p?.memberships.some((m) => m.role === role);

function isCurrent(current: string, path: string): boolean {
  return current === path || current.startsWith(`${path}/`);
}

export function Layout(props: { p: PageContext; title: string; children?: Child }) {
  const { p } = props;
  const other = p.lang === 'fr' ? 'en' : 'fr';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${p.t.deskName}`}</title>
          <meta name="description" content={p.t.tagline} />
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={style.path} />
          <script src={script.path} defer nonce={p.nonce} />
        </head>
        <body>
          <a class="skip-link" href="#main">
            {p.t.skipToContent}
          </a>
          <header class="site-header">
            <div class="bar">
              <a class="brand" href={href(p, '/')}>
                {p.t.deskName}
              </a>
              <nav class="site-nav" aria-label={p.t.mainNavigation}>
                <ul>
                  {NAVIGATION.filter((n) => !n.shownTo || (p.principal && n.shownTo(p.principal))).map(
                    (n) => (
                      <li>
                        <a
                          href={href(p, n.path)}
                          aria-current={isCurrent(p.path, n.path) ? 'page' : undefined}
                        >
                          {p.t[n.label]}
                        </a>
                      </li>
                    ),
                  )}
                </ul>
              </nav>
              <div class="account">
                <a href={`/${other}${p.path === '/' ? '' : p.path}${p.search}`} hreflang={other} lang={other}>
                  {p.t.languageSwitch}
                </a>
                {p.principal && p.csrf ? (
                  <form method="post" action={href(p, '/sign-out')} class="inline">
                    <input type="hidden" name="_csrf" value={p.csrf} />
                    <span>{p.displayName ? `${p.displayName} · ` : ''}</span>
                    <button type="submit" class="link">
                      {p.t.signOut}
                    </button>
                  </form>
                ) : (
                  <a href={`${href(p, '/sign-in')}?next=${encodeURIComponent(href(p, p.path) + p.search)}`}>
                    {p.t.signIn}
                  </a>
                )}
              </div>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="bar">
              <span>{p.t.footerAbout}</span>
              <a href="/docs">{p.t.footerApi}</a>
              <a href="/v1/catalog">{p.t.footerCatalogue}</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
