import { createIndexedDbStore } from './indexeddb-store.ts';
import type { Platform } from './types.ts';

/**
 * The browser dev harness (SimulatedHost only): exports are URLs, results stay on the service's URL (a browser
 * cannot write beside the project), stores live in IndexedDB.
 */
export function createBrowserPlatform(win: Window = window): Platform {
  return {
    kind: 'browser',
    store: createIndexedDbStore('panel'),
    secrets: createIndexedDbStore('secrets'),
    fetch: (input, init) => win.fetch(input, init),
    async readFile(path) {
      const response = await win.fetch(path);
      if (!response.ok) throw new Error(`Could not read ${path}: HTTP ${response.status}`);
      return response.blob();
    },
    async saveResult(url) {
      return url;
    },
    pickAudioFile() {
      return new Promise((resolve) => {
        const input = win.document.createElement('input');
        input.type = 'file';
        input.accept = 'audio/*,video/*';
        input.onchange = () => {
          const file = input.files?.[0];
          resolve(file ? { path: URL.createObjectURL(file), name: file.name } : undefined);
        };
        input.click();
      });
    },
    async reveal(path) {
      win.open(path, '_blank', 'noopener');
    },
    tempDir: () => '/tmp/reanimate',
  };
}
