import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { abortReason, throwIfAborted } from '../abort.js';
import { ApiError, NetworkError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { defaultSleep, type Sleep } from '../sleep.js';
import { classifyTransportError } from './classify-error.js';
import { DownloadError } from './download-error.js';
import { IdleTimeout, RetryableStatus, type TransferState, transferOnce } from './download-transfer.js';
import type { FetchFunction } from './http.js';
import { backoffDelay, DEFAULT_RETRY_POLICY } from './retry-policy.js';

export interface DownloadProgress {
  receivedBytes: number;
  /** From Content-Length (or Content-Range), when the server sent it. */
  totalBytes: number | undefined;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Replace an existing file at `dest` (default: refuse). */
  overwrite?: boolean;
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

/**
 * Streams `url` to `dest` (Node only). Writes to a temp file beside `dest` and moves it into place only once it is
 * complete: the Content-Length matches and the bytes start like an MP4/MOV. Any failure removes the temp file.
 * Memory stays flat: each chunk is written before the next is read. No Authorization header is sent: output URLs
 * are on a CDN, and our token has no business there.
 */
export async function download(
  url: string,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const target = resolve(dest);
  const shown = redactUrl(url);
  if (!options.overwrite && (await exists(target))) {
    throw new DownloadError('exists', `Not downloading ${shown}: ${target} already exists.`, {
      hint: 'Choose another output path, or allow overwriting.',
    });
  }
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.part`,
  );
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const state: TransferState = { received: 0, total: undefined, validator: undefined };
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await transferOnce(url, temp, state, options);
        break;
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (!isRetryable(error) || attempt >= maxAttempts) throw finalError(error, shown);
        await sleep(backoffDelay(attempt, DEFAULT_RETRY_POLICY), signal);
      }
    }
    if (state.total !== undefined && state.received !== state.total) {
      throw new DownloadError(
        'truncated',
        `Download of ${shown} ended at ${state.received} of ${state.total} bytes.`,
      );
    }
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await moveIntoPlace(temp, target, options.overwrite === true, shown);
    return { path: target, bytes: state.received };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof RetryableStatus || error instanceof IdleTimeout) return true;
  if (DownloadError.isInstance(error) || ApiError.isInstance(error)) return false;
  // Transport failures of a GET are always safe to repeat.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
}

function finalError(error: unknown, shown: string): unknown {
  if (DownloadError.isInstance(error) || ApiError.isInstance(error)) return error;
  if (error instanceof RetryableStatus) {
    return error.status === 0
      ? new DownloadError('truncated', `Download of ${shown} kept breaking off before the end.`, {
          hint: 'Check the network connection and try again.',
        })
      : new ApiError(error.status, `The file server answered HTTP ${error.status} for ${shown}.`, {
          hint: 'Try again in a few minutes.',
        });
  }
  if (error instanceof IdleTimeout) {
    return new NetworkError(`Download of ${shown} stalled: ${error.message}.`);
  }
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code !== undefined) {
    const errno = error as NodeJS.ErrnoException;
    return new DownloadError('write', `Could not write the download (${errno.code}).`, {
      hint: 'Check that the output folder exists and is writable, and that the disk has space.',
    });
  }
  const failure = classifyTransportError(error);
  return new NetworkError(
    `Download of ${shown} failed: ${failure.message}${failure.code ? ` (${failure.code})` : ''}.`,
  );
}

async function moveIntoPlace(temp: string, target: string, overwrite: boolean, shown: string) {
  if (overwrite) {
    await rename(temp, target);
    return;
  }
  // link() fails if the target appeared meanwhile: never clobber a file someone else just wrote.
  try {
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new DownloadError('exists', `Not downloading ${shown}: ${target} appeared while downloading.`, {
        hint: 'Choose another output path, or allow overwriting.',
      });
    }
    throw error;
  }
  await unlink(temp);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
