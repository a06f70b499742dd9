import type { JobRecord, Journal, PipelineOutcome } from '@reanimate/core';
import type { PanelJobDeps, RunOptions } from './run-generation.ts';
import { mediaFor, segmentResult, toGenerationProgress } from './run-generation.ts';
import { panelMeta, type SegmentResult } from './types.ts';

/** The project's jobs, newest first: what the Jobs screen lists. */
export async function projectJobs(journal: Journal, project: string): Promise<JobRecord[]> {
  const records = await journal.list();
  return records.filter((record) => panelMeta(record)?.project === project).reverse();
}

const RESUMABLE = new Set(['in_queue', 'in_progress', 'completed']);

/**
 * Picks up the project's jobs a closed panel or a restarted host left running: core's pipeline follows them by
 * request id (never submitting again) and saves their results. Ambiguous submits are only listed, for the user
 * to decide.
 */
export async function resumeProjectJobs(
  deps: Pick<PanelJobDeps, 'pipeline'> & { journal: Journal },
  project: string,
  options: RunOptions = {},
): Promise<{ results: SegmentResult[]; problems: PipelineOutcome[] }> {
  const results: SegmentResult[] = [];
  const problems: PipelineOutcome[] = [];
  for (const record of await deps.journal.listUnfinished()) {
    const meta = panelMeta(record);
    if (meta?.project !== project || !record.requestId || !RESUMABLE.has(record.status)) continue;
    const segment = { index: meta.segment, count: meta.segments };
    const outcome = await deps.pipeline.resume(record, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (progress) => options.onProgress?.(toGenerationProgress(progress, segment)),
    });
    if (outcome.status === 'done') results.push(segmentResult(outcome, meta));
    else problems.push(outcome);
  }
  return { results, problems };
}

/**
 * Runs a job of the Jobs screen again as a new job: core uploads its inputs again (an expired presigned link is
 * never re-sent). In the browser harness the inputs are read again from their URLs, since Blobs are not stored.
 */
export async function retryJob(
  deps: Pick<PanelJobDeps, 'pipeline' | 'platform'>,
  record: JobRecord,
  options: RunOptions = {},
): Promise<{ result?: SegmentResult; outcome: PipelineOutcome }> {
  const meta = panelMeta(record);
  if (!meta) throw new Error(`Job ${record.jobId} was not made by the panel, so it cannot be retried here.`);
  const inputs = deps.platform.core.files
    ? undefined
    : {
        video: await mediaFor(deps.platform, meta.sourceUrl),
        audio: await mediaFor(deps.platform, meta.audioPath),
      };
  const segment = { index: meta.segment, count: meta.segments };
  const outcome = await deps.pipeline.retry(record, {
    ...(inputs ? { inputs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (progress) => options.onProgress?.(toGenerationProgress(progress, segment)),
  });
  return outcome.status === 'done' ? { result: segmentResult(outcome, meta), outcome } : { outcome };
}
