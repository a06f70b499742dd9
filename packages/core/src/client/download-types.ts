import type { NodeModules } from '../platform/node-modules.js';
import type { Sleep } from '../sleep.js';
import type { FetchFunction } from './http.js';

export interface DownloadProgress {
  receivedBytes: number;
  /** From Content-Length (or Content-Range), when the server sent it. */
  totalBytes: number | undefined;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Replace an existing file at `dest` (default: refuse). Shorthand for `conflict: 'replace'`. */
  overwrite?: boolean;
  /**
   * What to do when `dest` exists: `fail` (the default), `replace` it, or `rename`: save as "name (2).mp4",
   * "name (3).mp4"…, never overwriting (the panel's results beside the project). The result says where it went.
   */
  conflict?: 'fail' | 'replace' | 'rename';
  /** Attempts, the first included; a broken transfer resumes with a Range request when the server allows. */
  maxAttempts?: number;
  /** Give up on an attempt after this long without a byte (default 60 s). */
  idleTimeoutMs?: number;
  fetch?: FetchFunction | typeof globalThis.fetch;
  sleep?: Sleep;
}

export interface DownloadResult {
  path: string;
  bytes: number;
}

/** An open file as a download writes it: chunks in order, then flushed and closed. Node's FileHandle is one. */
export interface DownloadFileHandle {
  write(chunk: Uint8Array): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a download needs of a file system: Node's own modules fit it as they are (the CLI, the CEP panel); another
 * runtime (UXP's `fs`) adapts its own. A file system without hard links throws ENOTSUP from `link`, and the
 * download then checks for the name before renaming onto it.
 */
export interface DownloadDeps {
  fs: {
    open(path: string, flags: 'w' | 'a' | 'r+'): Promise<DownloadFileHandle>;
    stat(path: string): Promise<{ mtimeMs: number }>;
    link(existing: string, next: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    unlink(path: string): Promise<void>;
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    readdir(path: string): Promise<string[]>;
  };
  path: Pick<NodeModules['path'], 'join' | 'dirname' | 'basename' | 'resolve'>;
  process: NodeModules['process'];
}
