import type { ExportFinished, ExportProgress } from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { dispatchEvent } from '../shared/events';
import { clearTarget } from '../shared/output-file';
import { removeTemporary } from './temporary';

/**
 * The non-blocking export: jobs queued in Adobe Media Encoder through app.encoder. Premiere returns at once;
 * AME reports through app.encoder events, which we relay to the panel. The temporary sequence must outlive
 * the jobs (GUESS: AME may read it after queueing), so the last job to end deletes it.
 */

/** encodeSequence's work-area argument for the whole sequence (app.encoder.ENCODE_ENTIRE). */
const ENCODE_ENTIRE = 0;
/** removeOnCompletion: keep AME's queue tidy. */
const REMOVE_ON_COMPLETION = 1;

interface Batch {
  project: Project;
  temporary: Sequence;
  remaining: number;
}

interface PendingJob {
  id: string;
  phase: 'video' | 'audio';
  path: string;
  batch: Batch;
}

export interface EncoderJob {
  phase: 'video' | 'audio';
  path: string;
  preset: string;
}

const pending: PendingJob[] = [];

function find(jobId: unknown): PendingJob | null {
  for (let i = 0; i < pending.length; i++) {
    if (pending[i].id === String(jobId)) {
      return pending[i];
    }
  }
  return null;
}

function finish(job: PendingJob, result: ExportFinished): void {
  for (let i = 0; i < pending.length; i++) {
    if (pending[i] === job) {
      pending.splice(i, 1);
      break;
    }
  }
  dispatchEvent(HOST_EVENTS.exportFinished, result);
  job.batch.remaining -= 1;
  if (job.batch.remaining === 0) {
    try {
      removeTemporary(job.batch.project, job.batch.temporary);
    } catch (_error) {
      // Nothing to report to: the export itself already ended.
    }
  }
}

/** AME reports progress as 0..1 in some versions and 0..100 in others (GUESS); the panel gets 0..1. */
function fraction(progress: unknown): number | null {
  const value = Number(progress);
  if (isNaN(value)) {
    return null;
  }
  return value > 1 ? Math.min(value / 100, 1) : Math.max(value, 0);
}

/**
 * Binds our handlers. app.encoder's handlers are global to the host's one ExtendScript engine and another panel may
 * re-bind them (adobe-host-notes §10), so they are bound again right before each job is queued.
 */
function bindEvents(): void {
  const encoder = app.encoder;
  encoder.bind('onEncoderJobQueued', () => {
    encoder.startBatch();
  });
  encoder.bind('onEncoderJobProgress', (jobId: unknown, progress: unknown) => {
    const job = find(jobId);
    if (job) {
      const value: ExportProgress = { phase: job.phase, fraction: fraction(progress) };
      dispatchEvent(HOST_EVENTS.exportProgress, value);
    }
  });
  encoder.bind('onEncoderJobComplete', (jobId: unknown, outputPath: unknown) => {
    const job = find(jobId);
    if (job) {
      dispatchEvent(HOST_EVENTS.exportProgress, { phase: job.phase, fraction: 1 });
      finish(job, {
        phase: job.phase,
        ok: true,
        path: outputPath ? String(outputPath) : job.path,
        error: null,
      });
    }
  });
  encoder.bind('onEncoderJobError', (jobId: unknown, message: unknown) => {
    const job = find(jobId);
    if (job) {
      finish(job, { phase: job.phase, ok: false, path: null, error: String(message) });
    }
  });
  encoder.bind('onEncoderJobCanceled', (jobId: unknown) => {
    const job = find(jobId);
    if (job) {
      finish(job, { phase: job.phase, ok: false, path: null, error: 'canceled in Media Encoder' });
    }
  });
}

/** Media Encoder is installed and scriptable ("app.encoder is broken on Premiere 14.3.1–15 on Mac only"). */
export function mediaEncoderAvailable(): boolean {
  const encoder = app.encoder;
  if (!encoder || typeof encoder.encodeSequence !== 'function') {
    return false;
  }
  let status = '';
  try {
    const bridgeTalk: unknown = typeof BridgeTalk !== 'undefined' ? BridgeTalk : null;
    const getStatus = bridgeTalk
      ? (bridgeTalk as { getStatus?: (target: string) => unknown }).getStatus
      : undefined;
    status = typeof getStatus === 'function' ? String(getStatus('ame')) : '';
  } catch (_error) {
    status = '';
  }
  if (status === 'ISNOTINSTALLED') {
    return false;
  }
  if (status === 'ISNOTRUNNING') {
    encoder.launchEncoder();
  }
  return true;
}

/**
 * Queues the jobs. Returns how many were queued (they own the temporary sequence from then on) and an error
 * message when one could not be queued.
 */
export function queueEncoderJobs(
  project: Project,
  temporary: Sequence,
  jobs: EncoderJob[],
): { count: number; error: string | null } {
  const batch: Batch = { project: project, temporary: temporary, remaining: 0 };
  for (let i = 0; i < jobs.length; i++) {
    let id: unknown = 0;
    let reason = '';
    bindEvents();
    try {
      clearTarget(jobs[i].path);
      id = app.encoder.encodeSequence(
        temporary,
        jobs[i].path,
        jobs[i].preset,
        ENCODE_ENTIRE,
        REMOVE_ON_COMPLETION,
      );
    } catch (error) {
      reason = `: ${String(error)}`;
    }
    if (!id || String(id) === '0') {
      return { count: batch.remaining, error: `Media Encoder refused the ${jobs[i].phase} job${reason}` };
    }
    batch.remaining += 1;
    pending.push({ id: String(id), phase: jobs[i].phase, path: jobs[i].path, batch: batch });
    dispatchEvent(HOST_EVENTS.exportProgress, { phase: jobs[i].phase, fraction: 0 });
  }
  return { count: batch.remaining, error: null };
}
