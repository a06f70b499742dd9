/**
 * One job end to end: host the inputs → runJob (write-ahead journal, meta = the CLI's) → download to --out →
 * mark it downloaded → release the uploads. Also follows a job already in the journal (resume, re-runs), and
 * turns Ctrl-C into the right thing for the job's state: cancel while queued, leave it running once in progress.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AmbiguousSubmitError,
  ApiError,
  DownloadError,
  type HostedInput,
  type HostingProgress,
  hostedObjectKey,
  isAbortError,
  type JobOutcome,
  type JobRecord,
  type JobUpdateWithId,
  JournalError,
  newJobId,
  ReanimateError,
  releaseUnused,
} from '@reanimate/core';
import { download, probeFile } from '@reanimate/core/node';
import type { RunContext } from './context.js';
import { describeError } from './errors-to-exit.js';
import { ExitCode } from './exit-codes.js';
import { type CliMeta, cliMeta, isLocal, type JobSpec, metaFor } from './job-spec.js';
import type { ProgressState } from './progress.js';

export type JobResultStatus =
  | 'done'
  | 'skipped'
  | 'failed'
  | 'cancelled'
  | 'ambiguous'
  | 'interrupted'
  | 'invalid'
  | 'busy';

export interface JobResult {
  label: string;
  key: string;
  out: string;
  status: JobResultStatus;
  exitCode: number;
  jobId?: string | undefined;
  requestId?: string | undefined;
  /** What to tell the user besides the status ("already done", "resumed request …"). */
  note?: string | undefined;
  error?: { code: string; message: string; hint?: string | undefined } | undefined;
  /** Of the written output, seconds. */
  durationSec?: number | undefined;
  elapsedMs: number;
}

export type Report = (state: ProgressState) => void;

/** Where a job stood when something stopped it: decides what Ctrl-C means. */
type Stage = 'hosting' | 'submitted' | 'downloading';

const CANCEL_TIMEOUT_MS = 15_000;

function isAbort(ctx: RunContext, error: unknown): boolean {
  if (ctx.signal.aborted) return true;
  return isAbortError(error);
}

function result(
  spec: Pick<JobSpec, 'label' | 'key' | 'out'>,
  startedAt: number,
  fields: Partial<JobResult>,
): JobResult {
  return {
    label: spec.label,
    key: spec.key,
    out: spec.out,
    status: 'failed',
    exitCode: ExitCode.failed,
    elapsedMs: Date.now() - startedAt,
    ...fields,
  };
}

function errorResult(
  spec: Pick<JobSpec, 'label' | 'key' | 'out'>,
  startedAt: number,
  error: unknown,
  ids: { jobId?: string | undefined; requestId?: string | undefined },
): JobResult {
  const report = describeError(error);
  const status: JobResultStatus =
    report.exitCode === ExitCode.ambiguous
      ? 'ambiguous'
      : report.code === 'job_cancelled'
        ? 'cancelled'
        : report.exitCode === ExitCode.usage
          ? 'invalid'
          : 'failed';
  let hint = report.hint;
  if (AmbiguousSubmitError.isInstance(error)) {
    const sent = error.submittedAt ? ` It was sent at ${error.submittedAt}.` : '';
    const job = ids.jobId ?? error.jobId;
    hint =
      `${report.hint ?? ''}${sent} Local job id: ${job ?? 'unknown'}. If the dashboard shows no such request, ` +
      `run \`reanimate jobs forget ${job ?? '<job-id>'}\` and submit again.`;
  }
  return result(spec, startedAt, {
    status,
    exitCode: report.exitCode,
    jobId: ids.jobId,
    requestId: ids.requestId ?? (JobFailedLike(error) ? error.requestId : undefined),
    error: { code: report.code, message: report.message, hint },
  });
}

function JobFailedLike(error: unknown): error is { requestId: string } {
  return ReanimateError.isInstance(error) && typeof (error as { requestId?: unknown }).requestId === 'string';
}

function markInUse(ctx: RunContext, urls: readonly string[], delta: 1 | -1): void {
  for (const url of urls) {
    const key = hostedObjectKey(url);
    const count = (ctx.inUse.get(key) ?? 0) + delta;
    if (count > 0) ctx.inUse.set(key, count);
    else ctx.inUse.delete(key);
  }
}

/** Uploads local inputs (URLs pass through); one combined upload percentage for both files. */
async function hostInputs(
  spec: JobSpec,
  ctx: RunContext,
  report: Report,
): Promise<{ video: HostedInput; audio: HostedInput; uploaded: ('video' | 'audio')[] }> {
  const local = (['video', 'audio'] as const).filter((role) => isLocal(spec[role]));
  const host = local.length > 0 ? ctx.host(local.map((role) => spec[role])) : undefined;
  // Both sizes up front, so the combined percentage never jumps back when the second file starts.
  const sizes: Record<string, number> = {};
  for (const role of local) sizes[role] = (await stat(spec[role]).catch(() => undefined))?.size ?? 0;
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  const sent: Record<string, number> = {};
  const onProgress = (progress: HostingProgress) => {
    const role = progress.role ?? progress.name;
    sent[role] = progress.phase === 'done' ? (sizes[role] ?? progress.totalBytes) : progress.sentBytes;
    const done = Object.values(sent).reduce((sum, bytes) => sum + bytes, 0);
    report({ phase: 'uploading', percent: total > 0 ? Math.min(100, (100 * done) / total) : undefined });
  };
  if (host) report({ phase: 'uploading', percent: 0 });
  const put = async (role: 'video' | 'audio'): Promise<HostedInput> => {
    const input = spec[role];
    if (!isLocal(input)) return { url: input, expiresAt: null, outcome: 'passthrough' };
    return (host as NonNullable<typeof host>).put(input, { signal: ctx.signal, onProgress, role });
  };
  // One after the other: the progress line stays readable, and the dub is small next to the video.
  const video = await put('video');
  try {
    const audio = await put('audio');
    return { video, audio, uploaded: local };
  } catch (error) {
    if (video.outcome !== 'passthrough') await releaseUrls(ctx, [video.url]);
    throw error;
  }
}

/** Deletes uploads unless another live job (in this process or the journal) still needs the same object. */
async function releaseUrls(ctx: RunContext, urls: readonly string[]): Promise<void> {
  if (urls.length === 0) return;
  let host: ReturnType<RunContext['host']>;
  try {
    host = ctx.host([]);
  } catch {
    return; // Storage no longer configured: nothing we can delete.
  }
  await releaseUnused(host, urls, {
    journal: ctx.journal,
    inUse: ctx.inUse,
    signal: AbortSignal.timeout(15_000),
  }).catch(() => []);
}

async function releaseUploads(ctx: RunContext, record: JobRecord, meta: CliMeta): Promise<void> {
  const urls = meta.uploaded.map((role) =>
    role === 'video' ? record.input.video_url : record.input.audio_url,
  );
  await releaseUrls(ctx, urls);
}

async function outputDuration(path: string): Promise<number | undefined> {
  try {
    return (await probeFile(path)).durationSec;
  } catch {
    return undefined;
  }
}

async function withClaim<T>(
  ctx: RunContext,
  jobId: string,
  action: () => Promise<T>,
): Promise<T | undefined> {
  const claim = await ctx.journal.claim(jobId);
  if (!claim) return undefined;
  try {
    return await action();
  } finally {
    await claim.release();
  }
}

function forwardUpdates(report: Report) {
  return (update: JobUpdateWithId) => {
    if (update.status === 'in_queue') report({ phase: 'queued', queuePosition: update.queuePosition });
    else if (update.status === 'in_progress') report({ phase: 'processing' });
  };
}

/**
 * Downloads the output to meta.out and records it. An output URL that has expired (or a CDN hiccup answering
 * 403/404/410) gets one fresh result from the service before giving up.
 */
async function finish(
  ctx: RunContext,
  spec: Pick<JobSpec, 'label' | 'key' | 'out'>,
  outcome: Pick<JobOutcome, 'jobId' | 'requestId' | 'outputs'>,
  meta: CliMeta,
  report: Report,
  startedAt: number,
  note?: string,
): Promise<JobResult> {
  const jobId = outcome.jobId;
  const ids = { jobId, requestId: outcome.requestId };
  const out = meta.out;
  let outputs = outcome.outputs;
  try {
    await mkdir(dirname(out), { recursive: true });
    const fetchTo = async (url: string) =>
      download(url, out, {
        signal: ctx.signal,
        overwrite: true,
        onProgress: (progress) =>
          report({
            phase: 'downloading',
            percent: progress.totalBytes ? (100 * progress.receivedBytes) / progress.totalBytes : undefined,
          }),
      });
    report({ phase: 'downloading', percent: 0 });
    try {
      await fetchTo(outputs[0] as string);
    } catch (error) {
      const status = ApiError.isInstance(error) || DownloadError.isInstance(error) ? error.status : undefined;
      if (ctx.signal.aborted || !(status === 403 || status === 404 || status === 410)) throw error;
      outputs = (await ctx.client().getResult(outcome.requestId, { signal: ctx.signal })).outputs;
      if (outputs.length === 0) throw error;
      await fetchTo(outputs[0] as string);
    }
    if (jobId) {
      const done = await withClaim(ctx, jobId, async () => {
        const record = await ctx.journal.update(jobId, { status: 'downloaded', localPath: out, outputs });
        await releaseUploads(ctx, record, meta);
        return true;
      });
      if (!done) {
        // Someone else holds the job now; the file is written, they will record it.
        ctx.printer.err(
          `warning: job ${jobId} is held by another reanimate process; its journal entry was not updated.`,
        );
      }
    }
  } catch (error) {
    if (isAbort(ctx, error)) {
      return result(spec, startedAt, {
        ...ids,
        status: 'interrupted',
        exitCode: ExitCode.interrupted,
        note: `react-1 request ${outcome.requestId} has finished; run \`reanimate resume\` to download the result.`,
      });
    }
    return errorResult(spec, startedAt, error, ids);
  }
  report({ phase: 'done' });
  return result(spec, startedAt, {
    ...ids,
    status: 'done',
    exitCode: ExitCode.ok,
    durationSec: await outputDuration(out),
    note,
  });
}

/**
 * What Ctrl-C means for a job that may have been submitted: queued → cancel it (nothing is charged); in progress
 * → it cannot be cancelled and keeps running, resume collects it; not submitted → nothing to do.
 */
async function interrupted(
  ctx: RunContext,
  spec: Pick<JobSpec, 'label' | 'key' | 'out'>,
  jobId: string | undefined,
  stage: Stage,
  report: Report,
  startedAt: number,
): Promise<JobResult> {
  const record = jobId ? await ctx.journal.get(jobId).catch(() => undefined) : undefined;
  const requestId = record?.requestId;
  const ids = { jobId: record ? jobId : undefined, requestId };
  const keepsRunning = (id: string) =>
    result(spec, startedAt, {
      ...ids,
      status: 'interrupted',
      exitCode: ExitCode.interrupted,
      note:
        `react-1 request ${id} is already being processed and can't be cancelled; it keeps running. ` +
        'Run `reanimate resume` to collect the result.',
    });
  if (!record || !requestId) {
    if (record?.status === 'ambiguous') {
      return errorResult(
        spec,
        startedAt,
        new AmbiguousSubmitError('The submit was interrupted before its answer arrived.', { jobId }),
        ids,
      );
    }
    report({ phase: 'interrupted' });
    return result(spec, startedAt, {
      ...ids,
      status: 'interrupted',
      exitCode: ExitCode.interrupted,
      note:
        stage === 'hosting'
          ? 'Stopped while uploading; nothing was submitted.'
          : 'Stopped; nothing was submitted.',
    });
  }
  if (record.status === 'completed' || stage === 'downloading') {
    report({ phase: 'interrupted' });
    return result(spec, startedAt, {
      ...ids,
      status: 'interrupted',
      exitCode: ExitCode.interrupted,
      note: `react-1 request ${requestId} has finished; run \`reanimate resume\` to download the result.`,
    });
  }
  if (record.status !== 'in_queue') {
    report({ phase: 'interrupted' });
    return keepsRunning(requestId);
  }
  // Queued: cancel it. Its own signal: the run's has fired.
  const signal = AbortSignal.timeout(CANCEL_TIMEOUT_MS);
  let status: string | undefined;
  try {
    const answer = await ctx.client().cancel(requestId, { signal });
    status = answer.status ?? (await ctx.client().getStatus(requestId, { signal })).status;
  } catch (error) {
    status = await ctx
      .client()
      .getStatus(requestId, { signal })
      .then((update) => update.status)
      .catch(() => undefined);
    if (status === undefined) {
      report({ phase: 'interrupted' });
      const why = describeError(error).message;
      return result(spec, startedAt, {
        ...ids,
        status: 'interrupted',
        exitCode: ExitCode.interrupted,
        note: `Could not cancel react-1 request ${requestId} (${why}); it may still run. Run \`reanimate resume\` to collect it, or \`reanimate cancel ${requestId}\`.`,
      });
    }
  }
  if (status === 'cancelled') {
    await withClaim(ctx, jobId as string, () =>
      ctx.journal.update(jobId as string, { status: 'cancelled' }),
    ).catch(() => undefined);
    await releaseUploads(ctx, record, cliMeta(record) ?? ({ uploaded: [] } as unknown as CliMeta));
    report({ phase: 'cancelled' });
    return result(spec, startedAt, {
      ...ids,
      status: 'cancelled',
      exitCode: ExitCode.failed,
      note: `Cancelled request ${requestId} while it was queued; nothing was charged.`,
    });
  }
  report({ phase: 'interrupted' });
  return keepsRunning(requestId);
}

/** Submits a new job for `spec` and sees it through. */
export async function submitSpec(ctx: RunContext, spec: JobSpec, report: Report): Promise<JobResult> {
  const startedAt = Date.now();
  let stage: Stage = 'hosting';
  let jobId: string | undefined;
  let hostedUrls: string[] = [];
  try {
    const hosted = await hostInputs(spec, ctx, report);
    hostedUrls = [hosted.video, hosted.audio]
      .filter((item) => item.outcome !== 'passthrough')
      .map((item) => item.url);
    markInUse(ctx, hostedUrls, 1);
    const meta = metaFor(spec, hosted.uploaded);
    jobId = newJobId();
    stage = 'submitted';
    report({ phase: 'submitting' });
    const outcome = await ctx.client().runJob(
      { video_url: hosted.video.url, audio_url: hosted.audio.url, ...spec.options },
      {
        journal: ctx.journal,
        jobId,
        meta: meta as unknown as Record<string, unknown>,
        signal: ctx.signal,
        onUpdate: forwardUpdates(report),
      },
    );
    stage = 'downloading';
    markInUse(ctx, hostedUrls, -1);
    hostedUrls = [];
    return await finish(ctx, spec, outcome, meta, report, startedAt);
  } catch (error) {
    markInUse(ctx, hostedUrls, -1);
    if (isAbort(ctx, error)) return interrupted(ctx, spec, jobId, stage, report, startedAt);
    const record = jobId ? await ctx.journal.get(jobId).catch(() => undefined) : undefined;
    // A refused or never-sent submit leaves nothing on the service that needs our uploads.
    if (
      !record ||
      record.status === 'not_submitted' ||
      record.status === 'failed' ||
      record.status === 'cancelled'
    ) {
      await releaseUrls(ctx, hostedUrls.length > 0 ? hostedUrls : uploadedOf(record));
    }
    report({ phase: 'failed' });
    return errorResult(spec, startedAt, error, {
      jobId: record ? jobId : undefined,
      requestId: record?.requestId,
    });
  }
}

function uploadedOf(record: JobRecord | undefined): string[] {
  const meta = record ? cliMeta(record) : undefined;
  if (!record || !meta) return [];
  return meta.uploaded.map((role) => (role === 'video' ? record.input.video_url : record.input.audio_url));
}

/** Follows a job already in the journal (never submits): waits, downloads to its original out, records it. */
export async function followRecord(
  ctx: RunContext,
  record: JobRecord,
  report: Report,
  note?: string,
): Promise<JobResult> {
  const startedAt = Date.now();
  const meta = cliMeta(record) as CliMeta;
  const spec = { label: meta.label, key: meta.key, out: meta.out };
  const ids = { jobId: record.jobId, requestId: record.requestId };
  if (record.status === 'in_queue') report({ phase: 'queued', queuePosition: record.queuePosition });
  else if (record.status === 'in_progress') report({ phase: 'processing' });
  let outcome: JobOutcome;
  try {
    outcome = await ctx.client().resumeJob(record, {
      journal: ctx.journal,
      signal: ctx.signal,
      onUpdate: forwardUpdates(report),
    });
  } catch (error) {
    if (isAbort(ctx, error)) return interrupted(ctx, spec, record.jobId, 'submitted', report, startedAt);
    if (JournalError.isInstance(error) && error.reason === 'busy') {
      report({ phase: 'skipped' });
      return result(spec, startedAt, {
        ...ids,
        status: 'busy',
        exitCode: ExitCode.ok,
        note: 'another reanimate process is following this job',
      });
    }
    const fresh = await ctx.journal.get(record.jobId).catch(() => undefined);
    if (fresh && (fresh.status === 'failed' || fresh.status === 'cancelled')) {
      await releaseUploads(ctx, fresh, meta);
    }
    report({ phase: 'failed' });
    return errorResult(spec, startedAt, error, ids);
  }
  return finish(ctx, spec, { ...outcome, jobId: record.jobId }, meta, report, startedAt, note);
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export { releaseUrls };
