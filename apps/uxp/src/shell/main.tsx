import { ReanimateError } from '@reanimate/core';
import { App } from '@reanimate/panel-ui';
import { createRoot } from 'react-dom/client';
import '@reanimate/panel-ui/styles.css';
import type { UxpPremiere } from '../host/premiere-api.ts';
import { createUxpBridge } from '../host/uxp-bridge.ts';
import { systemPresetCandidates } from '../platform/premiere-presets.ts';
import { createUxpPlatform, type UxpFs, type UxpSecureStorage } from '../platform/uxp-platform.ts';

/**
 * The UXP shell: Premiere's `premierepro` module and UXP's `uxp` / `fs` give the bridge and the platform; the UI
 * is @reanimate/panel-ui, the CEP panel's too, so both plugins are one product.
 */
interface UxpModule {
  host: { version: string };
  storage: {
    secureStorage: UxpSecureStorage;
    localFileSystem: {
      getDataFolder(): Promise<{ nativePath: string }>;
      getTemporaryFolder(): Promise<{ nativePath: string }>;
      getPluginFolder(): Promise<{ nativePath: string }>;
      getFileForOpening(options: { types: string[] }): Promise<{ nativePath: string; name: string } | null>;
    };
  };
}

declare const require: (name: 'premierepro' | 'uxp' | 'fs') => unknown;

async function boot() {
  const ppro = require('premierepro') as UxpPremiere;
  const uxp = require('uxp') as UxpModule;
  // biome-ignore lint/style/useNodejsImportProtocol: UXP's own module is "fs"; there is no "node:fs" in UXP.
  const fs = require('fs') as UxpFs;
  const { localFileSystem } = uxp.storage;
  const [data, temp, plugin] = await Promise.all([
    localFileSystem.getDataFolder(),
    localFileSystem.getTemporaryFolder(),
    localFileSystem.getPluginFolder(),
  ]);
  const platform = createUxpPlatform({
    fs,
    secureStorage: uxp.storage.secureStorage,
    dataFolder: data.nativePath,
    tempFolder: temp.nativePath,
    pluginFolder: plugin.nativePath,
    pickFile: (types) => localFileSystem.getFileForOpening({ types }),
  });
  const bridge = createUxpBridge({
    ppro,
    hostVersion: uxp.host.version,
    // Premiere's own system presets in its standard install folders (UXP gives no install path).
    presets: () => systemPresetCandidates(fs, uxp.host.version, /^[A-Za-z]:/.test(data.nativePath)),
    // Media Encoder's exports are known to be done when core's probe reads them as complete media.
    probeDuration: async (path) => (await platform.core.files?.probe(path))?.durationSec,
    files: {
      exists: async (path) => (await fs.lstat(path).catch(() => undefined)) !== undefined,
      size: async (path) => (await fs.lstat(path)).size,
      remove: (path) => fs.unlink(path),
    },
  });
  return { bridge, platform };
}

// UXP cannot load the face detector's classic script (no dynamic script tags): the clip card says so.
const noFaceCheck = () =>
  Promise.reject(
    new ReanimateError('face_check', 'The face check is not available in the UXP plugin yet.', {
      hint: 'Use `reanimate check` from a terminal, or the CEP panel, to check a clip before paying.',
    }),
  );

boot().then(
  ({ bridge, platform }) => {
    const container = document.getElementById('root');
    if (!container) throw new Error('index.html has no #root');
    createRoot(container).render(<App bridge={bridge} platform={platform} faceDetector={noFaceCheck} />);
  },
  (error: unknown) => {
    document.body.textContent = `Reanimate could not start: ${error instanceof Error ? error.message : String(error)}`;
  },
);
