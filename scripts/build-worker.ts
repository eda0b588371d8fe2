// Builds the Worker bundle as `wrangler deploy` would (dry run), prints its size, and refuses modules
// workerd cannot run: Node built-ins outside nodejs_compat's supported set, PGlite, the Node HTTP server.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const WORKER_OUT_DIR = join(root, 'dist/worker');
// The Workers Free plan's limit on a Worker after compression (Paid allows 10 MiB); it was 1 MiB until late
// 2024. The API reference's Swagger UI assets (about 475 KiB gzip) are part of the bundle.
export const MAX_GZIP_BYTES = 3 * 1024 * 1024;

// Node built-ins that workerd provides under the nodejs_compat flag (developers.cloudflare.com/workers/runtime-apis/nodejs).
const SUPPORTED_NODE_MODULES = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'crypto',
  'diagnostics_channel',
  'events',
  'path',
  'process',
  'stream',
  'string_decoder',
  'timers',
  'url',
  'util',
  'zlib',
]);

const FORBIDDEN_PACKAGES = ['@electric-sql/pglite', '@hono/node-server', 'drizzle-orm/pglite'];

export interface BundleReport {
  rawBytes: number;
  gzipBytes: number;
  imports: string[];
  violations: string[];
}

/** Every module the bundle still imports at run time, and which of them workerd could not load. */
export function inspectBundle(code: string): BundleReport {
  const imports = new Set<string>();
  // esbuild hoists every external import to a top-level statement; dynamic ones stay as import("…").
  const patterns = [
    /^import\s[^;]*?from\s*["']([^"']+)["']/gm,
    /^import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([a-z@][\w@:./-]*)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) imports.add(m[1]!);
  const violations: string[] = [];
  for (const spec of imports) {
    if (spec.startsWith('cloudflare:')) continue;
    const bare = spec.replace(/^node:/, '').split('/')[0]!;
    if (SUPPORTED_NODE_MODULES.has(bare)) continue;
    violations.push(`imports '${spec}', which workerd does not provide`);
  }
  for (const pkg of FORBIDDEN_PACKAGES) {
    if (code.includes(`node_modules/${pkg}/`))
      violations.push(`bundles ${pkg}, which must stay out of the Worker`);
  }
  if (/PGlite\.create\(|pglite\.wasm/.test(code)) violations.push('bundles PGlite');
  const bytes = Buffer.from(code);
  return {
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    imports: [...imports].sort(),
    violations,
  };
}

export function buildWorkerBundle(): BundleReport {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      '--dry-run',
      '--env',
      '',
      '--outdir',
      WORKER_OUT_DIR,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  return inspectBundle(readFileSync(join(WORKER_OUT_DIR, 'workers.js'), 'utf8'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = buildWorkerBundle();
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `Worker bundle ${join('dist/worker', 'workers.js')}: ${kib(report.rawBytes)} raw, ${kib(report.gzipBytes)} gzip`,
  );
  console.log(`runtime imports: ${report.imports.join(', ') || 'none'}`);
  if (report.gzipBytes > MAX_GZIP_BYTES) report.violations.push(`gzip size over ${kib(MAX_GZIP_BYTES)}`);
  for (const v of report.violations) console.error(`error: ${v}`);
  process.exit(report.violations.length > 0 ? 1 : 0);
}
