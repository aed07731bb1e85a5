import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every skip is listed; in CI an unexpected one fails the run (__tests__/fixtures/skip-guard.ts).
    reporters: ['default', './__tests__/fixtures/skip-guard.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          exclude: ['__tests__/**/*.itg.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['__tests__/**/*.itg.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
