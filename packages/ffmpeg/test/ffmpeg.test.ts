import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { describe, expect, it } from 'vitest';
import { FfmpegError, findFfmpeg, mediaInfo, parseMediaInfo, runFfmpeg } from '../src/index.js';

const ffmpeg = findFfmpeg({});

describe('the shared ffmpeg runner', () => {
  it('finds the bundled ffmpeg, and prefers REANIMATE_FFMPEG when set', () => {
    expect(ffmpeg).toBeTruthy();
    expect(findFfmpeg({ REANIMATE_FFMPEG: ' /opt/ffmpeg ' })).toBe('/opt/ffmpeg');
  });

  it('reads the stream summary of a sample: 4 s, 24 fps, video and audio', async () => {
    const info = await mediaInfo(ffmpeg as string, samples.faceMp4);
    expect(info).toMatchObject({ hasVideo: true, hasAudio: true, fps: 24 });
    expect(info.durationSec).toBeCloseTo(4, 1);
    expect(parseMediaInfo('Stream #0:0: Video: h264, yuv420p, 1920x1080, 29.97 fps, 29.97 tbr').fps).toBe(
      30000 / 1001,
    );
  });

  it('rejects with the last error line and the exit code when ffmpeg fails', async () => {
    const error = await runFfmpeg(ffmpeg as string, [
      '-i',
      '/no/such/file.mp4',
      join(tmpdir(), 'x.mp4'),
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect((error as FfmpegError).exitCode).not.toBe(0);
    expect((error as FfmpegError).message).toMatch(/No such file or directory/);
  });

  it('kills ffmpeg when the signal fires and rejects with its reason', async () => {
    const controller = new AbortController();
    const out = join(mkdtempSync(join(tmpdir(), 'reanimate-ffmpeg-')), 'long.mp4');
    const running = runFfmpeg(
      ffmpeg as string,
      ['-f', 'lavfi', '-i', 'testsrc=duration=600:size=1280x720:rate=30', '-c:v', 'libx264', out],
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 200);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});
