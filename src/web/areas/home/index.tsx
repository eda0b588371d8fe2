// The home page: what this desk is, its desks and what they offer, headline figures.
import type { Hono } from 'hono';
import type { ConsoleArea } from '../../console';
import { pageContext, type WebEnv } from '../../context';
import { Layout } from '../../layout';

export function homeArea(): ConsoleArea {
  return {
    mount(web: Hono<WebEnv>) {
      // Grouped: as the last segment, Hono reads `{fr|en}` unanchored, and /fr/anything or /xen matched it.
      web.get('/:lang{(?:fr|en)}', (c) => {
        const p = pageContext(c);
        return c.html(
          <Layout p={p} title={p.t.navHome}>
            <h1>{p.t.deskName}</h1>
            <p class="lead">{p.t.tagline}</p>
            {c.req.query('signed-out') !== undefined ? <p class="notice notice-ok">{p.t.signedOut}</p> : null}
          </Layout>,
          200,
        );
      });
    },
  };
}
