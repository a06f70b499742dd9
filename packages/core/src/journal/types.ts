import type { React1Request } from '../schema/index.js';

/**
 * A job's life as the journal records it:
 *
 *   submitting ──POST answered──▶ in_queue ──▶ in_progress ──▶ completed ──▶ downloaded
 *       │                          │  └──────────┬───┴──────────▶ failed | cancelled
 *       │                          └─ the service forgot it (404001) ─▶ lost;  completed, output gone ─▶ expired
 *       ├──answer lost──▶ ambiguous (shown to the user; never re-sent by itself)
 *       └──refused / never sent──▶ not_submitted (safe to submit again)
 *
 * `submitting` found with no live owner (its process died mid-POST) becomes `ambiguous`.
 */
export type JournalStatus =
  | 'submitting'
  | 'ambiguous'
  | 'not_submitted'
  | 'in_queue'
  | 'in_progress'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'downloaded'
  /** The service no longer knows the request (404001): terminal. */
  | 'lost'
  /** Finished, but its output is gone for good: terminal; running it again is a new, paid job. */
  | 'expired';

export const JOURNAL_STATUSES: readonly JournalStatus[] = [
  'submitting',
  'ambiguous',
  'not_submitted',
  'in_queue',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'downloaded',
  'lost',
  'expired',
];

export interface JobErrorSummary {
  /** One of our error codes, e.g. `job_failed`, `ambiguous_submit`, `rate_limit`. */
  code: string;
  message: string;
}

export interface JobRecord {
  /** Record format version. */
  version: 1;
  /** Local, stable id (also the file name in the file journal). */
  jobId: string;
  /** Bumped on every write. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** The validated input, defaults filled in. Never a token. */
  input: React1Request;
  /** sha-256 (hex) of the canonical JSON of `input`: spots a resubmission of the same job. */
  inputHash: string;
  status: JournalStatus;
  /** When the submit POST was first sent (ISO); tells the user where to look for an ambiguous submit. */
  submittedAt?: string;
  requestId?: string;
  queuePosition?: number;
  error?: JobErrorSummary;
  /** Output video URLs; they expire after about 7 days. */
  outputs?: string[];
  /** Where the output was saved. */
  localPath?: string;
  /** What the job costs, USD: the estimate shown before submitting, and what the service charged. */
  cost?: JobCost;
  /** Owned by the app: the CLI keeps its --out path and options here, the panel its project. */
  meta: Record<string, unknown>;
}

export interface JobCost {
  estimatedUsd?: number;
  chargedUsd?: number;
}

export interface NewJobRecord {
  jobId: string;
  input: React1Request;
  inputHash: string;
  /** When the submit POST is about to be sent (ISO). */
  submittedAt?: string;
  cost?: JobCost;
  meta?: Record<string, unknown>;
}

/** A change to a record. `meta` and `cost` are merged key by key; other fields replace. */
export interface JobPatch {
  status?: JournalStatus;
  submittedAt?: string;
  requestId?: string;
  queuePosition?: number | undefined;
  error?: JobErrorSummary | undefined;
  outputs?: string[];
  localPath?: string;
  cost?: JobCost;
  meta?: Record<string, unknown>;
}

/** Exclusive right to act on a job (submit it, poll it, write it). Release it when done. */
export interface JournalClaim {
  readonly jobId: string;
  release(): Promise<void>;
}

export interface Journal {
  /**
   * Writes the intent record, status `submitting`, before anything is sent. Hold the job's claim first, so no one
   * else takes the record for an orphan.
   */
  create(record: NewJobRecord): Promise<JobRecord>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Applies a patch; throws a `journal` error for a transition the state machine does not allow. */
  update(jobId: string, patch: JobPatch): Promise<JobRecord>;
  list(): Promise<JobRecord[]>;
  /**
   * Jobs that still need attention, oldest first: submitting (owned by a live process), ambiguous, queued, in
   * progress, and completed but not downloaded. A `submitting` record whose owner is gone is turned `ambiguous`
   * here, so it is shown to the user, never resubmitted.
   */
  listUnfinished(): Promise<JobRecord[]>;
  /** Takes the job's claim, or resolves undefined when a live owner (this or another process) holds it. */
  claim(jobId: string): Promise<JournalClaim | undefined>;
  remove(jobId: string): Promise<void>;
}
