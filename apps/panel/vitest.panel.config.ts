import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// React components in jsdom; the Node fetch adapter's own test opts into the node environment per file.
export default defineConfig({
  plugins: [react()],
  test: {
    name: 'panel',
    environment: 'jsdom',
    include: ['test/panel/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/panel/setup.ts'],
  },
});
