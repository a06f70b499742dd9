import type { CSInterface } from '../bridge/csinterface.ts';
import { localFileUploadSource, type NodeCrypto, type NodeFsForFiles, probeLocalFile } from './cep-files.ts';
import { downloadToFile, type NodeFsForDownload } from './node-download.ts';
import { createNodeFetch, type NodeHttpModule } from './node-fetch.ts';
import type { KeyValueStore, Platform } from './types.ts';

// The Node built-ins the panel uses in CEP's mixed context, typed narrowly; loaded only inside CEP.
interface NodeFs {
  promises: {
    readFile(path: string, encoding?: 'utf8'): Promise<string & Uint8Array>;
    writeFile(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void>;
    mkdir(path: string, options: { recursive: true; mode?: number }): Promise<unknown>;
    rm(path: string, options: { force: true }): Promise<void>;
    readdir(path: string): Promise<string[]>;
    rename(from: string, to: string): Promise<void>;
    chmod(path: string, mode: number): Promise<void>;
  };
}
interface NodeChildProcess {
  execFile(file: string, args: string[]): unknown;
}
type NodeRequire = (name: string) => unknown;

/** One JSON file per key in a folder; `mode` 0600 for secrets. Writes go through a temp file and a rename. */
function createFileStore(fs: NodeFs, folder: string, mode?: number): KeyValueStore {
  const file = (key: string) => `${folder}/${encodeURIComponent(key)}.json`;
  const ready = fs.promises.mkdir(folder, { recursive: true, mode: 0o700 });
  return {
    async get<T>(key: string) {
      await ready;
      try {
        return JSON.parse(await fs.promises.readFile(file(key), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await ready;
      const temp = `${file(key)}.tmp`;
      await fs.promises.writeFile(temp, JSON.stringify(value), mode === undefined ? {} : { mode });
      if (mode !== undefined) await fs.promises.chmod(temp, mode);
      await fs.promises.rename(temp, file(key));
    },
    async delete(key) {
      await fs.promises.rm(file(key), { force: true });
    },
    async keys(prefix) {
      await ready;
      const names = await fs.promises.readdir(folder);
      return names
        .filter((n) => n.endsWith('.json'))
        .map((n) => decodeURIComponent(n.slice(0, -5)))
        .filter((k) => k.startsWith(prefix));
    },
  };
}

/** The panel inside Premiere / After Effects: Node fs and https through `require` (mixed context). */
export function createCepPlatform(csi: CSInterface, nodeRequire: NodeRequire): Platform {
  const fs = nodeRequire('fs') as NodeFs;
  const os = nodeRequire('os') as { tmpdir(): string; platform(): string };
  const child = nodeRequire('child_process') as NodeChildProcess;
  const http = nodeRequire('http') as NodeHttpModule;
  const https = nodeRequire('https') as NodeHttpModule;
  const fetch = createNodeFetch({ http, https });
  const files = nodeRequire('fs') as NodeFsForFiles;
  const crypto = nodeRequire('crypto') as NodeCrypto;
  const root = `${csi.getSystemPath('userData')}/Reanimate`;
  return {
    kind: 'cep',
    store: createFileStore(fs, `${root}/panel`),
    secrets: createFileStore(fs, `${root}/secrets`, 0o600),
    fetch,
    files: {
      probe: (path) => probeLocalFile(files, path),
      uploadSource: (path) => localFileUploadSource(files, crypto, path),
    },
    async readFile(path) {
      return new Blob([await fs.promises.readFile(path)]);
    },
    saveResult(url, destination, signal) {
      // Streamed to a temp file beside the destination, checked, then moved to a free name: flat memory.
      return downloadToFile(
        { http, https, fs: nodeRequire('fs') as NodeFsForDownload },
        url,
        destination,
        signal,
      );
    },
    async pickAudioFile() {
      const cep = (
        window as unknown as { cep?: { fs?: { showOpenDialogEx?: (...a: unknown[]) => { data: string[] } } } }
      ).cep;
      const picked = cep?.fs?.showOpenDialogEx?.(false, false, 'Choose a dub', '', [
        'wav',
        'mp3',
        'm4a',
        'aac',
      ]);
      const path = picked?.data?.[0];
      return path ? { path, name: path.split(/[\\/]/).pop() ?? path } : undefined;
    },
    async reveal(path) {
      if (os.platform() === 'win32') child.execFile('explorer.exe', ['/select,', path.replace(/\//g, '\\')]);
      else child.execFile('open', ['-R', path]);
    },
    tempDir: () => `${os.tmpdir()}/reanimate`,
  };
}
