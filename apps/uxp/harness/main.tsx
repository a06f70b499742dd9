// The UXP shell in a plain browser, for its end-to-end tests: the real UXP bridge, platform and shared UI, on the
// documented fake of `premierepro` (test/fake-premierepro.ts) and in-memory stand-ins for UXP's fs and
// secureStorage. Never part of the plugin.
import { ReanimateError } from '@reanimate/core';
import { createRoot } from 'react-dom/client';
import { App } from '../../panel/src/panel/app/App.tsx';
import { EMPTY_SETTINGS, saveSettings, saveToken } from '../../panel/src/panel/app/settings-model.ts';
import { DEV_CONFIG_PATH, type DevConfig } from '../../panel/src/panel/dev-config.ts';
import '../../panel/src/panel/app/styles.css';
import { createUxpBridge } from '../src/host/uxp-bridge.ts';
import { createUxpPlatform, type UxpFs } from '../src/platform/uxp-platform.ts';
import { uxpWorld } from '../test/fake-premierepro.ts';

const params = new URLSearchParams(location.search);
const world = uxpWorld();
if (params.get('select') === 'none') {
  world.clip.selected = false;
  world.sound.selected = false;
}
if (params.get('project') === 'none') world.project = null;

const files = new Map<string, Uint8Array>();
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
  },
  rename: async (from, to) => {
    const data = files.get(from);
    if (data) files.set(to, data);
    files.delete(from);
    if (/\.mp4$/.test(to)) world.files.set(to, 'media of 4.000000 s');
  },
};
const secrets = new Map<string, Uint8Array>();
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
    },
    removeItem: async (key) => {
      secrets.delete(key);
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
 * `?job`: a whole job against the harness services (emulator, S3 store): settings from the dev config, and each
 * export the fake makes holds real media (the sample clip and dub), as a real export would.
 */
async function connectServices() {
  const config = (await (await fetch(DEV_CONFIG_PATH)).json()) as DevConfig;
  apiProxy = config.apiBaseUrl;
  await saveSettings(platform, {
    ...EMPTY_SETTINGS,
    // The fake's Media Encoder finishes only when a test says so: the harness job exports immediately.
    exportWithMediaEncoder: false,
    apiBaseUrl: config.apiBaseUrl,
    s3: { ...config.s3, prefix: 'reanimate/' },
  });
  await saveToken(platform, config.token);
  const manager = world.ppro.EncoderManager.getManager();
  world.ppro.EncoderManager.getManager = () => ({
    exportSequence: async (sequence, exportType, outputFile, presetFile, exportFull) => {
      const ok = await manager.exportSequence(sequence, exportType, outputFile, presetFile, exportFull);
      if (ok && outputFile && world.files.has(outputFile)) {
        const sample = outputFile.endsWith('.wav') ? 'dub.wav' : 'face.mp4';
        files.set(
          outputFile,
          new Uint8Array(await (await fetch(`${config.mediaBaseUrl}${sample}`)).arrayBuffer()),
        );
      }
      return ok;
    },
  });
}

(params.has('job') ? connectServices() : Promise.resolve()).then(() => {
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<App bridge={bridge} platform={platform} faceDetector={noFaceCheck} />);
});
