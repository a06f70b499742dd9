import { join } from 'node:path';
import type { Segment, SplitPlan } from '@reanimate/core';
import { mediaInfo, runFfmpeg } from './ffmpeg.js';

export interface CutSegment {
  segment: Segment;
  /** The segment's video (H.264, no sound: react-1 takes its sound from the audio input). */
  video: string;
  /** The segment's audio (WAV: sample-exact length, no encoder padding). */
  audio: string;
}

export interface CutOptions {
  ffmpeg: string;
  video: string;
  audio: string;
  plan: SplitPlan;
  /** Folder for the segment files. */
  dir: string;
  signal?: AbortSignal | undefined;
  /** Called after each segment is written. */
  onSegment?: (done: number, total: number) => void;
}

/**
 * Seconds as ffmpeg reads them, rounded down to the microsecond: a frame whose timestamp equals the cut point is
 * then kept, never lost to rounding up past it.
 */
export function seconds(value: number): string {
  return (Math.floor(value * 1e6 + 1e-6) / 1e6).toFixed(6);
}

/**
 * Cuts video and audio at the same instants. Both are re-encoded, which makes the cut frame-exact (input seeking
 * with transcoding drops everything before the cut point) and independent of keyframes. The audio of each
 * segment is exactly as long as its video: padded with silence where the dub is shorter, so every segment's
 * lipsync result has the video's length, whatever lipsync_mode says.
 */
export async function cutSegments(options: CutOptions): Promise<CutSegment[]> {
  const { ffmpeg, plan, signal } = options;
  const audioInfo = await mediaInfo(ffmpeg, options.audio, signal);
  const cuts: CutSegment[] = [];
  for (const segment of plan.segments) {
    const name = `segment-${String(segment.index + 1).padStart(2, '0')}`;
    const video = join(options.dir, `${name}.mp4`);
    const audio = join(options.dir, `${name}.wav`);
    // Frame-exact when the rate is known; otherwise by time.
    const length =
      segment.frameCount !== undefined
        ? ['-frames:v', String(segment.frameCount)]
        : ['-t', seconds(segment.durationSec)];
    const rate = plan.fps !== undefined ? ['-r', fpsExpression(plan.fps)] : [];
    await runFfmpeg(
      ffmpeg,
      [
        '-y',
        '-loglevel',
        'error',
        '-ss',
        seconds(segment.startSec),
        '-i',
        options.video,
        ...length,
        ...rate,
        '-an',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '16',
        '-pix_fmt',
        'yuv420p',
        '-movflags',
        '+faststart',
        video,
      ],
      { signal },
    );
    // Audio that ends before this segment starts gives ffmpeg nothing to pad: make silence instead.
    const audioEnded =
      audioInfo.durationSec !== undefined && audioInfo.durationSec <= segment.startSec + 0.001;
    const audioInput = audioEnded
      ? ['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo']
      : ['-ss', seconds(segment.startSec), '-i', options.audio];
    await runFfmpeg(
      ffmpeg,
      [
        '-y',
        '-loglevel',
        'error',
        ...audioInput,
        '-vn',
        '-af',
        'apad',
        '-t',
        seconds(segment.durationSec),
        '-c:a',
        'pcm_s16le',
        audio,
      ],
      { signal },
    );
    cuts.push({ segment, video, audio });
    options.onSegment?.(cuts.length, plan.segments.length);
  }
  return cuts;
}

/** A frame rate as ffmpeg takes it: NTSC rates as exact rationals. */
export function fpsExpression(fps: number): string {
  for (const base of [24, 30, 60, 120]) {
    if (Math.abs(fps - (base * 1000) / 1001) < 1e-6) return `${base * 1000}/1001`;
  }
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(6);
}
