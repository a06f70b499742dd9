import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** index.html: what the manifest's `main` opens; the bundle as a classic script, the styles beside it. */
function page(): Plugin {
  return {
    name: 'reanimate:uxp-page',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'index.html',
        source: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="stylesheet" href="index.css" />
  </head>
  <body>
    <div id="root"></div>
    <script src="index.js"></script>
  </body>
</html>
`,
      });
    },
  };
}

/**
 * The UXP plugin: one script UXP loads from index.html. `premierepro`, `uxp` and `fs` are UXP's own modules,
 * reached with `require` at run time; nothing else from outside the bundle (test/bundle.test.ts).
 */
export default defineConfig({
  base: './',
  plugins: [react(), page()],
  publicDir: '../../packages/panel-ui/public',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/uxp',
    emptyOutDir: true,
    // UXP's JavaScript engine: V8 of a recent Chromium; ES2020 is safe.
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    cssCodeSplit: false,
    lib: {
      entry: 'src/shell/main.tsx',
      formats: ['cjs'],
      fileName: () => 'index.js',
      cssFileName: 'index',
    },
    rollupOptions: {
      external: ['premierepro', 'uxp', 'fs'],
      // One file: music-metadata's lazily loaded parsers go inside it instead of chunks to require.
      output: { codeSplitting: false },
      onwarn(warning, warn) {
        if (warning.code === 'EMPTY_IMPORT_META') return;
        warn(warning);
      },
    },
  },
});
