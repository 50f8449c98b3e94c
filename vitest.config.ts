import { defineConfig } from 'vitest/config';

// Three projects: fast in-process unit tests run in parallel; tests that start real
// node processes share the machine's two cores with the miners they launch, so they
// run one file at a time; and the dashboard's browser tests, also one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/vectors/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'process',
          include: ['test/integration/**/*.test.ts', 'test/sim/**/*.test.ts', 'test/crash/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The web dashboard in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH)
        // against a real node process; one file at a time, like the process tests.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
