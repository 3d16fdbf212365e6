import { defineConfig } from 'vitest/config';

// Tests sit beside the code (x.test.ts); cross-cutting ones live in test/.
// Two cores on CI: run test files in forked processes, two at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', './test/summary-reporter.ts'],
    // Builds the web app when its sources changed since the last build (test/web needs it).
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
