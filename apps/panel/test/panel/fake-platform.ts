import { createMemoryStore } from '../../src/panel/platform/indexeddb-store.ts';
import type { Platform } from '../../src/panel/platform/types.ts';

export function fakePlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    kind: 'browser',
    store: createMemoryStore(),
    secrets: createMemoryStore(),
    fetch: () => Promise.reject(new TypeError('no network in component tests')),
    readFile: async () => new Blob([]),
    saveResult: async (url) => url,
    pickAudioFile: async () => ({ path: '/dubs/line.wav', name: 'line.wav' }),
    reveal: async () => {},
    tempDir: () => '/tmp/reanimate',
    ...overrides,
  };
}
