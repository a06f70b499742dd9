import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    jsxPath: string;
  }
}

/** Builds the ExtendScript bundle exactly as `npm run build:jsx` does, into a temp folder, once per run. */
export default function setup(project: TestProject): () => void {
  const panelRoot = resolve(import.meta.dirname, '../../..');
  const folder = mkdtempSync(join(tmpdir(), 'reanimate-jsx-'));
  const jsxPath = join(folder, 'jsx', 'reanimate.jsx');
  execFileSync(process.execPath, [join(panelRoot, 'scripts/build-jsx.mjs'), jsxPath], { stdio: 'pipe' });
  project.provide('jsxPath', jsxPath);
  return () => rmSync(folder, { recursive: true, force: true });
}
