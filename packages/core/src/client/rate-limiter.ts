/**
 * One limiter shared by every job of a run (batch workers, split segments; on a team server, every worker of an
 * account). It wraps the fetch the core client uses: before any request it waits while the service has asked us to back off, and when any answer is a 429 (or
 * a 503 with Retry-After) every job pauses until the service's Retry-After has passed. Without this, N workers
 * would each learn about the limit separately and keep hammering it. Waiting happens before a request is sent,
 * so it is safe for the submit POST too.
 */

import { defaultSleep } from '../sleep.js';
import { parseRetryAfter } from './retry-after.js';

export type FetchFn = (input: Request, init?: RequestInit) => Promise<Response>;

export interface RateLimiterOptions {
  /** Pause when a 429 carries no Retry-After (ms). */
  defaultPauseMs?: number;
  /** Longest pause honoured, so a bogus header cannot stall the run for hours (ms). */
  maxPauseMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RateLimitEvent {
  /** How long every job now waits, ms. */
  pauseMs: number;
  status: number;
}

export class SharedRateLimiter {
  private resumeAt = 0;
  private readonly defaultPauseMs: number;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly listeners = new Set<(event: RateLimitEvent) => void>();
  /** How many rate-limit answers were seen, for the batch summary. */
  hits = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.defaultPauseMs = options.defaultPauseMs ?? 1000;
    this.maxPauseMs = options.maxPauseMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Milliseconds left before requests may go out again. */
  remainingMs(): number {
    return Math.max(0, this.resumeAt - this.now());
  }

  /** Resolves once no pause is in force; re-checks, since another job may extend the pause meanwhile. */
  async wait(signal?: AbortSignal): Promise<void> {
    for (let left = this.remainingMs(); left > 0; left = this.remainingMs()) await this.sleep(left, signal);
  }

  /** Every job waits at least `ms` from now. */
  pause(ms: number, status = 429): void {
    const pauseMs = Math.min(Math.max(0, ms), this.maxPauseMs);
    this.hits += 1;
    this.resumeAt = Math.max(this.resumeAt, this.now() + pauseMs);
    for (const listener of this.listeners) listener({ pauseMs, status });
  }

  onPause(listener: (event: RateLimitEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Looks at one answer: a rate-limit answer pauses everyone. */
  observe(response: Pick<Response, 'status' | 'headers'>): void {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (response.status === 429) this.pause(retryAfter ?? this.defaultPauseMs, 429);
    else if (response.status === 503 && retryAfter !== undefined) this.pause(retryAfter, 503);
  }

  /** The fetch to give the core client. */
  wrapFetch(inner: FetchFn = (input, init) => fetch(input, init)): FetchFn {
    return async (input, init) => {
      await this.wait(init?.signal ?? (input instanceof Request ? input.signal : undefined));
      const response = await inner(input, init);
      this.observe(response);
      return response;
    };
  }
}
