import { defineConfig } from 'vitest/config';

// Tests run against src/ through Vite's TS transform; e2e and CLI tests spawn the built dist/
// (npm test builds first). Timeouts are generous because CI is a loaded 2-core machine: no test
// relies on timing, only on polling for an observable result.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Each test file gets its own HOME and config folders (see the file).
    setupFiles: ['tests/setup/isolatedHome.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    // Times on screen (event log, charts) are local: golden screens need one zone everywhere.
    env: { TZ: 'UTC' },
  },
});
