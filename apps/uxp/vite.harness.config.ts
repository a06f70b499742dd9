import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The UXP shell in a plain browser (harness/), for e2e/uxp-shell.test.ts. Never shipped. */
export default defineConfig({
  root: 'harness',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/harness', emptyOutDir: true, target: 'es2020', sourcemap: false },
});
