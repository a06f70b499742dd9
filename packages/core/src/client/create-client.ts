import { InputError } from '../errors.js';
import type { JobRecord } from '../journal/types.js';
import { DEFAULT_BASE_URL } from '../limits.js';
import { isLoopbackHost } from '../net.js';
import type { React1Input } from '../schema/index.js';
import { defaultSleep, type Sleep } from '../sleep.js';
import { type CancelOutcome, cancel } from './cancel.js';
import { CompletionEstimator } from './completion-estimator.js';
import type { ClientContext, RequestOptions } from './context.js';
import { getResult, type JobResult } from './get-result.js';
import { getStatus, type StatusUpdate } from './get-status.js';
import { createHttp, type FetchFunction } from './http.js';
import { type WaitOptions, waitForCompletion } from './poll.js';
import { type PollSchedule, resolvePollSchedule } from './poll-schedule.js';
import { getPrice, type ModelPrice } from './price.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';
import { type JobOutcome, type ResumeOptions, type RunJobOptions, resumeJob, runJob } from './run-job.js';
import { type Submission, type SubmitOptions, submit } from './submit.js';

export interface ClientOptions {
  /** RunComfy API token. Sent only as the Authorization header; never in a message, log or journal. */
  token: string;
  /** Default: the production Model API. */
  baseUrl?: string;
  /**
   * The transport. The CEP panel passes one built on Node `https` (file:// pages get no CORS); it must throw a
   * `TypeError` whose `cause` carries the Node error `code` on transport failures, so submits can be classified.
   */
  fetch?: FetchFunction | typeof globalThis.fetch;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollSchedule>;
  /** Per HTTP attempt, body included (default 30 s). */
  requestTimeoutMs?: number;
  /** Clock (epoch ms) and sleep, injectable for tests and durable workflows. */
  now?: () => number;
  sleep?: Sleep;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  /**
   * How long following a submitted job rides out an outage (refused connections, timeouts, 5xx) before giving up
   * with a ServiceUnreachableError; default 30 minutes. The job is paid for: giving up early loses sight of it.
   */
  outageBudgetMs?: number;
}

export interface ReanimateClient {
  /** Validates, then POSTs once (see submit.ts for when it is sent again). */
  submit(input: React1Input, options?: SubmitOptions): Promise<Submission>;
  getStatus(requestId: string, options?: RequestOptions): Promise<StatusUpdate>;
  getResult(requestId: string, options?: RequestOptions & { includeCost?: boolean }): Promise<JobResult>;
  /** The model's price (also the cheapest call that proves the token works). */
  getPrice(options?: RequestOptions): Promise<ModelPrice>;
  /** Queued jobs only; in-progress jobs cannot be cancelled (the service answers with an ApiError). */
  cancel(requestId: string, options?: RequestOptions): Promise<CancelOutcome>;
  waitForCompletion(requestId: string, options?: Omit<WaitOptions, 'submittedAt'>): Promise<StatusUpdate>;
  /** Submit, wait, fetch the outputs, with a write-ahead journal. */
  runJob(input: React1Input, options?: RunJobOptions): Promise<JobOutcome>;
  /** Wait on an existing request id or journal record; never submits. */
  resumeJob(target: string | JobRecord, options?: ResumeOptions): Promise<JobOutcome>;
}

export function createClient(options: ClientOptions): ReanimateClient {
  if (typeof options?.token !== 'string' || options.token.trim() === '') {
    throw new InputError('A RunComfy API token is required.', {
      issues: [{ field: 'token', message: 'must be a non-empty string' }],
      hint: 'Set RUNCOMFY_API_TOKEN (manage keys in your RunComfy profile) and pass it as `token`.',
    });
  }
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new InputError(`baseUrl must be an http(s) URL, got "${baseUrl}".`, {
      issues: [{ field: 'baseUrl', message: 'must be an http:// or https:// URL' }],
    });
  }
  // The bearer token travels with every request: plain http only to this computer (the emulator).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(`baseUrl ${url.origin} is plain http: the API token would travel unencrypted.`, {
      issues: [{ field: 'baseUrl', message: 'must be https:// (http:// only for localhost / 127.0.0.1)' }],
      hint: 'Use the https:// address of the service (the default is https://model-api.runcomfy.net).',
    });
  }
  const context: ClientContext = {
    http: createHttp({
      baseUrl,
      token: options.token,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    retry: resolveRetryPolicy(options.retry),
    poll: resolvePollSchedule(options.poll),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    secrets: [options.token],
    estimator: new CompletionEstimator(),
    outageBudgetMs: options.outageBudgetMs ?? 30 * 60_000,
  };
  return {
    submit: (input, submitOptions) => submit(context, input, submitOptions),
    getStatus: (requestId, requestOptions) => getStatus(context, requestId, requestOptions),
    getResult: (requestId, requestOptions) => getResult(context, requestId, requestOptions),
    getPrice: (requestOptions) => getPrice(context, requestOptions),
    cancel: (requestId, requestOptions) => cancel(context, requestId, requestOptions),
    waitForCompletion: (requestId, waitOptions) => waitForCompletion(context, requestId, waitOptions),
    runJob: (input, runOptions) => runJob(context, input, runOptions),
    resumeJob: (target, resumeOptions) => resumeJob(context, target, resumeOptions),
  };
}
