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
