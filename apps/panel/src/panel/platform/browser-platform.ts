import { createBrowserPlatform as createCoreBrowserPlatform, createKeyValueJournal } from '@reanimate/core';
import type { Platform } from '@reanimate/panel-ui';
import { createIndexedDbStore } from './indexeddb-store.ts';

/**
 * The browser dev harness (SimulatedHost only): exports are URLs read into Blobs, results stay on the service's URL
 * (a browser cannot write beside the project), stores and the journal live in IndexedDB.
 */
export function createBrowserPlatform(win: Window = window): Platform {
  return {
    kind: 'browser',
    core: createCoreBrowserPlatform({
      journal: createKeyValueJournal(createIndexedDbStore('jobs')),
      fetch: (input, init) => win.fetch(input, init),
    }),
    store: createIndexedDbStore('panel'),
    secrets: createIndexedDbStore('secrets'),
    async readFile(path) {
      const response = await win.fetch(path);
      if (!response.ok) throw new Error(`Could not read ${path}: HTTP ${response.status}`);
      return response.blob();
    },
    async readBytes(path) {
      const response = await win.fetch(path);
      if (!response.ok) throw new Error(`Could not read ${path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    async writeBytes(path) {
      throw new Error(`A browser cannot write files (${path}); the simulated host never asks it to.`);
    },
    // The simulated host hands back sample URLs; there is no folder to make.
    makeFolder: async () => {},
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
    // The panel's own files, served next to index.html (vite copies public/ there).
    bundled: (relative) => new URL(relative, win.document.baseURI).href,
  };
}
