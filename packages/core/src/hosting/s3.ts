import { abortReason, linkedSignal } from '../abort.js';
import { parseRetryAfter } from '../client/retry-after.js';
import { InputError } from '../errors.js';
import { MAX_VIDEO_BYTES } from '../limits.js';
import { isLoopbackHost } from '../net.js';
import { redactUrl } from '../redact.js';
import { defaultSleep, type Sleep } from '../sleep.js';
import { baseName, contentKey, contentTypeFor } from './content-key.js';
import { HostingError } from './errors.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy } from './retry.js';
import { readS3Error, type S3ErrorContext, s3ResponseError, unreachableError } from './s3-errors.js';
import { parseS3Settings, type S3Settings, type S3SettingsInput } from './settings.js';
import { type PresignMethod, presignUrl } from './sigv4.js';
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

/** Lifetime of the URLs we use ourselves (PUT, HEAD, DELETE): long enough for a slow 100 MB upload to start. */
const INTERNAL_URL_EXPIRES_SEC = 900;
/** HEAD, DELETE and probe requests are small: a store silent this long is treated as unreachable. */
const SMALL_REQUEST_TIMEOUT_MS = 30_000;
/** After an aborted upload, how long cleanup may take before we give up and report the abort. */
const ABORT_CLEANUP_TIMEOUT_MS = 5_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

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

export interface ConnectionCheck {
  ok: true;
  /** Redacted endpoint origin. */
  endpoint: string;
  bucket: string;
  prefix: string;
  elapsedMs: number;
  /** Things that work here but will not with the real service, e.g. an endpoint only this computer can reach. */
  warnings: string[];
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

/** `fetch` with a streamed body: Node's fetch needs `duplex: 'half'`, which DOM typings do not know yet. */
type StreamingRequestInit = RequestInit & { duplex?: 'half' };

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** Discards a response body so the connection can be reused; failures do not matter. */
async function drain(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // ignore
  }
}

export function createS3Host(input: S3SettingsInput | S3Settings, deps: S3HostDeps = {}): S3Host {
  const settings = parseS3Settings(input);
  const fetchFn: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const credentials = {
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    sessionToken: settings.sessionToken,
    region: settings.region,
  };
  const endpoint = new URL(settings.endpoint);
  const baseUrl = settings.pathStyle
    ? `${endpoint.origin}/${settings.bucket}/`
    : `${endpoint.protocol}//${settings.bucket}.${endpoint.host}/`;
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

  const errorContext = (action: string): S3ErrorContext => ({
    action,
    endpoint: redactUrl(settings.endpoint),
    bucket: settings.bucket,
    secrets: [settings.secretAccessKey, settings.sessionToken],
  });

  const objectUrl = (key: string) => `${baseUrl}${encodeKey(key)}`;

  const presign = (method: PresignMethod, key: string, expiresInSec?: number) =>
    presignUrl(credentials, {
      method,
      url: objectUrl(key),
      expiresInSec: expiresInSec ?? (method === 'GET' ? settings.urlExpiresInSec : INTERNAL_URL_EXPIRES_SEC),
      now: new Date(now()),
    });

  /** The key of a URL this host made, if it is one: same origin, bucket, and under our prefix. */
  const ownKey = (url: string): string | undefined => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const base = new URL(baseUrl);
    if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
    let key: string;
    try {
      key = parsed.pathname.slice(base.pathname.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      return undefined;
    }
    if (!key.startsWith(settings.prefix) || key.length === settings.prefix.length) return undefined;
    return key;
  };

  /**
   * One small request (HEAD, DELETE, probe PUT/GET) with retries on network errors, 5xx and 429. Returns the
   * final response, which may be a non-retryable error for the caller to interpret.
   */
  async function smallRequest(
    action: string,
    method: PresignMethod,
    key: string,
    signal: AbortSignal | undefined,
    body?: string,
  ): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const url = await presign(method, key);
      const link = linkedSignal(signal, SMALL_REQUEST_TIMEOUT_MS);
      let response: Response;
      try {
        response = await fetchFn(url, {
          method,
          signal: link.signal,
          ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'text/plain' } }),
        });
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        const cause = link.timedOut()
          ? Object.assign(new Error(`no answer within ${SMALL_REQUEST_TIMEOUT_MS / 1000} s`), {
              code: 'ETIMEDOUT',
            })
          : error;
        if (attempt >= policy.attempts) throw unreachableError(action, cause, errorContext(action));
        await sleepOrAbort(backoffDelayMs(attempt, policy, random), signal, async () => abortReason(signal));
        continue;
      } finally {
        link.dispose();
      }
      if (!isRetryableStatus(response.status) || attempt >= policy.attempts) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now());
      // Keep the body of an answer we give up on: the caller reads the store's error code from it.
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
      await drain(response);
      await sleepOrAbort(backoffDelayMs(attempt, policy, random, retryAfter), signal, async () =>
        abortReason(signal),
      );
    }
  }

  async function failure(action: string, response: Response): Promise<HostingError> {
    return s3ResponseError(response.status, await readS3Error(response), errorContext(action));
  }

  /**
   * Size of the stored object, or undefined when there is none. A 403 also counts as none: without
   * s3:ListBucket, S3 answers 403 for a missing key, and the upload that follows reports any real auth
   * problem with a proper error code.
   */
  async function storedSize(key: string, action: string, signal?: AbortSignal): Promise<number | undefined> {
    const response = await smallRequest(action, 'HEAD', key, signal);
    await drain(response);
    if (response.status === 404 || response.status === 403) return undefined;
    if (!response.ok) throw await failure(action, response);
    const length = Number(response.headers.get('content-length'));
    return Number.isFinite(length) ? length : undefined;
  }

  async function deleteKey(key: string, action: string, signal?: AbortSignal): Promise<void> {
    const response = await smallRequest(action, 'DELETE', key, signal);
    if (response.ok || response.status === 404) {
      await drain(response);
      return;
    }
    throw await failure(action, response);
  }

  /**
   * S3, R2 and MinIO never create an object from a PUT whose body did not fully arrive, but simpler servers
   * (s3rver) keep what they received. So after an abort we delete the key unless it holds a complete object,
   * which can only be an identical upload (the key is the content hash) that another job finished.
   */
  async function cleanupAfterAbort(key: string, size: number): Promise<void> {
    const link = linkedSignal(undefined, ABORT_CLEANUP_TIMEOUT_MS);
    try {
      const stored = await storedSize(key, 'Cleaning up an aborted upload', link.signal);
      if (stored !== size) await deleteKey(key, 'Cleaning up an aborted upload', link.signal);
    } catch {
      // Best effort: the abort is what the caller needs to hear about.
    } finally {
      link.dispose();
    }
  }

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

  async function upload(
    key: string,
    source: UploadSource,
    action: string,
    signal: AbortSignal | undefined,
    report: (sentBytes: number, attempt: number) => void,
  ): Promise<void> {
    const contentType = source.contentType ?? contentTypeFor(source.name);
    let started = false;
    const aborted = async () => {
      if (started) await cleanupAfterAbort(key, source.sizeBytes);
      return abortReason(signal);
    };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw await aborted();
      const url = await presign('PUT', key);
      const body = await source.openBody();
      let sourceError: unknown;
      let sent = 0;
      // Releases the file handle when fetch gave up before reading the whole body.
      let cancelBody = () => {};
      let init: StreamingRequestInit;
      report(0, attempt);
      if (body.kind === 'stream') {
        const reader = body.stream.getReader();
        cancelBody = () => {
          reader.cancel().catch(() => {});
        };
        // Counts bytes as fetch pulls them: with a one-chunk queue, pulled is (nearly) sent.
        const counted = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              try {
                const { done, value } = await reader.read();
                if (done) {
                  controller.close();
                  return;
                }
                sent += value.byteLength;
                controller.enqueue(value);
                report(sent, attempt);
              } catch (error) {
                sourceError = error;
                controller.error(error);
              }
            },
            cancel(reason) {
              return reader.cancel(reason);
            },
          },
          { highWaterMark: 0 },
        );
        init = {
          method: 'PUT',
          body: counted,
          duplex: 'half',
          headers: { 'Content-Type': contentType, 'Content-Length': String(source.sizeBytes) },
          signal,
        };
      } else {
        init = { method: 'PUT', body: body.blob, headers: { 'Content-Type': contentType }, signal };
      }
      started = true;
      let response: Response;
      try {
        response = await fetchFn(url, init);
      } catch (error) {
        cancelBody();
        if (signal?.aborted) throw await aborted();
        if (HostingError.isInstance(sourceError)) throw sourceError;
        if (attempt >= policy.attempts) throw unreachableError(action, error, errorContext(action));
        await sleepOrAbort(backoffDelayMs(attempt, policy, random), signal, aborted);
        continue;
      }
      if (response.ok) {
        await drain(response);
        if (body.kind === 'blob') report(source.sizeBytes, attempt);
        return;
      }
      cancelBody();
      if (isRetryableStatus(response.status) && attempt < policy.attempts) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now());
        if (retryAfter === undefined || retryAfter <= policy.maxRetryAfterMs) {
          await drain(response);
          await sleepOrAbort(backoffDelayMs(attempt, policy, random, retryAfter), signal, aborted);
          continue;
        }
      }
      throw await failure(action, response);
    }
  }

  async function sleepOrAbort(ms: number, signal: AbortSignal | undefined, aborted: () => Promise<unknown>) {
    try {
      await sleep(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw await aborted();
      throw error;
    }
  }

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
    const stored = await storedSize(key, `Checking for an earlier upload of ${name}`, signal);
    let outcome: HostedInput['outcome'] = 'reused';
    if (stored === total) {
      emit('done', total, 0, true);
    } else {
      // Progress events at most every ~1% (and at least every 1 MiB step), plus the last byte.
      const step = Math.max(256 * 1024, Math.floor(total / 100));
      let lastReported = -1;
      await upload(key, source, action, signal, (sentBytes, attempt) => {
        if (sentBytes === 0 || sentBytes === total || sentBytes - lastReported >= step) {
          lastReported = sentBytes;
          emit('uploading', sentBytes, attempt, false);
        }
      });
      outcome = 'uploaded';
      emit('done', total, 0, false);
    }
    const signedAt = now();
    const url = await presign('GET', key);
    return {
      url,
      expiresAt: new Date(signedAt + settings.urlExpiresInSec * 1000).toISOString(),
      outcome,
      key,
      sha256,
      sizeBytes: total,
    };
  }

  async function remove(url: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const key = ownKey(url);
    if (key === undefined) return false;
    await deleteKey(key, `Deleting ${baseName(key)}`, options.signal);
    return true;
  }

  async function testConnection(options: { signal?: AbortSignal } = {}): Promise<ConnectionCheck> {
    const started = now();
    const { signal } = options;
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const key = `${settings.prefix}reanimate-connection-test-${id}.txt`;
    const content = `Reanimate connection test ${id}. Safe to delete.`;

    const put = await smallRequest('Checking storage (upload)', 'PUT', key, signal, content);
    if (!put.ok) throw await failure('Checking storage (upload)', put);
    await drain(put);
    let stepError: unknown;
    try {
      const head = await smallRequest('Checking storage (look-up)', 'HEAD', key, signal);
      await drain(head);
      if (!head.ok) throw await failure('Checking storage (look-up)', head);
      const get = await smallRequest('Checking storage (download)', 'GET', key, signal);
      if (!get.ok) throw await failure('Checking storage (download)', get);
      const text = await get.text();
      if (text !== content) {
        throw new HostingError(
          'rejected',
          `Checking storage (download) failed: the test object came back different from what was uploaded (${redactUrl(settings.endpoint)}, bucket ${settings.bucket}).`,
          {
            setting: 'endpoint',
            hint: 'Check that endpoint points at an S3-compatible API, not a website or CDN.',
          },
        );
      }
    } catch (error) {
      stepError = error;
    }
    // Leave nothing behind, even when a later step failed; a failed delete matters only on its own (the key
    // may lack s3:DeleteObject, and then uploads would pile up).
    try {
      await deleteKey(key, 'Checking storage (delete)', signal);
    } catch (error) {
      stepError ??= error;
    }
    if (stepError !== undefined) throw stepError;
    const warnings: string[] = [];
    if (isLoopbackHost(endpoint.hostname)) {
      warnings.push(
        `The endpoint ${redactUrl(settings.endpoint)} is on this computer: fine for the emulator, but react-1 cannot download from it.`,
      );
    }
    return {
      ok: true,
      endpoint: redactUrl(settings.endpoint),
      bucket: settings.bucket,
      prefix: settings.prefix,
      elapsedMs: now() - started,
      warnings,
    };
  }

  return {
    kind: 's3',
    settings: publicSettings,
    put,
    delete: remove,
    release: (url, options) => (settings.keep ? Promise.resolve(false) : remove(url, options)),
    testConnection,
    objectUrl,
    presign,
  };
}
