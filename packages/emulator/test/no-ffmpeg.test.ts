import { readFileSync } from 'node:fs';
import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { submit, TOKEN } from './helpers.js';

let emulator: Emulator;
let media: MediaServer;

beforeAll(async () => {
  media = await startMediaServer({ dir: mediaDir });
  emulator = await startEmulator({ tokens: [TOKEN], processing: { fixedMs: 10 }, ffmpegPath: false });
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
});

describe('without ffmpeg', () => {
  it('completes jobs with the input video unchanged as the output, and still checks the inputs', async () => {
    expect(emulator.ffmpegPath).toBeUndefined();
    const answer = await submit(emulator.url, {
      video_url: media.urlFor('face.mp4'),
      audio_url: media.urlFor('dub.wav'),
    });
    const job = await emulator.waitForJob(answer.json.request_id as string);
    expect(job).toMatchObject({ status: 'completed', renderedWith: 'copy' });
    const output = Buffer.from(await (await fetch(job.outputUrl ?? '')).arrayBuffer());
    expect(output.equals(readFileSync(samples.faceMp4))).toBe(true);

    const bad = await submit(emulator.url, {
      video_url: media.urlFor('face.mp4'),
      audio_url: media.urlFor('silent.mp4'),
    });
    expect((await emulator.waitForJob(bad.json.request_id as string)).error).toMatch(
      /^audio_url has no audio stream/,
    );
  });
});
