import { describe, expect, it } from 'vitest';
import {
  assessProbe,
  InputError,
  MAX_INPUT_SECONDS,
  type MediaProbe,
  needsSplit,
  planSegments,
} from '../src/index.js';

const RATES = [24000 / 1001, 24, 25, 30000 / 1001, 30, 50, 60000 / 1001];

/** A probe as core's reader would return it for a cut segment, measured at its worst (see SEGMENT_SAFETY_SEC). */
function measuredSegment(durationSec: number, fps: number): MediaProbe {
  const oneFrame = 1 / fps;
  const aacPriming = 1024 / 48_000;
  return {
    container: 'mp4',
    durationSec: durationSec + oneFrame + aacPriming,
    hasVideo: true,
    hasAudio: true,
    sizeBytes: 1_000_000,
    mimeType: 'video/mp4',
  };
}

describe('planSegments', () => {
  it('plans known cases to the frame (literals worked out by hand)', () => {
    const frames = (durationSec: number, fps: number) =>
      planSegments({ durationSec, fps }).segments.map((segment) => segment.frameCount);
    // 30 s at 25 fps: [15, 15] would be refused once measured; three segments of 10 s are not.
    expect(frames(30, 25)).toEqual([250, 250, 250]);
    expect(frames(15, 24)).toEqual([180, 180]);
    expect(frames(14.75, 24)).toEqual([354]);
    expect(frames(40, 30000 / 1001)).toEqual([400, 400, 399]);
    expect(frames(180, 60000 / 1001)).toEqual([...Array(12).fill(830), 829]);
    expect(frames(4, 24)).toEqual([96]);
  });

  it('puts neighbouring segments on the same instant, audio included', () => {
    const plan = planSegments({ durationSec: 40, fps: 24 });
    expect(plan.segments.map((s) => [s.startSec, s.endSec])).toEqual([
      [0, 320 / 24],
      [320 / 24, 640 / 24],
      [640 / 24, 40],
    ]);
    expect(plan.segments.map((s) => s.startFrame)).toEqual([0, 320, 640]);
  });

  it('gives, at every common rate from 15 s to 180 s, segments core pre-flight accepts and frames that add up', () => {
    let checked = 0;
    for (const fps of RATES) {
      for (let tenths = 150; tenths <= 1800; tenths += 7) {
        const durationSec = tenths / 10;
        const plan = planSegments({ durationSec, fps });
        const frames = plan.segments.map((segment) => segment.frameCount as number);
        expect(frames.reduce((sum, n) => sum + n, 0)).toBe(Math.round(durationSec * fps));
        expect(Math.max(...frames) - Math.min(...frames)).toBeLessThanOrEqual(1);
        for (const segment of plan.segments) {
          const issues = assessProbe('video', measuredSegment(segment.durationSec, fps), 'segment.mp4');
          expect(issues, `${durationSec} s at ${fps} fps, segment ${segment.index}`).toEqual([]);
          expect(segment.durationSec).toBeGreaterThan(MAX_INPUT_SECONDS / 3);
        }
        // The fewest segments: one fewer would need a segment over the limit.
        const fewer = plan.segments.length - 1;
        if (fewer > 0) expect(durationSec / fewer).toBeGreaterThan(14.75 - 1 / fps);
        checked++;
      }
    }
    expect(checked).toBe(7 * 236);
  });

  it('falls back to milliseconds without a frame rate', () => {
    const plan = planSegments({ durationSec: 20.0005 });
    expect(plan.segments.map((segment) => segment.durationSec)).toEqual([10.001, 10]);
    expect(plan.segments[1]?.startSec).toBe(10.001);
    expect(plan.fps).toBeUndefined();
  });

  it('refuses a length that is not a positive number with an InputError naming the field', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = (() => {
        try {
          planSegments({ durationSec: bad, fps: 25 });
        } catch (caught) {
          return caught;
        }
      })();
      expect(InputError.isInstance(error)).toBe(true);
      expect((error as InputError).issues[0]?.field).toBe('durationSec');
    }
  });

  it('says when an input must be split', () => {
    expect(needsSplit(15)).toBe(false);
    expect(needsSplit(15.001)).toBe(true);
  });
});
