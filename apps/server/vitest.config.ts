import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@reanimate/source'] },
  ssr: { resolve: { conditions: ['@reanimate/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // One embedded Postgres per test file; files one after another (2-core machines).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
