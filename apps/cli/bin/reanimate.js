#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript in ../dist.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('reanimate is not built yet: run `npm run build` at the repository root first.');
  process.exit(2);
}
await import(entry.href);
