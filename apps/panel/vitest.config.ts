import { defineConfig } from 'vitest/config';

// Three suites with different worlds: the React panel (jsdom), the ExtendScript host code (Node vm with fake
// Adobe objects), and end-to-end runs of the built panel in real headless Chromium.
export default defineConfig({
  test: {
    projects: ['./vitest.panel.config.ts', './vitest.jsx.config.ts', './vitest.e2e.config.ts'],
  },
});
