import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LipsyncMode } from '@reanimate/core';
import { mediaDir } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { ffprobe, submit, TOKEN } from './helpers.js';

const run = promisify(execFile);
let emulator: Emulator;
let media: MediaServer;
let ramp: MediaServer;
let scratch: string;
let ffmpeg: string;

/** Runs a job to completion and downloads its output; returns the local path. */
async function renderJob(input: Record<string, unknown>, name: string): Promise<string> {
  const answer = await submit(emulator.url, input);
  expect(answer.status).toBe(200);
  const job = await emulator.waitForJob(answer.json.request_id as string);
  expect(job.error).toBeUndefined();
  expect(job.status).toBe('completed');
  expect(job.renderedWith).toBe('ffmpeg');
  const response = await fetch(job.outputUrl ?? '');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('video/mp4');
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
  const path = join(scratch, `${name}.mp4`);
  await writeFile(path, bytes);
  return path;
}

/** Which moment of the ramp video (whose brightness encodes its own time) is shown at `atSec` of `file`. */
async function sourceTimeAt(file: string, atSec: number): Promise<number> {
  const { stdout } = await run(
    ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      String(atSec),
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      'scale=1:1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ],
    { encoding: 'buffer' },
  );
  const gray = stdout[0] ?? 0;
  // The ramp's luma is 16 + 100·t (limited range); gray output is full range.
  return (gray * 219) / 255 / 100;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'emulator-render-test-'));
  emulator = await startEmulator({ tokens: [TOKEN], workers: 2, processing: { fixedMs: 10 } });
  if (!emulator.ffmpegPath) throw new Error('these tests need ffmpeg (@ffmpeg-installer/ffmpeg)');
  ffmpeg = emulator.ffmpegPath;
  // A 2 s, 10 fps clip whose brightness rises with time, so a frame tells which source moment it shows.
  await run(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    "color=c=black:s=64x48:r=10:d=2,geq=lum='16+100*T':cb=128:cr=128",
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    join(scratch, 'ramp.mp4'),
  ]);
  await run(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=f=300:d=4.5',
    join(scratch, 'tone.wav'),
  ]);
  media = await startMediaServer({ dir: mediaDir });
  ramp = await startMediaServer({ dir: scratch });
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
  await ramp?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('output length per lipsync_mode (ffprobe, ±0.1 s)', () => {
  // face.mp4 is 4 s, dub.wav 4.5 s, dub.mp3 2.04 s.
  const cases: Array<[LipsyncMode, string, number]> = [
    ['cut_off', 'dub.wav', 4.0],
    ['loop', 'dub.wav', 4.5],
    ['bounce', 'dub.wav', 4.5],
    ['silence', 'dub.wav', 4.0],
    ['remap', 'dub.wav', 4.5],
    ['cut_off', 'dub.mp3', 2.04],
    ['silence', 'dub.mp3', 4.0],
    ['loop', 'dub.mp3', 2.04],
  ];
  it.each(cases)(
    '%s with face.mp4 + %s → %s s, H.264 yuv420p + AAC, faststart',
    async (mode, audio, expected) => {
      const file = await renderJob(
        { video_url: media.urlFor('face.mp4'), audio_url: media.urlFor(audio), lipsync_mode: mode },
        `${mode}-${audio}`,
      );
      const probed = await ffprobe(file);
      expect(Math.abs(probed.durationSec - expected)).toBeLessThanOrEqual(0.1);
      const video = probed.streams.find((stream) => stream.codec_type === 'video');
      const sound = probed.streams.find((stream) => stream.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
      expect(sound).toMatchObject({ codec_name: 'aac' });
      expect(probed.streams).toHaveLength(2);
      // Both streams run the whole length: silence pads the dub, the others trim or extend the picture.
      expect(Math.abs(Number(video?.duration) - expected)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(Number(sound?.duration) - expected)).toBeLessThanOrEqual(0.1);
      const bytes = await readFile(file);
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    },
  );
});

describe('how each mode fills the audio length (2 s ramp video, 4.5 s audio)', () => {
  // Source moment shown at output 2.5 s and 3.5 s: loop restarts, bounce plays backwards, remap slows down.
  const cases: Array<[LipsyncMode, number, number]> = [
    ['loop', 0.5, 1.5],
    ['bounce', 1.5, 0.5],
    ['remap', 2.5 / 2.25, 3.5 / 2.25],
  ];
  it.each(cases)('%s', async (mode, at2_5, at3_5) => {
    const file = await renderJob(
      { video_url: ramp.urlFor('ramp.mp4'), audio_url: ramp.urlFor('tone.wav'), lipsync_mode: mode },
      `ramp-${mode}`,
    );
    expect(Math.abs((await ffprobe(file)).durationSec - 4.5)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((await sourceTimeAt(file, 2.5)) - at2_5)).toBeLessThanOrEqual(0.2);
    expect(Math.abs((await sourceTimeAt(file, 3.5)) - at3_5)).toBeLessThanOrEqual(0.2);
  });
});

describe('other accepted inputs', () => {
  it.each([
    ['face.mov', 'dub.m4a', 1.0],
    ['face.m4v', 'dub.aac', 1.0],
    ['face.webm', 'dub.mp3', 1.0],
    ['silent.mp4', 'face.mp4', 2.0],
  ])('%s + %s (cut_off) → %s s', async (video, audio, expected) => {
    const file = await renderJob(
      { video_url: media.urlFor(video), audio_url: media.urlFor(audio), lipsync_mode: 'cut_off' },
      `other-${video}-${audio}`,
    );
    expect(Math.abs((await ffprobe(file)).durationSec - expected)).toBeLessThanOrEqual(0.1);
  });
});
