// Zips dist/uxp into dist/reanimate-uxp-<version>.ccx: a .ccx is a zip with manifest.json at its root, which
// Creative Cloud installs on double-click and Adobe's UXP Developer Tool loads.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

export function packageCcx(
  dist = fileURLToPath(new URL('../dist/uxp', import.meta.url)),
  out = resolve(dist, '..'),
) {
  const manifestPath = join(dist, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run npm run build first`);
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entries = {};
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (name === '.DS_Store') continue;
      if (statSync(path).isDirectory()) walk(path);
      else entries[relative(dist, path).split(sep).join('/')] = readFileSync(path);
    }
  };
  walk(dist);
  const ccx = join(out, `reanimate-uxp-${version}.ccx`);
  writeFileSync(ccx, zipSync(entries, { level: 9 }));
  return { ccx, files: Object.keys(entries).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { ccx, files } = packageCcx();
    console.log(`package: ${ccx} (${files} files)`);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  }
}
