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
    // Generous: the development machine is shared (several suites at once on 2 cores), and a
    // timeout there says nothing about the code. Performance is measured in bench/, not here.
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
