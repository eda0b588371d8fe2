// The Worker bundle is built for real (wrangler's dry-run deploy) and must hold nothing workerd cannot run.
import { describe, expect, it } from 'vitest';
import { buildWorkerBundle, inspectBundle, MAX_GZIP_BYTES } from '../../scripts/build-worker';

describe('Worker bundle', () => {
  it('builds with wrangler, stays under the size limit, and imports only what workerd provides', () => {
    const report = buildWorkerBundle();
    expect(report.violations).toEqual([]);
    expect(report.gzipBytes).toBeLessThan(MAX_GZIP_BYTES);
    expect(report.imports).toContain('cloudflare:sockets');
  }, 120_000);

  it('flags Node-only modules and PGlite when they sneak in', () => {
    const report = inspectBundle(
      'import fs from "node:fs";\nimport net from "net";\nimport { B } from "node:buffer";\nconst p = PGlite.create(); // node_modules/@electric-sql/pglite/dist',
    );
    expect(report.violations).toEqual([
      "imports 'node:fs', which workerd does not provide",
      "imports 'net', which workerd does not provide",
      'bundles @electric-sql/pglite, which must stay out of the Worker',
      'bundles PGlite',
    ]);
  });
});
