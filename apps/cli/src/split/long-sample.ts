import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from './ffmpeg.js';

export interface LongSampleOptions {
  ffmpeg: string;
  /** A short clip and dub to repeat (the bundled samples). */
  video: string;
  audio: string;
  seconds: number;
  /** Cache folder; files already there are reused. */
  dir: string;
}

/**
 * A long test clip and dub for the --split demo and tests, made on the fly by looping the short samples (so no
 * large media is committed). Small and fast: the sample's 320x240, ultrafast H.264, mono WAV.
 */
export async function makeLongSample(options: LongSampleOptions): Promise<{ video: string; audio: string }> {
  await mkdir(options.dir, { recursive: true });
  const video = join(options.dir, `face-${options.seconds}s.mp4`);
  const audio = join(options.dir, `dub-${options.seconds}s.wav`);
  const length = options.seconds.toFixed(3);
  const make = async (target: string, args: string[]) => {
    if (
      await stat(target).then(
        (info) => info.size > 0,
        () => false,
      )
    )
      return;
    // Written beside and renamed, so a concurrent or interrupted run never sees half a file.
    const temp = `${target}.${process.pid}.tmp${target.slice(target.lastIndexOf('.'))}`;
    await runFfmpeg(options.ffmpeg, [...args, temp]);
    await rename(temp, target);
  };
  await make(video, [
    '-y',
    '-loglevel',
    'error',
    '-stream_loop',
    '-1',
    '-i',
    options.video,
    '-t',
    length,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-movflags',
    '+faststart',
  ]);
  await make(audio, [
    '-y',
    '-loglevel',
    'error',
    '-stream_loop',
    '-1',
    '-i',
    options.audio,
    '-t',
    length,
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
  ]);
  return { video, audio };
}
