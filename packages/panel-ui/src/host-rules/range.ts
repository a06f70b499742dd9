import type { ExportRange } from '../host-bridge';
import { hostError } from './refusal';

/**
 * Range and offset arithmetic shared by both hosts, in whole frames of the timeline: a segment's first and last
 * frames sit on frame boundaries, so consecutive segments tile the clip without a gap or an overlap.
 */

export interface FrameSpan {
  /** First frame of the span, counted from the clip's first frame. */
  startFrame: number;
  /** One past the last frame (so endFrame - startFrame frames). */
  endFrame: number;
}

function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * The frames to export: the whole clip, or `range` (seconds from the clip's start) rounded to the nearest frame.
 * Refuses (bad_request) unless 0 ≤ startSec < endSec ≤ the clip's duration plus half a frame.
 */
export function rangeFrames(
  range: ExportRange | undefined,
  clipFrames: number,
  frameSec: number,
  clipSec: number,
): FrameSpan {
  if (!range) {
    return { startFrame: 0, endFrame: clipFrames };
  }
  if (!(range.startSec >= 0) || !(range.endSec > range.startSec) || range.endSec > clipSec + frameSec / 2) {
    throw hostError(
      'bad_request',
      `range ${seconds(range.startSec)}–${seconds(range.endSec)} s is not inside the clip (0–${seconds(clipSec)} s)`,
    );
  }
  const startFrame = Math.round(range.startSec / frameSec);
  const endFrame = Math.min(Math.round(range.endSec / frameSec), clipFrames);
  if (endFrame <= startFrame) {
    throw hostError(
      'bad_request',
      `range ${seconds(range.startSec)}–${seconds(range.endSec)} s is shorter than a frame`,
    );
  }
  return { startFrame: startFrame, endFrame: endFrame };
}

/**
 * Where a placed result starts, in frames from the clip's first frame: `offsetSec` rounded to the nearest frame.
 * Refuses (bad_request) a negative offset and one that leaves less than a frame of the clip.
 */
export function offsetFrames(offsetSec: number, clipFrames: number, frameSec: number): number {
  const frames = Math.round(offsetSec / frameSec);
  if (!(offsetSec >= 0) || frames >= clipFrames) {
    throw hostError(
      'bad_request',
      `offset ${seconds(offsetSec)} s is not inside the clip (0–${seconds(clipFrames * frameSec)} s)`,
    );
  }
  return frames;
}
