import { copyFile } from 'node:fs/promises';
import type { React1Job } from './contract.js';

type LipsyncMode = React1Job['lipsync_mode'];

import { runFfmpeg } from '@reanimate/ffmpeg';

export interface RenderInput {
  videoPath: string;
  audioPath: string;
  videoSec: number;
  audioSec: number;
  mode: LipsyncMode;
  outPath: string;
  signal?: AbortSignal;
}

export interface RenderResult {
  /** How long the output should be, from the mode's rule. */
  durationSec: number;
  renderedWith: 'ffmpeg' | 'copy';
}

/**
 * Output length per lipsync_mode, given the two input lengths:
 * cut_off → the shorter; loop, bounce, remap → the audio's; silence → the video's (audio padded with silence when
 * shorter, cut when longer).
 */
export function outputDuration(mode: LipsyncMode, videoSec: number, audioSec: number): number {
  switch (mode) {
    case 'cut_off':
      return Math.min(videoSec, audioSec);
    case 'silence':
      return videoSec;
    case 'loop':
    case 'bounce':
    case 'remap':
      return audioSec;
  }
}

/**
 * The ffmpeg arguments for one mode. Video is re-encoded (H.264 yuv420p, even dimensions) with the dub as its only
 * audio (AAC); `-t` fixes the length, so each chain only has to make its streams at least that long.
 */
export function ffmpegArgs(input: RenderInput): string[] {
  const { mode, videoSec, audioSec } = input;
  const target = outputDuration(mode, videoSec, audioSec);
  const videoInput = ['-i', input.videoPath];
  let videoChain = '[0:v]null';
  let audioChain = '[1:a]anull';

  switch (mode) {
    case 'cut_off':
      break;
    case 'loop':
      // -stream_loop re-reads the file, so memory stays flat however many repeats are needed.
      if (target > videoSec) videoInput.unshift('-stream_loop', '-1');
      break;
    case 'bounce': {
      const segments = Math.max(1, Math.ceil(target / videoSec - 1e-6));
      if (segments > 1) {
        // Forward, backward, forward… `split` hands out references to the same frames, so the copies cost no
        // extra memory beyond what `reverse` already buffers.
        const forward = Math.ceil(segments / 2);
        const backward = Math.floor(segments / 2);
        const parts: string[] = [];
        const labels: string[] = [];
        for (let i = 0; i < segments; i++) labels.push(i % 2 === 0 ? `[f${i}]` : `[b${i}]`);
        const forwardLabels = labels.filter((label) => label.startsWith('[f'));
        const backwardLabels = labels.filter((label) => label.startsWith('[b'));
        parts.push(`[0:v]split=${forward + 1}${forwardLabels.join('')}[rsrc]`);
        parts.push(
          backward > 1
            ? `[rsrc]reverse,split=${backward}${backwardLabels.join('')}`
            : `[rsrc]reverse${backwardLabels[0]}`,
        );
        parts.push(`${labels.join('')}concat=n=${segments}:v=1:a=0[bounced]`);
        videoChain = `${parts.join(';')};[bounced]null`;
      }
      break;
    }
    case 'silence':
      audioChain = '[1:a]apad';
      break;
    case 'remap': {
      const factor = audioSec / videoSec;
      videoChain = `[0:v]setpts=(PTS-STARTPTS)*${factor.toFixed(6)}`;
      break;
    }
  }

  const filter = `${videoChain},scale=trunc(iw/2)*2:trunc(ih/2)*2,setsar=1,format=yuv420p[v];${audioChain}[a]`;
  return [
    '-y',
    '-loglevel',
    'error',
    ...videoInput,
    '-i',
    input.audioPath,
    '-filter_complex',
    filter,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-t',
    target.toFixed(3),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    input.outPath,
  ];
}

/** Makes the output file: a real lipsync-length MP4 with ffmpeg, else the input video unchanged. */
export async function render(ffmpeg: string | undefined, input: RenderInput): Promise<RenderResult> {
  if (!ffmpeg) {
    await copyFile(input.videoPath, input.outPath);
    return { durationSec: input.videoSec, renderedWith: 'copy' };
  }
  await runFfmpeg(ffmpeg, ffmpegArgs(input), { signal: input.signal });
  return { durationSec: outputDuration(input.mode, input.videoSec, input.audioSec), renderedWith: 'ffmpeg' };
}
