#!/usr/bin/env node
// The command is compiled TypeScript: this file only checks the build exists and hands over to it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'reanimate-emulator: the package is not built (dist/cli.js is missing): run npm run build first ' +
      '(in packages/emulator, or npm run build at the repository root).\n',
  );
  process.exit(1);
}
const { main } = await import(cli.href);
process.exit(await main(process.argv.slice(2)));
