/**
 * One convention for cancelled work across core, the same as fetch's: an aborted operation rejects with the
 * signal's reason, which is a DOMException-like `AbortError` unless the caller aborted with a reason of their own.
 */

/** What an operation stopped by `signal` rejects with. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  if (signal?.reason !== undefined) return signal.reason;
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** True for what `abortReason` gives without a caller's reason, and for fetch's own abort errors. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** A signal that fires when `parent` does or after `timeoutMs`, without AbortSignal.any/timeout (Chromium 88). */
export function linkedSignal(parent: AbortSignal | undefined, timeoutMs: number | undefined) {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (parent?.aborted) controller.abort();
  parent?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
