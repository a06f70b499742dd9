import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the CLI and the workspace packages it uses (from their TypeScript source) into one file, once per
 * test run. Each spawned `reanimate` then starts in about 0.15 s instead of about 0.5 s through tsx, which keeps
 * the suite inside its time budget on a 2-core machine. esbuild is the one vite and tsx already install; when it
 * cannot be loaded the tests fall back to running the source through tsx (see helpers.ts).
 */
export const BUNDLE = fileURLToPath(
  new URL('../node_modules/.cache/reanimate-cli-test/cli.mjs', import.meta.url),
);

export default async function setup(): Promise<void> {
  await rm(BUNDLE, { force: true });
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return;
  }
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@reanimate/source'],
    // Finds its platform binary through require at run time: left as a real dependency.
    external: ['@ffmpeg-installer/*', '@vladmandic/*', '@tensorflow/*'],
    // Bundled CommonJS dependencies call require; give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
    sourcemap: 'inline',
  });
}
