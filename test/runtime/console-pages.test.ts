// The console's anonymous pages on Node and on workerd (`wrangler dev`), over the same PostgreSQL database:
// same status, headers and HTML, nonces and tokens aside. On the Worker the hashed style sheet and script
// come from Workers static assets (wrangler.toml [assets]) with the cache headers of their `_headers` file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type RunningDesk, startNode, startWorker } from '../../scripts/desk-processes';
import {
  CHROMIUM,
  checkAccessibility,
  chromiumAbsent,
  expectNoBlockedRequestOrViolation,
  horizontalOverflow,
  launchChromium,
  newContext,
  SKIPPED,
} from '../browser/console-support';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../harness';

const PUBLIC_BASE_URL = 'http://desk.runtime.test';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The pages compared, by path; `{dataset}` stands for a published demo dataset's id. A page another area has
 * not built yet answers the same 404 page on both runtimes, so it can be listed before it exists.
 */
const PAGES = [
  '/',
  '/fr',
  '/en',
  '/fr?signed-out=1',
  '/fr/sign-in',
  '/en/sign-in?next=%2Fen%2Fvisas',
  '/fr/no-such-page',
  '/en/no-such-page',
  '/fr/datasets',
  '/fr/datasets?q=cancer',
  '/fr/datasets/{dataset}',
  '/en/datasets/{dataset}',
  '/fr/desks',
  '/fr/register',
];

/** Headers both runtimes must give alike (the CSP with its nonce replaced). */
const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'location',
  'vary',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
];

let node: RunningDesk;
let worker: RunningDesk;
let dataDir: string;
let drop: () => Promise<void>;
let datasetId: string;

beforeAll(async () => {
  if (!TEST_DATABASE_URL)
    throw new Error('the runtime suite needs PHOENIX_TEST_DATABASE_URL (a PostgreSQL server)');
  const fresh = await freshPostgresDatabase();
  drop = fresh.drop;
  dataDir = mkdtempSync(join(tmpdir(), 'phoenix-runtime-console-'));
  const env = { DATABASE_URL: fresh.url, PHOENIX_DATA_DIR: dataDir };
  cli(['migrate'], env);
  cli(['seed-demo'], env);
  const port = 25_000 + Math.floor(Math.random() * 5000);
  [node, worker] = await Promise.all([
    startNode({ databaseUrl: fresh.url, dataDir, port, publicBaseUrl: PUBLIC_BASE_URL }),
    startWorker({ databaseUrl: fresh.url, dataDir, port: port + 10, publicBaseUrl: PUBLIC_BASE_URL }),
  ]);
  const found = (await (await fetch(`${node.base}/v1/datasets?limit=1`)).json()) as {
    items: { id: string }[];
  };
  datasetId = found.items[0]!.id;
}, 180_000);

afterAll(async () => {
  await Promise.all([node?.stop(), worker?.stop()]);
  await drop?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
  /** Whether the CSP's nonce is the one on the page's script (undefined when the answer has no CSP). */
  nonceMatches: boolean | undefined;
}

/** What a page answered, with what changes on every response (nonce, CSRF token, request id) masked. */
async function answer(base: string, path: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', headers: { 'accept-language': 'fr' } });
  const body = await res.text();
  const csp = res.headers.get('content-security-policy');
  const nonce = csp ? /'nonce-([^']+)'/.exec(csp)?.[1] : undefined;
  const headers = Object.fromEntries(
    COMPARED_HEADERS.map((h) => [h, res.headers.get(h)?.replaceAll(/'nonce-[^']+'/g, "'nonce-X'") ?? null]),
  );
  return {
    status: res.status,
    headers,
    body: body
      .replaceAll(/nonce="[^"]*"/g, 'nonce="X"')
      .replaceAll(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="X"')
      .replaceAll(res.headers.get('x-request-id') ?? '\u0000', 'REQUEST-ID'),
    nonceMatches: csp === null ? undefined : !!nonce && body.includes(`nonce="${nonce}"`),
  };
}

describe('the console on Node and on workerd', () => {
  it.each(PAGES)('answers %s alike', async (template) => {
    const path = template.replace('{dataset}', datasetId);
    const [onNode, onWorker] = [await answer(node.base, path), await answer(worker.base, path)];
    expect(onWorker).toEqual(onNode);
    if (onNode.status === 200 || onNode.status === 404) {
      expect(onNode.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(onNode.nonceMatches).toBe(true);
      expect(onNode.headers['content-security-policy']).toContain("script-src 'self' 'nonce-X'");
    }
  });

  it('answers the known pages with the status they have today', async () => {
    const status = async (path: string) => (await answer(worker.base, path)).status;
    expect(await status('/')).toBe(302);
    expect(await status('/fr')).toBe(200);
    expect(await status('/en/sign-in')).toBe(200);
    expect(await status('/fr/no-such-page')).toBe(404);
  });

  it('serves the hashed style sheet and script, for a year, from Workers static assets at the edge', async () => {
    const home = await (await fetch(`${node.base}/fr`)).text();
    const assets = [...home.matchAll(/(?:href|src)="(\/assets\/console\.[0-9a-f]{12}\.(?:css|js))"/g)].map(
      (m) => m[1]!,
    );
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const [fromNode, fromWorker] = await Promise.all([
        fetch(`${node.base}${path}`),
        fetch(`${worker.base}${path}`),
      ]);
      expect([fromNode.status, fromWorker.status]).toEqual([200, 200]);
      expect(await fromWorker.text()).toBe(await fromNode.text());
      for (const res of [fromNode, fromWorker]) {
        expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
        expect(res.headers.get('content-type')).toMatch(path.endsWith('.css') ? /^text\/css/ : /javascript/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
      // The Worker never ran: the asset layer answered (an ETag of its own, none of the app's request ids).
      expect(fromWorker.headers.get('etag')).toBeTruthy();
      expect(fromWorker.headers.get('x-request-id')).toBeNull();
      expect(fromNode.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('answers an asset that does not exist with the console’s 404 on both', async () => {
    const path = '/assets/console.000000000000.css';
    const [onNode, onWorker] = [await answer(node.base, path), await answer(worker.base, path)];
    expect(onNode.status).toBe(404);
    expect(onWorker).toEqual(onNode);
  });
});

// CI installs Chromium before this suite: there, a missing one is a broken set-up, never a reason to skip.
if (chromiumAbsent && process.env.CI)
  throw new Error(`the runtime suite must drive ${CHROMIUM} in CI: ${SKIPPED}`);

describe('the anonymous console pages on workerd, in Chromium', () => {
  const BROWSED = PAGES.filter((p) => p !== '/' && !p.includes('no-such-page'));

  it('renders each with its style sheet from the edge, no off-origin request, no CSP violation, no serious axe finding', async ({
    skip,
  }) => {
    skip(chromiumAbsent, SKIPPED);
    const browser = await launchChromium();
    try {
      for (const viewport of ['desktop', 'reflow320'] as const) {
        const guarded = await newContext(browser, viewport);
        const page = await guarded.newPage();
        for (const template of BROWSED) {
          const response = await page.goto(`${worker.base}${template.replace('{dataset}', datasetId)}`);
          expect(response?.status(), template).toBe(200);
          // The page is styled: the hashed style sheet came from Workers static assets and applied.
          const styled = await page.evaluate(
            () => getComputedStyle(document.querySelector('.site-header')!).backgroundColor,
          );
          expect(styled, template).not.toBe('rgba(0, 0, 0, 0)');
          if (viewport === 'desktop') await checkAccessibility(page);
          else expect(await horizontalOverflow(page), template).toBeLessThanOrEqual(0);
        }
        expectNoBlockedRequestOrViolation(guarded);
        await guarded.close();
      }
    } finally {
      await browser.close();
    }
  });
});
