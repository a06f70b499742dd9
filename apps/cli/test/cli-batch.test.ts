import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { cleanEnv, runCli, spawnCli, tempDir, waitFor } from './helpers.js';

const TOKEN = 'tok-batch-77c2';

describe('reanimate batch', () => {
  let services: LocalServices;
  let dir: { path: string; remove(): Promise<void> };
  const env = (home = 'home') =>
    cleanEnv({ ...services.env, REANIMATE_HOME: join(dir.path, home), REANIMATE_POLL_INTERVAL_MS: '50' });
  const submitsOf = (target: LocalServices) =>
    target.emulator.requests.filter((request) => request.route === 'submit');

  beforeAll(async () => {
    services = await startServices({ token: TOKEN, emulator: { workers: 2, processing: { fixedMs: 50 } } });
    dir = await tempDir('reanimate-batch-');
    // Inputs beside the manifest, referenced by relative paths.
    await mkdir(join(dir.path, 'media'));
    await copyFile(samples.faceMp4, join(dir.path, 'media', 'face.mp4'));
    await copyFile(samples.dubWav, join(dir.path, 'media', 'dub.wav'));
    await copyFile(samples.dubMp3, join(dir.path, 'media', 'dub.mp3'));
    await writeFile(
      join(dir.path, 'jobs.csv'),
      [
        'video,audio,out,emotion,model_mode,lipsync_mode,temperature',
        'media/face.mp4,media/dub.wav,out/one.mp4,happy,,,',
        'media/face.mp4,media/dub.mp3,out/two.mp4,,lips,,0.2',
        'media/face.mp4,media/dub.wav,out/three.mp4,sad,,cut_off,',
        'media/face.mp4,media/dub.mp3,out/four.mp4,,,,',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), dir?.remove()]);
  });

  it('runs every row behind one rate limiter, reports a failed row, and a re-run skips finished rows', async () => {
    const manifest = join(dir.path, 'jobs.csv');
    // The service refuses two submits with 429 and two status reads, and fails the first job it runs.
    services.emulator.injectFault({ kind: 'http', status: 429, route: 'submit', retryAfterSec: 1, times: 2 });
    services.emulator.injectFault({ kind: 'http', status: 429, route: 'status', retryAfterSec: 1, times: 2 });
    services.emulator.injectFault({ kind: 'fail', reason: 'face not found in frame 12' });

    const first = await runCli(['batch', manifest, '--yes', '--concurrency', '3'], env());
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/rate limited \(HTTP 429\): every job waits 1 s/);
    const table = first.stdout.split('\n');
    expect(table[0]).toMatch(/^JOB\s+STATUS\s+REQUEST\s+OUT\s+DETAIL$/);
    expect(first.stdout.match(/^row \d\s+done\s/gm)).toHaveLength(3);
    const failedLine = table.find((line) => /^row \d\s+failed\s/.test(line)) as string;
    expect(failedLine).toContain('face not found in frame 12');
    expect(first.stdout).toMatch(/4 jobs: (3 done, 1 failed|1 failed, 3 done) · rate limited \d+ times/);
    // A 429 is a refusal: no duplicate jobs however often submits were refused.
    expect(services.emulator.listJobs()).toHaveLength(4);
    expect(submitsOf(services).filter((request) => request.status === 429)).toHaveLength(2);
    for (const name of ['one', 'two', 'three', 'four']) {
      const expected = !failedLine.includes(`out/${name}.mp4`);
      expect(existsSync(join(dir.path, 'out', `${name}.mp4`))).toBe(expected);
    }

    // Re-run: finished rows are skipped, the failed one (it has a request id) is reported, not sent again.
    const submitted = submitsOf(services).length;
    const second = await runCli(['batch', manifest, '--yes'], env());
    expect(second.code).toBe(1);
    expect(second.stdout.match(/^row \d\s+skipped\s.*already done/gm)).toHaveLength(3);
    expect(second.stdout).toMatch(/^row \d\s+failed\s.*Failed in an earlier run/m);
    expect(second.stderr).toContain('--retry-failed');
    expect(submitsOf(services)).toHaveLength(submitted);

    // Only when asked: the failed row, and nothing else, is submitted again.
    const third = await runCli(['batch', manifest, '--yes', '--retry-failed', '--json'], env());
    expect(third.code, third.stderr).toBe(0);
    const rows = third.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; label: string });
    expect(rows.map((row) => row.status).sort()).toEqual(['done', 'skipped', 'skipped', 'skipped']);
    expect(submitsOf(services)).toHaveLength(submitted + 1);
    expect(services.emulator.listJobs()).toHaveLength(5);
  });

  it('a killed batch resumes its rows in flight on re-run and never submits them again', async () => {
    const slow = await startServices({
      token: TOKEN,
      emulator: { workers: 4, processing: { fixedMs: 1500 } },
    });
    try {
      const manifest = join(dir.path, 'slow.json');
      await writeFile(
        manifest,
        JSON.stringify([
          { video: 'media/face.mp4', audio: 'media/dub.wav', out: 'slow/a.mp4' },
          { video: 'media/face.mp4', audio: 'media/dub.mp3', out: 'slow/b.mp4', emotion: 'angry' },
        ]),
      );
      const slowEnv = cleanEnv({
        ...slow.env,
        REANIMATE_HOME: join(dir.path, 'slow-home'),
        REANIMATE_POLL_INTERVAL_MS: '50',
      });
      const live = spawnCli(['batch', manifest, '--yes'], slowEnv);
      await waitFor(() =>
        slow.emulator.listJobs().filter((job) => job.status === 'in_progress').length === 2
          ? true
          : undefined,
      );
      // The journal has both request ids before the process dies.
      await waitFor(async () => {
        const names = (await readdir(join(dir.path, 'slow-home', 'jobs'))).filter((name) =>
          name.endsWith('.json'),
        );
        const texts = await Promise.all(
          names.map((name) => readFile(join(dir.path, 'slow-home', 'jobs', name), 'utf8')),
        );
        return texts.filter((text) => text.includes('"in_progress"')).length === 2 ? true : undefined;
      });
      live.child.kill('SIGKILL');
      await live.done;
      const rerun = await runCli(['batch', manifest, '--yes'], slowEnv);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout.match(/done\s.*resumed request/g)).toHaveLength(2);
      expect(submitsOf(slow)).toHaveLength(2);
      expect(existsSync(join(dir.path, 'slow', 'a.mp4')) && existsSync(join(dir.path, 'slow', 'b.mp4'))).toBe(
        true,
      );
    } finally {
      await slow.close();
    }
  });

  it('two batch runs of one manifest started together submit each row once, and both exit 0 with every output', async () => {
    const rows = 6;
    const manifest = join(dir.path, 'twice.csv');
    await writeFile(
      manifest,
      [
        'video,audio,out,emotion',
        ...Array.from({ length: rows }, (_, i) => `media/face.mp4,media/dub.wav,twice/${i + 1}.mp4,happy`),
      ].join('\n'),
    );
    const before = submitsOf(services).length;
    const [a, b] = await Promise.all([
      runCli(['batch', manifest, '--yes', '--concurrency', '3'], env('home-twice')),
      runCli(['batch', manifest, '--yes', '--concurrency', '3'], env('home-twice')),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(submitsOf(services).length - before).toBe(rows);
    for (let i = 1; i <= rows; i++) expect(existsSync(join(dir.path, 'twice', `${i}.mp4`))).toBe(true);
    // Each run accounts for every row: done by itself, or found done by the other.
    for (const run of [a, b]) expect(run.stdout.match(/^row \d\s+(done|skipped)\s/gm)).toHaveLength(rows);
  }, 60_000);

  it('a bad manifest: exit 2 naming the row and field, nothing sent', async () => {
    const manifest = join(dir.path, 'bad.csv');
    await writeFile(
      manifest,
      'video,audio,out\nmedia/face.mp4,,x.mp4\nmedia/missing.mp4,media/dub.wav,y.mp4\n',
    );
    const before = services.emulator.requests.length;
    const result = await runCli(['batch', manifest], env('bad-home'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('row 1 (line 2), audio: is required');
    const files = await runCli(['batch', join(dir.path, 'bad-files.csv')], env('bad-home'));
    expect(files.code).toBe(2);
    expect(files.stderr).toContain('no such file');
    await writeFile(
      join(dir.path, 'bad-files.csv'),
      'video,audio,out\nmedia/missing.mp4,media/dub.wav,y.mp4\n',
    );
    const missing = await runCli(['batch', join(dir.path, 'bad-files.csv')], env('bad-home'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/row 1: video .*missing\.mp4 (does not exist|.*no such file)/);
    expect(services.emulator.requests.length).toBe(before);
  });
});
