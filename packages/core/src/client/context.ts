import type { Sleep } from '../sleep.js';
import type { CompletionEstimator } from './completion-estimator.js';
import type { Http } from './http.js';
import type { PollSchedule } from './poll-schedule.js';
import type { RetryPolicy } from './retry-policy.js';

/** What every protocol step needs; built once by createClient. */
export interface ClientContext {
  http: Http;
  retry: RetryPolicy;
  poll: PollSchedule;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  /** Strings that must never appear in a message: the token. */
  secrets: readonly string[];
  /** Learns how long jobs take, to time the poll that sees completion. Shared by the client's jobs. */
  estimator: CompletionEstimator;
  /** How long following a submitted job rides out an outage (see ClientOptions.outageBudgetMs). */
  outageBudgetMs: number;
}

/** Options every single-request step accepts. */
export interface RequestOptions {
  signal?: AbortSignal;
}
