import { mediaDir } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { eventually, submit, TOKEN } from './helpers.js';

let emulator: Emulator;
let media: MediaServer;

beforeAll(async () => {
  media = await startMediaServer({ dir: mediaDir });
  // 100 ms per second of the longer input: face.mov (1 s) + dub.m4a (2 s) → at least ~200 ms in progress.
  emulator = await startEmulator({ tokens: [TOKEN], workers: 3, processing: { perInputSecondMs: 100 } });
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
});

describe('workers and processing time', () => {
  it('runs up to `workers` jobs at once, each in progress for at least the per-input-second time', async () => {
    const input = {
      video_url: media.urlFor('face.mov'),
      audio_url: media.urlFor('dub.m4a'),
      lipsync_mode: 'cut_off',
    };
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await submit(emulator.url, input)).json.request_id as string);
    const busy = await eventually(() => {
      const running = emulator.listJobs().filter((job) => job.status === 'in_progress');
      return running.length === 3 ? running : undefined;
    });
    expect(busy).toHaveLength(3);
    expect(emulator.getJob(ids[3] ?? '')).toMatchObject({ status: 'in_queue', queuePosition: 0 });

    const done = await Promise.all(ids.map((id) => emulator.waitForJob(id)));
    for (const job of done) {
      expect(job.status).toBe('completed');
      expect(job.audioDurationSec).toBeGreaterThan(1.9);
      // Timestamps come from the emulator's clock; allow a little for clock granularity.
      expect((job.finishedAt ?? 0) - (job.startedAt ?? 0)).toBeGreaterThanOrEqual(190);
    }
    // The fourth started only when a worker came free.
    const fourth = done[3];
    const firstFinish = Math.min(...done.slice(0, 3).map((job) => job.finishedAt ?? 0));
    expect(fourth?.startedAt).toBeGreaterThanOrEqual(firstFinish);
  });
});
