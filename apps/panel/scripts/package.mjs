// Turns the build (dist/cep: the panel from vite + jsx/reanimate.jsx) into the release extension folder
// dist/package/com.reanimate.panel/ and a ZIP of it, ready for ZXP signing on macOS/Windows (ZXPSignCmd has no
// Linux build, so signing is a separate, manual step; see README "Packaging").
//
//   node scripts/package.mjs [--dist <built extension folder>] [--out <output folder>]
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

const here = dirname(fileURLToPath(import.meta.url));
const panelRoot = resolve(here, '..');
export const BUNDLE_ID = 'com.reanimate.panel';

/** Used only when the build did not emit a manifest (the vite build normally writes CSXS/manifest.xml). */
export function fallbackManifest(version) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ExtensionManifest xmlns="http://ns.adobe.com/ExtensionManifest/6.0" Version="6.0" ExtensionBundleId="${BUNDLE_ID}" ExtensionBundleVersion="${version}" ExtensionBundleName="Reanimate">
  <ExtensionList>
    <Extension Id="${BUNDLE_ID}.main" Version="${version}" />
  </ExtensionList>
  <ExecutionEnvironment>
    <HostList>
      <Host Name="PPRO" Version="[23.0,99.9]" />
      <Host Name="AEFT" Version="[23.0,99.9]" />
    </HostList>
    <LocaleList>
      <Locale Code="All" />
    </LocaleList>
    <RequiredRuntimeList>
      <RequiredRuntime Name="CSXS" Version="11.0" />
    </RequiredRuntimeList>
  </ExecutionEnvironment>
  <DispatchInfoList>
    <Extension Id="${BUNDLE_ID}.main">
      <DispatchInfo>
        <Resources>
          <MainPath>./index.html</MainPath>
          <CEFCommandLine>
            <Parameter>--enable-nodejs</Parameter>
            <Parameter>--mixed-context</Parameter>
          </CEFCommandLine>
        </Resources>
        <Lifecycle>
          <AutoVisible>true</AutoVisible>
        </Lifecycle>
        <UI>
          <Type>Panel</Type>
          <Menu>Reanimate</Menu>
          <Geometry>
            <Size><Height>600</Height><Width>360</Width></Size>
            <MinSize><Height>300</Height><Width>280</Width></MinSize>
            <MaxSize><Height>2000</Height><Width>800</Width></MaxSize>
          </Geometry>
        </UI>
      </DispatchInfo>
    </Extension>
  </DispatchInfoList>
</ExtensionManifest>
`;
}

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
  const extension = join(out, BUNDLE_ID);
  rmSync(extension, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(dist, extension, { recursive: true });

  const manifestPath = join(extension, 'CSXS/manifest.xml');
  const pkg = JSON.parse(readFileSync(join(panelRoot, 'package.json'), 'utf8'));
  let version = versionOverride ?? (pkg.version === '0.0.0' ? '0.1.0' : pkg.version);
  if (existsSync(manifestPath)) {
    version = /ExtensionBundleVersion="([^"]+)"/.exec(readFileSync(manifestPath, 'utf8'))?.[1] ?? version;
  } else {
    mkdirSync(dirname(manifestPath), { recursive: true });
    writeFileSync(manifestPath, fallbackManifest(version));
  }
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
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  }
}
