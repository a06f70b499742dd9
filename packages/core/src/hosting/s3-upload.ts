import { abortReason } from '../abort.js';
import { parseRetryAfter } from '../client/retry-after.js';
import { backoffDelay, isRetryableReadStatus } from '../client/retry-policy.js';
import { contentTypeFor } from './content-key.js';
import { HostingError } from './errors.js';
import { drain, type S3Context, sleepOrAbort } from './s3-context.js';
import { unreachableError } from './s3-errors.js';
import { cleanupAfterAbort, failure } from './s3-requests.js';
import type { UploadSource } from './types.js';

/** `fetch` with a streamed body: Node's fetch needs `duplex: 'half'`, which DOM typings do not know yet. */
type StreamingRequestInit = RequestInit & { duplex?: 'half' };

/**
 * The PUT of one object, from a stream (bytes counted as fetch pulls them) or a Blob, retried on network errors,
 * 5xx and 429 (honouring Retry-After); an abort deletes what a simple server kept of the partial body.
 */
export async function upload(
  ctx: S3Context,
  key: string,
  source: UploadSource,
  action: string,
  signal: AbortSignal | undefined,
  report: (sentBytes: number, attempt: number) => void,
): Promise<void> {
  const contentType = source.contentType ?? contentTypeFor(source.name);
  let started = false;
  const aborted = async () => {
    if (started) await cleanupAfterAbort(ctx, key, source.sizeBytes);
    return abortReason(signal);
  };
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw await aborted();
    const url = await ctx.presign('PUT', key);
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
      response = await ctx.fetch(url, init);
    } catch (error) {
      cancelBody();
      if (signal?.aborted) throw await aborted();
      if (HostingError.isInstance(sourceError)) throw sourceError;
      if (attempt >= ctx.policy.maxAttempts) throw unreachableError(action, error, ctx.errorContext(action));
      await sleepOrAbort(ctx, backoffDelay(attempt, ctx.policy, ctx.random), signal, aborted);
      continue;
    }
    if (response.ok) {
      await drain(response);
      if (body.kind === 'blob') report(source.sizeBytes, attempt);
      return;
    }
    cancelBody();
    if (isRetryableReadStatus(response.status) && attempt < ctx.policy.maxAttempts) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), ctx.now());
      if (retryAfter === undefined || retryAfter <= ctx.policy.maxRetryAfterMs) {
        await drain(response);
        await sleepOrAbort(ctx, backoffDelay(attempt, ctx.policy, ctx.random, retryAfter), signal, aborted);
        continue;
      }
    }
    throw await failure(ctx, action, response);
  }
}
