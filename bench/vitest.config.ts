import { defineConfig } from 'vitest/config';

/** `npm run bench`: measurements, not tests; never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.run.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 60_000,
    // One process per bench file, one file at a time: each measures its own process, alone.
    pool: 'forks',
    fileParallelism: false,
    // history.run.ts measures live memory after full GCs.
    execArgv: ['--expose-gc'],
  },
});
