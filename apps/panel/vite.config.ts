import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import { type DevServices, startDevServices } from './src/panel/dev-server/services.ts';
import { debugXml, manifestXml } from './src/panel/tooling/cep-manifest.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Writes CSXS/manifest.xml and .debug into the build: what makes dist/cep an installable CEP extension. */
function cepManifest(): Plugin {
  const options = {
    version: pkg.version === '0.0.0' ? '0.1.0' : pkg.version,
    displayName: 'Reanimate',
    mainPath: './index.html',
    debugPorts: { PPRO: 8860, AEFT: 8861 },
  };
  return {
    name: 'reanimate:cep-manifest',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'CSXS/manifest.xml', source: manifestXml(options) });
      this.emitFile({ type: 'asset', fileName: '.debug', source: debugXml(options) });
    },
  };
}

/** CEP loads index.html from file://, where module scripts are refused: the iife bundle goes in a classic script. */
function classicScript(): Plugin {
  return {
    name: 'reanimate:classic-script',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: (html) =>
      html.replace(
        /<script type="module" crossorigin src="([^"]+)"><\/script>/,
        '<script defer src="$1"></script>',
      ),
  };
}

/**
 * `vite` and `vite preview` start the emulator, a local S3 store and the sample media, so the panel runs in a
 * normal browser on the SimulatedHost with nothing else to set up. Never part of the built extension.
 */
function devServices(): Plugin {
  let services: Promise<DevServices> | undefined;
  const attach = (server: ViteDevServer | PreviewServer) => {
    services ??= startDevServices();
    server.middlewares.use((req, res, next) => {
      services?.then((s) => s.middleware(req, res, next), next);
    });
    server.httpServer?.once('close', () => void services?.then((s) => s.close()));
  };
  return {
    name: 'reanimate:dev-services',
    configureServer: attach,
    configurePreviewServer: attach,
  };
}

export default defineConfig({
  base: './',
  // The bundled self-test sample belongs to the shared UI (its host self-test); both shells ship it.
  publicDir: '../../packages/panel-ui/public',
  plugins: [react(), cepManifest(), classicScript(), devServices()],
  build: {
    outDir: 'dist/cep',
    emptyOutDir: true,
    // CEP 11 (Premiere/After Effects 2022–2024) embeds Chromium 88.
    target: 'chrome88',
    modulePreload: false,
    sourcemap: false,
    // Measured gzipped by e2e/bundle.test.ts against the 300 kB budget instead.
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // CEP loads the panel from file://, where module scripts are refused: one classic script, no chunks.
      output: {
        format: 'iife',
        codeSplitting: false,
        entryFileNames: 'assets/panel.js',
        assetFileNames: 'assets/[name][extname]',
      },
      onwarn(warning, warn) {
        // music-metadata's lazy parser loaders and Vite's preload helper read import.meta to locate chunks;
        // with everything in one script there are no chunks to locate.
        if (warning.code === 'EMPTY_IMPORT_META') return;
        warn(warning);
      },
    },
  },
  server: { port: 5173 },
});
