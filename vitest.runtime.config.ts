import { defineConfig } from 'vitest/config';

// Runtime suites start real processes (Node server, wrangler dev) over PostgreSQL; .ci/run runs them.
export default defineConfig({
  test: {
    include: ['test/runtime/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
