/**
 * One interface for every way of giving react-1 a URL it can fetch: upload a local file to storage the user
 * owns (`s3`), or pass through media that is already hosted (`url`).
 */

/** Bytes for one upload attempt. Each attempt asks for a fresh body, since a stream can be read only once. */
export type UploadBody =
  /** Browsers and the CEP panel: the browser streams the Blob itself and knows its length. */
  | { kind: 'blob'; blob: Blob }
  /**
   * Node: read from disk in small chunks so memory stays flat. Sent with `duplex: 'half'` and an explicit
   * Content-Length (S3 refuses chunked uploads). Browsers cannot stream request bodies before Chromium 105.
   */
  | { kind: 'stream'; stream: ReadableStream<Uint8Array> };

/** Something to upload: a file on disk (Node, see `fileUploadSource`) or a Blob/File (`blobUploadSource`). */
export interface UploadSource {
  /** File name, for the key's extension, Content-Type and progress events. Never a full path in messages. */
  readonly name: string;
  readonly sizeBytes: number;
  /** Content-Type for the PUT; guessed from the extension when absent. */
  readonly contentType?: string | undefined;
  /** SHA-256 of the bytes, lowercase hex. Computed once per source. */
  sha256(signal?: AbortSignal): Promise<string>;
  openBody(): Promise<UploadBody>;
}

/** What `put` accepts: an http(s) URL (passed through), a local path (Node), a Blob/File, or a source. */
export type HostInput = string | URL | Blob | UploadSource;

export type HostingPhase = 'hashing' | 'checking' | 'uploading' | 'done';

/**
 * Progress of one `put`, a plain serialisable object so the job runner can forward it into its onUpdate as is.
 * `sentBytes` restarts from 0 when an upload attempt is retried (`attempt` tells which).
 */
export interface HostingProgress {
  /** File name (no directory). */
  name: string;
  /** The caller's label for this input, e.g. `video` or `audio`. */
  role?: string;
  phase: HostingPhase;
  sentBytes: number;
  totalBytes: number;
  /** Upload attempt, from 1; 0 before uploading starts. */
  attempt: number;
  /** True when an identical object was already stored and nothing was uploaded. */
  reused: boolean;
}

export interface PutOptions {
  /** The job's signal: aborting stops hashing, waiting and uploading at once; no further attempts. */
  signal?: AbortSignal;
  onProgress?: (progress: HostingProgress) => void;
  /** Echoed in progress events. */
  role?: string;
}

export interface HostedInput {
  /** The URL to hand to react-1. For uploads, a presigned GET: treat it as a secret, log it with `redactUrl`. */
  url: string;
  /** When `url` stops working (ISO 8601), or null for passthrough URLs. */
  expiresAt: string | null;
  outcome: 'uploaded' | 'reused' | 'passthrough';
  /** Object key in the bucket, for uploads. */
  key?: string;
  sha256?: string;
  sizeBytes?: number;
}

export interface InputHost {
  readonly kind: 's3' | 'url';
  /** Makes `input` fetchable by react-1 and returns the URL. */
  put(input: HostInput, options?: PutOptions): Promise<HostedInput>;
  /**
   * Removes the object behind a URL this host returned. Returns false, touching nothing, for any URL that is
   * not an object under this host's bucket and prefix (passthrough URLs, other buckets).
   */
  delete(url: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  /**
   * Job-end hook for CLI and panel: deletes like `delete` unless the user chose to keep uploads
   * (`keep: true`). Returns whether an object was deleted.
   */
  release(url: string, options?: { signal?: AbortSignal }): Promise<boolean>;
}
