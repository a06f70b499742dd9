// Turns the build (dist/cep: the panel from vite + jsx/reanimate.jsx) into the release extension folder
// dist/package/com.reanimate.panel/, a ZIP of it (the unsigned debug install) and a signed, verified .zxp (what
// users install; scripts/sign-zxp.mjs, ZXPSignCmd from npm, under wine64 on Linux). See README "Packaging".
//
//   node scripts/package.mjs [--dist <built extension folder>] [--out <output folder>] [--no-sign]
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { signExtension } from './sign-zxp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const panelRoot = resolve(here, '..');
export const BUNDLE_ID = 'com.reanimate.panel';

function listFiles(root) {
  const files = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        files.push(path);
      }
    }
  };
  walk(root);
  return files;
}

export function packageExtension({
  dist = join(panelRoot, 'dist/cep'),
  out = join(panelRoot, 'dist/package'),
  version: versionOverride,
} = {}) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: run \`npm run build\` first`);
  }
  if (!existsSync(join(dist, 'jsx/reanimate.jsx'))) {
    throw new Error(`${dist}/jsx/reanimate.jsx is missing: run \`npm run build:jsx\` first`);
  }
  // The Vite build writes the one manifest (src/panel/tooling/cep-manifest.ts); without it the build is broken.
  if (!existsSync(join(dist, 'CSXS/manifest.xml'))) {
    throw new Error(`${dist}/CSXS/manifest.xml is missing: run \`npm run build\` (the Vite build writes it)`);
  }
  const extension = join(out, BUNDLE_ID);
  rmSync(extension, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Symlinks become copies and Finder's .DS_Store files stay out: either blanks a panel (Adobe's 2024 known issue).
  cpSync(dist, extension, {
    recursive: true,
    dereference: true,
    filter: (source) => !source.endsWith(`${sep}.DS_Store`),
  });

  const manifestPath = join(extension, 'CSXS/manifest.xml');
  const pkg = JSON.parse(readFileSync(join(panelRoot, 'package.json'), 'utf8'));
  const version =
    /ExtensionBundleVersion="([^"]+)"/.exec(readFileSync(manifestPath, 'utf8'))?.[1] ??
    versionOverride ??
    (pkg.version === '0.0.0' ? '0.1.0' : pkg.version);
  // .debug opens remote DevTools ports: development only.
  rmSync(join(extension, '.debug'), { force: true });

  const entries = {};
  for (const file of listFiles(extension)) {
    const data = readFileSync(file);
    // Adobe Exchange rejects zero-byte files in a package.
    if (data.length === 0) {
      rmSync(file);
      continue;
    }
    entries[`${BUNDLE_ID}/${relative(extension, file).split(sep).join('/')}`] = data;
  }
  const zipPath = join(out, `reanimate-panel-${version}.zip`);
  writeFileSync(zipPath, zipSync(entries, { level: 9 }));
  return { extension, zipPath, files: Object.keys(entries).length, version };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index >= 0 && args[index + 1] ? resolve(args[index + 1]) : undefined;
  };
  try {
    const result = packageExtension({ dist: option('--dist'), out: option('--out') });
    console.log(`package: ${result.extension} (${result.files} files)\npackage: ${result.zipPath}`);
    if (!args.includes('--no-sign')) {
      const signed = signExtension({
        extension: result.extension,
        out: result.zipPath.replace(/\.zip$/, '.zxp'),
      });
      console.log(
        `package: ${signed.zxp} (${signed.selfSigned ? 'self-signed certificate' : 'your certificate'}): ${signed.verified}`,
      );
    }
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  }
}
