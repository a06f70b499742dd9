// The UXP shell in a plain browser, for its end-to-end tests: the real UXP bridge, platform and shared UI, on the
// documented fake of `premierepro` (test/fake-premierepro.ts) and in-memory stand-ins for UXP's fs and
// secureStorage. Never part of the plugin.
import { ReanimateError } from '@reanimate/core';
import { createRoot } from 'react-dom/client';
import { App } from '../../panel/src/panel/app/App.tsx';
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
  },
};
const secrets = new Map<string, Uint8Array>();
const platform = createUxpPlatform({
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
const root = document.getElementById('root');
if (root) createRoot(root).render(<App bridge={bridge} platform={platform} faceDetector={noFaceCheck} />);
