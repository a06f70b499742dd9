import type {
  AmbiguousSubmitError,
  InputError,
  OutputExpiredError,
  ReanimateError,
  RequestLostError,
  ServiceUnreachableError,
} from '../errors.js';
import type { JobRecord } from '../journal/types.js';
import type { React1Options } from '../schema/index.js';
import type { MediaInput } from './inputs.js';

/** One job as a shell describes it: what to send, where the result goes. */
export interface JobSpec {
  video: MediaInput;
  audio: MediaInput;
  options: React1Options;
  /** Where the output is saved (a path; the browser platform keeps the URL instead). */
  out: string;
  /** When `out` exists: fail (default), replace it, or save beside it as "name (2).mp4". */
  conflict?: 'fail' | 'replace' | 'rename' | undefined;
  /** Which shell asks (`reanimate-cli`, `reanimate-panel`); recorded with the job. */
  app: string;
  /**
   * The shell's stable identity of this work (a manifest row, a clip). With a key, the job id is derived from it
   * and `attempt`, so a second process deciding the same thing waits for the first instead of paying twice.
   */
  key?: string | undefined;
  /** 1 for the first try of `key`, 2 for an explicit re-run… (default 1). */
  attempt?: number | undefined;
  /** An explicit job id (wins over key/attempt); a fresh random one otherwise. */
  jobId?: string | undefined;
  /** The shell's own data, kept with the record (labels, manifest rows, clip ids). */
  shell?: Record<string, unknown> | undefined;
}

export type PipelineStage =
  | 'waiting'
  | 'checking'
  | 'uploading'
  | 'submitting'
  | 'queued'
  | 'processing'
  | 'downloading'
  | 'done';

export interface PipelineProgress {
  stage: PipelineStage;
  jobId?: string | undefined;
  requestId?: string | undefined;
  /** 0..1 within the stage, when known (uploads, downloads). */
  fraction?: number | undefined;
  /** 0-based, while queued. */
  queuePosition?: number | undefined;
  /** Estimated time left while processing, once a job of this pipeline has shown how long jobs take. */
  etaMs?: number | undefined;
  /** `waiting`: another process holds the job; this one takes over when it is done or gone. */
  heldElsewhere?: boolean | undefined;
  /** Set while the service cannot be reached: since when (epoch ms). Following carries on. */
  unreachableSince?: number | undefined;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: PipelineProgress) => void) | undefined;
  /**
   * When another process holds the job: `wait` (default) until it finishes or dies, then pick up from its
   * record (never submitting again); `report` returns `elsewhere` at once.
   */
  whenBusy?: 'wait' | 'report' | undefined;
  /** Skip pre-flight because the shell has just run `check` on the same inputs. */
  checked?: boolean | undefined;
  /**
   * Awaited after pre-flight and uploads, right before the submit is journaled and sent: where a team server waits
   * for one of the account's concurrent-job slots, so a slot is held only while the service has the job. Not called
   * for a job already in the journal (nothing is submitted then). A throw ends the run: nothing was sent.
   */
  beforeSubmit?: ((signal: AbortSignal | undefined) => Promise<void>) | undefined;
  /** The estimate shown to the user before paying (see Pipeline.estimate), recorded with the job. */
  estimatedUsd?: number | undefined;
  /**
   * What an abort means once the job is submitted: `cancel-queued` (default) cancels it while it is queued
   * (nothing is charged) and leaves it running once it is processing; `leave` only stops following it.
   */
  onAbort?: 'cancel-queued' | 'leave' | undefined;
}

interface OutcomeBase {
  jobId: string | undefined;
  requestId: string | undefined;
  /** The record as the journal holds it at the end, when there is one. */
  record: JobRecord | undefined;
}

/** A result longer or shorter than its inputs promise, or at another frame rate. */
export interface Drift {
  bySec: number;
  byFrames: number | undefined;
  message: string;
}

/** How a job ended, as data: the shell decides what to show and which exit code it means. */
export type PipelineOutcome =
  | (OutcomeBase & {
      status: 'done';
      jobId: string;
      requestId: string;
      /** Where the output is (a path; a URL on the browser platform). */
      path: string;
      bytes: number | undefined;
      outputUrl: string;
      /** The output was already there from an earlier run: nothing was sent or downloaded. */
      reused: boolean;
      /** The job was found in the journal (submitted by an earlier or another run), not submitted now. */
      resumed: boolean;
      /** Of the saved output, seconds, when the platform reads files (undefined if its probe failed). */
      durationSec?: number | undefined;
      /** Set when the result drifts from its source by more than a frame: warn before placing it. */
      drift?: Drift | undefined;
    })
  /** Pre-flight refused the inputs: nothing was uploaded or sent. `error.issues` carry codes and limits. */
  | (OutcomeBase & { status: 'refused'; error: InputError })
  /** The submit was refused or never sent: no job exists on the service; safe to submit again. */
  | (OutcomeBase & { status: 'not_submitted'; error: ReanimateError })
  /** The service may or may not have the job: never re-sent by itself. */
  | (OutcomeBase & { status: 'ambiguous'; jobId: string; error: AmbiguousSubmitError })
  | (OutcomeBase & { status: 'failed'; error: ReanimateError })
  /** Cancelled while queued: nothing was charged. */
  | (OutcomeBase & { status: 'cancelled'; requestId: string })
  /**
   * Stopped by the signal. `keepsRunning`: submitted and not cancellable (processing, or finished and not yet
   * downloaded); resume collects it (the shell says how). Otherwise nothing was submitted.
   */
  | (OutcomeBase & { status: 'interrupted'; stage: PipelineStage; keepsRunning: boolean; note: string })
  /** `whenBusy: 'report'` and another process holds the job. */
  | (OutcomeBase & { status: 'elsewhere'; jobId: string })
  /** The service no longer knows the request (404001): terminal; resume leaves it alone. */
  | (OutcomeBase & { status: 'lost'; jobId: string; error: RequestLostError })
  /** Finished, but the output is gone even after a fresh `/result`: terminal; a re-run is a new, paid job. */
  | (OutcomeBase & { status: 'expired'; jobId: string; error: OutputExpiredError })
  /** The service stayed unreachable past the outage budget; the job may still be running: resume collects it. */
  | (OutcomeBase & { status: 'unreachable'; jobId: string; error: ServiceUnreachableError });

export type PipelineOutcomeStatus = PipelineOutcome['status'];
