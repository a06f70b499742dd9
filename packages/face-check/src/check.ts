import { basename } from 'node:path';
import {
  assessProbe,
  type FaceFinding,
  type FindingOptions,
  type FrameSample,
  faceFindings,
  InputError,
  ReanimateError,
  type VideoFacts,
} from '@reanimate/core';
import { probeFile } from '@reanimate/core/node';
import { findFfmpeg, mediaInfo, rawFrames, variableFrameRate } from '@reanimate/ffmpeg';
import { createNodeFaceDetector, type FaceDetector } from './detector.js';

export interface CheckOptions extends FindingOptions {
  /** Frames looked at per second (default 4), plus the last frame. */
  perSecond?: number;
  /** Width frames are scaled to before detection (default 640: enough for a face a tenth of the frame wide). */
  analysisWidth?: number;
  detector?: FaceDetector;
  ffmpeg?: string;
  signal?: AbortSignal;
}

export interface FaceCheck {
  findings: FaceFinding[];
  samples: FrameSample[];
  video: VideoFacts & { fps: number | undefined };
  /** How long the check took, ms. */
  elapsedMs: number;
}

/**
 * Looks at a video before anything is uploaded: `perSecond` frames a second and the last one, decoded by ffmpeg,
 * faces found by a detector that ships in npm (no network). Unreadable or audio-only files get pre-flight's own
 * errors (MediaError, InputError with `no_video_stream`).
 */
export async function checkVideoFaces(path: string, options: CheckOptions = {}): Promise<FaceCheck> {
  const started = Date.now();
  const { signal } = options;
  const probe = await probeFile(path);
  const issues = assessProbe('video', probe, basename(path)).filter(
    (issue) => issue.code === 'no_video_stream',
  );
  if (issues.length > 0) {
    throw new InputError(issues.map((issue) => issue.message).join('\n'), {
      issues,
      hint: 'The face check needs a video of a face.',
    });
  }
  const ffmpeg = options.ffmpeg ?? findFfmpeg();
  if (!ffmpeg) {
    throw new ReanimateError('media', 'ffmpeg is not available, and the face check decodes frames with it.', {
      hint: 'Reinstall (npm install) so @ffmpeg-installer/ffmpeg is present, or set REANIMATE_FFMPEG to an ffmpeg binary.',
    });
  }
  const info = await mediaInfo(ffmpeg, path, signal);
  const durationSec = probe.durationSec ?? info.durationSec ?? 0;
  const width = info.width ?? probe.video?.width;
  const height = info.height ?? probe.video?.height;
  const video = {
    durationSec,
    width,
    height,
    fps: info.fps,
    variableFrameRate: await variableFrameRate(ffmpeg, path, signal),
  };
  const analysisWidth = Math.min(options.analysisWidth ?? 640, width ?? 640);
  const scaledWidth = Math.max(2, Math.round(analysisWidth / 2) * 2);
  const scaledHeight = Math.max(2, Math.round(((height ?? 360) * scaledWidth) / (width ?? 640) / 2) * 2);
  const detector = options.detector ?? (await createNodeFaceDetector());
  const perSecond = options.perSecond ?? 4;
  const samples: FrameSample[] = [];
  const look = async (frame: Uint8Array, timeSec: number) =>
    samples.push({
      timeSec,
      faces: await detector.detect(frame, scaledWidth, scaledHeight),
      width: scaledWidth,
      height: scaledHeight,
    });
  let index = 0;
  for await (const frame of rawFrames(ffmpeg, path, {
    fps: perSecond,
    width: scaledWidth,
    height: scaledHeight,
    signal,
  })) {
    const timeSec = index / perSecond;
    index += 1;
    if (timeSec >= durationSec && samples.length > 0) break;
    await look(frame, timeSec);
  }
  // The last frame, which the sampling may step over.
  const lastSec = Math.max(0, durationSec - 0.1);
  if (samples.length === 0 || lastSec - (samples.at(-1)?.timeSec ?? 0) > 0.05) {
    for await (const frame of rawFrames(ffmpeg, path, {
      width: scaledWidth,
      height: scaledHeight,
      fromEndSec: 0.1,
      maxFrames: 1,
      signal,
    })) {
      await look(frame, lastSec);
    }
  }
  return { findings: faceFindings(samples, video, options), samples, video, elapsedMs: Date.now() - started };
}
