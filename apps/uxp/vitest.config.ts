import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'uxp', environment: 'node', include: ['test/**/*.test.ts'] },
});
