import ky from 'ky';
import { ApiError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { DownloadError } from './download-error.js';
import type { DownloadDeps, DownloadOptions } from './download-types.js';
import { looksLikeMp4, SIGNATURE_BYTES } from './mp4-signature.js';
import { isRetryableReadStatus } from './retry-policy.js';

/**
 * One attempt of a download: a GET (a Range GET when resuming) streamed chunk by chunk into the temp file, the
 * first bytes checked for an MP4/MOV signature, with an idle timeout. Throws RetryableStatus / IdleTimeout for what
 * the caller may try again, our errors for what it may not, and fetch's own errors for transport failures.
 */

export interface TransferState {
  received: number;
  total: number | undefined;
  /** ETag or Last-Modified, so a resumed range is known to be of the same file. */
  validator: string | undefined;
}

export class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export class IdleTimeout extends Error {}

export async function transferOnce(
  node: Pick<DownloadDeps, 'fs'>,
  url: string,
  temp: string,
  state: TransferState,
  options: DownloadOptions,
) {
  const controller = new AbortController();
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, idleMs);
  };
  arm();
  const resuming = state.received > 0;
  const headers: Record<string, string> = resuming
    ? { range: `bytes=${state.received}-`, ...(state.validator ? { 'if-range': state.validator } : {}) }
    : {};
  try {
    const response = await ky(url, {
      headers,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      signal: controller.signal,
      ...(options.fetch ? { fetch: options.fetch as typeof globalThis.fetch } : {}),
    });
    const append = resuming && response.status === 206 && rangeStart(response) === state.received;
    if (!response.ok || (response.status === 206 && !append)) {
      await response.body?.cancel().catch(() => undefined);
      if (isRetryableReadStatus(response.status) || response.status === 206)
        throw new RetryableStatus(response.status);
      throw new ApiError(
        response.status,
        `The file server answered HTTP ${response.status} for ${redactUrl(url)}.`,
        {
          hint:
            response.status === 403 || response.status === 404 || response.status === 410
              ? 'Output URLs expire (about 7 days after the job): resume the job to fetch a fresh result, or run it again.'
              : undefined,
        },
      );
    }
    if (!append) state.received = 0;
    state.validator = response.headers.get('etag') ?? response.headers.get('last-modified') ?? undefined;
    state.total = totalOf(response, append ? state.received : 0);
    const body = response.body;
    const handle = await node.fs.open(temp, append ? 'a' : 'w');
    try {
      let head: Uint8Array = new Uint8Array(0);
      let checked = append;
      if (body) {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          arm();
          if (!checked) {
            head = concatHead(head, value);
            if (head.length >= SIGNATURE_BYTES) {
              checked = true;
              if (!looksLikeMp4(head)) {
                await reader.cancel().catch(() => undefined);
                throw notVideo(url);
              }
            }
          }
          await handle.write(value);
          state.received += value.length;
          options.onProgress?.({ receivedBytes: state.received, totalBytes: state.total });
        }
      }
      if (!checked) throw notVideo(url);
    } finally {
      await handle.close();
    }
    if (state.total !== undefined && state.received < state.total) throw new RetryableStatus(0);
  } catch (error) {
    if (idle) throw new IdleTimeout(`no data for ${idleMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

function concatHead(head: Uint8Array, chunk: Uint8Array): Uint8Array {
  const next = new Uint8Array(Math.min(SIGNATURE_BYTES, head.length + chunk.length));
  next.set(head.subarray(0, next.length));
  if (head.length < next.length) next.set(chunk.subarray(0, next.length - head.length), head.length);
  return next;
}

function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function totalOf(response: Response, offset: number): number | undefined {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? offset + Number(length) : undefined;
}

function notVideo(url: string): DownloadError {
  return new DownloadError('not_video', `The file at ${redactUrl(url)} is not an MP4/MOV video.`, {
    hint: 'The server sent something else (often an error page); try again later or check the job result.',
  });
}
