import type { TransportFailure } from './classify-error.js';
import { parseRetryAfter } from './retry-after.js';

export interface RetryPolicy {
  /** Attempts for status, result and cancel requests, the first included. */
  maxAttempts: number;
  /** Attempts for the submit POST; only failures that provably did not create a job are retried. */
  submitMaxAttempts: number;
  /** First backoff delay; doubles per retry. */
  baseDelayMs: number;
  /** Cap on our own backoff. */
  maxDelayMs: number;
  /** Longest server-requested wait we honour; a longer `Retry-After` ends the retries with the error. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  submitMaxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  for (const [key, value] of Object.entries(policy)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`retry.${key} must be a non-negative number`);
    }
  }
  policy.maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  policy.submitMaxAttempts = Math.max(1, Math.floor(policy.submitMaxAttempts));
  return policy;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random. The fixed half keeps a floor
 * under the wait (so a retry storm cannot collapse to zero); the random half spreads clients apart.
 * `retry` is 1 for the first retry.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jittered = capped / 2 + (random() * capped) / 2;
  // A server that asks for longer wins (the caller has already refused waits over maxRetryAfterMs).
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}

/**
 * Storage requests (PUT of the same bytes to the same key, HEAD, DELETE) are idempotent: they are retried by the
 * same rules as reads, with a longer cap (a store under load recovers more slowly than the API).
 */
export const DEFAULT_STORAGE_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  ...DEFAULT_RETRY_POLICY,
  maxDelayMs: 15_000,
});

/** One attempt's answer as the retry policy sees it. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers }
  | { kind: 'transport'; failure: TransportFailure };

export type RetryDecision =
  | { retry: true; delayMs: number; serverRequested: boolean }
  | { retry: false; retryAfterMs?: number };

/** 5xx are retried, bar 501 Not Implemented, which will not change. HTML error pages count: only the status matters. */
export function isRetryableReadStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

function delayFor(
  outcome: AttemptOutcome,
  retry: number,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number,
): RetryDecision {
  if (outcome.kind === 'response') {
    const retryAfterMs = parseRetryAfter(outcome.headers.get('retry-after'), nowMs);
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false, retryAfterMs };
      return { retry: true, delayMs: retryAfterMs, serverRequested: true };
    }
  }
  return { retry: true, delayMs: backoffDelay(retry, policy, random), serverRequested: false };
}

/**
 * Status, result and cancel: retry transport failures (sent or not: reading twice costs nothing), timeouts,
 * 408, 429 and 5xx. `attempt` is the number of the attempt that just failed, from 1.
 */
export function decideReadRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false };
  if (outcome.kind === 'response' && !isRetryableReadStatus(outcome.status)) return { retry: false };
  return delayFor(outcome, attempt, policy, nowMs, random);
}

/**
 * The submit POST: retried only when no job can exist. That is a transport failure before anything was written,
 * a 429 (the service refused it), or a 503 that says when to come back (a deliberate refusal, not a crash).
 * Everything else that is not a clear answer must become an ambiguous submit, never a second POST.
 */
export function isRefusedSubmit(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'transport') return outcome.failure.sent === 'not_sent';
  if (outcome.status === 429) return true;
  return outcome.status === 503 && outcome.headers.get('retry-after') !== null;
}

export function decideSubmitRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number = Math.random,
): RetryDecision {
  if (!isRefusedSubmit(outcome)) return { retry: false };
  if (attempt >= policy.submitMaxAttempts) {
    const retryAfterMs =
      outcome.kind === 'response' ? parseRetryAfter(outcome.headers.get('retry-after'), nowMs) : undefined;
    return retryAfterMs === undefined ? { retry: false } : { retry: false, retryAfterMs };
  }
  return delayFor(outcome, attempt, policy, nowMs, random);
}
