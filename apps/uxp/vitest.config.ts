import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'uxp',
    environment: 'node',
    include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
