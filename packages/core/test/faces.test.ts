import { describe, expect, it } from 'vitest';
import { type FrameSample, faceFindings, outputDrift, sampleTimes } from '../src/index.js';

const frame = (timeSec: number, faces: number, width = 100): FrameSample => ({
  timeSec,
  width: 640,
  height: 360,
  faces: Array.from({ length: faces }, (_, i) => ({ x: i * 200, y: 50, width, height: width, score: 0.9 })),
});
const facts = { durationSec: 3, width: 1280, height: 720, variableFrameRate: false };

describe('face findings from samples', () => {
  it('spans without a face run from midpoint to midpoint, to the end of the video', () => {
    const samples = [0, 0.5, 1, 1.5, 2, 2.5].map((t) => frame(t, t >= 1.5 ? 0 : 1));
    expect(faceFindings(samples, facts)).toEqual([
      expect.objectContaining({ code: 'no_face', startSec: 1.25, endSec: 3, severity: 'warn' }),
    ]);
  });

  it('ignores a blink shorter than the minimum span, reports several faces and small faces', () => {
    const samples = [frame(0, 1), frame(0.1, 0), frame(0.2, 1), frame(1, 2), frame(2, 1, 40)];
    const findings = faceFindings(samples, facts, { minSpanSec: 0.3 });
    expect(findings.map((finding) => [finding.code, finding.startSec, finding.endSec])).toEqual([
      ['several_faces', 0.6, 1.5],
      ['small_face', 1.5, 3],
    ]);
  });

  it('does not call a weak second detection beside a sure face "several faces"', () => {
    const weakSecond = (timeSec: number, score: number): FrameSample => {
      const sample = frame(timeSec, 2);
      sample.faces[1] = { ...(sample.faces[1] as FrameSample['faces'][number]), score };
      return sample;
    };
    // Scores seen on the NASA portrait at 720p: the face 0.96, a patch on the suit 0.53.
    const weak = [0, 0.5, 1, 1.5].map((t) => weakSecond(t, 0.53));
    expect(faceFindings(weak, facts)).toEqual([]);
    const sure = [0, 0.5, 1, 1.5].map((t) => weakSecond(t, 0.8));
    expect(faceFindings(sure, facts).map((finding) => finding.code)).toEqual(['several_faces']);
    expect(faceFindings(weak, facts, { severalFacesMinScore: 0.5 }).map((f) => f.code)).toEqual([
      'several_faces',
    ]);
  });

  it('warns about a variable frame rate and refuses above 4K for the whole video', () => {
    const findings = faceFindings([frame(0, 1)], {
      durationSec: 2,
      width: 4500,
      height: 2200,
      variableFrameRate: true,
    });
    expect(findings.map((finding) => [finding.code, finding.severity])).toEqual([
      ['above_4k', 'refuse'],
      ['variable_frame_rate', 'warn'],
    ]);
    // Portrait 4K (2160×3840) is 4K, not above.
    expect(faceFindings([frame(0, 1)], { ...facts, width: 2160, height: 3840 })).toEqual([]);
  });

  it('samples 4 a second and the last frame', () => {
    expect(sampleTimes(1.1)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.06]);
  });
});

describe('drift of a result against its source', () => {
  it('is nothing within a frame, and says by how much beyond', () => {
    expect(outputDrift({ durationSec: 4, fps: 25 }, { durationSec: 4.04, fps: 25 }).drifts).toBe(false);
    const late = outputDrift({ durationSec: 4, fps: 25 }, { durationSec: 4.2, fps: 25 });
    expect(late).toMatchObject({ drifts: true, bySec: 0.2, byFrames: 5 });
    expect(late.message).toMatch(/0\.200 s longer than expected \(5 frames\)/);
    expect(outputDrift({ durationSec: 4, fps: 25 }, { durationSec: 4, fps: 24 }).drifts).toBe(true);
  });
});
