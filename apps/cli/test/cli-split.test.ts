import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { ffmpegPath } from '../src/split/ffmpeg.js';
import { makeLongSample } from '../src/split/long-sample.js';
import { cleanEnv, probe, runCli, tempDir } from './helpers.js';

const FRAME = 1 / 24;

describe('--split', () => {
  let services: LocalServices;
  let dir: { path: string; remove(): Promise<void> };
  let long: { video: string; audio: string };
  const env = () =>
    cleanEnv({ ...services.env, REANIMATE_HOME: join(dir.path, 'home'), REANIMATE_POLL_INTERVAL_MS: '50' });

  beforeAll(async () => {
    services = await startServices({
      token: 'tok-split',
      emulator: { workers: 3, processing: { fixedMs: 50 } },
    });
    dir = await tempDir('reanimate-split-');
    // Generated once per machine (not committed): the 4 s sample looped to 40 s.
    long = await makeLongSample({
      ffmpeg: ffmpegPath(),
      video: samples.faceMp4,
      audio: samples.dubWav,
      seconds: 40,
      dir: join(tmpdir(), 'reanimate-cli-samples'),
    });
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), dir?.remove()]);
  });

  it('without --split a 40 s input is refused with a hint to use it; nothing is sent', async () => {
    const before = services.emulator.requests.length;
    const result = await runCli(
      ['run', '--video', long.video, '--audio', long.audio, '--out', join(dir.path, 'no.mp4')],
      env(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --split');
    expect(services.emulator.requests.length).toBe(before);
  });

  it('cuts a 40 s input into ≤ 15 s segments, runs them and joins the results within one frame of the input', async () => {
    const out = join(dir.path, 'joined.mp4');
    const jobsBefore = services.emulator.listJobs().length;
    const result = await runCli(
      ['run', '--video', long.video, '--audio', long.audio, '--out', out, '--split'],
      env(),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('split into 3 segments of 13.33 + 13.33 + 13.33 s');
    expect(result.stdout).toContain(`Saved ${out}`);
    const jobs = services.emulator.listJobs().slice(jobsBefore);
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      expect(job.status).toBe('completed');
      expect(job.videoDurationSec).toBeLessThanOrEqual(15);
      expect(job.audioDurationSec).toBeLessThanOrEqual(15);
    }
    const input = probe(long.video);
    const output = probe(out);
    expect(Math.abs(output.durationSec - input.durationSec)).toBeLessThanOrEqual(FRAME);
    expect(output.frames).toBe(input.frames);
  });

  it('batch --split: long and short rows side by side', async () => {
    const manifest = join(dir.path, 'mixed.csv');
    await writeFile(
      manifest,
      [
        'video,audio,out',
        `${long.video},${long.audio},mixed-long.mp4`,
        `${samples.faceMp4},${samples.dubWav},mixed-short.mp4`,
      ].join('\n'),
    );
    const result = await runCli(['batch', manifest, '--yes', '--split', '--json'], env());
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; segments?: unknown[] });
    expect(rows.map((row) => row.status)).toEqual(['done', 'done']);
    expect(rows[0]?.segments).toHaveLength(3);
    expect(Math.abs(probe(join(dir.path, 'mixed-long.mp4')).durationSec - 40)).toBeLessThanOrEqual(FRAME);
  });
});
