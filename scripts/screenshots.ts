// `npm run screenshots`: the console's pages as people see them, in docs/screenshots/<name>.png. Starts the
// embedded default with the demo cast (a temporary data folder, a free port), drives Debian's Chromium
// through SHOTS, anonymous or signed in through the dev sign-in form, and skips with a warning a page that
// is not built yet (404), so the list can name pages before they exist.
//   npm run screenshots              every shot
//   npm run screenshots -- home      the shots whose name starts with one of the words given
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT, startDemoDesk } from './desk-processes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT_DIR = join(ROOT, 'docs', 'screenshots');

interface Shot {
  name: string;
  /** The path; `{dataset}` stands for a published demo dataset's id. */
  path: string;
  /** A member of the demo cast, signed in through the dev sign-in form first. */
  as?: string;
  /** Width in CSS pixels (1280 unless given). */
  width?: number;
}

const SHOTS: Shot[] = [
  { name: 'home-fr', path: '/fr' },
  { name: 'home-en', path: '/en' },
  { name: 'home-320px-fr', path: '/fr', width: 320 },
  { name: 'sign-in-fr', path: '/fr/sign-in' },
  { name: 'sign-in-en', path: '/en/sign-in' },
  { name: 'not-found-fr', path: '/fr/no-such-page' },
  { name: 'catalogue-fr', path: '/fr/datasets' },
  { name: 'catalogue-en', path: '/en/datasets' },
  { name: 'catalogue-search-fr', path: '/fr/datasets?q=cancer' },
  { name: 'dataset-fr', path: '/fr/datasets/{dataset}' },
  { name: 'dataset-en', path: '/en/datasets/{dataset}' },
  { name: 'desks-fr', path: '/fr/desks' },
  { name: 'register-fr', path: '/fr/register' },
  { name: 'home-editor-fr', path: '/fr', as: 'demo-editor-pasteur' },
  { name: 'my-datasets-fr', path: '/fr/my/datasets', as: 'demo-editor-pasteur' },
  { name: 'my-datasets-en', path: '/en/my/datasets', as: 'demo-editor-pasteur' },
  { name: 'applications-fr', path: '/fr/applications', as: 'demo-requester-cesp' },
  { name: 'visas-fr', path: '/fr/visas', as: 'demo-requester-cesp' },
];

/** Pages that answer with an error on purpose, shot as they are. */
const EXPECTED_ERRORS = new Set(['not-found-fr']);

async function signIn(page: Page, base: string, subject: string): Promise<void> {
  await page.goto(`${base}/fr/sign-in`);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/sign-in/dev')),
    page.locator(`form:has(input[name="subject"][value="${subject}"]) button[type="submit"]`).click(),
  ]);
}

async function main() {
  const only = process.argv.slice(2);
  const shots = only.length > 0 ? SHOTS.filter((s) => only.some((w) => s.name.startsWith(w))) : SHOTS;
  mkdirSync(OUT_DIR, { recursive: true });
  console.log('screenshots: starting the embedded desk with the demo cast…');
  const desk = await startDemoDesk();
  let browser: Browser | undefined;
  const written: string[] = [];
  const skipped: string[] = [];
  try {
    const found = (await (await fetch(`${desk.base}/v1/datasets?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const dataset = found.items[0]?.id ?? 'none';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--hide-scrollbars',
        '--force-color-profile=srgb',
      ],
    });
    // One context per person, so a signed-in shot does not sign the next anonymous one in.
    const pages = new Map<string, Page>();
    for (const shot of shots) {
      const who = shot.as ?? '';
      let page = pages.get(who);
      if (!page) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
        page = await context.newPage();
        if (shot.as) await signIn(page, desk.base, shot.as);
        pages.set(who, page);
      }
      await page.setViewportSize({ width: shot.width ?? 1280, height: 800 });
      const res = await page.goto(`${desk.base}${shot.path.replace('{dataset}', dataset)}`);
      const status = res?.status() ?? 0;
      if (status !== 200 && !EXPECTED_ERRORS.has(shot.name)) {
        const why = status === 404 ? 'not built yet (404)' : `answered ${status}`;
        console.warn(`screenshots: warning: skipped ${shot.name}: ${shot.path} ${why}`);
        skipped.push(shot.name);
        continue;
      }
      const file = join(OUT_DIR, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      written.push(shot.name);
      console.log(`screenshots: ${shot.name}.png  ${shot.path}${shot.as ? ` (as ${shot.as})` : ''}`);
    }
  } finally {
    await browser?.close();
    await desk.stop();
  }
  console.log(
    `screenshots: ${written.length} written to docs/screenshots/, ${skipped.length} skipped${
      skipped.length ? ` (${skipped.join(', ')})` : ''
    }`,
  );
}

main().catch((e) => {
  console.error(`screenshots: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
