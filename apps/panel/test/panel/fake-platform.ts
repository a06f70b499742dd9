import {
  createBrowserPlatform,
  createKeyValueJournal,
  createMemoryKeyValueStore as createMemoryStore,
} from '@reanimate/core';
import type { Platform } from '@reanimate/panel-ui/platform/types.ts';

export function fakePlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    kind: 'browser',
    core: createBrowserPlatform({
      journal: createKeyValueJournal(createMemoryStore()),
      fetch: () => Promise.reject(new TypeError('no network in component tests')),
    }),
    store: createMemoryStore(),
    secrets: createMemoryStore(),
    readFile: async () => new Blob([]),
    readBytes: async () => new Uint8Array(0),
    writeBytes: async () => {},
    makeFolder: async () => {},
    pickAudioFile: async () => ({ path: '/dubs/line.wav', name: 'line.wav' }),
    reveal: async () => {},
    tempDir: () => '/tmp/reanimate',
    bundled: (relative) => `/ext/${relative}`,
    ...overrides,
  };
}
