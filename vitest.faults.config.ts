import { defineConfig } from 'vitest/config';

// Fault suites stop and kill real processes (Node servers, a PostgreSQL cluster of their own); .ci/run runs
// them as a step of their own, one file at a time.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
