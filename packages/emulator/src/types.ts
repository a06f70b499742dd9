import type { React1Job } from './contract.js';

/** The states a request goes through, as the API page lists them (plus `failed`, which RunComfy's own clients see). */
export type JobStatus = 'in_queue' | 'in_progress' | 'completed' | 'failed' | 'cancelled';

/** Which endpoint a fault rule applies to. `output` is the hosted result file; `any` matches every route. */
export type FaultRoute = 'submit' | 'model' | 'status' | 'result' | 'cancel' | 'output' | 'any';

interface FaultTarget {
  /** Default `any`. */
  route?: FaultRoute;
  /** Only requests about this request id (status/result/cancel/output, or the job of a `fail` rule). */
  requestId?: string;
  /** How many times the rule fires before it is used up: default 1; `Infinity` or `'always'` never runs out. */
  times?: number | 'always';
}

/**
 * What a proxy or an overloaded service does to a request.
 *
 * - `http`: answer with `status` instead of handling the request. 429 gets a JSON body, 5xx an nginx-style HTML
 *   page (override with `body`). `retryAfterSec` adds a Retry-After header, as seconds or as an HTTP date.
 * - `latency`: wait `ms` before handling the request normally (adds up with other latency rules).
 * - `drop_after_accept`: submit only. The job is created and runs, but the socket is destroyed before any byte of
 *   the answer is written: the client cannot know whether it was accepted.
 * - `reset`: destroy the connection without handling the request.
 * - `fail`: the next job submitted (or the job `requestId`, when it starts) fails with `reason` once its inputs
 *   were fetched and its processing time has passed.
 * - `refuse`: submit only. The submit is refused with RunComfy's error body `{ error_code, error_message }` and no
 *   request id, and no job is made: `httpStatus` 200 (the default: "some RunComfy APIs signal errors with HTTP 200"),
 *   or e.g. 402. `errorCode` 400002 is "insufficient balance".
 * - `forget`: the service forgets the request (`requestId`, or the next one asked about): from that request on,
 *   status, result and cancel answer 404 with `error_code` 404001, as for an expired or deleted request.
 */
export type FaultRule = FaultTarget &
  (
    | {
        kind: 'http';
        status: number;
        retryAfterSec?: number;
        retryAfterFormat?: 'seconds' | 'date';
        body?: 'json' | 'html';
      }
    | { kind: 'latency'; ms: number }
    | { kind: 'drop_after_accept' }
    | { kind: 'reset' }
    | { kind: 'fail'; reason: string }
    | { kind: 'refuse'; errorCode: number; httpStatus?: number; message?: string }
    | { kind: 'forget' }
  );

export type FaultKind = FaultRule['kind'];

/** A fault rule as stored, with its id and how many times it may still fire. */
export type ActiveFault = FaultRule & { id: string; remaining: number | 'always'; fired: number };

export type RouteName = 'submit' | 'model' | 'status' | 'result' | 'cancel' | 'output' | 'admin' | 'unknown';

/** One request the emulator served. Never holds the token: only whether an Authorization header was sent. */
export interface RecordedRequest {
  /** Sequence number, from 1. */
  seq: number;
  method: string;
  /** Path with any query string replaced by `?…` (presigned signatures stay out of records). */
  path: string;
  route: RouteName;
  requestId: string | undefined;
  /** HTTP status sent; `null` when the connection was destroyed without an answer. */
  status: number | null;
  /** When the request arrived (ms, the emulator's clock). */
  time: number;
  durationMs: number;
  hasAuthorization: boolean;
  /** The fault that shaped the answer, if any. */
  fault: FaultKind | undefined;
}

export interface JobSnapshot {
  id: string;
  status: JobStatus;
  input: React1Job;
  /** 0-based position among queued jobs; only while `in_queue`. */
  queuePosition: number | undefined;
  createdAt: number;
  startedAt: number | undefined;
  /** When the job reached its terminal state (ms, the emulator's clock). */
  finishedAt: number | undefined;
  error: string | undefined;
  outputUrl: string | undefined;
  /** How the output was made: ffmpeg per lipsync_mode, or the input video copied when ffmpeg is missing. */
  renderedWith: 'ffmpeg' | 'copy' | undefined;
  /** Length of the output, seconds (the mode's rule applied to the inputs). */
  outputDurationSec: number | undefined;
  /** Input durations measured by the emulator, seconds. */
  videoDurationSec: number | undefined;
  audioDurationSec: number | undefined;
}

export type Processing = { fixedMs: number } | { perInputSecondMs: number };

export interface EmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted bearer tokens; default `['test-token']`. */
  tokens?: readonly string[];
  /** Jobs processed at once; default 2. */
  workers?: number;
  /**
   * Minimum time a job spends `in_progress`: fixed, or per second of the longer input. The actual time is the
   * larger of this and the real fetch + render time. Default `{ fixedMs: 500 }`.
   */
  processing?: Processing;
  /** How long output files stay downloadable after the job finished; default 7 days. */
  outputTtlMs?: number;
  /** The clock for timestamps and output expiry; default `Date.now`. */
  now?: () => number;
  /**
   * The model's price, as `GET /v1/models/sync/react-1` answers it and `?include_cost=true` charges it:
   * `second` (× the output's seconds) or `output` (flat). Default 0.04 USD per second (an assumption: RunComfy
   * publishes prices per model on its site, not in the API reference).
   */
  price?: { basePriceUsd: number; priceUnit: 'second' | 'output'; pricingNote?: string };
  /** How a finished job's status is spelt: `completed` (the API page) or `succeeded` (sibling queue APIs). */
  successStatus?: 'completed' | 'succeeded';
  /** Server-wide fault rules, applied before any added at run time. */
  faults?: readonly FaultRule[];
  /** Receives one line per request. Default: silent. */
  logger?: (line: string) => void;
  /** Where inputs and outputs are written; default a temp dir that `close()` removes. */
  dataDir?: string;
  /** Path of the ffmpeg binary; default @ffmpeg-installer/ffmpeg, then `ffmpeg` on PATH. `false` disables it. */
  ffmpegPath?: string | false;
  /** Largest accepted request body; default 64 KiB. */
  maxBodyBytes?: number;
  /** Largest input file, enforced while downloading; default MAX_VIDEO_BYTES (100 MB). Lower it in tests. */
  maxInputBytes?: number;
  /** Give up fetching an input after this long; default 60 s. */
  fetchTimeoutMs?: number;
}

export interface Emulator {
  /** Origin of the server, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly port: number;
  /** Every request served so far, oldest first (a live view). */
  readonly requests: readonly RecordedRequest[];
  /** Where inputs and outputs are written (a temp dir unless `dataDir` was given). */
  readonly dataDir: string;
  /** The ffmpeg used for outputs, or undefined when outputs are copies of the input video. */
  readonly ffmpegPath: string | undefined;
  getJob(id: string): JobSnapshot | undefined;
  listJobs(): JobSnapshot[];
  /** Resolves with the job once it is completed, failed or cancelled; rejects after `timeoutMs` (default 30 s). */
  waitForJob(id: string, timeoutMs?: number): Promise<JobSnapshot>;
  /** Adds a fault rule (same as `POST /__emulator/faults`); returns its id. */
  injectFault(rule: FaultRule): string;
  listFaults(): ActiveFault[];
  clearFaults(): void;
  clearRequests(): void;
  /** Closes the server and its open sockets, stops jobs, and deletes the temp data dir. */
  close(): Promise<void>;
}
