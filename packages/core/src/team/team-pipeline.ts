import { abortReason } from '../abort.js';
import {
  AmbiguousSubmitError,
  InputError,
  JobFailedError,
  OutputExpiredError,
  ReanimateError,
  RequestLostError,
} from '../errors.js';
import { blobUploadSource, isBlob, isUploadSource } from '../hosting/sources.js';
import type { HostInput, InputHost } from '../hosting/types.js';
import type { MediaInput } from '../pipeline/inputs.js';
import { createPipeline, estimateChecked, type Pipeline } from '../pipeline/pipeline.js';
import type { JobSpec, PipelineOutcome, PipelineStage, RunOptions } from '../pipeline/types.js';
import type { Platform } from '../platform/types.js';
import type { TeamClient, TeamJob } from './team-client.js';

export interface TeamPipelineDeps {
  team: TeamClient;
  /** The shell's platform: local pre-flight, files to upload, where results are saved. */
  platform: Platform;
  /**
   * A bucket of the shell's own for local files. Without one (the default: storage keys live on the server) local
   * files are uploaded through the team server.
   */
  inputHost?: ((files: readonly string[]) => InputHost) | undefined;
  preflight?: Parameters<typeof createPipeline>[0]['preflight'];
  /** Pay again for work that already has a job (the CLI's --rerun): an explicit choice, never the default. */
  rerun?: boolean | undefined;
  /**
   * Pay again for work whose latest job failed, was lost or expired (the CLI's --retry-failed); without it such a
   * job comes back as it ended.
   */
  retryFailed?: boolean | undefined;
}

const STAGE_OF_STATE: Record<string, PipelineStage> = {
  pending: 'waiting',
  checking: 'checking',
  uploading: 'uploading',
  submitting: 'submitting',
  queued: 'queued',
  processing: 'processing',
  downloading: 'downloading',
  done: 'done',
};

/**
 * The job pipeline with a team server doing the job: the same `Pipeline` a shell already drives, so the CLI and
 * the panels show the same progress and results. Pre-flight stays local (a bad file is refused before anything is
 * uploaded); local files go to the team bucket; the server submits (deduplicating across editors), follows and
 * keeps the journal; the result is saved where the shell asked. Resume follows a team job by its id; a re-run is an
 * explicit `rerun`.
 */
export function createTeamPipeline(deps: TeamPipelineDeps): Pipeline {
  const { team, platform } = deps;
  // Only pre-flight of this pipeline is used: it needs no RunComfy client.
  const local = createPipeline({
    platform,
    client: () => {
      throw new ReanimateError('unexpected', 'A team pipeline sends nothing to RunComfy itself.');
    },
    ...(deps.preflight ? { preflight: deps.preflight } : {}),
  });

  const urlOf = async (input: MediaInput, role: 'video' | 'audio', signal?: AbortSignal): Promise<string> => {
    if (input.kind === 'url') return input.url;
    const name = input.kind === 'file' ? input.path : input.name;
    let source: HostInput;
    if (input.kind === 'blob') source = blobUploadSource(input.blob, { name: input.name });
    else if (platform.files) source = await platform.files.uploadSource(input.path);
    else throw new InputError(`${input.path} is a local file, which this platform cannot read.`);
    if (deps.inputHost)
      return (await deps.inputHost([name]).put(source, { role, ...(signal ? { signal } : {}) })).url;
    const upload = isUploadSource(source)
      ? source
      : isBlob(source)
        ? blobUploadSource(source, { name: name.split(/[\\/]/).pop() ?? name })
        : undefined;
    if (!upload) throw new InputError(`${name} cannot be uploaded from this platform.`);
    return (await team.upload(upload, signal ? { signal } : {})).url;
  };

  const outcomeOf = async (
    job: TeamJob,
    spec: Pick<JobSpec, 'out' | 'conflict'>,
    options: RunOptions,
  ): Promise<PipelineOutcome> => {
    const base = { jobId: job.id, requestId: job.run.requestId ?? undefined, record: undefined };
    const requestId = job.run.requestId ?? '(none)';
    const message = job.run.error?.message ?? `the team job ended ${job.state}`;
    switch (job.state) {
      case 'done': {
        options.onProgress?.({ stage: 'downloading', jobId: job.id, requestId });
        const saved = await platform.save(team.resultUrl(job), spec.out, {
          conflict: spec.conflict ?? 'fail',
          fetch: team.fetch,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        options.onProgress?.({ stage: 'done', jobId: job.id, requestId });
        return {
          ...base,
          status: 'done',
          jobId: job.id,
          requestId,
          path: saved.path,
          bytes: saved.bytes,
          outputUrl: team.resultUrl(job),
          reused: job.deduplicated,
          resumed: false,
        };
      }
      case 'cancelled':
        return { ...base, status: 'cancelled', requestId };
      case 'ambiguous':
        return {
          ...base,
          status: 'ambiguous',
          jobId: job.id,
          error: new AmbiguousSubmitError(message, { jobId: job.id }),
        };
      case 'lost':
        return { ...base, status: 'lost', jobId: job.id, error: new RequestLostError(requestId) };
      case 'expired':
        return { ...base, status: 'expired', jobId: job.id, error: new OutputExpiredError(requestId) };
      case 'refused':
        return { ...base, status: 'refused', error: new InputError(message) };
      case 'not_submitted':
        return { ...base, status: 'not_submitted', error: new ReanimateError('api', message) };
      default:
        return {
          ...base,
          status: 'failed',
          error: new JobFailedError(requestId, message, {
            // Another request's (or an earlier) job of the same work, returned as it ended: nothing was sent now.
            ...(job.deduplicated
              ? {
                  hint: 'This work failed in an earlier job, which was returned without sending it again. Ask for it again with retryFailed (the CLI’s --retry-failed) or rerun to pay for a new attempt.',
                }
              : {}),
          }),
        };
    }
  };

  const follow = async (
    job: TeamJob,
    spec: Pick<JobSpec, 'out' | 'conflict'>,
    options: RunOptions,
  ): Promise<PipelineOutcome> => {
    let shown = '';
    try {
      const final = await team.follow(job.id, {
        ...(options.signal ? { signal: options.signal } : {}),
        onUpdate: (update) => {
          const stage = STAGE_OF_STATE[update.state];
          if (!stage || update.state === shown || stage === 'done') return;
          shown = update.state;
          options.onProgress?.({ stage, jobId: job.id, requestId: update.run.requestId ?? undefined });
        },
      });
      return await outcomeOf(final, spec, options);
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      // Stopped following: the server carries the job on (and cancels nothing unless asked).
      const stopped: PipelineOutcome = {
        status: 'interrupted',
        jobId: job.id,
        requestId: job.run.requestId ?? undefined,
        record: undefined,
        stage: (STAGE_OF_STATE[shown] ?? 'waiting') as PipelineStage,
        keepsRunning: true,
        note: `Team job ${job.id} carries on on the team server.`,
      };
      return stopped;
    }
  };

  const submit = async (spec: JobSpec, options: RunOptions): Promise<PipelineOutcome> => {
    if (!options.checked) {
      options.onProgress?.({ stage: 'checking' });
      try {
        await local.check(spec, options.signal ? { signal: options.signal } : {});
      } catch (error) {
        if (InputError.isInstance(error))
          return { status: 'refused', jobId: undefined, requestId: undefined, record: undefined, error };
        throw error;
      }
    }
    options.onProgress?.({ stage: 'uploading' });
    const video = await urlOf(spec.video, 'video', options.signal);
    const audio = await urlOf(spec.audio, 'audio', options.signal);
    if (options.signal?.aborted) throw abortReason(options.signal);
    await options.beforeSubmit?.(options.signal);
    options.onProgress?.({ stage: 'submitting' });
    const job = await team.submit({
      video: { url: video },
      audio: { url: audio },
      options: spec.options,
      ...(deps.rerun ? { rerun: true } : {}),
      ...(deps.retryFailed ? { retryFailed: true } : {}),
      ...(typeof spec.shell?.clipName === 'string' ? { label: spec.shell.clipName } : {}),
    });
    // The team job's id from here on: what the shell shows and what resume and cancel take.
    options.onProgress?.({ stage: STAGE_OF_STATE[job.state] ?? 'waiting', jobId: job.id });
    return follow(job, spec, options);
  };

  return {
    check: (spec, options) => local.check(spec, options),
    async estimate(spec, options = {}) {
      const checked = await local.check(spec, options);
      return { checked, estimate: estimateChecked(checked, await team.price(), spec.options) };
    },
    run: (spec, options = {}) => submit(spec, options),
    async resume(target, options = {}) {
      const id = typeof target === 'string' ? target : target.jobId;
      const job = await team.job(id);
      const out = typeof target === 'string' ? undefined : (target.meta.out as string | undefined);
      if (!out) throw new ReanimateError('input', `Team job ${id} has no output path to save to.`);
      return follow(job, { out, conflict: 'rename' }, options);
    },
    async retry() {
      throw new ReanimateError(
        'input',
        'Run the clip again to re-run a team job (it asks the server to pay again).',
      );
    },
    cancel: (jobId) => team.cancel(jobId),
  };
}
