import { installCepPolyfills } from '@reanimate/core';
import type { Platform } from '@reanimate/panel-ui';
import { App, loadSettings, loadToken, saveSettings, saveToken } from '@reanimate/panel-ui';
import type { HostBridge } from '@reanimate/panel-ui/host-bridge';
import { createRoot } from 'react-dom/client';
import { createCepBridge, loadHostScripts } from './bridge/cep-bridge.ts';
import { CSInterface, isCep } from './bridge/csinterface.ts';
import { SimulatedHost } from './bridge/simulated-host.ts';
import { DEV_CONFIG_PATH, type DevConfig } from './dev-config.ts';
import { loadFaceDetector } from './faces/load-detector.ts';
import { createBrowserPlatform } from './platform/browser-platform.ts';
import { createCepPlatform } from './platform/cep-platform.ts';
import { SimulatedStrip } from './SimulatedStrip.tsx';
import { applyTheme, browserTheme, followHostTheme } from './theme.ts';
import '@reanimate/panel-ui/styles.css';

// Before anything issues a request: CEP 11/12's Chromium lacks APIs ky relies on.
if (isCep()) installCepPolyfills();

async function boot(): Promise<{ bridge: HostBridge; platform: Platform; simulated?: SimulatedHost }> {
  const root = document.documentElement;
  if (isCep()) {
    const csi = CSInterface.fromWindow();
    followHostTheme(csi, root);
    await loadHostScripts(csi);
    const app = csi.getHostEnvironment().appName === 'AEFT' ? 'aeft' : 'ppro';
    const nodeRequire =
      window.cep_node?.require ??
      ((name: string) => (window as unknown as { require: (n: string) => unknown }).require(name));
    const platform = createCepPlatform(csi, nodeRequire);
    const files = platform.core.files;
    const bridge = createCepBridge(csi, app, {
      // Media Encoder's watchdog reads the output files with core's probe (a complete MP4/WAV has a duration).
      ...(files ? { encoderWatch: { probeOutput: (path: string) => files.probe(path) } } : {}),
    });
    return { bridge, platform };
  }
  applyTheme(root, browserTheme(location.search, matchMedia('(prefers-color-scheme: dark)').matches));
  const config = (await (await fetch(DEV_CONFIG_PATH)).json()) as DevConfig;
  const params = new URLSearchParams(location.search);
  const select = params.get('select');
  const simulated = new SimulatedHost({
    mediaBaseUrl: config.mediaBaseUrl,
    project: params.get('project') === 'none' ? 'none' : 'open',
    sequence: params.get('sequence') === 'none' ? 'none' : 'open',
    selected: select === null ? ['clip1'] : select === 'none' ? [] : select.split(','),
  });
  // For the e2e suite and the DevTools console: what the simulated timeline recorded (imports, placements).
  (window as unknown as { reanimateSimulatedHost?: SimulatedHost }).reanimateSimulatedHost = simulated;
  const platform = createBrowserPlatform();
  // The harness points the panel at the local emulator and S3 store unless the user changed the settings.
  const settings = await loadSettings(platform);
  if (!settings.apiBaseUrl || params.has('fresh')) {
    await saveSettings(platform, {
      ...settings,
      apiBaseUrl: config.apiBaseUrl,
      s3: { ...config.s3, prefix: 'reanimate/' },
    });
  }
  if (!(await loadToken(platform))) await saveToken(platform, config.token);
  return { bridge: simulated, platform, simulated };
}

boot().then(
  ({ bridge, platform, simulated }) => {
    const container = document.getElementById('root');
    if (!container) throw new Error('index.html has no #root');
    createRoot(container).render(
      <App
        bridge={bridge}
        platform={platform}
        faceDetector={loadFaceDetector}
        {...(simulated
          ? { mediaUrl: (clip) => simulated.mediaUrlOf(clip), banner: <SimulatedStrip host={simulated} /> }
          : {})}
      />,
    );
  },
  (error: unknown) => {
    document.body.textContent = `Reanimate could not start: ${error instanceof Error ? error.message : String(error)}`;
  },
);
