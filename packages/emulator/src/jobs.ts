import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FfmpegError } from '@reanimate/ffmpeg';
import type { React1Job } from './contract.js';
import type { FaultStore } from './faults.js';
import { type FetchedInput, fetchInput, InputFailure } from './fetch-input.js';
import type { OutputStore } from './files.js';
import { delay } from './http.js';
import { render } from './render.js';
import type { JobSnapshot, Processing } from './types.js';

/** A job as the queue keeps it: what a snapshot shows (its queue position is derived), plus what only we know. */
interface Job extends Omit<JobSnapshot, 'queuePosition'> {
  /** Set by a `fail` fault rule: the job runs, then fails with this reason. */
  injectedFailure: string | undefined;
}

export interface JobQueueOptions {
  workers: number;
  processing: Processing;
  now: () => number;
  faults: FaultStore;
  outputs: OutputStore;
  ffmpeg: string | undefined;
  /** Scratch space for downloaded inputs. */
  workDir: string;
  fetchTimeoutMs: number;
  maxInputBytes: number | undefined;
  /** The server's origin, for absolute output URLs (known only once it listens). */
  origin: () => string;
}

export type CancelOutcome =
  | { ok: true; job: JobSnapshot; alreadyCancelled: boolean }
  | { ok: false; job: JobSnapshot | undefined };

/**
 * The service's queue: FIFO, `workers` jobs at a time, each moving in_queue → in_progress → completed | failed,
 * or in_queue → cancelled. Only queued jobs can be cancelled, as documented.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly events = new EventEmitter();
  private closed = false;

  private readonly forgotten = new Set<string>();

  constructor(private readonly options: JobQueueOptions) {
    this.events.setMaxListeners(0);
  }

  submit(input: React1Job): JobSnapshot {
    const job: Job = {
      id: randomUUID(),
      input,
      status: 'in_queue',
      createdAt: this.options.now(),
      startedAt: undefined,
      finishedAt: undefined,
      error: undefined,
      outputUrl: undefined,
      renderedWith: undefined,
      outputDurationSec: undefined,
      videoDurationSec: undefined,
      audioDurationSec: undefined,
      injectedFailure: undefined,
    };
    job.injectedFailure = this.options.faults.takeJobFailure(job.id, false);
    this.jobs.set(job.id, job);
    this.queue.push(job);
    const snapshot = this.snapshot(job);
    // Workers pick it up on a later turn, so the submit answer is written before the job can change state.
    setImmediate(() => this.pump());
    return snapshot;
  }

  get(id: string): JobSnapshot | undefined {
    const job = this.jobs.get(id);
    return job ? this.snapshot(job) : undefined;
  }

  /** The service forgets the request (a `forget` fault): the API answers 404001 for it from now on. */
  forget(id: string): void {
    this.forgotten.add(id);
  }

  isForgotten(id: string): boolean {
    return this.forgotten.has(id);
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((job) => this.snapshot(job));
  }

  cancel(id: string): CancelOutcome {
    const job = this.jobs.get(id);
    if (!job) return { ok: false, job: undefined };
    if (job.status === 'cancelled') return { ok: true, job: this.snapshot(job), alreadyCancelled: true };
    if (job.status !== 'in_queue') return { ok: false, job: this.snapshot(job) };
    this.queue.splice(this.queue.indexOf(job), 1);
    this.finish(job, 'cancelled');
    return { ok: true, job: this.snapshot(job), alreadyCancelled: false };
  }

  /** Resolves once the job is terminal. */
  waitFor(id: string, timeoutMs: number): Promise<JobSnapshot> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const job = this.jobs.get(id);
        if (!job) {
          cleanup();
          reject(new Error(`no job ${id}`));
        } else if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
          cleanup();
          resolve(this.snapshot(job));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`job ${id} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
      check();
    });
  }

  /** Stops the workers: running jobs are aborted (and fail), queued ones stay queued. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.all([...this.running.values()].map((entry) => entry.done));
  }

  private snapshot(job: Job): JobSnapshot {
    const { injectedFailure: _private, ...shown } = job;
    return {
      ...shown,
      input: { ...job.input },
      queuePosition: job.status === 'in_queue' ? this.queue.indexOf(job) : undefined,
    };
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.options.workers && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const controller = new AbortController();
      const done = this.process(job, controller.signal).finally(() => {
        this.running.delete(job.id);
        this.pump();
      });
      this.running.set(job.id, { controller, done });
    }
  }

  private async process(job: Job, signal: AbortSignal): Promise<void> {
    job.status = 'in_progress';
    job.startedAt = this.options.now();
    this.events.emit('change');
    const dir = join(this.options.workDir, job.id);
    let outcome: { status: 'completed' } | { status: 'failed'; error: string };
    try {
      outcome = await this.work(job, dir, signal);
    } catch (error) {
      outcome = { status: 'failed', error: failureReason(error, signal) };
    }
    // Scratch files go before the job is reported finished, so a finished job never holds a worker.
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    // finishedAt is the moment a poll can first see the outcome: what detection latency is measured against.
    if (outcome.status === 'completed') this.finish(job, 'completed');
    else this.finish(job, 'failed', outcome.error);
  }

  private async work(
    job: Job,
    dir: string,
    signal: AbortSignal,
  ): Promise<{ status: 'completed' } | { status: 'failed'; error: string }> {
    const started = performance.now();
    await mkdir(dir, { recursive: true });
    const fetchOptions = {
      signal,
      timeoutMs: this.options.fetchTimeoutMs,
      maxBytes: this.options.maxInputBytes,
      ffmpeg: this.options.ffmpeg,
    };
    // Both downloads run at once; when both fail, the video's reason is reported, so the answer is stable.
    const [video, audio] = await Promise.allSettled([
      fetchInput('video_url', job.input.video_url, { ...fetchOptions, dest: join(dir, 'video') }),
      fetchInput('audio_url', job.input.audio_url, { ...fetchOptions, dest: join(dir, 'audio') }),
    ]);
    if (video.status === 'rejected') throw video.reason;
    if (audio.status === 'rejected') throw audio.reason;
    job.videoDurationSec = video.value.durationSec;
    job.audioDurationSec = audio.value.durationSec;
    const minimumMs = this.minimumMs(video.value, audio.value);

    const injected = job.injectedFailure ?? this.options.faults.takeJobFailure(job.id, true);
    if (injected !== undefined) {
      await delay(minimumMs - (performance.now() - started), signal);
      if (signal.aborted) throw new Error('stopped');
      return { status: 'failed', error: injected };
    }

    job.renderedWith = await this.render(
      job,
      video.value,
      audio.value,
      this.options.outputs.pathFor(job.id),
      signal,
    );
    // The client sees the longer of the configured processing time and the real work.
    await delay(minimumMs - (performance.now() - started), signal);
    if (signal.aborted) throw new Error('stopped');
    const at = this.options.now();
    job.outputUrl = this.options.origin() + this.options.outputs.publish(job.id, at);
    return { status: 'completed' };
  }

  private async render(
    job: Job,
    video: FetchedInput,
    audio: FetchedInput,
    outPath: string,
    signal: AbortSignal,
  ): Promise<'ffmpeg' | 'copy'> {
    const ffmpeg = this.options.ffmpeg;
    if (ffmpeg && (video.durationSec === undefined || audio.durationSec === undefined)) {
      const field = video.durationSec === undefined ? 'video_url' : 'audio_url';
      throw new InputFailure(field, `${field} could not be decoded: its duration cannot be determined`);
    }
    const result = await render(ffmpeg, {
      videoPath: video.path,
      audioPath: audio.path,
      videoSec: video.durationSec ?? 0,
      audioSec: audio.durationSec ?? 0,
      mode: job.input.lipsync_mode,
      outPath,
      signal,
    });
    job.outputDurationSec = result.durationSec;
    return result.renderedWith;
  }

  private minimumMs(video: FetchedInput, audio: FetchedInput): number {
    const processing = this.options.processing;
    if ('fixedMs' in processing) return processing.fixedMs;
    const seconds = Math.max(video.durationSec ?? 0, audio.durationSec ?? 0);
    return processing.perInputSecondMs * seconds;
  }

  private finish(job: Job, status: 'completed' | 'failed' | 'cancelled', error?: string): void {
    job.status = status;
    job.finishedAt = this.options.now();
    job.error = error;
    this.events.emit('change');
  }
}

function failureReason(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'the service shut down while processing this request';
  if (error instanceof InputFailure) return error.message;
  if (error instanceof FfmpegError) return `the inputs could not be processed (${error.message})`;
  return `internal error while processing: ${error instanceof Error ? error.message : String(error)}`;
}
