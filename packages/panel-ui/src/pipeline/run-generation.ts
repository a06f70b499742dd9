import {
  type JobSpec,
  type MediaInput,
  type Pipeline,
  type PipelineOutcome,
  type PipelineProgress,
  type PipelineStage,
  planSegments,
} from '@reanimate/core';
import type { ExportRange, ExportRequest, HostBridge } from '../host-bridge.ts';
import type { Platform } from '../platform/types.ts';
import { soundForUpload } from './export-sound.ts';
import {
  type GenerationPhase,
  type GenerationProgress,
  type GenerationRequest,
  type JobMeta,
  PANEL_APP,
  type SegmentResult,
} from './types.ts';

export interface PanelJobDeps {
  bridge: HostBridge;
  platform: Platform;
  pipeline: Pipeline;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: GenerationProgress) => void;
}

/** What a generation came to: the segments that are done, and the outcome that stopped the rest, if any. */
export interface GenerationOutcome {
  results: SegmentResult[];
  stopped?: PipelineOutcome | undefined;
}

const join = (folder: string, name: string) => `${folder.replace(/[\\/]+$/, '')}/${name}`;
const randomSuffix = () => Math.random().toString(36).slice(2, 8);
// Premiere names a clip after its file ("Interview.mp4"): the media extension goes, or results are "x.mp4.mp4".
const safeName = (name: string) =>
  name
    .replace(/\.(mp4|m4v|mov|mxf|avi|mkv|webm|wav|aif|aiff|mp3|m4a)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'clip';
const baseName = (path: string) => decodeURIComponent(path.split('?')[0]?.split(/[\\/]/).pop() || 'media');

/** Core's stages in the panel's words (a submit shows as queued: the user sees one wait, not two). */
const PHASE_OF_STAGE: Record<PipelineStage, GenerationPhase> = {
  waiting: 'waiting',
  checking: 'preflight',
  uploading: 'upload',
  submitting: 'queued',
  queued: 'queued',
  processing: 'processing',
  downloading: 'download',
  done: 'done',
};

/** Core's progress in the panel's terms, for one segment. */
export function toGenerationProgress(
  progress: PipelineProgress,
  segment: GenerationProgress['segment'],
): GenerationProgress {
  const phase = PHASE_OF_STAGE[progress.stage];
  return {
    phase,
    segment,
    queuePosition: progress.queuePosition,
    requestId: progress.requestId,
    jobId: progress.jobId,
    fraction: progress.fraction,
    etaMs: progress.etaMs,
  };
}

/**
 * An export as core's pipeline takes it: a path on disk (CEP: core streams it), or, where the platform has no
 * file system (the browser harness), the export's URL read into a Blob.
 */
export async function mediaFor(platform: Platform, path: string): Promise<MediaInput> {
  if (platform.core.files) return { kind: 'file', path };
  return { kind: 'blob', blob: await platform.readFile(path), name: baseName(path) };
}

/** The segments of a clip as export ranges: core's split plan, on the clip's frame boundaries. */
export function segmentRanges(durationSec: number, fps: number): ExportRange[] {
  return planSegments({ durationSec, fps }).segments.map((segment) => ({
    startSec: segment.startSec,
    endSec: segment.endSec,
  }));
}

/** The result of a finished job, for the Result screen. */
export function segmentResult(
  outcome: Extract<PipelineOutcome, { status: 'done' }>,
  meta: JobMeta,
): SegmentResult {
  return {
    jobId: outcome.jobId,
    clipId: meta.clipId,
    clipName: meta.clipName,
    requestId: outcome.requestId,
    localPath: outcome.path,
    outputUrl: outcome.outputUrl,
    sourceUrl: meta.sourceUrl,
    range: meta.range,
    drift: outcome.drift?.message,
  };
}

/**
 * One clip: the host exports it (a segment at a time when it is over 15 s), and core's pipeline runs each segment
 * as a job: pre-flight, upload, react-1, download beside the project, journal, clean-up. Importing and placing
 * are the user's next steps. Stops at the first segment that does not finish, and says why.
 */
export async function runGeneration(
  deps: PanelJobDeps,
  request: GenerationRequest,
  options: RunOptions = {},
): Promise<GenerationOutcome> {
  const { clip } = request;
  const ranges: (ExportRange | null)[] = request.split ? segmentRanges(clip.durationSec, clip.fps) : [null];
  const results: SegmentResult[] = [];
  for (const [index, range] of ranges.entries()) {
    const segment = { index, count: ranges.length };
    const report = (progress: Omit<GenerationProgress, 'segment'>) =>
      options.onProgress?.({ ...progress, segment });
    const stem = `${safeName(clip.clipName)}${range ? `-part${index + 1}` : ''}`;

    report({ phase: 'export', fraction: 0 });
    // A fresh folder per export, made first (After Effects refuses a missing one): nothing an earlier export left
    // can be taken for this one's files.
    const folder = join(deps.platform.tempDir(), `export-${Date.now().toString(36)}-${randomSuffix()}`);
    await deps.platform.makeFolder(folder);
    const exportRequest: ExportRequest = {
      clipId: clip.clipId,
      videoPath: join(folder, `${stem}.mp4`),
      audioPath: request.audio.kind === 'timeline' ? join(folder, `${stem}.wav`) : null,
      preset: 'h264-mp4',
      ...(range ? { range } : {}),
      ...(request.encoder ? { encoder: request.encoder } : {}),
    };
    const exported = await deps.bridge.exportSelection(exportRequest, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => report({ phase: 'export', fraction: p.fraction }),
    });
    const exportedSound = request.audio.kind === 'timeline' ? exported.audioPath : request.audio.path;
    if (!exportedSound) throw new Error('The host exported no audio for this clip; pick a dub file instead.');
    const audioPath = await soundForUpload(deps.platform, exportedSound);

    const meta: JobMeta = {
      project: request.projectPath ?? '',
      clipId: clip.clipId,
      clipName: clip.clipName,
      sourceUrl: exported.videoPath,
      audioPath,
      segment: index,
      segments: ranges.length,
      range,
    };
    const spec: JobSpec = {
      video: await mediaFor(deps.platform, exported.videoPath),
      audio: await mediaFor(deps.platform, audioPath),
      options: request.options,
      out: join(request.outputFolder, `${stem}.mp4`),
      // Results beside the project are never overwritten: a second take is "name (2).mp4".
      conflict: 'rename',
      app: PANEL_APP,
      shell: { ...meta },
    };
    const share =
      request.estimatedUsd === undefined || clip.durationSec <= 0
        ? undefined
        : (request.estimatedUsd * (range ? range.endSec - range.startSec : clip.durationSec)) /
          clip.durationSec;
    const outcome = await deps.pipeline.run(spec, {
      ...(share === undefined ? {} : { estimatedUsd: Math.round(share * 1e6) / 1e6 }),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (progress) => options.onProgress?.(toGenerationProgress(progress, segment)),
    });
    if (outcome.status !== 'done') return { results, stopped: outcome };
    results.push({
      ...segmentResult(outcome, meta),
      ...(exported.notes?.length ? { hostNotes: exported.notes } : {}),
    });
  }
  options.onProgress?.({ phase: 'done', segment: { index: ranges.length - 1, count: ranges.length } });
  return { results };
}
