import type { DownloadProgress } from '../client/download-types.js';
import type { HostInput } from '../hosting/types.js';
import type { Journal } from '../journal/types.js';
import type { MediaProbe } from '../media/types.js';
import type { NodeFetch } from './node-fetch.js';

/**
 * Everything runtime-specific the job pipeline needs, behind one small object per runtime: Node (the CLI),
 * CEP (Node through `cep_node.require`), a browser (the simulated host), UXP (fetch + `uxp.storage`). Core never
 * imports a runtime; a shell picks or builds its platform and hands it to `createPipeline`.
 */
export interface Platform {
  /** For messages and logs: `node`, `cep`, `browser`, `uxp`. */
  readonly name: string;
  /** The HTTP transport for the API, storage and downloads. */
  fetch: NodeFetch;
  /** Files by path; absent where there is no file system (a browser), where inputs are URLs or Blobs. */
  files?: PlatformFiles | undefined;
  /** Writes a finished output where the shell asked, atomically; see SaveOptions. */
  save(url: string, dest: string, options: SaveOptions): Promise<SavedOutput>;
  /** Where jobs are written ahead of every step. */
  journal: Journal;
  /** A folder for intermediate files (exports, split segments). */
  tempDir(): string;
}

export interface PlatformFiles {
  /** Probes a file by range reads, never reading it whole. */
  probe(path: string): Promise<MediaProbe>;
  /** The file as something the input host can hash and upload as a stream. */
  uploadSource(path: string): Promise<HostInput>;
  /** True when `path` is an existing regular file. */
  isFile(path: string): Promise<boolean>;
  /**
   * Whether a file can be written at `path` (its folder created if missing): undefined when it can, else what is
   * wrong, in words ("the folder is read-only"). Checked before anything is uploaded or paid for.
   */
  canWrite?(path: string): Promise<string | undefined>;
}

export interface SaveOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** What to do when `dest` exists: fail, replace it, or save beside it as "name (2).mp4". */
  conflict: 'fail' | 'replace' | 'rename';
  /**
   * The fetch for this download instead of the platform's: a team server's result needs the editor's key, which the
   * team client's fetch adds for the server's origin only.
   */
  fetch?: typeof globalThis.fetch | undefined;
}

export interface SavedOutput {
  /** Where the output is now: a path, or (a browser, which cannot write files) the URL itself. */
  path: string;
  bytes: number | undefined;
}
