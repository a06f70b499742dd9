import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const SUFFIX = '?data-url';

/**
 * `import url from 'pkg/file.bin?data-url'`: the file's bytes as a data: URL string. The model and the wasm
 * binaries go inside the script this way, because CEP's Chromium cannot fetch() file:// URLs.
 */
function dataUrls(): Plugin {
  return {
    name: 'reanimate:data-url',
    enforce: 'pre',
    resolveId(source) {
      if (!source.endsWith(SUFFIX)) return null;
      return `\0data-url:${require.resolve(source.slice(0, -SUFFIX.length))}`;
    },
    load(id) {
      if (!id.startsWith('\0data-url:')) return null;
      const path = id.slice('\0data-url:'.length);
      const type = path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      return `export default ${JSON.stringify(`data:${type};base64,${readFileSync(path).toString('base64')}`)};`;
    },
  };
}

/**
 * The face detector as a classic script of its own, next to panel.js (see src/panel/faces/detector-script.ts):
 * loaded only when the panel checks a clip, so the panel opens as fast as before. Runs after the panel's build,
 * into the same folder.
 */
export default defineConfig({
  base: './',
  plugins: [dataUrls()],
  build: {
    outDir: 'dist/cep',
    emptyOutDir: false,
    // CEP 11 (Premiere/After Effects 2022–2024) embeds Chromium 88.
    target: 'chrome88',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    lib: {
      entry: 'src/panel/faces/detector-script.ts',
      formats: ['iife'],
      name: 'ReanimateFaceDetector',
      fileName: () => 'assets/face-detector.js',
    },
  },
});
