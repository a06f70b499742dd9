import { abortReason } from '../abort.js';
import { DEFAULT_STORAGE_RETRY_POLICY, type RetryPolicy } from '../client/retry-policy.js';
import { InputError } from '../errors.js';
import { MAX_VIDEO_BYTES } from '../limits.js';
import { defaultSleep, type Sleep } from '../sleep.js';
import { baseName, contentKey } from './content-key.js';
import { HostingError } from './errors.js';
import { type ConnectionCheck, testConnection } from './s3-connection.js';
import { createS3Context, type FetchLike, ownKey } from './s3-context.js';
import { deleteKey, storedSize } from './s3-requests.js';
import { upload } from './s3-upload.js';
import { parseS3Settings, type S3Settings, type S3SettingsInput } from './settings.js';
import type { PresignMethod } from './sigv4.js';
import { blobUploadSource, isBlob, isUploadSource } from './sources.js';
import type {
  HostedInput,
  HostInput,
  HostingProgress,
  InputHost,
  PutOptions,
  UploadSource,
} from './types.js';
import { isRemoteUrl, passthrough } from './url.js';

export type { ConnectionCheck } from './s3-connection.js';
export type { FetchLike } from './s3-context.js';

export interface S3HostDeps {
  /** Defaults to the global fetch. Node streams request bodies with it (Node ≥ 18). */
  fetch?: FetchLike;
  sleep?: Sleep;
  /** Clock for signing and expiry times, in ms since the epoch. */
  now?: () => number;
  /** For backoff jitter. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /**
   * Opens a local path for upload. Universal code cannot read files; `@reanimate/core/node` provides
   * `fileUploadSource` (and `createNodeInputHost` wires it in).
   */
  openFile?: (path: string) => Promise<UploadSource>;
}

export interface S3Host extends InputHost {
  readonly kind: 's3';
  /** The validated settings without credentials, for display. */
  readonly settings: Readonly<Omit<S3Settings, 'secretAccessKey' | 'sessionToken'>>;
  /**
   * For the panel's "Test" button: PUT, HEAD, GET and DELETE of a tiny probe object under the prefix. Resolves,
   * or throws a `HostingError` whose `setting` says what to check.
   */
  testConnection(options?: { signal?: AbortSignal }): Promise<ConnectionCheck>;
  /** The object URL (no signature) of `key`. */
  objectUrl(key: string): string;
  /** A presigned URL for `key`; GET URLs default to the `urlExpiresInSec` setting. */
  presign(method: PresignMethod, key: string, expiresInSec?: number): Promise<string>;
}

export function createS3Host(input: S3SettingsInput | S3Settings, deps: S3HostDeps = {}): S3Host {
  const settings = parseS3Settings(input);
  const fetchFn: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_STORAGE_RETRY_POLICY, ...deps.retry };
  const ctx = createS3Context(settings, { fetch: fetchFn, sleep, now, random, policy });
  const publicSettings = Object.freeze({
    endpoint: settings.endpoint,
    region: settings.region,
    bucket: settings.bucket,
    prefix: settings.prefix,
    accessKeyId: settings.accessKeyId,
    pathStyle: settings.pathStyle,
    urlExpiresInSec: settings.urlExpiresInSec,
    keep: settings.keep,
  });

  async function toSource(value: Exclude<HostInput, URL>): Promise<UploadSource> {
    if (isUploadSource(value)) return value;
    if (isBlob(value)) return blobUploadSource(value);
    if (!deps.openFile) {
      throw new HostingError(
        'unsupported_runtime',
        `"${baseName(value)}" is a local path, and this runtime cannot read files from disk.`,
        {
          hint: 'In Node, use createNodeInputHost from @reanimate/core/node; in a browser or panel, pass a File or Blob.',
        },
      );
    }
    return deps.openFile(value);
  }

  /**
   * Objects being checked or uploaded by this host, by key. One upload per object at a time: a second PUT of the
   * same key would overwrite it while a running job's fetch reads it (S3 is atomic; S3-compatible stores such as
   * s3rver or a NAS may serve the half-written file), so a put of a key in flight waits, then finds it stored.
   */
  const inFlight = new Map<string, Promise<void>>();

  async function put(value: HostInput, options: PutOptions = {}): Promise<HostedInput> {
    const { signal, onProgress, role } = options;
    if (isRemoteUrl(value)) return passthrough(value);
    if (signal?.aborted) throw abortReason(signal);
    const source = await toSource(value);
    const name = baseName(source.name);
    const action = `Uploading ${name}`;
    if (source.sizeBytes === 0) {
      throw new InputError(`${name} is empty (0 bytes); there is nothing to upload.`, {
        issues: [{ field: 'file', message: 'is empty' }],
        hint: 'Export the media again and check it plays.',
      });
    }
    if (source.sizeBytes > MAX_VIDEO_BYTES) {
      throw new InputError(
        `${name} is ${(source.sizeBytes / 1e6).toFixed(1)} MB; react-1 accepts inputs up to ${MAX_VIDEO_BYTES / 1e6} MB, so it was not uploaded.`,
        {
          issues: [{ field: 'file', message: `must be at most ${MAX_VIDEO_BYTES / 1e6} MB` }],
          hint: 'Export a shorter clip or at a lower bitrate.',
        },
      );
    }
    const total = source.sizeBytes;
    const emit = (phase: HostingProgress['phase'], sentBytes: number, attempt: number, reused: boolean) =>
      onProgress?.({
        name,
        ...(role === undefined ? {} : { role }),
        phase,
        sentBytes,
        totalBytes: total,
        attempt,
        reused,
      });

    emit('hashing', 0, 0, false);
    const sha256 = await source.sha256(signal);
    const key = contentKey(settings.prefix, sha256, name);
    if (signal?.aborted) throw abortReason(signal);

    emit('checking', 0, 0, false);
    for (let busy = inFlight.get(key); busy; busy = inFlight.get(key)) {
      await busy;
      if (signal?.aborted) throw abortReason(signal);
    }
    let done!: () => void;
    inFlight.set(
      key,
      new Promise<void>((resolve) => {
        done = resolve;
      }),
    );
    try {
      const stored = await storedSize(ctx, key, `Checking for an earlier upload of ${name}`, signal);
      let outcome: HostedInput['outcome'] = 'reused';
      if (stored === total) {
        emit('done', total, 0, true);
      } else {
        // Progress events at most every ~1% (and at least every 1 MiB step), plus the last byte.
        const step = Math.max(256 * 1024, Math.floor(total / 100));
        let lastReported = -1;
        await upload(ctx, key, source, action, signal, (sentBytes, attempt) => {
          if (sentBytes === 0 || sentBytes === total || sentBytes - lastReported >= step) {
            lastReported = sentBytes;
            emit('uploading', sentBytes, attempt, false);
          }
        });
        outcome = 'uploaded';
        emit('done', total, 0, false);
      }
      const signedAt = now();
      const url = await ctx.presign('GET', key);
      return {
        url,
        expiresAt: new Date(signedAt + settings.urlExpiresInSec * 1000).toISOString(),
        outcome,
        key,
        sha256,
        sizeBytes: total,
      };
    } finally {
      inFlight.delete(key);
      done();
    }
  }

  async function remove(url: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const key = ownKey(ctx, url);
    if (key === undefined) return false;
    await deleteKey(ctx, key, `Deleting ${baseName(key)}`, options.signal);
    return true;
  }

  return {
    kind: 's3',
    settings: publicSettings,
    put,
    delete: remove,
    release: (url, options) => (settings.keep ? Promise.resolve(false) : remove(url, options)),
    testConnection: (options) => testConnection(ctx, options),
    objectUrl: ctx.objectUrl,
    presign: ctx.presign,
  };
}
