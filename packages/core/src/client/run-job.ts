import { isAbortError, throwIfAborted } from '../abort.js';
import {
  AmbiguousSubmitError,
  ApiError,
  JobCancelledError,
  JobFailedError,
  ReanimateError,
  RequestLostError,
  ResponseSchemaError,
} from '../errors.js';
import { hashInput } from '../journal/hash.js';
import { newJobId } from '../journal/job-id.js';
import { JournalError } from '../journal/journal-error.js';
import { createMemoryJournal } from '../journal/memory.js';
import type { JobCost, JobRecord, Journal } from '../journal/types.js';
import { parseReact1Input, type React1Input, type React1Output } from '../schema/index.js';
import type { ClientContext } from './context.js';
import { getResult } from './get-result.js';
import { type JobUpdate, type WaitOptions, waitForCompletion } from './poll.js';
import { submitValidated } from './submit.js';

export interface JobOutcome {
  requestId: string;
  /** Output video URLs: download them promptly, they expire. */
  outputs: string[];
  /** The raw output object; undefined when the outputs came from the journal rather than the service. */
  output: React1Output | undefined;
  /** The journal's id for the job, and its record as it stands at the end; undefined when no record was kept. */
  jobId: string | undefined;
  record: JobRecord | undefined;
}

export interface JobUpdateWithId extends JobUpdate {
  jobId: string | undefined;
}

export interface RunJobOptions {
  /** Where the job is written ahead (default: a fresh in-memory journal, so nothing survives the process). */
  journal?: Journal | undefined;
  /** App-owned data stored with the record (the CLI's --out path, the panel's project). */
  meta?: Record<string, unknown> | undefined;
  /** Called after each status answer, once the journal holds it. */
  onUpdate?: ((update: JobUpdateWithId) => void | Promise<void>) | undefined;
  /** Stops waiting; the job stays in the journal, resumable. A submit already on the wire is let finish first. */
  signal?: AbortSignal | undefined;
  /** Stop waiting (not the job) at this time; see waitForCompletion. */
  deadline?: Date | number | undefined;
  /** While the service is unreachable (see WaitOptions.onUnreachable). */
  onUnreachable?: WaitOptions['onUnreachable'];
  /** The estimate shown before paying, written with the intent record. */
  cost?: JobCost | undefined;
  /** Use this local id instead of a random one. */
  jobId?: string | undefined;
  /**
   * The caller already holds the job's claim (the pipeline takes it before hosting, so that two processes never
   * prepare, let alone submit, the same job), so runJob must not claim it again.
   */
  claimed?: boolean | undefined;
}

export type ResumeOptions = Omit<RunJobOptions, 'meta' | 'jobId' | 'cost'>;

interface Sink {
  journal: Journal;
  jobId: string;
}

/**
 * Validate → write the intent → submit → write the request id (before any callback) → wait, writing each change →
 * fetch the result → write the outputs. Throws AmbiguousSubmitError (record `ambiguous`) when the submit's fate is
 * unknown; it never re-sends it.
 */
export async function runJob(
  context: ClientContext,
  input: React1Input,
  options: RunJobOptions = {},
): Promise<JobOutcome> {
  throwIfAborted(options.signal);
  const request = parseReact1Input(input);
  const inputHash = await hashInput(request);
  const journal = options.journal ?? createMemoryJournal({ now: context.now });
  const jobId = options.jobId ?? newJobId();
  // Claim before the record exists, so no listUnfinished elsewhere mistakes our `submitting` for an orphan.
  const claim = options.claimed ? undefined : await journal.claim(jobId);
  if (!claim && !options.claimed) throw busy(jobId);
  try {
    await journal.create({
      jobId,
      input: request,
      inputHash,
      submittedAt: new Date(context.now()).toISOString(),
      ...(options.meta ? { meta: options.meta } : {}),
      ...(options.cost ? { cost: options.cost } : {}),
    });
    let submission: Awaited<ReturnType<typeof submitValidated>>;
    try {
      submission = await submitValidated(context, request, { jobId, signal: options.signal });
    } catch (error) {
      await journal.update(
        jobId,
        AmbiguousSubmitError.isInstance(error)
          ? {
              status: 'ambiguous',
              // The moment the POST went out, which is what the user looks for on the dashboard.
              ...(error.submittedAt ? { submittedAt: error.submittedAt } : {}),
              error: { code: error.code, message: error.message },
            }
          : // Every other submit failure means no job was created.
            { status: 'not_submitted', error: errorSummary(error) },
      );
      throw error;
    }
    await journal.update(jobId, { status: 'in_queue', requestId: submission.requestId });
    throwIfAborted(options.signal);
    return await follow(
      context,
      submission.requestId,
      { journal, jobId },
      { ...options, submittedAt: submission.acceptedAt },
    );
  } finally {
    await claim?.release();
  }
}

/**
 * Waits on a job that was already submitted; never submits.
 * - A request id: waits on it. With a journal, the record holding that id (if any) is claimed and kept current.
 * - A journal record (from listUnfinished) and its journal: claims the job and picks up where the record stands;
 *   an ambiguous or orphaned submit throws AmbiguousSubmitError, a finished job returns or throws at once.
 */
export async function resumeJob(
  context: ClientContext,
  target: string | JobRecord,
  options: ResumeOptions = {},
): Promise<JobOutcome> {
  const { journal } = options;
  let record: JobRecord | undefined;
  if (typeof target === 'string') {
    record = journal ? (await journal.list()).find((candidate) => candidate.requestId === target) : undefined;
    if (!record) return follow(context, target, undefined, options);
  } else {
    record = target;
    if (!journal) {
      if (!record.requestId) throw ambiguousRecord(record);
      return follow(context, record.requestId, undefined, options);
    }
  }
  if (!journal) throw new Error('unreachable: a record without a journal is handled above');
  const claim = options.claimed ? undefined : await journal.claim(record.jobId);
  if (!claim && !options.claimed) throw busy(record.jobId);
  try {
    const fresh = await journal.get(record.jobId);
    if (!fresh) throw new JournalError(`Job ${record.jobId} is not in the journal.`);
    return await resumeRecord(context, journal, fresh, options);
  } finally {
    await claim?.release();
  }
}

async function resumeRecord(
  context: ClientContext,
  journal: Journal,
  record: JobRecord,
  options: ResumeOptions,
): Promise<JobOutcome> {
  switch (record.status) {
    case 'submitting': {
      // We hold the claim, so its submitter is gone: the POST's fate is unknown.
      const updated = await journal.update(record.jobId, {
        status: 'ambiguous',
        error: {
          code: 'ambiguous_submit',
          message: 'The submitting process stopped before it learned the request id.',
        },
      });
      throw ambiguousRecord(updated);
    }
    case 'ambiguous':
      throw ambiguousRecord(record);
    case 'not_submitted':
      throw new JournalError(`Job ${record.jobId} was never submitted, so there is nothing to resume.`, {
        hint: 'Submit it again with runJob: no job exists on the service for it.',
      });
    case 'failed':
      throw new JobFailedError(record.requestId ?? '(none)', record.error?.message ?? 'unknown reason');
    case 'cancelled':
      throw new JobCancelledError(record.requestId ?? '(none)');
    case 'lost':
      throw new RequestLostError(record.requestId ?? '(none)', {
        ...(record.error?.message ? { serviceMessage: record.error.message } : {}),
      });
    case 'completed':
    case 'downloaded':
      if (record.requestId && record.outputs) {
        return {
          jobId: record.jobId,
          requestId: record.requestId,
          outputs: record.outputs,
          output: undefined,
          record,
        };
      }
      break;
    default:
      break;
  }
  if (!record.requestId) throw ambiguousRecord(record);
  return follow(context, record.requestId, { journal, jobId: record.jobId }, options);
}

/** Waits, then fetches the result, writing every change to the journal before telling the caller. */
async function follow(
  context: ClientContext,
  requestId: string,
  sink: Sink | undefined,
  options: ResumeOptions & Pick<WaitOptions, 'submittedAt'>,
): Promise<JobOutcome> {
  let last = sink ? await sink.journal.get(sink.jobId) : undefined;
  let completedUpdate: JobUpdate | undefined;
  const onUpdate = async (update: JobUpdate) => {
    // Completion is reported once the outputs are fetched and journaled, like every other state.
    if (update.status === 'completed') {
      completedUpdate = update;
      return;
    }
    const changed = last?.status !== update.status || last.queuePosition !== update.queuePosition;
    if (sink && changed && (update.status === 'in_queue' || update.status === 'in_progress')) {
      last = await sink.journal.update(sink.jobId, {
        status: update.status,
        queuePosition: update.status === 'in_queue' ? update.queuePosition : undefined,
      });
    }
    await options.onUpdate?.({ ...update, jobId: sink?.jobId });
  };
  try {
    await waitForCompletion(context, requestId, {
      onUpdate,
      signal: options.signal,
      deadline: options.deadline,
      submittedAt: options.submittedAt,
      onUnreachable: options.onUnreachable,
    });
  } catch (error) {
    if (sink && JobFailedError.isInstance(error)) {
      await sink.journal.update(sink.jobId, {
        status: 'failed',
        error: { code: error.code, message: error.reason },
      });
    } else if (sink && JobCancelledError.isInstance(error)) {
      await sink.journal.update(sink.jobId, { status: 'cancelled' });
    } else if (sink && RequestLostError.isInstance(error)) {
      await recordLost(sink, error);
    }
    // Deadline, abort, network and schema errors leave the record as it was: resumable.
    throw error;
  }
  let result: Awaited<ReturnType<typeof getResult>>;
  try {
    // With what it cost: the charge is shown and recorded beside the estimate.
    result = await getResult(context, requestId, { signal: options.signal, includeCost: true });
  } catch (error) {
    if (!(ApiError.isInstance(error) && error.status === 404)) throw error;
    const lost = new RequestLostError(requestId, {
      ...(error.serviceMessage ? { serviceMessage: error.serviceMessage } : {}),
      cause: error,
    });
    if (sink) await recordLost(sink, lost);
    throw lost;
  }
  if (result.outputs.length === 0) {
    throw new ResponseSchemaError(`Request ${requestId} completed but its result lists no output video.`, {
      hint: 'Resume the job later; if this persists, report it with the request id.',
    });
  }
  const record = sink
    ? await sink.journal.update(sink.jobId, {
        status: 'completed',
        outputs: result.outputs,
        error: undefined,
        ...(result.cost === undefined ? {} : { cost: { chargedUsd: result.cost } }),
      })
    : undefined;
  if (completedUpdate) await options.onUpdate?.({ ...completedUpdate, jobId: sink?.jobId });
  return { jobId: sink?.jobId, requestId, outputs: result.outputs, output: result.output, record };
}

async function recordLost(sink: Sink, error: RequestLostError): Promise<void> {
  const current = await sink.journal.get(sink.jobId);
  if (!current || current.status === 'lost') return;
  await sink.journal.update(sink.jobId, {
    status: 'lost',
    error: { code: error.code, message: error.serviceMessage ?? error.message },
  });
}

function busy(jobId: string): ReanimateError {
  return new JournalError(`Job ${jobId} is being handled by another run (in this or another process).`, {
    hint: 'Wait for that run to finish, or stop it: a job is only ever followed by one process at a time.',
    reason: 'busy',
  });
}

function ambiguousRecord(record: JobRecord): AmbiguousSubmitError {
  return new AmbiguousSubmitError(`Job ${record.jobId} may or may not have been accepted by the service.`, {
    jobId: record.jobId,
    ...(record.submittedAt ? { submittedAt: record.submittedAt } : {}),
  });
}

function errorSummary(error: unknown): { code: string; message: string } {
  if (ReanimateError.isInstance(error)) return { code: error.code, message: error.message };
  if (isAbortError(error)) {
    return { code: 'aborted', message: 'Stopped before the submit was sent.' };
  }
  return { code: 'unknown', message: String(error) };
}
