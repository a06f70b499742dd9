/**
 * Retries for idempotent storage requests (PUT of the same bytes to the same key, HEAD, DELETE): exponential
 * backoff with jitter, capped, honouring Retry-After. Sleep is injectable so tests run instantly.
 */

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Delay scale before the second try; doubles each time. */
  baseMs: number;
  /** Ceiling of the exponential part. */
  capMs: number;
  /** Longest Retry-After we wait for; a longer request gives up instead of stalling the job. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  attempts: 5,
  baseMs: 500,
  capMs: 15_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Delay before try number `attempt + 1` ("equal jitter": half fixed, half random, so retries spread out but
 * never hammer). A Retry-After from the server wins when it is longer.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
