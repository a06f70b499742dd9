import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, type LocalS3, startEmulator, startLocalS3 } from '@reanimate/emulator';
import { samples } from '@reanimate/samples';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createClient,
  createPipeline,
  type JobSpec,
  type Pipeline,
  type PipelineOutcome,
  type PipelineProgress,
  pipelineMeta,
} from '../src/index.js';
import { createNodeInputHost, nodePlatform } from '../src/node.js';
import { FAST_POLL, routes, settleEmulator, TOKEN } from './client-fixture.js';

/**
 * The job pipeline end to end: real files, a real S3-compatible store (s3rver), the emulator fetching the
 * presigned URLs over real sockets, and the file journal on disk.
 */
let emulator: Emulator;
let s3: LocalS3;
let dir: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  emulator = await startEmulator({
    tokens: [TOKEN],
    ffmpegPath: false,
    workers: 1,
    processing: { fixedMs: 300 },
  });
});
afterAll(async () => {
  await emulator?.close();
  await s3?.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reanimate-pipeline-'));
});
afterEach(async () => {
  await settleEmulator(emulator);
  await rm(dir, { recursive: true, force: true });
});

/** One pipeline as one process would build it; several on the same journal folder behave like several processes. */
function makePipeline(): Pipeline {
  const platform = nodePlatform({ journalDir: join(dir, 'jobs') });
  const host = createNodeInputHost({ provider: 's3', s3: s3.settings });
  return createPipeline({
    platform,
    client: createClient({ token: TOKEN, baseUrl: emulator.url, fetch: platform.fetch, poll: FAST_POLL }),
    inputHost: () => host,
    claimPollMs: 50,
  });
}

function spec(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    video: { kind: 'file', path: samples.faceMp4 },
    audio: { kind: 'file', path: samples.dubWav },
    options: { emotion: 'happy' },
    out: join(dir, 'out', 'result.mp4'),
    conflict: 'replace',
    app: 'test',
    ...overrides,
  };
}

/** Whether a presigned URL still names an object (s3rver answers 404 once it is deleted). */
async function objectExists(url: string): Promise<boolean> {
  const response = await fetch(url);
  await response.body?.cancel();
  return response.status === 200;
}

function expectDone(
  outcome: PipelineOutcome,
): asserts outcome is Extract<PipelineOutcome, { status: 'done' }> {
  expect(outcome.status, JSON.stringify(outcome, null, 1)).toBe('done');
}

describe('the job pipeline', () => {
  it('uploads, submits, follows, downloads, journals and releases the uploads, reporting each stage', async () => {
    const stages: PipelineProgress['stage'][] = [];
    const outcome = await makePipeline().run(spec(), {
      onProgress: (progress) => {
        if (stages.at(-1) !== progress.stage) stages.push(progress.stage);
      },
    });
    expectDone(outcome);
    expect(outcome.reused).toBe(false);
    expect(existsSync(outcome.path)).toBe(true);
    expect(readFileSync(outcome.path).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(stages[0]).toBe('checking');
    expect(stages).toEqual(expect.arrayContaining(['uploading', 'submitting', 'downloading', 'done']));
    expect(stages.indexOf('uploading')).toBeLessThan(stages.indexOf('submitting'));
    expect(stages.at(-1)).toBe('done');
    expect(outcome.record?.status).toBe('downloaded');
    expect(outcome.record?.localPath).toBe(outcome.path);
    const meta = pipelineMeta(outcome.record!);
    expect(meta?.uploaded).toHaveLength(2);
    // Both uploads are gone once the job is over: nothing else needs them.
    expect(await objectExists(outcome.record!.input.video_url)).toBe(false);
    expect(await objectExists(outcome.record!.input.audio_url)).toBe(false);
    expect(routes(emulator, 'submit')).toHaveLength(1);
    // This emulator copies the 4.0 s face as the output (no ffmpeg), where bounce promises the 4.5 s of the dub:
    // the result drifts, and the outcome says so before anyone places it.
    expect(outcome.drift).toMatchObject({ bySec: -0.5, byFrames: -12 });
    // The saved output's length, from the one probe the drift check made of it.
    expect(outcome.durationSec).toBe(4);
    expect(outcome.drift?.message).toMatch(/0\.500 s shorter than expected \(12 frames\)/);
  }, 30_000);

  it('waits for beforeSubmit after the uploads and before the submit is journaled or sent; a refusal sends nothing', async () => {
    const pipeline = makePipeline();
    const before = routes(emulator, 'submit').length;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const running = pipeline.run(spec({ jobId: 'gated-1' }), {
      onProgress: (progress) => {
        if (seen.at(-1) !== progress.stage) seen.push(progress.stage);
      },
      beforeSubmit: () => {
        seen.push('beforeSubmit');
        return gate;
      },
    });
    await vi.waitFor(() => expect(seen).toContain('beforeSubmit'), { timeout: 15_000 });
    expect(seen).not.toContain('submitting');
    expect(routes(emulator, 'submit')).toHaveLength(before);
    release();
    expectDone(await running);
    expect(seen.indexOf('beforeSubmit')).toBeLessThan(seen.indexOf('submitting'));
    expect(routes(emulator, 'submit')).toHaveLength(before + 1);

    const refused = await makePipeline().run(spec({ jobId: 'gated-2' }), {
      beforeSubmit: async () => {
        throw new Error('no slot today');
      },
    });
    expect(refused.status).not.toBe('done');
    expect(routes(emulator, 'submit')).toHaveLength(before + 1);
    expect(refused.record?.requestId).toBeUndefined();
  }, 30_000);

  it('reports no drift for a result as long as its inputs promise', async () => {
    const rendering = await startEmulator({ tokens: [TOKEN], processing: { fixedMs: 50 } });
    try {
      const platform = nodePlatform({ journalDir: join(dir, 'jobs-rendered') });
      const host = createNodeInputHost({ provider: 's3', s3: s3.settings });
      const outcome = await createPipeline({
        platform,
        client: createClient({
          token: TOKEN,
          baseUrl: rendering.url,
          fetch: platform.fetch,
          poll: FAST_POLL,
        }),
        inputHost: () => host,
      }).run(spec());
      expectDone(outcome);
      expect(outcome.drift).toBeUndefined();
    } finally {
      await rendering.close();
    }
  }, 60_000);

  it('refuses inputs by code before anything is uploaded or sent', async () => {
    const outcome = await makePipeline().run(spec({ video: { kind: 'file', path: samples.long16sMp4 } }));
    expect(outcome.status).toBe('refused');
    if (outcome.status !== 'refused') return;
    expect(outcome.error.issues).toEqual([
      expect.objectContaining({ field: 'video', code: 'too_long', limit: 15, actual: expect.closeTo(16, 1) }),
    ]);
    expect(outcome.jobId).toBeUndefined();
    expect(routes(emulator, 'submit')).toHaveLength(0);
  });

  it('fetches a fresh result once when the output URL has expired', async () => {
    emulator.injectFault({ kind: 'http', status: 404, route: 'output', times: 1 });
    const outcome = await makePipeline().run(spec());
    expectDone(outcome);
    expect(existsSync(outcome.path)).toBe(true);
    expect(routes(emulator, 'result')).toHaveLength(2);
    expect(routes(emulator, 'output').map((request) => request.status)).toEqual([404, 200]);
  }, 30_000);

  it('submits a keyed job once when two processes run it at the same moment; both end with the output', async () => {
    const first = makePipeline();
    const second = makePipeline();
    const keyed = spec({ key: 'row-1' });
    const waiting: string[] = [];
    const [a, b] = await Promise.all([
      first.run(keyed),
      second.run(keyed, { onProgress: (p) => p.stage === 'waiting' && waiting.push(p.stage) }),
    ]);
    expectDone(a);
    expectDone(b);
    expect(routes(emulator, 'submit')).toHaveLength(1);
    expect(a.jobId).toBe(b.jobId);
    expect([a.resumed, b.resumed].sort()).toEqual([false, true]);
    expect(existsSync(a.path)).toBe(true);
  }, 30_000);

  it('says a job is held elsewhere when asked to report rather than wait', async () => {
    const first = makePipeline();
    // The first one holds the claim once it reports its first stage (progress comes only with the claim held).
    let claimed: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const running = first.run(spec({ key: 'row-2' }), { onProgress: () => claimed() });
    await holding;
    const outcome = await makePipeline().run(spec({ key: 'row-2' }), { whenBusy: 'report' });
    expect(outcome.status).toBe('elsewhere');
    expectDone(await running);
    expect(routes(emulator, 'submit')).toHaveLength(1);
  }, 30_000);

  it('skips a keyed job whose output is already there, and downloads again when it is missing', async () => {
    const pipeline = makePipeline();
    const first = await pipeline.run(spec({ key: 'row-3' }));
    expectDone(first);
    const again = await pipeline.run(spec({ key: 'row-3' }));
    expectDone(again);
    expect(again.reused).toBe(true);
    await rm(first.path);
    const refetched = await pipeline.run(spec({ key: 'row-3' }));
    expectDone(refetched);
    expect(refetched.reused).toBe(false);
    expect(existsSync(refetched.path)).toBe(true);
    expect(routes(emulator, 'submit')).toHaveLength(1);
  }, 30_000);

  it('releases the uploads of a failed job, and a retry uploads them again instead of re-sending dead links', async () => {
    emulator.injectFault({ kind: 'fail', reason: 'no face detected' });
    const pipeline = makePipeline();
    const failed = await pipeline.run(spec({ key: 'row-4' }));
    expect(failed.status).toBe('failed');
    expect(failed.record?.status).toBe('failed');
    const deadLink = failed.record!.input.video_url;
    expect(await objectExists(deadLink)).toBe(false);
    const retried = await pipeline.retry(failed.record!);
    expectDone(retried);
    expect(retried.jobId).not.toBe(failed.jobId);
    expect(pipelineMeta(retried.record!)?.attempt).toBe(2);
    expect(routes(emulator, 'submit')).toHaveLength(2);
  }, 30_000);

  it('cancels a queued job when stopped, records it and releases its uploads', async () => {
    const pipeline = makePipeline();
    const blocker = await occupyWorker(pipeline);
    const controller = new AbortController();
    const outcome = await pipeline.run(spec({ out: join(dir, 'queued.mp4') }), {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.stage === 'queued' && (progress.queuePosition ?? 0) >= 0) controller.abort();
      },
    });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.record?.status).toBe('cancelled');
    expect(routes(emulator, 'cancel')).toHaveLength(1);
    expect(await objectExists(outcome.record!.input.video_url)).toBe(false);
    expectDone(await blocker.done);
  }, 30_000);

  it('cancel from another process: a queued job is cancelled (its run ends cancelled), a processing one is not', async () => {
    const pipeline = makePipeline();
    const blocker = await occupyWorker(pipeline);
    let queuedJob: (id: string) => void = () => {};
    const queued = new Promise<string>((resolve) => {
      queuedJob = resolve;
    });
    const running = pipeline.run(spec({ out: join(dir, 'queued.mp4') }), {
      onProgress: (progress) =>
        progress.stage === 'queued' && progress.requestId && queuedJob(progress.jobId ?? ''),
    });
    const other = makePipeline();
    expect(await other.cancel(await queued)).toBe('cancelled');
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.record?.status).toBe('cancelled');
    expect(await other.cancel(blocker.jobId)).toBe('not_cancellable');
    expectDone(await blocker.done);
  }, 30_000);

  it('resumes a job another run submitted, without submitting again', async () => {
    const pipeline = makePipeline();
    const controller = new AbortController();
    const left = await pipeline.run(spec(), {
      signal: controller.signal,
      onAbort: 'leave',
      onProgress: (progress) => {
        if (progress.stage === 'queued' || progress.stage === 'processing') controller.abort();
      },
    });
    expect(left.status).toBe('interrupted');
    if (left.status !== 'interrupted') return;
    expect(left.keepsRunning).toBe(true);
    const resumed = await makePipeline().resume(left.jobId!);
    expectDone(resumed);
    expect(resumed.resumed).toBe(true);
    expect(routes(emulator, 'submit')).toHaveLength(1);
  }, 30_000);
});

/**
 * The emulator has one worker: a first job, once processing, keeps the next one queued. Its video is a URL (passed
 * through, not uploaded), so the queued job's uploads are its own.
 */
async function occupyWorker(pipeline: Pipeline): Promise<{ jobId: string; done: Promise<PipelineOutcome> }> {
  let processing: (jobId: string) => void = () => {};
  const started = new Promise<string>((resolve) => {
    processing = resolve;
  });
  const done = pipeline.run(
    spec({ out: join(dir, 'blocker.mp4'), video: { kind: 'url', url: await servedSample() } }),
    { onProgress: (progress) => progress.stage === 'processing' && processing(progress.jobId ?? '') },
  );
  return { jobId: await started, done };
}

/** The sample video as a URL (the emulator fetches it), to show URL inputs pass through unuploaded. */
async function servedSample(): Promise<string> {
  const host = createNodeInputHost({ provider: 's3', s3: { ...s3.settings, prefix: 'fixture/' } });
  return (await host.put(samples.faceMp4)).url;
}
