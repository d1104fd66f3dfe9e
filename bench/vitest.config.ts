import { defineConfig } from 'vitest/config';

/** `npm run bench`: measurements, not tests; never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.run.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
