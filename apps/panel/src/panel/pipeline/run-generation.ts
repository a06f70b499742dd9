import {
  checkInputs,
  type HostedInput,
  type HostInput,
  type InputHost,
  type Journal,
  newJobId,
  type ReanimateClient,
  releaseUnused,
} from '@reanimate/core';
import type { ExportRequest, HostBridge } from '../../shared/bridge.ts';
import type { Platform } from '../platform/types.ts';
import { splitRanges } from './split.ts';
import type { GenerationProgress, GenerationRequest, JobMeta, SegmentResult } from './types.ts';

export interface PipelineDeps {
  bridge: HostBridge;
  platform: Platform;
  client: ReanimateClient;
  inputHost: InputHost;
  journal: Journal;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: GenerationProgress) => void;
}

const join = (folder: string, name: string) => `${folder.replace(/[\\/]+$/, '')}/${name}`;
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'clip';

/**
 * The whole job flow for one clip: export → pre-flight → upload → react-1 (journaled) → save. A clip over 15 s
 * runs as several segments, one job each, in order. Importing and placing are the user's next steps.
 */
export async function runGeneration(
  deps: PipelineDeps,
  request: GenerationRequest,
  options: RunOptions = {},
): Promise<SegmentResult[]> {
  const { clip } = request;
  const ranges = request.split ? splitRanges(clip.durationSec, clip.fps) : [null];
  const results: SegmentResult[] = [];
  for (const [index, range] of ranges.entries()) {
    const segment = { index, count: ranges.length };
    const report = (progress: Omit<GenerationProgress, 'segment'>) =>
      options.onProgress?.({ ...progress, segment });
    const stem = `${safeName(clip.clipName)}${range ? `-part${index + 1}` : ''}`;

    report({ phase: 'export', fraction: 0 });
    const exportRequest: ExportRequest = {
      clipId: clip.clipId,
      videoPath: join(deps.platform.tempDir(), `${stem}.mp4`),
      audioPath: request.audio.kind === 'timeline' ? join(deps.platform.tempDir(), `${stem}.wav`) : null,
      preset: 'h264-mp4',
      ...(range ? { range } : {}),
      ...(request.encoder ? { encoder: request.encoder } : {}),
    };
    const exported = await deps.bridge.exportSelection(exportRequest, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => report({ phase: 'export', fraction: p.fraction }),
    });
    const audioPath = request.audio.kind === 'timeline' ? exported.audioPath : request.audio.path;
    if (!audioPath) throw new Error('The host exported no audio for this clip; pick a dub file instead.');

    report({ phase: 'preflight' });
    const videoName = `${stem}.mp4`;
    const signalOption = options.signal ? { signal: options.signal } : {};
    const put = (input: HostInput, role: 'video' | 'audio') =>
      deps.inputHost.put(input, { role, ...signalOption });
    let video: HostedInput;
    let audio: HostedInput;
    const files = deps.platform.files;
    if (files) {
      // CEP: files on disk, probed by range reads and uploaded as streams.
      await checkInputs(
        { video: { kind: 'file', path: exported.videoPath }, audio: { kind: 'file', path: audioPath } },
        { ...signalOption, probeFile: files.probe },
      );
      report({ phase: 'upload', fraction: 0 });
      video = await put(await files.uploadSource(exported.videoPath), 'video');
      audio = await put(await files.uploadSource(audioPath), 'audio');
    } else {
      const [videoBlob, audioBlob] = await Promise.all([
        deps.platform.readFile(exported.videoPath),
        deps.platform.readFile(audioPath),
      ]);
      const audioName = baseName(audioPath);
      await checkInputs(
        {
          video: { kind: 'blob', blob: videoBlob, name: videoName },
          audio: { kind: 'blob', blob: audioBlob, name: audioName },
        },
        signalOption,
      );
      report({ phase: 'upload', fraction: 0 });
      video = await put(new File([videoBlob], videoName, { type: videoBlob.type }), 'video');
      audio = await put(new File([audioBlob], audioName, { type: audioBlob.type }), 'audio');
    }
    report({ phase: 'upload', fraction: 1 });

    const meta: JobMeta = {
      project: request.projectPath ?? '',
      clipId: clip.clipId,
      clipName: clip.clipName,
      outputFolder: request.outputFolder,
      sourceUrl: exported.videoPath,
      segment: index,
      segments: ranges.length,
      range,
    };
    const jobId = newJobId();
    report({ phase: 'queued', jobId });
    const job = await deps.client.runJob(
      { video_url: video.url, audio_url: audio.url, ...request.options },
      {
        journal: deps.journal,
        jobId,
        meta: { ...meta },
        ...(options.signal ? { signal: options.signal } : {}),
        onUpdate: (update) =>
          report({
            phase: update.status === 'in_queue' ? 'queued' : 'processing',
            queuePosition: update.queuePosition ?? undefined,
            requestId: update.requestId,
            jobId: update.jobId,
          }),
      },
    );
    // Not while another job of the journal (e.g. a resumed one still queued) shares an object: keys are by content.
    await releaseUnused(deps.inputHost, [video.url, audio.url], { journal: deps.journal }).catch(() => []);
    results.push(await saveOutput(deps, jobId, job.requestId, job.outputs[0], meta, options, range, segment));
  }
  report0(options, ranges.length);
  return results;
}

function report0(options: RunOptions, count: number) {
  options.onProgress?.({ phase: 'done', segment: { index: count - 1, count } });
}

function baseName(path: string): string {
  return decodeURIComponent(path.split('?')[0]!.split(/[\\/]/).pop() ?? 'audio.wav');
}

/** Download + journal `downloaded`: shared by a fresh run and a resumed one. */
export async function saveOutput(
  deps: Pick<PipelineDeps, 'platform' | 'journal'>,
  jobId: string,
  requestId: string,
  outputUrl: string | undefined,
  meta: JobMeta,
  options: RunOptions,
  range: SegmentResult['range'],
  segment: GenerationProgress['segment'],
): Promise<SegmentResult> {
  if (!outputUrl) throw new Error(`react-1 request ${requestId} finished without an output video.`);
  options.onProgress?.({ phase: 'download', segment, requestId, jobId });
  const destination = `${meta.outputFolder.replace(/[\\/]+$/, '')}/${safeName(meta.clipName)}-${requestId.slice(0, 8)}.mp4`;
  const localPath = await deps.platform.saveResult(outputUrl, destination, options.signal);
  await deps.journal.update(jobId, { status: 'downloaded', localPath });
  return {
    jobId,
    clipId: meta.clipId,
    clipName: meta.clipName,
    requestId,
    localPath,
    outputUrl,
    sourceUrl: meta.sourceUrl,
    range,
  };
}
