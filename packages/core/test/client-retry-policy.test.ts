import { describe, expect, it } from 'vitest';
import type { TransportFailure } from '../src/client/classify-error.js';
import {
  type AttemptOutcome,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  decideReadRetry,
  decideSubmitRetry,
  isRetryableReadStatus,
  resolveRetryPolicy,
} from '../src/client/retry-policy.js';

const policy = resolveRetryPolicy({
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxAttempts: 6,
  submitMaxAttempts: 3,
});
const NOW = 1_700_000_000_000;
const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: 'response',
  status,
  headers: new Headers(headers),
});
const transport = (sent: TransportFailure['sent'], code?: string): AttemptOutcome => ({
  kind: 'transport',
  failure: { sent, code, timedOut: false, message: 'x', name: 'TypeError' },
});

describe('backoff schedule', () => {
  it('doubles per retry within [d/2, d], capped', () => {
    const low = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, () => 1));
    expect(low).toEqual([50, 100, 200, 400, 500, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads with jitter but never below half the delay', () => {
    const samples = Array.from({ length: 200 }, () => backoffDelay(3, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...samples)).toBeLessThanOrEqual(400);
    expect(new Set(samples.map(Math.round)).size).toBeGreaterThan(20);
  });

  it('rejects nonsense policy values', () => {
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBe(60_000);
  });
});

describe('read retries', () => {
  it('retry network errors, 408, 429 and 5xx (not 501), not other 4xx', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599])
      expect(isRetryableReadStatus(status), `${status}`).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422, 501])
      expect(isRetryableReadStatus(status), `${status}`).toBe(false);
    expect(decideReadRetry(transport('maybe_sent', 'ECONNRESET'), 1, policy, NOW).retry).toBe(true);
    expect(decideReadRetry(response(404), 1, policy, NOW).retry).toBe(false);
  });

  it('honour Retry-After exactly (seconds and date), without jitter', () => {
    expect(decideReadRetry(response(503, { 'retry-after': '2' }), 1, policy, NOW, () => 0.9)).toEqual({
      retry: true,
      delayMs: 2000,
      serverRequested: true,
    });
    const date = new Date(NOW + 4000).toUTCString();
    expect(decideReadRetry(response(429, { 'retry-after': date }), 1, policy, NOW)).toMatchObject({
      delayMs: 4000,
    });
    // Garbage falls back to our backoff.
    expect(decideReadRetry(response(429, { 'retry-after': 'later' }), 2, policy, NOW, () => 0)).toMatchObject(
      {
        delayMs: 100,
        serverRequested: false,
      },
    );
  });

  it('stop at the attempt limit and when the server asks for more than the cap', () => {
    expect(decideReadRetry(response(500), 6, policy, NOW).retry).toBe(false);
    expect(decideReadRetry(response(503, { 'retry-after': '61' }), 1, policy, NOW)).toEqual({
      retry: false,
      retryAfterMs: 61_000,
    });
  });
});

describe('submit retries', () => {
  it('retry only what provably created no job', () => {
    expect(decideSubmitRetry(transport('not_sent', 'ECONNREFUSED'), 1, policy, NOW).retry).toBe(true);
    expect(decideSubmitRetry(response(429), 1, policy, NOW).retry).toBe(true);
    expect(decideSubmitRetry(response(503, { 'retry-after': '1' }), 1, policy, NOW)).toMatchObject({
      delayMs: 1000,
    });
  });

  it('never retry a submit that may have reached the service', () => {
    for (const outcome of [
      transport('maybe_sent', 'UND_ERR_SOCKET'),
      transport('maybe_sent', 'ECONNRESET'),
      transport('maybe_sent'),
      response(500),
      response(502),
      response(503),
      response(504),
      response(408),
      response(400),
      response(401),
      response(422),
    ]) {
      expect(decideSubmitRetry(outcome, 1, policy, NOW).retry).toBe(false);
    }
  });

  it('give up after submitMaxAttempts, keeping the server wait for the error', () => {
    expect(decideSubmitRetry(response(429, { 'retry-after': '5' }), 3, policy, NOW)).toEqual({
      retry: false,
      retryAfterMs: 5000,
    });
    expect(decideSubmitRetry(transport('not_sent', 'ENOTFOUND'), 3, policy, NOW).retry).toBe(false);
  });
});
