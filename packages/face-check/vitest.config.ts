import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@reanimate/source'] },
  ssr: { resolve: { conditions: ['@reanimate/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
