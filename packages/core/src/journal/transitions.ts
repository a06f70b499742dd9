import type { ReanimateError } from '../errors.js';
import { JournalError } from './journal-error.js';
import type { JobPatch, JobRecord, JournalStatus, NewJobRecord } from './types.js';

const WITH_REQUEST: readonly JournalStatus[] = [
  'in_queue',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'lost',
  'expired',
];

/** Where each state may go. Staying put is always allowed (position updates, refreshed outputs, meta). */
export const TRANSITIONS: Readonly<Record<JournalStatus, readonly JournalStatus[]>> = {
  submitting: ['ambiguous', 'not_submitted', ...WITH_REQUEST],
  // The user found the request on the dashboard (attach its id) or confirmed there is none.
  ambiguous: ['not_submitted', ...WITH_REQUEST],
  not_submitted: [],
  in_queue: ['in_progress', 'completed', 'failed', 'cancelled', 'lost'],
  // Some queues put a job back; tolerate it rather than lose track.
  in_progress: ['in_queue', 'completed', 'failed', 'cancelled', 'lost'],
  completed: ['downloaded', 'lost', 'expired'],
  downloaded: [],
  failed: [],
  cancelled: [],
  lost: [],
  expired: [],
};

export const TERMINAL_JOURNAL_STATUSES: readonly JournalStatus[] = [
  'not_submitted',
  'failed',
  'cancelled',
  'downloaded',
  'lost',
  'expired',
];

/** Needs attention: resume it, download it, or show it to the user. */
export function isUnfinished(status: JournalStatus): boolean {
  return !TERMINAL_JOURNAL_STATUSES.includes(status);
}

export function canTransition(from: JournalStatus, to: JournalStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

function journalError(message: string): ReanimateError {
  return new JournalError(message, {
    hint: 'This is a bug in the caller of the journal; the record was not changed.',
  });
}

/** The record after the patch, checked against the state machine and its invariants. Pure. */
export function applyPatch(record: JobRecord, patch: JobPatch, nowIso: string): JobRecord {
  const status = patch.status ?? record.status;
  if (!canTransition(record.status, status)) {
    throw journalError(`Job ${record.jobId} cannot go from ${record.status} to ${status}.`);
  }
  const next: JobRecord = {
    ...record,
    ...withoutUndefined(patch),
    status,
    meta: { ...record.meta, ...patch.meta },
    ...(patch.cost || record.cost ? { cost: { ...record.cost, ...patch.cost } } : {}),
    revision: record.revision + 1,
    updatedAt: nowIso,
  };
  if ('queuePosition' in patch && patch.queuePosition === undefined) delete next.queuePosition;
  if ('error' in patch && patch.error === undefined) delete next.error;
  if (status !== 'in_queue') delete next.queuePosition;
  if (WITH_REQUEST.includes(status) && !next.requestId) {
    throw journalError(`Job ${record.jobId} cannot be ${status} without a request id.`);
  }
  if (status === 'completed' && !next.outputs)
    throw journalError(`Job ${record.jobId} cannot complete without outputs.`);
  if (status === 'downloaded' && !next.localPath) {
    throw journalError(`Job ${record.jobId} cannot be downloaded without a local path.`);
  }
  return next;
}

function withoutUndefined(patch: JobPatch): Partial<JobRecord> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined && key !== 'meta') out[key] = value;
  return out as Partial<JobRecord>;
}

export function newRecord(init: NewJobRecord, nowIso: string): JobRecord {
  return {
    version: 1,
    jobId: init.jobId,
    revision: 1,
    createdAt: nowIso,
    updatedAt: nowIso,
    input: init.input,
    inputHash: init.inputHash,
    status: 'submitting',
    ...(init.submittedAt ? { submittedAt: init.submittedAt } : {}),
    ...(init.cost ? { cost: { ...init.cost } } : {}),
    meta: { ...init.meta },
  };
}

/** The error written into a `submitting` record whose owner is gone. */
export const ORPHANED_SUBMIT_ERROR = {
  code: 'ambiguous_submit',
  message:
    'The process that was submitting this job stopped before it learned the request id; the service may or may ' +
    'not have received it. It was not sent again.',
} as const;
