import type { Journal } from '../journal/types.js';
import type { Platform } from './types.js';

export interface BrowserPlatformOptions {
  /** Where jobs are journaled: a `createKeyValueJournal` over IndexedDB, say. */
  journal: Journal;
  /** Defaults to the page's fetch (CORS applies: the storage bucket needs a CORS rule for the page's origin). */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * The platform of a plain browser page (the panel's simulated host): no file system, so inputs are URLs or Blobs,
 * and an output stays at its URL (a page cannot write beside a project): `save` returns the URL itself.
 */
export function createBrowserPlatform(options: BrowserPlatformOptions): Platform {
  // Looked up at call time: a page (or a test) may replace fetch after the platform is made.
  const fetcher: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    name: 'browser',
    fetch: (input, init) => fetcher(input, init),
    files: undefined,
    save: async (url) => ({ path: url, bytes: undefined }),
    journal: options.journal,
    tempDir: () => '/tmp/reanimate',
  };
}
