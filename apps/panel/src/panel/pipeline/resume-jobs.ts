import type { JobRecord } from '@reanimate/core';
import { type PipelineDeps, type RunOptions, saveOutput } from './run-generation.ts';
import type { JobMeta, SegmentResult } from './types.ts';

/** The project's jobs, newest first: what the Jobs screen lists. */
export async function projectJobs(
  deps: Pick<PipelineDeps, 'journal'>,
  project: string,
): Promise<JobRecord[]> {
  const records = await deps.journal.list();
  return records.filter((r) => (r.meta as Partial<JobMeta>).project === project).reverse();
}

const RESUMABLE = new Set(['in_queue', 'in_progress', 'completed']);

/**
 * Picks up the project's jobs a closed panel or a restarted host left running: waits for them by request id
 * (never submits again) and saves their results. Ambiguous submits are only listed, for the user to decide.
 */
export async function resumeProjectJobs(
  deps: Omit<PipelineDeps, 'bridge' | 'inputHost'>,
  project: string,
  options: RunOptions & { onResult?: (result: SegmentResult) => void } = {},
): Promise<SegmentResult[]> {
  const results: SegmentResult[] = [];
  for (const record of await deps.journal.listUnfinished()) {
    const meta = record.meta as unknown as JobMeta;
    if (meta.project !== project || !record.requestId || !RESUMABLE.has(record.status)) continue;
    const segment = { index: meta.segment ?? 0, count: meta.segments ?? 1 };
    const job = await deps.client.resumeJob(record, {
      journal: deps.journal,
      ...(options.signal ? { signal: options.signal } : {}),
      onUpdate: (update) =>
        options.onProgress?.({
          phase: update.status === 'in_queue' ? 'queued' : 'processing',
          segment,
          queuePosition: update.queuePosition ?? undefined,
          requestId: update.requestId,
          jobId: record.jobId,
        }),
    });
    const result = await saveOutput(
      deps,
      record.jobId,
      job.requestId,
      job.outputs[0],
      meta,
      options,
      meta.range ?? null,
      segment,
    );
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
