import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSegments } from '@reanimate/core';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutSegments } from '../src/split/cut.js';
import { ffmpegPath, mediaInfo, parseMediaInfo, runFfmpeg } from '../src/split/ffmpeg.js';
import { joinSegments } from '../src/split/join.js';
import { makeLongSample } from '../src/split/long-sample.js';
import { probe, tempDir } from './helpers.js';

describe('cut and join', () => {
  const ffmpeg = ffmpegPath();
  let dir: { path: string; remove(): Promise<void> };
  let long: { video: string; audio: string };

  beforeAll(async () => {
    dir = await tempDir('reanimate-cut-');
    long = await makeLongSample({
      ffmpeg,
      video: samples.faceMp4,
      audio: samples.dubWav,
      seconds: 40,
      dir: join(tmpdir(), 'reanimate-cli-samples'),
    });
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('reads duration, frame rate and size from ffmpeg', async () => {
    const info = await mediaInfo(ffmpeg, samples.faceMp4);
    expect(info).toMatchObject({ hasVideo: true, hasAudio: true, fps: 24, width: 320, height: 240 });
    expect(info.durationSec).toBeCloseTo(4, 1);
    expect(
      parseMediaInfo('Stream #0:0: Video: h264, yuv420p, 1920x1080, 29.97 fps, 29.97 tbr').fps,
    ).toBeCloseTo(30000 / 1001, 9);
  });

  it('cuts frame-exact segments; a dub shorter than the video is padded with silence; the join adds up', async () => {
    const info = await mediaInfo(ffmpeg, long.video);
    const plan = planSegments({ durationSec: info.durationSec as number, fps: info.fps });
    // The 4.5 s dub against 40 s of video: segments 2 and 3 start after the dub has ended.
    const cuts = await cutSegments({ ffmpeg, video: long.video, audio: samples.dubWav, plan, dir: dir.path });
    expect(cuts).toHaveLength(3);
    const results: string[] = [];
    for (const cut of cuts) {
      const video = probe(cut.video);
      expect(video.frames).toBe(cut.segment.frameCount);
      const audio = await mediaInfo(ffmpeg, cut.audio);
      expect(Math.abs((audio.durationSec as number) - cut.segment.durationSec)).toBeLessThan(0.011);
      // Stand-in for react-1's result: the segment's video with its audio, re-encoded like the service would.
      const result = join(dir.path, `result-${cut.segment.index}.mp4`);
      await runFfmpeg(ffmpeg, [
        '-y',
        '-loglevel',
        'error',
        '-i',
        cut.video,
        '-i',
        cut.audio,
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        result,
      ]);
      results.push(result);
    }
    const out = join(dir.path, 'joined.mp4');
    await joinSegments({
      ffmpeg,
      inputs: results,
      durations: cuts.map((cut) => cut.segment.durationSec),
      fps: plan.fps,
      out,
    });
    const joined = probe(out);
    expect(joined.frames).toBe(960);
    expect(Math.abs(joined.durationSec - 40)).toBeLessThanOrEqual(1 / 24);
  });
});
