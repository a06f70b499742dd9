import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SEGMENT_SEC, planSegments } from '../src/split/plan.js';

describe('planSegments', () => {
  it('cuts 40 s at 24 fps into three equal, frame-exact segments that add up to the input', () => {
    const plan = planSegments({ durationSec: 40, fps: 24 });
    expect(plan.segments.map((segment) => segment.frameCount)).toEqual([320, 320, 320]);
    expect(plan.segments.map((segment) => segment.startFrame)).toEqual([0, 320, 640]);
    expect(plan.totalSec).toBe(40);
  });

  it('spreads leftover frames one per segment and never exceeds the limit', () => {
    for (const [durationSec, fps] of [
      [31.5, 25],
      [15.01, 30],
      [100, 24000 / 1001],
      [44.96, 29.97],
      [7, 24],
    ] as const) {
      const plan = planSegments({ durationSec, fps });
      const frames = plan.segments.map((segment) => segment.frameCount as number);
      expect(Math.max(...frames) - Math.min(...frames)).toBeLessThanOrEqual(1);
      expect(frames.reduce((a, b) => a + b, 0)).toBe(Math.round(durationSec * fps));
      for (const segment of plan.segments)
        expect(segment.durationSec).toBeLessThanOrEqual(DEFAULT_MAX_SEGMENT_SEC);
      expect(plan.segments.length).toBe(
        Math.ceil(Math.round(durationSec * fps) / Math.floor(DEFAULT_MAX_SEGMENT_SEC * fps)),
      );
    }
  });

  it('falls back to milliseconds without a frame rate', () => {
    const plan = planSegments({ durationSec: 20.0005 });
    expect(plan.segments.map((segment) => segment.durationSec)).toEqual([10.001, 10]);
    expect(plan.segments[1]?.startSec).toBe(10.001);
    expect(plan.fps).toBeUndefined();
  });

  it('keeps a short input whole', () => {
    expect(planSegments({ durationSec: 4, fps: 24 }).segments).toHaveLength(1);
  });
});
