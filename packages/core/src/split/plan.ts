import { InputError } from '../errors.js';
import { MAX_INPUT_SECONDS } from '../limits.js';

export interface Segment {
  /** From 0. */
  index: number;
  startSec: number;
  durationSec: number;
  /** startSec + durationSec, computed from frames so neighbours share the instant exactly. */
  endSec: number;
  /** Frame-exact bounds when the frame rate is known. */
  startFrame: number | undefined;
  frameCount: number | undefined;
}

export interface SplitPlan {
  segments: Segment[];
  /** Sum of the segments: the duration the joined output must have. */
  totalSec: number;
  fps: number | undefined;
}

export interface PlanOptions {
  durationSec: number;
  /** Cut on frame boundaries at this rate; without it, on whole milliseconds. */
  fps?: number | undefined;
  /** Longest segment allowed (default: react-1's 15 s limit less a safety margin, see below). */
  maxSegmentSec?: number;
}

/**
 * The margin under react-1's 15 s limit: 0.25 s. A segment is re-encoded when it is cut, and what a reader then
 * measures is longer than what was planned: the last video frame's duration, AAC priming (1024 samples, 21 ms
 * at 48 kHz) and an encoder's padding put a segment planned at exactly 15 s at 15.02 s, which the service
 * refuses. A quarter second is six frames at 24 fps (enough for every rounding we have seen) and costs nothing:
 * the segment count only changes for inputs within 0.25 s of a multiple of 15 s.
 */
export const SEGMENT_SAFETY_SEC = 0.25;
export const DEFAULT_MAX_SEGMENT_SEC = MAX_INPUT_SECONDS - SEGMENT_SAFETY_SEC;

/**
 * Equal-length segments, as few as the limit allows (ceil(duration / max)), cut on frame boundaries: segment
 * lengths differ by at most one frame, and they add up exactly to the input, so the joined result neither gains
 * nor loses a frame.
 */
export function planSegments(options: PlanOptions): SplitPlan {
  const { durationSec } = options;
  const maxSec = options.maxSegmentSec ?? DEFAULT_MAX_SEGMENT_SEC;
  if (!Number.isFinite(durationSec) || durationSec <= 0)
    throw new InputError(`Cannot split an input of ${durationSec} s: its length must be a positive number.`, {
      issues: [{ field: 'durationSec', message: 'must be a positive number of seconds' }],
      hint: 'Probe the input first; a file whose length is unknown cannot be split.',
    });
  if (!Number.isFinite(maxSec) || maxSec <= 0)
    throw new InputError(`Cannot split into segments of ${maxSec} s: the length must be positive.`, {
      issues: [{ field: 'maxSegmentSec', message: 'must be a positive number of seconds' }],
    });
  const fps =
    options.fps !== undefined && Number.isFinite(options.fps) && options.fps > 0 ? options.fps : undefined;
  // The unit we cut on: a frame, or a millisecond when the frame rate is unknown (audio-only, odd containers).
  const unitsPerSec = fps ?? 1000;
  const totalUnits = Math.max(1, Math.round(durationSec * unitsPerSec));
  const maxUnits = Math.max(1, Math.floor(maxSec * unitsPerSec + 1e-9));
  const count = Math.ceil(totalUnits / maxUnits);
  const base = Math.floor(totalUnits / count);
  const longer = totalUnits - base * count;

  const segments: Segment[] = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const units = base + (index < longer ? 1 : 0);
    segments.push({
      index,
      startSec: start / unitsPerSec,
      durationSec: units / unitsPerSec,
      endSec: (start + units) / unitsPerSec,
      startFrame: fps ? start : undefined,
      frameCount: fps ? units : undefined,
    });
    start += units;
  }
  return { segments, totalSec: totalUnits / unitsPerSec, fps };
}

/** Whether an input of this length must be split to be accepted (over react-1's limit). */
export function needsSplit(durationSec: number): boolean {
  return durationSec > MAX_INPUT_SECONDS;
}
