// Universal client: Node ≥ 18, browsers, the CEP panel. Downloads take their file system as an argument
// (downloadWith); ./node.ts binds Node's.
export type { CancelOutcome } from './cancel.js';
export { installCepPolyfills } from './cep-polyfills.js';
// For authors of a custom `fetch` (the CEP panel's): check that its failures classify as undici's do.
export { classifyTransportError, type SendState, type TransportFailure } from './classify-error.js';
export { type ClientOptions, createClient, type ReanimateClient } from './create-client.js';
export { downloadWith } from './download.js';
export { DownloadError, type DownloadErrorReason } from './download-error.js';
export type {
  DownloadDeps,
  DownloadFileHandle,
  DownloadOptions,
  DownloadProgress,
  DownloadResult,
} from './download-types.js';
export type { JobResult } from './get-result.js';
export type { StatusUpdate } from './get-status.js';
export type { FetchFunction } from './http.js';
export { looksLikeMp4 } from './mp4-signature.js';
export type { JobUpdate, WaitOptions } from './poll.js';
export { DEFAULT_POLL_SCHEDULE, type PollSchedule } from './poll-schedule.js';
export {
  type CostEstimate,
  estimateCost,
  formatUsd,
  getPrice,
  type ModelPrice,
  outputSeconds,
  roundUsd,
} from './price.js';
export {
  type FetchFn,
  type RateLimitEvent,
  type RateLimiterOptions,
  SharedRateLimiter,
} from './rate-limiter.js';
export { parseRetryAfter } from './retry-after.js';
// Named apart from hosting's retry policy, which the package root also exports.
export {
  DEFAULT_RETRY_POLICY as DEFAULT_CLIENT_RETRY_POLICY,
  type RetryPolicy as ClientRetryPolicy,
} from './retry-policy.js';
export type { JobOutcome, JobUpdateWithId, ResumeOptions, RunJobOptions } from './run-job.js';
export type { Submission, SubmitOptions } from './submit.js';
