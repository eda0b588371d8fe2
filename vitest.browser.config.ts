import { defineConfig } from 'vitest/config';

// Browser suites drive Debian's Chromium (/usr/bin/chromium) with playwright-core; without it they are
// skipped, with the reason, so `npm test` passes on a machine that has no browser. .ci/run installs it.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // Lists each test, so a skipped one shows its reason (no Chromium) in `npm test`'s output.
    reporters: ['verbose'],
  },
});
