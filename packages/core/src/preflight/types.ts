import type { MediaProbe } from '../media/types.js';

export type InputRole = 'video' | 'audio';

/** A file on disk; checked through `checkInputsNode` from `@reanimate/core/node` (or a `probeFile` option). */
export interface LocalFileInput {
  kind: 'file';
  path: string;
}

/** A Blob or browser File already in memory or picked by the user. */
export interface BlobInput {
  kind: 'blob';
  blob: Blob;
  /** How messages name it; defaults to the File's name. */
  name?: string;
}

/** What may be given as react-1 input: an http(s) URL the service will fetch, a Blob, or a local file. */
export type InputSource = string | URL | BlobInput | LocalFileInput;

export interface CheckedInput {
  role: InputRole;
  source: InputSource;
  /** How messages name it: a file's base name, a Blob's name, or a URL without its query string. */
  label: string;
  remote: boolean;
  /** What probing found; absent for a URL whose content could not be looked at. */
  probe?: MediaProbe;
  /**
   * True when every check could run. False when the server or the file did not let us tell (say, a server that
   * refuses Range requests, or a file that does not state its duration): `notes` says what was not checked.
   */
  verified: boolean;
  notes: string[];
}

export interface CheckedInputs {
  video: CheckedInput;
  audio: CheckedInput;
}

export interface CheckInputsOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Per-request limit when probing URLs; default 15 s. */
  timeoutMs?: number;
  /**
   * What an unreachable URL means. `refuse` (default): the service probably cannot reach it either. `unverified`:
   * only note it, for browsers, where CORS failures look exactly like network failures.
   */
  unreachable?: 'refuse' | 'unverified';
  /** Probes `{ kind: 'file' }` inputs; `checkInputsNode` supplies the Node one. */
  probeFile?: (path: string) => Promise<MediaProbe>;
}
