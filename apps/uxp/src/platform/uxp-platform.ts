import {
  blobUploadSource,
  type Platform as CorePlatform,
  createKeyValueJournal,
  downloadWith,
  type KeyValueStore,
  probeBytes,
} from '@reanimate/core';
import type { Platform } from '@reanimate/panel-ui';
import { uxpDownloadDeps } from './uxp-download.ts';

/**
 * What UXP gives a plugin, as far as the platform reads it (UXP `fs` and `require('uxp').storage.secureStorage`,
 * AdobeDocs/uxp; no Node, no child processes). Injected, so the platform runs in tests on Node-backed stand-ins.
 */
export interface UxpFs {
  readFile(path: string, options?: { encoding?: 'utf-8' }): Promise<ArrayBuffer | string>;
  writeFile(
    path: string,
    data: ArrayBuffer | Uint8Array | string,
    options?: { encoding?: 'utf-8' },
  ): Promise<number>;
  lstat(path: string): Promise<{ isFile(): boolean; size: number; mtime?: Date }>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export interface UxpSecureStorage {
  getItem(key: string): Promise<Uint8Array | null | undefined>;
  setItem(key: string, value: string | Uint8Array): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface UxpPlatformOptions {
  fs: UxpFs;
  secureStorage: UxpSecureStorage;
  /** The plugin's data folder (`localFileSystem.getDataFolder()`'s native path): journal and settings. */
  dataFolder: string;
  /** The plugin's temporary folder: exports. */
  tempFolder: string;
  /** The plugin's own folder (for the bundled self-test sample). */
  pluginFolder: string;
  /** UXP's file picker (`localFileSystem.getFileForOpening`), for a dub file. */
  pickFile?: (types: string[]) => Promise<{ nativePath: string; name: string } | null | undefined>;
  fetch?: typeof globalThis.fetch;
}

const join = (folder: string, name: string) => `${folder.replace(/[\\/]+$/, '')}/${name}`;
const bytesOf = (data: ArrayBuffer | string) =>
  typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);

/** One JSON file per key in a folder; keys are made file-safe. */
function folderStore(fs: UxpFs, folder: string): KeyValueStore {
  const file = (key: string) => join(folder, `${encodeURIComponent(key)}.json`);
  let made: Promise<void> | undefined;
  const ready = () => {
    made ??= fs.mkdir(folder, { recursive: true }).catch(() => undefined);
    return made;
  };
  return {
    async get<T>(key: string) {
      try {
        return JSON.parse(String(await fs.readFile(file(key), { encoding: 'utf-8' }))) as T;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await ready();
      // Written beside, then renamed over: a crash mid-write leaves the old record, never half a new one.
      const temporary = `${file(key)}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(value), { encoding: 'utf-8' });
      await fs.rename(temporary, file(key));
    },
    async delete(key) {
      await fs.unlink(file(key)).catch(() => undefined);
    },
    async keys(prefix) {
      await ready();
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => decodeURIComponent(name.slice(0, -'.json'.length)))
        .filter((key) => key.startsWith(prefix));
    },
  };
}

/** The token and the storage keys in UXP's secureStorage (the OS keychain), never in a file or localStorage. */
function secureStore(storage: UxpSecureStorage): KeyValueStore {
  const index = 'reanimate:keys';
  const keys = async () => {
    const raw = await storage.getItem(index);
    return raw ? (JSON.parse(new TextDecoder().decode(raw)) as string[]) : [];
  };
  return {
    async get<T>(key: string) {
      const raw = await storage.getItem(key);
      return raw ? (JSON.parse(new TextDecoder().decode(raw)) as T) : undefined;
    },
    async set(key, value) {
      await storage.setItem(key, JSON.stringify(value));
      const known = await keys();
      if (!known.includes(key)) await storage.setItem(index, JSON.stringify([...known, key]));
    },
    async delete(key) {
      await storage.removeItem(key);
      await storage.setItem(index, JSON.stringify((await keys()).filter((k) => k !== key)));
    },
    async keys(prefix) {
      return (await keys()).filter((key) => key.startsWith(prefix));
    },
  };
}

/**
 * Core's platform in UXP: UXP's fetch for the API, storage and downloads; files through UXP `fs` (read whole:
 * UXP has no ranged reads, and react-1's inputs are at most 15 s, ~100 MB); results written to disk; the journal as
 * files in the plugin's data folder; secrets in secureStorage.
 */
export function createUxpPlatform(options: UxpPlatformOptions): Platform {
  const { fs } = options;
  const fetcher: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const downloads = uxpDownloadDeps(fs);
  const readBlob = async (path: string) => new Blob([bytesOf(await fs.readFile(path))]);
  const core: CorePlatform = {
    name: 'uxp',
    fetch: (input, init) => fetcher(input, init),
    files: {
      probe: async (path) =>
        probeBytes(bytesOf(await fs.readFile(path)), { fileName: path.split(/[\\/]/).pop() ?? path }),
      // Named after the file, so the content-addressed key keeps its extension (…sha256.wav) and its type: a
      // nameless Blob would be stored as .bin / application/octet-stream.
      uploadSource: async (path) =>
        blobUploadSource(await readBlob(path), { name: path.split(/[\\/]/).pop() ?? path }),
      isFile: async (path) => (await fs.lstat(path).catch(() => undefined))?.isFile() ?? false,
    },
    // Core's own download rules on UXP's fs (src/platform/uxp-download.ts).
    save: (url, dest, save) =>
      downloadWith(downloads, url, dest, {
        fetch: save.fetch ?? fetcher,
        conflict: save.conflict,
        ...(save.signal ? { signal: save.signal } : {}),
        ...(save.onProgress ? { onProgress: save.onProgress } : {}),
      }),
    journal: createKeyValueJournal(folderStore(fs, join(options.dataFolder, 'jobs'))),
    tempDir: () => options.tempFolder,
  };
  return {
    kind: 'uxp',
    core,
    store: folderStore(fs, join(options.dataFolder, 'panel')),
    secrets: secureStore(options.secureStorage),
    readFile: readBlob,
    readBytes: async (path) => bytesOf(await fs.readFile(path)),
    writeBytes: async (path, bytes) => {
      await fs.writeFile(path, bytes);
    },
    makeFolder: (path) => fs.mkdir(path, { recursive: true }),
    pickAudioFile: async () => {
      const picked = await options.pickFile?.(['wav', 'mp3', 'm4a', 'aac', 'aif', 'aiff', 'mp4', 'mov']);
      return picked ? { path: picked.nativePath, name: picked.name } : undefined;
    },
    reveal: async () => {},
    tempDir: () => options.tempFolder,
    bundled: (relative) => join(options.pluginFolder, relative),
  };
}
