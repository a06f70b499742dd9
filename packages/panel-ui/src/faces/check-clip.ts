import {
  type FaceBox,
  type FaceFinding,
  type FrameSample,
  faceFindings,
  MediaError,
  sampleTimes,
} from '@reanimate/core';
import type { ClipSelection } from '../host-bridge.ts';
import type { CanvasFaceDetector } from './types.ts';
import { type FrameSourceOptions, videoFrames } from './video-frames.ts';

export type ClipSpan = Pick<
  ClipSelection,
  'inPoint' | 'outPoint' | 'durationSec' | 'speed' | 'reversed' | 'fps'
>;

/** When to look, in seconds from the clip's start on the timeline: 4 a second, the first and the last frame. */
export function clipSampleTimes(clip: ClipSpan, perSecond = 4): number[] {
  const frame = clip.fps > 0 ? 1 / clip.fps : 0.04;
  return sampleTimes(clip.durationSec, perSecond, Math.max(0, clip.durationSec - frame));
}

/**
 * Where a timeline time falls in the clip's source media: from its in point at its speed, or back from its out
 * point when reversed. The check looks at the source, so findings come before any export.
 */
export function mediaTimeOf(clip: ClipSpan, timelineSec: number): number {
  const speed = clip.speed > 0 ? clip.speed : 1;
  return clip.reversed
    ? clip.outPoint.seconds - timelineSec * speed
    : clip.inPoint.seconds + timelineSec * speed;
}

/** A tainted canvas (media the page may not read) throws a SecurityError: say what it means instead. */
async function detectOn(detector: CanvasFaceDetector, canvas: HTMLCanvasElement): Promise<FaceBox[]> {
  try {
    return await detector.detect(canvas);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'SecurityError') {
      throw new MediaError(
        'unreadable',
        "The panel may not read this clip's frames (the browser counts them as another site's).",
        {
          hint: 'Reinstall the extension (its manifest lets the panel read local media); generating is not affected.',
          cause: error,
        },
      );
    }
    throw error;
  }
}

export interface ClipFaceCheck {
  findings: FaceFinding[];
  samples: FrameSample[];
  elapsedMs: number;
}

export interface CheckClipOptions extends FrameSourceOptions {
  detector: CanvasFaceDetector;
  perSecond?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The face check of one clip, in the panel's Chromium: frames of its source media over the span it plays, faces
 * found by the same detector as the CLI's, findings by core's rules. Frame rate and resolution are left out on
 * purpose: react-1 gets the host's export, rendered at the sequence's constant frame rate and frame size, not the
 * source file, and core's pre-flight checks that export before it is uploaded.
 */
export async function checkClipFaces(
  url: string,
  clip: ClipSpan,
  options: CheckClipOptions,
): Promise<ClipFaceCheck> {
  const started = Date.now();
  const times = clipSampleTimes(clip, options.perSecond);
  const samples: FrameSample[] = [];
  options.onProgress?.(0, times.length);
  let index = 0;
  for await (const frame of videoFrames(
    url,
    times.map((time) => mediaTimeOf(clip, time)),
    options,
  )) {
    const faces = await detectOn(options.detector, frame.canvas);
    samples.push({
      timeSec: times[index] as number,
      faces,
      width: frame.canvas.width,
      height: frame.canvas.height,
    });
    index += 1;
    options.onProgress?.(index, times.length);
  }
  const findings = faceFindings(samples, {
    durationSec: clip.durationSec,
    width: undefined,
    height: undefined,
    variableFrameRate: false,
  });
  return { findings, samples, elapsedMs: Date.now() - started };
}
