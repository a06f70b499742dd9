import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReanimateError } from '@reanimate/core';
import { fpsExpression, seconds } from './cut.js';
import { type MediaInfo, mediaInfo, runFfmpeg } from './ffmpeg.js';

export interface JoinOptions {
  ffmpeg: string;
  /** The segments' results, in order. */
  inputs: readonly string[];
  /** Each segment's planned length (its video's), in the same order. */
  durations: readonly number[];
  fps: number | undefined;
  out: string;
  signal?: AbortSignal | undefined;
}

export interface JoinResult {
  path: string;
  /** What ffmpeg reads back from the written file (10 ms precision). */
  durationSec: number | undefined;
  expectedSec: number;
}

/**
 * Joins the segment results into one MP4 with the concat filter, re-encoding once. Every segment is first held
 * to its planned length (video at the source frame rate, audio trimmed or padded to the same length), so no
 * segment's encoder padding can shift the next one: the result has no gap, no drift between sound and picture,
 * and the input's total length.
 */
export async function joinSegments(options: JoinOptions): Promise<JoinResult> {
  const { ffmpeg, inputs, durations, signal } = options;
  if (inputs.length === 0 || inputs.length !== durations.length) {
    throw new RangeError('joinSegments needs one duration per input');
  }
  const infos: MediaInfo[] = [];
  for (const input of inputs) infos.push(await mediaInfo(ffmpeg, input, signal));
  const first = infos[0] as MediaInfo;
  const width = evenOrDefault(first.width);
  const height = evenOrDefault(first.height);
  const fps = options.fps ?? first.fps ?? 25;

  const args = ['-y', '-loglevel', 'error'];
  for (const input of inputs) args.push('-i', input);
  const chains: string[] = [];
  const pairs: string[] = [];
  infos.forEach((info, index) => {
    const duration = seconds(durations[index] as number);
    if (!info.hasVideo) {
      throw new ReanimateError('media', `Segment ${index + 1}'s result has no video stream.`, {
        hint: 'Run `reanimate resume` to download the segments again, or run the job again.',
      });
    }
    chains.push(
      `[${index}:v]fps=${fpsExpression(fps)},trim=duration=${duration},setpts=PTS-STARTPTS,` +
        `scale=${width}:${height},setsar=1,format=yuv420p[v${index}]`,
    );
    // A result without sound gets silence of the right length, so the streams stay aligned.
    const audioSource = info.hasAudio ? `[${index}:a]` : `anullsrc=r=48000:cl=stereo,`;
    chains.push(
      `${audioSource}aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,` +
        `apad,atrim=duration=${duration},asetpts=PTS-STARTPTS[a${index}]`,
    );
    pairs.push(`[v${index}][a${index}]`);
  });
  chains.push(`${pairs.join('')}concat=n=${inputs.length}:v=1:a=1[v][a]`);
  const expectedSec = durations.reduce((sum, value) => sum + value, 0);
  const temp = join(dirname(options.out), `.${basename(options.out)}.${process.pid}.joining.mp4`);
  args.push(
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '192k',
    '-t',
    seconds(expectedSec),
    '-movflags',
    '+faststart',
    temp,
  );
  try {
    await runFfmpeg(ffmpeg, args, { signal });
    await rename(temp, options.out);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const written = await mediaInfo(ffmpeg, options.out, signal);
  return { path: options.out, durationSec: written.durationSec, expectedSec };
}

function evenOrDefault(value: number | undefined): string {
  return value ? String(Math.max(2, value - (value % 2))) : 'trunc(iw/2)*2';
}
