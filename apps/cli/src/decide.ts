/**
 * The batch decision table: what to do with one row given its journal records, as a pure function. Runs before
 * any network call. A submit carries the attempt number: the job id is derived from the row's key and it, so two
 * processes that decide the same row the same way pick the same id, and only one of them submits.
 */
import type { JobRecord } from '@reanimate/core';
import { cliMeta } from './job-spec.js';

export interface ProcessOptions {
  split: boolean;
  concurrency: number;
  /**
   * `run`: the user asked for this job now, so a finished or failed earlier one is run again (only a job still in
   * flight is resumed). `batch`: re-running a manifest skips what is done and never re-sends a row that has a
   * request id, unless `retryFailed`. `resume`: like batch, but nothing is ever submitted.
   */
  policy: 'run' | 'batch' | 'resume';
  retryFailed: boolean;
  /** Run the local face check on each local video before anything is sent (default on). */
  faceCheck?: boolean | undefined;
  /** A batch's cost confirmation: `--yes`, `--max-cost`, whether a terminal can ask, and from what amount. */
  confirm?: {
    yes: boolean;
    maxCostUsd?: number | undefined;
    interactive: boolean;
    thresholdUsd?: number | undefined;
  };
}

export type Decision =
  | { kind: 'submit'; attempt: number }
  | { kind: 'never-submitted'; record: JobRecord | undefined }
  | { kind: 'follow'; record: JobRecord; note: string }
  | { kind: 'skip'; record: JobRecord }
  | { kind: 'ambiguous'; record: JobRecord }
  | { kind: 'failed-before'; record: JobRecord };

/** `records`: the row's journal records, newest first. `outExists`: whether the row's output file is there. */
export function decide(records: readonly JobRecord[], options: ProcessOptions, outExists: boolean): Decision {
  const decision = decideSubmitting(records, options, outExists);
  // `resume` waits and downloads; it never sends anything new.
  if (decision.kind === 'submit' && options.policy === 'resume')
    return { kind: 'never-submitted', record: records[0] };
  return decision;
}

/** The next attempt's number: one past the highest any record of the row carries. */
export function nextAttempt(records: readonly JobRecord[]): number {
  return Math.max(0, ...records.map((record) => cliMeta(record)?.attempt ?? 1)) + 1;
}

function decideSubmitting(
  records: readonly JobRecord[],
  options: ProcessOptions,
  outExists: boolean,
): Decision {
  const latest = records[0];
  const submit: Decision = { kind: 'submit', attempt: nextAttempt(records) };
  if (!latest) return submit;
  const rerun = options.policy === 'run';
  switch (latest.status) {
    case 'submitting':
      // Another process holds it mid-submit (a dead one's would have been turned ambiguous): wait for it.
      return { kind: 'follow', record: latest, note: 'submitted by another reanimate process' };
    case 'ambiguous':
      return { kind: 'ambiguous', record: latest };
    case 'in_queue':
    case 'in_progress':
    case 'completed':
      return {
        kind: 'follow',
        record: latest,
        note: `resumed request ${latest.requestId} from an earlier run`,
      };
    case 'downloaded':
      if (rerun) return submit;
      return outExists
        ? { kind: 'skip', record: latest }
        : { kind: 'follow', record: latest, note: 'downloaded again (the output file was missing)' };
    case 'failed':
    case 'cancelled':
    // Terminal too: the service forgot the request, or the output is gone. Running again is a new, paid job.
    case 'lost':
    case 'expired':
      return rerun || options.retryFailed ? submit : { kind: 'failed-before', record: latest };
    case 'not_submitted':
      return submit;
  }
}
