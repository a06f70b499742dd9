import { InputError, MediaError } from '@reanimate/core';
import { samples } from '@reanimate/samples';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkVideoFaces } from '../src/index.js';
import { type FaceMedia, makeFaceMedia } from './media.js';

let media: FaceMedia;
beforeAll(async () => {
  media = await makeFaceMedia();
}, 60_000);

const codes = async (path: string) => (await checkVideoFaces(path)).findings.map((finding) => finding.code);

describe('the face check on real faces (a NASA portrait, animated)', () => {
  it('finds nothing wrong with one face, and samples 4 frames a second plus the last', async () => {
    const check = await checkVideoFaces(media.face);
    expect(check.findings).toEqual([]);
    expect(check.samples.length).toBe(13); // 0, 0.25 … 2.75, and the last frame
    expect(check.samples.every((sample) => sample.faces.length === 1)).toBe(true);
  }, 30_000);

  it('names the span after a cut to a shot without a face, and what to do', async () => {
    const [finding, ...rest] = (await checkVideoFaces(media.cut)).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'no_face', severity: 'warn', endSec: 3.04 });
    // The cut is at 1.5 s: the span starts between the last sample with a face and the first without.
    expect(finding?.startSec).toBeGreaterThanOrEqual(1.25);
    expect(finding?.startSec).toBeLessThanOrEqual(1.625);
    expect(finding?.message).toMatch(/No face is visible 0:01\.\d\d–0:03\.04: .*Trim that span/);
  }, 30_000);

  it('warns about two faces, a small face, a variable frame rate; refuses above 4K', async () => {
    expect(await codes(media.two)).toEqual(['several_faces']);
    expect(await codes(media.small)).toEqual(['small_face']);
    expect(await codes(media.vfr)).toEqual(['variable_frame_rate']);
    const big = await checkVideoFaces(media.big);
    expect(big.findings.find((finding) => finding.code === 'above_4k')).toMatchObject({
      severity: 'refuse',
      message: expect.stringMatching(/4500×2200, above the 4K react-1 takes/),
    });
  }, 60_000);

  it('detects faces frame by frame with high recall and precision on the generated set', async () => {
    // Ground truth by construction: faces per frame at time t.
    const truth: [string, (t: number) => number][] = [
      [media.face, () => 1],
      [media.cut, (t) => (t < 1.5 ? 1 : 0)],
      [media.two, () => 2],
      [media.small, () => 1],
    ];
    let expected = 0;
    let found = 0;
    let right = 0;
    for (const [path, faces] of truth) {
      for (const sample of (await checkVideoFaces(path)).samples) {
        const want = faces(sample.timeSec);
        expected += want;
        found += sample.faces.length;
        right += Math.min(want, sample.faces.length);
      }
    }
    const recall = right / expected;
    const precision = right / found;
    console.info(`[face-check] per-frame recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it("gives pre-flight's errors for an audio-only file and a corrupt one", async () => {
    const audio = await checkVideoFaces(samples.dubWav).catch((error: unknown) => error);
    expect(InputError.isInstance(audio) && audio.issues[0]?.code).toBe('no_video_stream');
    const corrupt = await checkVideoFaces(samples.truncatedMp4).catch((error: unknown) => error);
    expect(MediaError.isInstance(corrupt)).toBe(true);
  }, 30_000);
});
