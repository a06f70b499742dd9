// The UXP shell in a plain browser, for its end-to-end tests: the real UXP bridge, platform and shared UI, on the
// documented fake of `premierepro` (test/fake-premierepro.ts) and in-memory stand-ins for UXP's fs and
// secureStorage. Never part of the plugin.
import { ReanimateError } from '@reanimate/core';
import { App, EMPTY_SETTINGS, saveSettings, saveToken } from '@reanimate/panel-ui';
import { createRoot } from 'react-dom/client';
import { DEV_CONFIG_PATH, type DevConfig } from '../../panel/src/panel/dev-config.ts';
import '@reanimate/panel-ui/styles.css';
import { createUxpBridge } from '../src/host/uxp-bridge.ts';
import { createUxpPlatform, type UxpFs } from '../src/platform/uxp-platform.ts';
import { type FakeBin, type FakeMedia, TPS, uxpWorld } from '../test/fake-premierepro.ts';

const params = new URLSearchParams(location.search);
const world = uxpWorld();
if (params.get('select') === 'none') {
  world.clip.selected = false;
  world.sound.selected = false;
}
if (params.get('project') === 'none') world.project = null;
// `?clip=long`: the selected clip runs 20 s (2–22 s), over react-1's 15 s, so the shared UI offers to split it.
if (params.get('clip') === 'long') {
  world.clip.end = 22 * TPS;
  world.sound.end = 22 * TPS;
  world.sequence.lengthTicks = 30 * TPS;
  world.sequence.outPoint = 30 * TPS;
}

/**
 * The plugin's data folder and secureStorage outlive a reload in UXP. Here they are kept in sessionStorage
 * (JSON records and secrets only: exports and results are media, and a resumed job needs neither again).
 */
const KEPT = 'reanimate-uxp-harness';
const kept = JSON.parse(sessionStorage.getItem(KEPT) ?? '{"files":{},"secrets":{}}') as {
  files: Record<string, string>;
  secrets: Record<string, string>;
};
const keep = () => {
  const text = (map: Map<string, Uint8Array>, only?: RegExp) =>
    Object.fromEntries(
      [...map]
        .filter(([key]) => !only || only.test(key))
        .map(([key, value]) => [key, new TextDecoder().decode(value)]),
    );
  sessionStorage.setItem(KEPT, JSON.stringify({ files: text(files, /\.json$/), secrets: text(secrets) }));
};

const files = new Map<string, Uint8Array>(
  Object.entries(kept.files).map(([key, value]) => [key, new TextEncoder().encode(value)]),
);
const encode = (data: ArrayBuffer | Uint8Array | string) =>
  typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
const fs: UxpFs = {
  readFile: async (path, options) => {
    const data = files.get(path);
    if (!data) throw new Error(`no such file: ${path}`);
    return options?.encoding ? new TextDecoder().decode(data) : data.slice().buffer;
  },
  writeFile: async (path, data) => {
    files.set(path, encode(data));
    keep();
    // A saved result is media Premiere can import: the fake project reads its length from world.files.
    if (/\.mp4$/.test(path)) world.files.set(path, 'media of 4.000000 s');
    return encode(data).byteLength;
  },
  lstat: async (path) => {
    const data = files.get(path);
    if (!data) throw new Error(`no such file: ${path}`);
    return { isFile: () => true, size: data.byteLength };
  },
  mkdir: async () => {},
  readdir: async (path) =>
    [...files.keys()].filter((key) => key.startsWith(`${path}/`)).map((key) => key.slice(path.length + 1)),
  unlink: async (path) => {
    files.delete(path);
    keep();
  },
  rename: async (from, to) => {
    const data = files.get(from);
    if (data) files.set(to, data);
    files.delete(from);
    keep();
    if (/\.mp4$/.test(to)) world.files.set(to, 'media of 4.000000 s');
  },
};
const secrets = new Map<string, Uint8Array>(
  Object.entries(kept.secrets).map(([key, value]) => [key, new TextEncoder().encode(value)]),
);
/**
 * UXP has no CORS; a browser does. The emulator's output URLs name its own origin, so in the harness they go
 * through the CORS proxy in front of it (the dev config's apiBaseUrl), which forwards any path to the emulator.
 */
let apiProxy: string | undefined;
const harnessFetch: typeof fetch = (input, init) => {
  const url = new URL(String(input instanceof Request ? input.url : input), location.href);
  const known = [location.origin, apiProxy && new URL(apiProxy).origin];
  if (
    apiProxy &&
    url.protocol.startsWith('http') &&
    !known.includes(url.origin) &&
    url.pathname.startsWith('/files/')
  ) {
    return fetch(`${new URL(apiProxy).origin}${url.pathname}${url.search}`, init);
  }
  return fetch(input, init);
};
const platform = createUxpPlatform({
  fetch: harnessFetch,
  fs,
  secureStorage: {
    getItem: async (key) => secrets.get(key),
    setItem: async (key, value) => {
      secrets.set(key, encode(value));
      keep();
    },
    removeItem: async (key) => {
      secrets.delete(key);
      keep();
    },
  },
  dataFolder: '/uxp/data',
  tempFolder: '/uxp/tmp',
  pluginFolder: '/uxp/plugin',
});
const bridge = createUxpBridge({
  ppro: world.ppro,
  hostVersion: '26.3.0',
  presets: async () => ({}),
  files: {
    exists: async (path) => files.has(path) || world.files.has(path),
    size: async (path) => files.get(path)?.byteLength ?? world.files.get(path)?.length ?? 0,
    remove: async (path) => {
      files.delete(path);
      world.files.delete(path);
    },
  },
});
const noFaceCheck = () =>
  Promise.reject(new ReanimateError('face_check', 'The face check is not available in the UXP plugin yet.'));
/**
 * Each export the fake makes holds real media, as a real export would: the sample dub for a sound, the 1 s sample
 * for a 1 s export (the host check's), the face clip otherwise. Core probes them, uploads them, checks them.
 */
function realExports(config: DevConfig) {
  const manager = world.ppro.EncoderManager.getManager();
  world.ppro.EncoderManager.getManager = () => ({
    exportSequence: async (sequence, exportType, outputFile, presetFile, exportFull) => {
      const ok = await manager.exportSequence(sequence, exportType, outputFile, presetFile, exportFull);
      const made = outputFile ? world.files.get(outputFile) : undefined;
      if (ok && outputFile && made) {
        const seconds = Number(/^media of ([\d.]+) s$/.exec(made)?.[1] ?? 4);
        const sample = outputFile.endsWith('.wav') ? 'dub.wav' : seconds <= 1.5 ? 'face-1s.mp4' : 'face.mp4';
        files.set(
          outputFile,
          new Uint8Array(await (await fetch(`${config.mediaBaseUrl}${sample}`)).arrayBuffer()),
        );
      }
      return ok;
    },
  });
}

/** `?job`: a whole job against the harness services (emulator, S3 store): settings from the dev config. */
async function connectServices(config: DevConfig) {
  apiProxy = config.apiBaseUrl;
  await saveSettings(platform, {
    ...EMPTY_SETTINGS,
    // The fake's Media Encoder finishes only when a test says so: the harness job exports immediately.
    exportWithMediaEncoder: false,
    apiBaseUrl: config.apiBaseUrl,
    s3: { ...config.s3, prefix: 'reanimate/' },
  });
  await saveToken(platform, config.token);
}

/** A dub already in the project, in a "Dubs" bin: what Audio → A project item offers (its file is the sample dub). */
async function projectDub(config: DevConfig) {
  const dubs: FakeBin = { id: 'bin-dubs', name: 'Dubs', children: [] };
  const path = '/Media/Dubs/Interview (French).wav';
  const media: FakeMedia = {
    id: 'item-dub-fr',
    name: 'Interview (French).wav',
    path,
    lengthTicks: Math.round(4.5 * TPS),
    hasAudio: true,
    marks: null,
    bin: dubs,
  };
  dubs.children.push(media);
  world.root.children.push(dubs);
  world.files.set(path, 'media of 4.500000 s');
  files.set(path, new Uint8Array(await (await fetch(`${config.mediaBaseUrl}dub.wav`)).arrayBuffer()));
}

async function start() {
  const config = (await (await fetch(DEV_CONFIG_PATH)).json()) as DevConfig;
  realExports(config);
  await projectDub(config);
  // The plugin's bundled self-test sample, as Premiere would find it in the plugin's folder.
  world.files.set(platform.bundled('self-test/sample.mp4'), 'media of 2.000000 s');
  if (params.has('job')) await connectServices(config);
}

start().then(() => {
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<App bridge={bridge} platform={platform} faceDetector={noFaceCheck} />);
});
