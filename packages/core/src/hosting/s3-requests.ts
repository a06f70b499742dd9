import { abortReason, linkedSignal } from '../abort.js';
import { parseRetryAfter } from '../client/retry-after.js';
import { backoffDelay, isRetryableReadStatus } from '../client/retry-policy.js';
import type { HostingError } from './errors.js';
import { drain, type S3Context, sleepOrAbort } from './s3-context.js';
import { readS3Error, s3ResponseError, unreachableError } from './s3-errors.js';
import type { PresignMethod } from './sigv4.js';

/** HEAD, DELETE and probe requests are small: a store silent this long is treated as unreachable. */
const SMALL_REQUEST_TIMEOUT_MS = 30_000;
/** After an aborted upload, how long cleanup may take before we give up and report the abort. */
const ABORT_CLEANUP_TIMEOUT_MS = 5_000;

/**
 * One small request (HEAD, DELETE, probe PUT/GET) with retries on network errors, 5xx and 429. Returns the
 * final response, which may be a non-retryable error for the caller to interpret.
 */
export async function smallRequest(
  ctx: S3Context,
  action: string,
  method: PresignMethod,
  key: string,
  signal: AbortSignal | undefined,
  body?: string,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    const url = await ctx.presign(method, key);
    const link = linkedSignal(signal, SMALL_REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await ctx.fetch(url, {
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
      if (attempt >= ctx.policy.maxAttempts) throw unreachableError(action, cause, ctx.errorContext(action));
      await sleepOrAbort(ctx, backoffDelay(attempt, ctx.policy, ctx.random), signal, async () =>
        abortReason(signal),
      );
      continue;
    } finally {
      link.dispose();
    }
    if (!isRetryableReadStatus(response.status) || attempt >= ctx.policy.maxAttempts) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), ctx.now());
    // Keep the body of an answer we give up on: the caller reads the store's error code from it.
    if (retryAfter !== undefined && retryAfter > ctx.policy.maxRetryAfterMs) return response;
    await drain(response);
    await sleepOrAbort(ctx, backoffDelay(attempt, ctx.policy, ctx.random, retryAfter), signal, async () =>
      abortReason(signal),
    );
  }
}

export async function failure(ctx: S3Context, action: string, response: Response): Promise<HostingError> {
  return s3ResponseError(response.status, await readS3Error(response), ctx.errorContext(action));
}

/**
 * Size of the stored object, or undefined when there is none. A 403 also counts as none: without
 * s3:ListBucket, S3 answers 403 for a missing key, and the upload that follows reports any real auth
 * problem with a proper error code.
 */
export async function storedSize(
  ctx: S3Context,
  key: string,
  action: string,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const response = await smallRequest(ctx, action, 'HEAD', key, signal);
  await drain(response);
  if (response.status === 404 || response.status === 403) return undefined;
  if (!response.ok) throw await failure(ctx, action, response);
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) ? length : undefined;
}

export async function deleteKey(
  ctx: S3Context,
  key: string,
  action: string,
  signal?: AbortSignal,
): Promise<void> {
  const response = await smallRequest(ctx, action, 'DELETE', key, signal);
  if (response.ok || response.status === 404) {
    await drain(response);
    return;
  }
  throw await failure(ctx, action, response);
}

/**
 * S3, R2 and MinIO never create an object from a PUT whose body did not fully arrive, but simpler servers
 * (s3rver) keep what they received. So after an abort we delete the key unless it holds a complete object,
 * which can only be an identical upload (the key is the content hash) that another job finished.
 */
export async function cleanupAfterAbort(ctx: S3Context, key: string, size: number): Promise<void> {
  const link = linkedSignal(undefined, ABORT_CLEANUP_TIMEOUT_MS);
  try {
    const stored = await storedSize(ctx, key, 'Cleaning up an aborted upload', link.signal);
    if (stored !== size) await deleteKey(ctx, key, 'Cleaning up an aborted upload', link.signal);
  } catch {
    // Best effort: the abort is what the caller needs to hear about.
  } finally {
    link.dispose();
  }
}
