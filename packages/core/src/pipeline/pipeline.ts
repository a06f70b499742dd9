import { isAbortError, linkedSignal } from '../abort.js';
import type { ReanimateClient } from '../client/create-client.js';
import { DownloadError } from '../client/download-error.js';
import { type CostEstimate, estimateCost, type ModelPrice, outputSeconds } from '../client/price.js';
import type { JobUpdateWithId } from '../client/run-job.js';
import {
  AmbiguousSubmitError,
  ApiError,
  AuthError,
  InputError,
  InsufficientBalanceError,
  JobCancelledError,
  JobFailedError,
  OutputExpiredError,
  ReanimateError,
  RequestLostError,
  ServiceUnreachableError,
} from '../errors.js';
import { outputDrift } from '../faces/findings.js';
import { hostedObjectKey, releaseUnused } from '../hosting/release-unused.js';
import type { HostedInput, HostingProgress, InputHost } from '../hosting/types.js';
import { newJobId } from '../journal/job-id.js';
import { JournalError } from '../journal/journal-error.js';
import type { JobRecord } from '../journal/types.js';
import type { MediaProbe } from '../media/types.js';
import type { Platform } from '../platform/types.js';
import { checkInputs } from '../preflight/check.js';
import type { CheckedInputs, CheckInputsOptions, InputRole, InputSource } from '../preflight/types.js';
import { DEFAULTS } from '../schema/index.js';
import { defaultSleep, type Sleep } from '../sleep.js';
import { describeInput, type MediaInput, needsUpload } from './inputs.js';
import { deterministicJobId } from './job-id.js';
import { type PipelineMeta, pipelineMeta, type SourceRef, toJournalMeta } from './meta.js';
import type {
  Drift,
  JobSpec,
  PipelineOutcome,
  PipelineProgress,
  PipelineStage,
  RunOptions,
} from './types.js';

export interface PipelineDeps {
  platform: Platform;
  /** The API client, or a function that makes it on first use (the CLI's throws when no token is set). */
  client: ReanimateClient | (() => ReanimateClient);
  /**
   * Storage for inputs that must be uploaded, asked for only when a job has one (`files` names them, for the
   * message of a shell that has no storage configured: throw an InputError to refuse the job).
   */
  inputHost?: ((files: readonly string[]) => InputHost) | undefined;
  /** Pre-flight options (a browser passes `unreachable: 'unverified'`: CORS failures look like outages). */
  preflight?: Pick<CheckInputsOptions, 'unreachable' | 'timeoutMs'> | undefined;
  /** How often a job held by another process is looked at again (default 500 ms). */
  claimPollMs?: number | undefined;
  now?: (() => number) | undefined;
  sleep?: Sleep | undefined;
}

export interface Pipeline {
  /** Pre-flight only: probes both inputs, throws one InputError listing every problem (with codes). */
  check(spec: Pick<JobSpec, 'video' | 'audio'>, options?: { signal?: AbortSignal }): Promise<CheckedInputs>;
  /**
   * Pre-flight, then what the job will cost from the service's price (per second of the output the chosen
   * lipsync_mode makes, or flat). Submits nothing. Throws the InputError of pre-flight, or the service's error
   * (a bad token shows here, before any upload); `estimate` is undefined when an input's length is unknown.
   */
  estimate(
    spec: Pick<JobSpec, 'video' | 'audio' | 'options'>,
    options?: { signal?: AbortSignal },
  ): Promise<{ checked: CheckedInputs; estimate: CostEstimate | undefined }>;
  /**
   * The whole job: claim → (a record already there: pick it up, never submitting again) → pre-flight → upload
   * → submit → follow → download (a fresh `/result` once if the output URL has expired) → save → release the
   * uploads no other live job needs. Every step is journaled before it is reported. Never throws for what
   * happens to the job: the outcome says it.
   */
  run(spec: JobSpec, options?: RunOptions): Promise<PipelineOutcome>;
  /** Picks up a job from the journal (by record or job id) and sees it to the end; never submits. */
  resume(target: JobRecord | string, options?: RunOptions): Promise<PipelineOutcome>;
  /**
   * Runs a failed, cancelled or never-submitted job again as a new job (a new charge): its local inputs are
   * uploaded again, so expired presigned links are never re-sent. Blob inputs cannot be stored: pass them in
   * `inputs`.
   */
  retry(
    target: JobRecord | string,
    options?: RunOptions & { inputs?: Partial<Record<InputRole, MediaInput>> },
  ): Promise<PipelineOutcome>;
  /**
   * Asks the service to cancel a job's request (queued jobs only). `cancelled`: nothing is charged, and a run
   * following it ends `cancelled`. `not_cancellable`: it is processing (or done) and keeps running.
   */
  cancel(jobId: string, options?: { signal?: AbortSignal }): Promise<'cancelled' | 'not_cancellable'>;
}

const CANCEL_TIMEOUT_MS = 15_000;
const RELEASE_TIMEOUT_MS = 15_000;
const EXPIRED_OUTPUT_STATUSES = new Set([403, 404, 410]);

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { platform } = deps;
  const journal = platform.journal;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const claimPollMs = deps.claimPollMs ?? 500;
  const client = () => (typeof deps.client === 'function' ? deps.client() : deps.client);
  /** Object keys uploaded by this process's jobs and not yet in the journal: never released under them. */
  const inUse = new Map<string, number>();
  /** How long jobs took in progress here: the estimate of time left for the next ones. */
  const processingMs: number[] = [];

  const markInUse = (urls: readonly string[], delta: 1 | -1) => {
    for (const url of urls) {
      const key = hostedObjectKey(url);
      const count = (inUse.get(key) ?? 0) + delta;
      if (count > 0) inUse.set(key, count);
      else inUse.delete(key);
    }
  };

  async function release(urls: readonly string[]): Promise<void> {
    if (urls.length === 0 || !deps.inputHost) return;
    let host: InputHost;
    try {
      host = deps.inputHost([]);
    } catch {
      return; // Storage no longer configured: nothing we can delete.
    }
    const link = linkedSignal(undefined, RELEASE_TIMEOUT_MS);
    try {
      await releaseUnused(host, urls, { journal, inUse, signal: link.signal });
    } catch {
      // Clean-up is best effort: a leftover upload costs storage, never a job.
    } finally {
      link.dispose();
    }
  }

  async function estimate(
    spec: Pick<JobSpec, 'video' | 'audio' | 'options'>,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ checked: CheckedInputs; estimate: CostEstimate | undefined }> {
    const checked = await check(spec, options);
    const price = await client().getPrice(options.signal ? { signal: options.signal } : {});
    return { checked, estimate: estimateChecked(checked, price, spec.options) };
  }

  /** Proves the token with the cheapest authenticated call, before anything is uploaded; once per pipeline. */
  let tokenChecked = false;
  async function checkToken(signal: AbortSignal | undefined): Promise<void> {
    if (tokenChecked) return;
    try {
      await client().getPrice(signal ? { signal } : {});
    } catch (error) {
      // Only a definite refusal stops the job here; a price we cannot read says nothing about the token.
      if (AuthError.isInstance(error) || InsufficientBalanceError.isInstance(error)) throw error;
    }
    tokenChecked = true;
  }

  async function check(spec: Pick<JobSpec, 'video' | 'audio'>, options: { signal?: AbortSignal } = {}) {
    const source = (input: MediaInput): InputSource => {
      if (input.kind === 'url') return input.url;
      if (input.kind === 'blob') return { kind: 'blob', blob: input.blob, name: input.name };
      return { kind: 'file', path: input.path };
    };
    const files = platform.files;
    return checkInputs(
      { video: source(spec.video), audio: source(spec.audio) },
      {
        ...deps.preflight,
        fetch: platform.fetch,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(files ? { probeFile: (path: string) => files.probe(path) } : {}),
      },
    );
  }

  /** The job's claim; waits while another process holds it, unless told to report that. */
  async function acquire(jobId: string, options: RunOptions) {
    let told = false;
    for (;;) {
      const claim = await journal.claim(jobId);
      if (claim) return claim;
      if (options.whenBusy === 'report') return undefined;
      if (!told) {
        told = true;
        options.onProgress?.({ stage: 'waiting', jobId, heldElsewhere: true });
      }
      await sleep(claimPollMs, options.signal);
    }
  }

  /** Runs `body` holding the job's claim; the outcome of a job held elsewhere or stopped while waiting. */
  async function withClaim(
    jobId: string,
    options: RunOptions,
    body: () => Promise<PipelineOutcome>,
  ): Promise<PipelineOutcome> {
    let claim: Awaited<ReturnType<typeof acquire>>;
    try {
      claim = await acquire(jobId, options);
    } catch (error) {
      if (!isAbortError(error) && !options.signal?.aborted) throw error;
      const record = await journal.get(jobId).catch(() => undefined);
      return {
        status: 'interrupted',
        stage: 'waiting',
        keepsRunning: record?.requestId !== undefined,
        note: 'Stopped waiting for another process that is running this job; it carries on there.',
        jobId,
        requestId: record?.requestId,
        record,
      };
    }
    if (!claim) {
      const record = await journal.get(jobId).catch(() => undefined);
      return { status: 'elsewhere', jobId, requestId: record?.requestId, record };
    }
    try {
      return await body();
    } finally {
      await claim.release();
    }
  }

  function reporter(options: RunOptions, jobId: string) {
    let inProgressSince: number | undefined;
    return {
      report(progress: Omit<PipelineProgress, 'jobId'>) {
        options.onProgress?.({ jobId, ...progress });
      },
      onUpdate(update: JobUpdateWithId) {
        if (update.status === 'in_queue') {
          options.onProgress?.({
            stage: 'queued',
            jobId,
            requestId: update.requestId,
            queuePosition: update.queuePosition,
          });
        } else if (update.status === 'in_progress') {
          inProgressSince ??= now();
          const typical = median(processingMs);
          const etaMs = typical === undefined ? undefined : Math.max(0, typical - (now() - inProgressSince));
          options.onProgress?.({ stage: 'processing', jobId, requestId: update.requestId, etaMs });
        } else if (update.status === 'completed' && inProgressSince !== undefined) {
          processingMs.push(now() - inProgressSince);
          if (processingMs.length > 20) processingMs.shift();
        }
      },
    };
  }

  /** Uploads what must be uploaded (URLs pass through); one combined fraction for both files. */
  async function hostInputs(
    spec: JobSpec,
    signal: AbortSignal | undefined,
    report: (progress: Omit<PipelineProgress, 'jobId'>) => void,
  ): Promise<{ video: HostedInput; audio: HostedInput }> {
    const roles = (['video', 'audio'] as const).filter((role) => needsUpload(spec[role]));
    if (roles.length === 0) {
      return {
        video: passthrough(spec.video),
        audio: passthrough(spec.audio),
      };
    }
    if (!deps.inputHost) {
      throw new InputError('Local files need storage to be uploaded to, and none is configured.', {
        issues: roles.map((role) => ({
          field: role,
          message: 'is a local file; configure storage or give a URL',
        })),
        hint: 'Set up S3-compatible storage in the settings, or give https:// URLs for the inputs.',
      });
    }
    const host = deps.inputHost(roles.map((role) => describeInput(spec[role])));
    const sources = new Map<InputRole, Awaited<ReturnType<typeof uploadSourceFor>>>();
    for (const role of roles) sources.set(role, await uploadSourceFor(spec[role]));
    const sizes = new Map<InputRole, number>();
    for (const [role, source] of sources) sizes.set(role, sizeOf(source));
    const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    const sent = new Map<InputRole, number>();
    const onProgress = (progress: HostingProgress) => {
      const role = (progress.role ?? 'video') as InputRole;
      sent.set(
        role,
        progress.phase === 'done' ? (sizes.get(role) ?? progress.totalBytes) : progress.sentBytes,
      );
      const done = [...sent.values()].reduce((sum, bytes) => sum + bytes, 0);
      report({ stage: 'uploading', fraction: total > 0 ? Math.min(1, done / total) : undefined });
    };
    report({ stage: 'uploading', fraction: 0 });
    const put = async (role: InputRole): Promise<HostedInput> => {
      const source = sources.get(role);
      if (source === undefined) return passthrough(spec[role]);
      return host.put(source, { role, onProgress, ...(signal ? { signal } : {}) });
    };
    // One after the other: the dub is small next to the video, and the progress stays readable.
    const video = await put('video');
    try {
      return { video, audio: await put('audio') };
    } catch (error) {
      if (video.outcome !== 'passthrough') await release([video.url]);
      throw error;
    }
  }

  async function uploadSourceFor(input: MediaInput) {
    if (input.kind === 'blob') {
      const named: Blob = (input.blob as Blob & { name?: unknown }).name
        ? input.blob
        : new File([input.blob], input.name, { type: input.blob.type });
      return named;
    }
    if (input.kind === 'url') throw new Error('unreachable: URLs are passed through');
    if (!platform.files) {
      throw new InputError(`${input.path} is a local file, which cannot be read on this platform.`, {
        issues: [{ field: 'file', message: 'local files cannot be read here' }],
        hint: 'Give the input as a URL, or as a file picked in the panel.',
      });
    }
    return platform.files.uploadSource(input.path);
  }

  /** What an abort means for a job that may have been submitted (see RunOptions.onAbort). */
  async function interrupted(
    jobId: string,
    stage: PipelineStage,
    options: RunOptions,
  ): Promise<PipelineOutcome> {
    const record = await journal.get(jobId).catch(() => undefined);
    const ids = { jobId: record ? jobId : undefined, requestId: record?.requestId, record };
    if (!record?.requestId) {
      if (record?.status === 'ambiguous') return ambiguousOutcome(record);
      return nothingSubmitted(stage, ids);
    }
    const requestId = record.requestId;
    const keepsRunning = (note: string): PipelineOutcome => ({
      ...ids,
      status: 'interrupted',
      stage,
      keepsRunning: true,
      note,
    });
    if (record.status === 'completed' || stage === 'downloading') {
      return keepsRunning(`react-1 request ${requestId} has finished; its result is not downloaded yet.`);
    }
    const processing = `react-1 request ${requestId} is already being processed and can't be cancelled; it keeps running.`;
    if (record.status !== 'in_queue' || options.onAbort === 'leave') {
      return keepsRunning(
        options.onAbort === 'leave'
          ? `Stopped following request ${requestId}; it keeps running.`
          : processing,
      );
    }
    const answer = await cancelRequest(record).catch((error: unknown) => error);
    if (answer === 'cancelled') {
      const updated = await journal.get(jobId);
      return { status: 'cancelled', jobId, requestId, record: updated };
    }
    if (answer === 'not_cancellable') return keepsRunning(processing);
    const why = ReanimateError.isInstance(answer) ? answer.message : String(answer);
    return keepsRunning(`Could not cancel react-1 request ${requestId} (${why}); it may still run.`);
  }

  /** Cancel, then read the status: cancel is a request, not a fact. Needs the job's claim. */
  async function cancelRequest(record: JobRecord): Promise<'cancelled' | 'not_cancellable'> {
    const requestId = record.requestId as string;
    const link = linkedSignal(undefined, CANCEL_TIMEOUT_MS);
    try {
      let status: string | undefined;
      try {
        status = (await client().cancel(requestId, { signal: link.signal })).status;
      } catch (error) {
        // 409 and friends: not cancellable any more; the status says what it is now.
        if (!ApiError.isInstance(error)) throw error;
      }
      status ??= (await client().getStatus(requestId, { signal: link.signal })).status;
      if (status !== 'cancelled') return 'not_cancellable';
      await journal.update(record.jobId, { status: 'cancelled' });
      await release(pipelineMeta(record)?.uploaded ?? []);
      return 'cancelled';
    } finally {
      link.dispose();
    }
  }

  /** Downloads the output where the job says, records it, releases the uploads. */
  async function save(
    record: JobRecord,
    meta: PipelineMeta,
    outputs: readonly string[],
    options: RunOptions,
    resumed: boolean,
  ): Promise<PipelineOutcome> {
    const { jobId } = record;
    const requestId = record.requestId as string;
    const { report } = reporter(options, jobId);
    const signal = options.signal;
    let urls = [...outputs];
    const to = (url: string) =>
      platform.save(url, meta.out, {
        conflict: meta.conflict,
        signal,
        onProgress: (progress) =>
          report({
            stage: 'downloading',
            requestId,
            fraction: progress.totalBytes ? progress.receivedBytes / progress.totalBytes : undefined,
          }),
      });
    report({ stage: 'downloading', requestId, fraction: 0 });
    try {
      let saved: Awaited<ReturnType<typeof to>>;
      try {
        saved = await to(urls[0] as string);
      } catch (error) {
        const status =
          ApiError.isInstance(error) || DownloadError.isInstance(error) ? error.status : undefined;
        if (signal?.aborted || status === undefined || !EXPIRED_OUTPUT_STATUSES.has(status)) throw error;
        // Output URLs expire: the service hands out a fresh one with the result, once.
        urls = (await client().getResult(requestId, signal ? { signal } : {})).outputs;
        try {
          if (urls.length === 0) throw error;
          saved = await to(urls[0] as string);
        } catch (again) {
          const stillGone =
            ApiError.isInstance(again) || DownloadError.isInstance(again) ? again.status : undefined;
          if (
            signal?.aborted ||
            (again !== error && (stillGone === undefined || !EXPIRED_OUTPUT_STATUSES.has(stillGone)))
          )
            throw again;
          const expired = new OutputExpiredError(requestId, { cause: again });
          const record = await journal.update(jobId, {
            status: 'expired',
            error: { code: expired.code, message: expired.message },
          });
          await release(meta.uploaded);
          return { status: 'expired', jobId, requestId, record, error: expired };
        }
      }
      const done = await journal.update(jobId, {
        status: 'downloaded',
        localPath: saved.path,
        outputs: urls,
      });
      await release(meta.uploaded);
      const output = await probeOutput(saved.path);
      const drift = await driftOf(record, meta, output);
      report({ stage: 'done', requestId, fraction: 1 });
      return {
        status: 'done',
        jobId,
        requestId,
        record: done,
        path: saved.path,
        bytes: saved.bytes,
        outputUrl: urls[0] as string,
        durationSec: output?.durationSec,
        reused: false,
        resumed,
        ...(drift ? { drift } : {}),
      };
    } catch (error) {
      if (signal?.aborted || isAbortError(error)) return interrupted(jobId, 'downloading', options);
      return failure(error, await journal.get(jobId).catch(() => record));
    }
  }

  /** The saved output's probe, when the platform reads files; a probe that fails says nothing, never fails a job. */
  async function probeOutput(path: string): Promise<MediaProbe | undefined> {
    try {
      return await platform.files?.probe(path);
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the result drifts from what its inputs promise (the output length the lipsync_mode makes, the
   * source's frame rate) by more than a frame: placed over the original it would slip. Local sources only; a probe
   * that fails says nothing (undefined), it never fails the job.
   */
  async function driftOf(
    record: JobRecord,
    meta: PipelineMeta,
    result: MediaProbe | undefined,
  ): Promise<Drift | undefined> {
    const files = platform.files;
    const { video, audio } = meta.sources;
    if (!files || !result || video.kind !== 'file' || audio.kind !== 'file') return undefined;
    try {
      const [source, dub] = await Promise.all([files.probe(video.path), files.probe(audio.path)]);
      if (
        source.durationSec === undefined ||
        dub.durationSec === undefined ||
        result.durationSec === undefined
      )
        return undefined;
      const expected = outputSeconds(record.input.lipsync_mode, source.durationSec, dub.durationSec);
      const found = outputDrift(
        { durationSec: source.durationSec, fps: source.video?.fps },
        { durationSec: result.durationSec, fps: result.video?.fps },
        expected,
      );
      return found.drifts
        ? { bySec: found.bySec, byFrames: found.byFrames, message: found.message as string }
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Picks up a record we hold the claim of: never submits. */
  async function continueRecord(record: JobRecord, options: RunOptions): Promise<PipelineOutcome> {
    const ids = { jobId: record.jobId, requestId: record.requestId, record };
    const meta = pipelineMeta(record);
    switch (record.status) {
      case 'ambiguous':
        return ambiguousOutcome(record);
      case 'not_submitted':
        return {
          ...ids,
          status: 'not_submitted',
          error: new JournalError(record.error?.message ?? 'This job was never submitted.', {
            hint: 'Run it again to submit it: no job exists on the service for it.',
          }),
        };
      case 'failed':
        return {
          ...ids,
          status: 'failed',
          error: new JobFailedError(record.requestId ?? '(none)', record.error?.message ?? 'unknown reason'),
        };
      case 'cancelled':
        return { ...ids, status: 'cancelled', requestId: record.requestId ?? '(none)' };
      case 'lost':
        return {
          ...ids,
          status: 'lost',
          error: new RequestLostError(record.requestId ?? '(none)', {
            ...(record.error?.message ? { serviceMessage: record.error.message } : {}),
          }),
        };
      case 'expired':
        return { ...ids, status: 'expired', error: new OutputExpiredError(record.requestId ?? '(none)') };
      case 'downloaded':
        if (record.localPath && record.requestId && (await outputStillThere(record.localPath))) {
          return {
            status: 'done',
            jobId: record.jobId,
            requestId: record.requestId,
            record,
            path: record.localPath,
            bytes: undefined,
            outputUrl: record.outputs?.[0] ?? '',
            durationSec: (await probeOutput(record.localPath))?.durationSec,
            reused: true,
            resumed: true,
          };
        }
        break;
      default:
        break;
    }
    if (!meta) {
      return {
        ...ids,
        status: 'failed',
        error: new JournalError(
          `Job ${record.jobId} was not written by the job pipeline, so it cannot be resumed here.`,
          {
            hint: 'Resume it with the app that started it.',
          },
        ),
      };
    }
    const { onUpdate } = reporter(options, record.jobId);
    if (record.status === 'in_queue')
      onUpdate({
        requestId: record.requestId as string,
        status: 'in_queue',
        queuePosition: record.queuePosition,
        elapsedMs: 0,
        jobId: record.jobId,
      });
    let followed: Awaited<ReturnType<ReanimateClient['resumeJob']>>;
    try {
      followed = await client().resumeJob(record, {
        journal,
        claimed: true,
        signal: options.signal,
        onUpdate,
        onUnreachable: unreachable(options, record.jobId),
      });
    } catch (error) {
      return settleFailure(record.jobId, error, options, 'processing');
    }
    const fresh = (await journal.get(record.jobId)) ?? record;
    return save(fresh, meta, followed.outputs, options, true);
  }

  async function outputStillThere(path: string): Promise<boolean> {
    // A platform without files keeps outputs at their URL (the browser harness).
    if (!platform.files) return true;
    return platform.files.isFile(path);
  }

  /** The outcome of an error thrown while submitting or following; releases uploads when the job is over. */
  async function settleFailure(
    jobId: string,
    error: unknown,
    options: RunOptions,
    stage: PipelineStage,
  ): Promise<PipelineOutcome> {
    if (options.signal?.aborted || isAbortError(error)) return interrupted(jobId, stage, options);
    const record = await journal.get(jobId).catch(() => undefined);
    if (record && ['failed', 'cancelled', 'not_submitted'].includes(record.status)) {
      await release(pipelineMeta(record)?.uploaded ?? []);
    }
    if (AmbiguousSubmitError.isInstance(error)) {
      return {
        status: 'ambiguous',
        jobId,
        requestId: undefined,
        record,
        error,
      };
    }
    if (JobCancelledError.isInstance(error)) {
      return { status: 'cancelled', jobId, requestId: record?.requestId ?? error.requestId, record };
    }
    if (RequestLostError.isInstance(error)) {
      return { status: 'lost', jobId, requestId: error.requestId, record, error };
    }
    if (ServiceUnreachableError.isInstance(error)) {
      return { status: 'unreachable', jobId, requestId: error.requestId, record, error };
    }
    if (record?.status === 'not_submitted') {
      return { status: 'not_submitted', jobId, requestId: undefined, record, error: asReanimateError(error) };
    }
    return failure(error, record);
  }

  async function fresh(jobId: string, spec: JobSpec, options: RunOptions): Promise<PipelineOutcome> {
    const { report, onUpdate } = reporter(options, jobId);
    const base = { jobId: undefined, requestId: undefined, record: undefined };
    let stage: PipelineStage = 'checking';
    let hostedUrls: string[] = [];
    let marked = false;
    try {
      if (!options.checked) {
        report({ stage: 'checking' });
        await check(spec, options.signal ? { signal: options.signal } : {});
      }
      // Before uploading anything: a refused token or an empty balance is found now, not after the uploads.
      await checkToken(options.signal);
      if (platform.files?.canWrite) {
        const problem = await platform.files.canWrite(spec.out);
        if (problem) {
          throw new InputError(`The result cannot be saved to ${spec.out}: ${problem}.`, {
            issues: [{ field: 'out', message: problem }],
            hint: 'Choose an output folder you can write to; nothing was uploaded or sent.',
          });
        }
      }
      stage = 'uploading';
      const hosted = await hostInputs(spec, options.signal, report);
      hostedUrls = [hosted.video, hosted.audio]
        .filter((item) => item.outcome !== 'passthrough')
        .map((item) => item.url);
      markInUse(hostedUrls, 1);
      marked = true;
      const meta: PipelineMeta = {
        app: spec.app,
        ...(spec.key !== undefined ? { key: spec.key, attempt: spec.attempt ?? 1 } : {}),
        out: spec.out,
        conflict: spec.conflict ?? 'fail',
        sources: { video: sourceRef(spec.video), audio: sourceRef(spec.audio) },
        shown: { video: describeInput(spec.video), audio: describeInput(spec.audio) },
        uploaded: hostedUrls,
        ...(spec.shell ? { shell: spec.shell } : {}),
      };
      await options.beforeSubmit?.(options.signal);
      stage = 'submitting';
      report({ stage: 'submitting' });
      let outcome: Awaited<ReturnType<ReanimateClient['runJob']>>;
      try {
        outcome = await client().runJob(
          { ...spec.options, video_url: hosted.video.url, audio_url: hosted.audio.url },
          {
            journal,
            jobId,
            claimed: true,
            meta: toJournalMeta(meta),
            signal: options.signal,
            onUpdate,
            onUnreachable: unreachable(options, jobId),
            ...(options.estimatedUsd === undefined ? {} : { cost: { estimatedUsd: options.estimatedUsd } }),
          },
        );
      } finally {
        // From here the journal holds the URLs: releaseUnused sees them there.
        markInUse(hostedUrls, -1);
        marked = false;
      }
      const record = (await journal.get(jobId)) as JobRecord;
      return await save(record, meta, outcome.outputs, options, false);
    } catch (error) {
      if (marked) markInUse(hostedUrls, -1);
      const record = await journal.get(jobId).catch(() => undefined);
      if (!record) {
        // Nothing reached the journal: pre-flight, storage or upload stopped it, or the submit was never written.
        await release(hostedUrls);
        if (options.signal?.aborted || isAbortError(error)) return nothingSubmitted(stage, base);
        if (InputError.isInstance(error)) return { ...base, status: 'refused', error };
        // The token check or the submit was refused outright (a token problem, no balance): nothing exists.
        return { ...base, status: 'not_submitted', error: asReanimateError(error) };
      }
      return settleFailure(jobId, error, options, record.requestId ? 'processing' : stage);
    }
  }

  async function jobIdFor(spec: JobSpec): Promise<string> {
    if (spec.jobId) return spec.jobId;
    if (spec.key !== undefined) return deterministicJobId(spec.key, spec.attempt ?? 1);
    return newJobId();
  }

  async function recordOf(target: JobRecord | string): Promise<JobRecord> {
    const record = typeof target === 'string' ? await journal.get(target) : target;
    if (!record) {
      throw new JournalError(`Job ${String(target)} is not in the journal.`, {
        hint: 'List the jobs to see their ids.',
      });
    }
    return record;
  }

  return {
    check,
    estimate,
    async run(spec, options = {}) {
      const jobId = await jobIdFor(spec);
      return withClaim(jobId, options, async () => {
        const existing = await journal.get(jobId);
        return existing ? continueRecord(existing, options) : fresh(jobId, spec, options);
      });
    },
    async resume(target, options = {}) {
      const record = await recordOf(target);
      return withClaim(record.jobId, options, async () =>
        continueRecord((await journal.get(record.jobId)) ?? record, options),
      );
    },
    async retry(target, options = {}) {
      const record = await recordOf(target);
      const meta = pipelineMeta(record);
      if (!meta) {
        throw new JournalError(
          `Job ${record.jobId} was not written by the job pipeline, so it cannot be retried here.`,
        );
      }
      const input = (role: InputRole): MediaInput => {
        const given = options.inputs?.[role];
        if (given) return given;
        const source = meta.sources[role];
        if (source.kind === 'file') return { kind: 'file', path: source.path };
        if (source.kind === 'url')
          return { kind: 'url', url: role === 'video' ? record.input.video_url : record.input.audio_url };
        throw new InputError(
          `The ${role} of job ${record.jobId} was a file picked in the panel (${source.name}); it cannot be read again.`,
          {
            issues: [{ field: role, message: 'pick the file again' }],
            hint: 'Start the job again from the clip.',
          },
        );
      };
      const { video_url: _video, audio_url: _audio, ...react1Options } = record.input;
      const attempt = (meta.attempt ?? 1) + 1;
      return this.run(
        {
          video: input('video'),
          audio: input('audio'),
          options: react1Options,
          out: meta.out,
          conflict: meta.conflict,
          app: meta.app,
          ...(meta.key !== undefined ? { key: meta.key, attempt } : {}),
          ...(meta.shell ? { shell: meta.shell } : {}),
        },
        options,
      );
    },
    async cancel(jobId, options = {}) {
      const claim = await journal.claim(jobId);
      const record = await recordOf(jobId);
      if (!record.requestId) {
        await claim?.release();
        throw new JournalError(
          `Job ${jobId} has no request id yet, so there is nothing to cancel on the service.`,
          {
            hint: 'Stop the run that is submitting it instead.',
          },
        );
      }
      if (!claim) {
        // Another run follows it: ask the service; that run sees `cancelled` at its next poll and records it.
        const link = linkedSignal(options.signal, CANCEL_TIMEOUT_MS);
        try {
          const answer = await client()
            .cancel(record.requestId, { signal: link.signal })
            .catch((error: unknown) => {
              if (ApiError.isInstance(error)) return undefined;
              throw error;
            });
          const status =
            answer?.status ?? (await client().getStatus(record.requestId, { signal: link.signal })).status;
          return status === 'cancelled' ? 'cancelled' : 'not_cancellable';
        } finally {
          link.dispose();
        }
      }
      try {
        return await cancelRequest(record);
      } finally {
        await claim.release();
      }
    },
  };
}

/** Forwards an outage to the shell as progress: following carries on, visibly. */
function unreachable(options: RunOptions, jobId: string) {
  return (outage: { requestId: string; since: number | undefined }) =>
    options.onProgress?.({
      stage: 'processing',
      jobId,
      requestId: outage.requestId,
      unreachableSince: outage.since,
    });
}

function passthrough(input: MediaInput): HostedInput {
  if (input.kind !== 'url') throw new Error('unreachable: only URLs pass through');
  return { url: input.url, expiresAt: null, outcome: 'passthrough' };
}

function sourceRef(input: MediaInput): SourceRef {
  if (input.kind === 'url') return { kind: 'url' };
  if (input.kind === 'file') return { kind: 'file', path: input.path };
  return { kind: 'blob', name: input.name };
}

function sizeOf(source: Blob | { sizeBytes: number } | string | URL): number {
  if (typeof source === 'string' || source instanceof URL) return 0;
  return 'sizeBytes' in source ? source.sizeBytes : source.size;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Stopped before anything was submitted. */
function nothingSubmitted(
  stage: PipelineStage,
  ids: Pick<PipelineOutcome, 'jobId' | 'requestId' | 'record'>,
): PipelineOutcome {
  return {
    ...ids,
    status: 'interrupted',
    stage,
    keepsRunning: false,
    note:
      stage === 'uploading'
        ? 'Stopped while uploading; nothing was submitted.'
        : 'Stopped; nothing was submitted.',
  };
}

function ambiguousOutcome(record: JobRecord): PipelineOutcome {
  return {
    status: 'ambiguous',
    jobId: record.jobId,
    requestId: undefined,
    record,
    error: new AmbiguousSubmitError(`Job ${record.jobId} may or may not have been accepted by the service.`, {
      jobId: record.jobId,
      ...(record.submittedAt ? { submittedAt: record.submittedAt } : {}),
    }),
  };
}

function failure(error: unknown, record: JobRecord | undefined): PipelineOutcome {
  return {
    status: 'failed',
    jobId: record?.jobId,
    requestId: record?.requestId,
    record,
    error: asReanimateError(error),
  };
}

/** Our errors pass through; anything else (a bug, a platform's own error) is wrapped with its message. */
function asReanimateError(error: unknown): ReanimateError {
  if (ReanimateError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ReanimateError('unexpected', message, { cause: error });
}

/** What checked inputs will cost at `price`; undefined when a per-second price meets an input of unknown length. */
export function estimateChecked(
  checked: CheckedInputs,
  price: ModelPrice,
  options: Pick<JobSpec['options'], 'lipsync_mode'>,
): CostEstimate | undefined {
  const videoSec = checked.video.probe?.durationSec;
  const audioSec = checked.audio.probe?.durationSec;
  if (price.priceUnit === 'second' && (videoSec === undefined || audioSec === undefined)) return undefined;
  return estimateCost(price, {
    videoSec: videoSec ?? 0,
    audioSec: audioSec ?? 0,
    lipsyncMode: options.lipsync_mode ?? DEFAULTS.lipsync_mode,
  });
}
