import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_VIDEO_BYTES } from '@reanimate/core';
import { mediaDir } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { closedPort, submit, TOKEN } from './helpers.js';

const SMALL_LIMIT = 1_000_000;
let emulator: Emulator;
let media: MediaServer;
let scratch: string;

/** Submits, waits, and returns the finished job. */
async function runJob(video: string, audio: string) {
  const answer = await submit(emulator.url, { video_url: video, audio_url: audio, lipsync_mode: 'cut_off' });
  expect(answer.status).toBe(200);
  return emulator.waitForJob(answer.json.request_id as string);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'emulator-inputs-test-'));
  // Sparse files: a size past the limit without writing the bytes.
  await writeFile(join(scratch, 'big.mp4'), '');
  await truncate(join(scratch, 'big.mp4'), SMALL_LIMIT + 1);
  media = await startMediaServer({
    dir: mediaDir,
    files: {
      '/big.mp4': join(scratch, 'big.mp4'),
      '/big-chunked.mp4': join(scratch, 'big.mp4'),
      '/flaky/dub.wav': join(mediaDir, 'dub.wav'),
      '/dead/dub.wav': join(mediaDir, 'dub.wav'),
    },
    rules: {
      '/big-chunked.mp4': { chunked: true },
      '/private/face.mp4': { status: 403 },
      '/moved/face.mov': { redirectTo: '/face.mov' },
      '/flaky/dub.wav': { dropFirst: 1 },
      '/dead/dub.wav': { dropFirst: 99 },
    },
  });
  emulator = await startEmulator({
    tokens: [TOKEN],
    processing: { fixedMs: 10 },
    // Lowered so the size limit can be tested without moving 100 MB; the default is MAX_VIDEO_BYTES.
    maxInputBytes: SMALL_LIMIT,
  });
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a dropped connection to the file host', () => {
  it('is retried: one drop still runs the job; drops on every attempt fail it with the reason', async () => {
    const flaky = await runJob(media.urlFor('face.mp4'), media.urlFor('flaky/dub.wav'));
    expect(flaky.status).toBe('completed');
    expect(flaky.error).toBeUndefined();
    const dead = await runJob(media.urlFor('face.mp4'), media.urlFor('dead/dub.wav'));
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/^audio_url could not be fetched from .*dead\/dub\.wav.*: /);
  }, 30_000);
});

describe('inputs the job cannot use fail it with a reason naming the input', () => {
  it('unreachable host', async () => {
    const port = await closedPort();
    const job = await runJob(`http://127.0.0.1:${port}/clip.mp4?token=abc`, media.urlFor('dub.wav'));
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      `video_url could not be fetched from http://127.0.0.1:${port}/clip.mp4?…: connection refused (ECONNREFUSED)`,
    );
  });

  it('HTTP 404 and 403', async () => {
    const missing = await runJob(media.urlFor('face.mp4'), media.urlFor('x.wav'));
    expect(missing.error).toBe(`audio_url could not be fetched: HTTP 404 from ${media.url}/x.wav`);
    const forbidden = await runJob(
      `${media.url}/private/face.mp4?X-Amz-Signature=secret`,
      media.urlFor('dub.wav'),
    );
    expect(forbidden.error).toBe(
      `video_url could not be fetched: HTTP 403 from ${media.url}/private/face.mp4?…`,
    );
    expect(forbidden.error).not.toContain('secret');
  });

  it('not media', async () => {
    const job = await runJob(media.urlFor('not-media.mp4'), media.urlFor('dub.wav'));
    expect(job.error).toMatch(
      /^video_url is not a supported media file \(expected .*\): http:\/\/.*\/not-media\.mp4$/,
    );
  });

  it('empty file', async () => {
    const job = await runJob(media.urlFor('face.mp4'), media.urlFor('empty.mp4'));
    expect(job.error).toBe(`audio_url is an empty file (0 bytes): ${media.url}/empty.mp4`);
  });

  it('longer than 15 s', async () => {
    const video = await runJob(media.urlFor('long-16s.mp4'), media.urlFor('dub.wav'));
    expect(video.error).toMatch(
      /^video_url is 16\.\d s long; react-1 accepts at most 15 s: http:\/\/.*\/long-16s\.mp4$/,
    );
    const audio = await runJob(media.urlFor('face.mp4'), media.urlFor('long-16s.mp3'));
    expect(audio.error).toMatch(/^audio_url is 16\.\d s long; react-1 accepts at most 15 s/);
  });

  it('undecodable (truncated MP4)', async () => {
    const job = await runJob(media.urlFor('truncated.mp4'), media.urlFor('dub.wav'));
    expect(job.error).toBe(
      `video_url could not be decoded: the file is damaged or cut short: ${media.url}/truncated.mp4`,
    );
  });

  it('video without a video stream, audio without an audio stream', async () => {
    const noVideo = await runJob(media.urlFor('dub.wav'), media.urlFor('dub.wav'));
    expect(noVideo.error).toBe(`video_url has no video stream (wav, audio only): ${media.url}/dub.wav`);
    const noAudio = await runJob(media.urlFor('face.mp4'), media.urlFor('silent.mp4'));
    expect(noAudio.error).toBe(`audio_url has no audio stream (mp4 without sound): ${media.url}/silent.mp4`);
  });

  it('larger than the download limit, declared or not', async () => {
    const declared = await runJob(media.urlFor('big.mp4'), media.urlFor('dub.wav'));
    expect(declared.error).toBe(
      `video_url is too large: larger than 1 MB, the most the service downloads: ${media.url}/big.mp4`,
    );
    // Without Content-Length the download is cut off once it passes the limit.
    const chunked = await runJob(media.urlFor('big-chunked.mp4'), media.urlFor('dub.wav'));
    expect(chunked.error).toMatch(/^video_url is too large: larger than 1 MB/);
    expect(MAX_VIDEO_BYTES).toBe(100_000_000);
  });

  it('reports the video first when both inputs are bad, and is readable in the status body', async () => {
    const job = await runJob(media.urlFor('nope.mp4'), media.urlFor('nope.wav'));
    expect(job.error).toMatch(/^video_url could not be fetched: HTTP 404/);
  });
});

describe('inputs that work', () => {
  it('accepts a video file with sound as the audio input', async () => {
    const job = await runJob(media.urlFor('silent.mp4'), media.urlFor('face.mp4'));
    expect(job.status).toBe('completed');
    expect(job.audioDurationSec).toBeGreaterThan(3.9);
  });

  it('follows redirects and ignores the query string of presigned URLs', async () => {
    const job = await runJob(`${media.url}/moved/face.mov?X-Amz-Signature=abc`, media.urlFor('dub.mp3'));
    expect(job.status).toBe('completed');
  });
});
