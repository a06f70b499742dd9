import { defineConfig } from 'vitest/config';

// The built panel in real headless Chromium, on the SimulatedHost against the emulator and a local S3 store.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One browser per file; files in parallel would fight over two cores.
    fileParallelism: false,
  },
});
