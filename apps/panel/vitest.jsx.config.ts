import { defineProject } from 'vitest/config';

// ExtendScript host code: the built reanimate.jsx runs in Node's vm against fake Premiere / After Effects
// objects. The global setup builds it once with the production build script.
export default defineProject({
  test: {
    name: 'jsx',
    environment: 'node',
    include: ['test/jsx/**/*.test.ts'],
    globalSetup: ['test/jsx/kit/global-setup.ts'],
  },
});
