import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type MediaServer, startMediaServer } from '@reanimate/emulator';
import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { type CliRun, CONTROL_CHARS, cleanEnv, probe, runCli, tempDir } from './helpers.js';

// Distinctive secrets: whatever the CLI prints must never contain them.
const TOKEN = 'tok-run-SECRET-4d1e7b90';
const S3_SECRET = 's3-run-SECRET-8a2f6c11';

describe('reanimate run', () => {
  let services: LocalServices;
  let media: MediaServer;
  let dir: { path: string; remove(): Promise<void> };
  const printed: CliRun[] = [];

  // `extra` may unset variables (undefined), e.g. to run without storage settings.
  const env = (extra: Record<string, string | undefined> = {}) => {
    const merged: Record<string, string | undefined> = {
      ...services.env,
      REANIMATE_S3_SECRET_ACCESS_KEY: S3_SECRET,
      REANIMATE_HOME: join(dir.path, 'home'),
      REANIMATE_POLL_INTERVAL_MS: '50',
      ...extra,
    };
    return cleanEnv(merged);
  };
  const cli = async (args: string[], extra: Record<string, string | undefined> = {}) => {
    const result = await runCli(args, env(extra));
    printed.push(result);
    return result;
  };
  const submits = () => services.emulator.requests.filter((request) => request.route === 'submit').length;
  const objectsInBucket = async () => {
    const listing = await (await fetch(`${services.s3.endpoint}/${services.s3.bucket}?list-type=2`)).text();
    return Number(/<KeyCount>(\d+)<\/KeyCount>/.exec(listing)?.[1] ?? Number.NaN);
  };

  beforeAll(async () => {
    services = await startServices({ token: TOKEN });
    media = await startMediaServer({ dir: mediaDir });
    dir = await tempDir('reanimate-run-');
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), media?.close(), dir?.remove()]);
    // Checked last, over every run of this file: stdout and stderr, successes and failures.
    for (const result of printed) {
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(S3_SECRET);
      }
    }
  });

  it('checks, uploads, submits, follows and downloads one job; uploads are deleted afterwards', async () => {
    const out = join(dir.path, 'out', 'synced.mp4');
    const before = submits();
    const result = await cli([
      'run',
      '--video',
      samples.faceMp4,
      '--audio',
      samples.dubWav,
      '--out',
      out,
      '--emotion',
      'happy',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Saved ${out.replace(/[/.]/g, '\\$&')} \\(4\\.5\\d s, request [\\w-]+\\)\\n$`),
    );
    // Not a terminal: one plain line per phase, no control characters.
    expect(CONTROL_CHARS.test(result.stderr)).toBe(false);
    for (const phase of ['checking', 'uploading', 'submitting', 'downloading', 'done']) {
      expect(result.stderr).toMatch(new RegExp(`^\\[\\d+:\\d{2}\\] ${phase}$`, 'm'));
    }
    expect(Math.abs(probe(out).durationSec - 4.5)).toBeLessThan(0.05);
    expect(submits() - before).toBe(1);
    const job = services.emulator.listJobs().at(-1);
    expect(job?.input.emotion).toBe('happy');
    expect(job?.input.video_url.startsWith(`${services.s3.endpoint}/`)).toBe(true);
    expect(await objectsInBucket()).toBe(0);
  });

  it('--json prints exactly one JSON object for the job on stdout', async () => {
    const out = join(dir.path, 'json.mp4');
    const result = await cli([
      'run',
      '--video',
      samples.faceMp4,
      '--audio',
      samples.dubMp3,
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const job = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(job).toMatchObject({ status: 'done', exitCode: 0, out });
    expect(job.requestId).toEqual(expect.any(String));
    expect(job.durationSec).toBeGreaterThan(1.9);
    expect(existsSync(out)).toBe(true);
  });

  it('passes URL inputs through without uploading, and needs no storage settings for them', async () => {
    const out = join(dir.path, 'from-urls.mp4');
    const video = media.urlFor('face.mp4');
    const audio = media.urlFor('dub.wav');
    const noStorage = Object.fromEntries(Object.keys(services.s3.env).map((key) => [key, undefined]));
    const result = await cli(['run', '--video', video, '--audio', audio, '--out', out], noStorage);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('uploading');
    const job = services.emulator.listJobs().at(-1);
    expect(job?.input.video_url).toBe(video);
    expect(job?.input.audio_url).toBe(audio);
    expect(existsSync(out)).toBe(true);
  });

  it('local files without storage settings: exit 2 naming exactly what to set, after pre-flight, nothing sent', async () => {
    const noStorage = Object.fromEntries(Object.keys(services.s3.env).map((key) => [key, undefined]));
    const before = services.emulator.requests.length;
    const missing = await cli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', join(dir.path, 'x.mp4')],
      noStorage,
    );
    expect(missing.code).toBe(2);
    for (const setting of [
      's3.endpoint',
      'REANIMATE_S3_ENDPOINT',
      's3.bucket',
      'REANIMATE_S3_BUCKET',
      's3.accessKeyId',
      's3.secretAccessKey',
    ]) {
      expect(missing.stderr).toContain(setting);
    }
    expect(missing.stderr).toContain('https:// URLs need no storage settings');
    // Pre-flight runs first: a bad file is reported as such, not as missing storage.
    const bad = await cli(
      ['run', '--video', samples.notMediaMp4, '--audio', samples.dubWav, '--out', join(dir.path, 'x.mp4')],
      noStorage,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not-media.mp4 is not a media file');
    expect(bad.stderr).not.toContain('REANIMATE_S3_ENDPOINT');
    expect(services.emulator.requests.length).toBe(before);
  });

  it('pre-flight refuses bad inputs, every problem at once, before any network call', async () => {
    const before = services.emulator.requests.length;
    const result = await cli([
      'run',
      '--video',
      samples.silentMp4,
      '--audio',
      samples.emptyMp4,
      '--out',
      join(dir.path, 'y.mp4'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('audio empty.mp4 is empty');
    expect(result.stderr).not.toContain('--split');
    const long = await cli([
      'run',
      '--video',
      samples.long16sMp4,
      '--audio',
      samples.dubWav,
      '--out',
      join(dir.path, 'y.mp4'),
    ]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("over react-1's 15 s limit");
    expect(long.stderr).toContain('add --split');
    expect(services.emulator.requests.length).toBe(before);
  });

  it('authentication: exit 3 without a token and with a refused one', async () => {
    const none = await cli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', join(dir.path, 'z.mp4')],
      {
        RUNCOMFY_API_TOKEN: undefined,
      },
    );
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('No RunComfy API token is set');
    const wrongToken = 'tok-WRONG-secret-0c4f';
    const refused = await cli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', join(dir.path, 'z.mp4')],
      {
        RUNCOMFY_API_TOKEN: wrongToken,
      },
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('RUNCOMFY_API_TOKEN');
    expect(refused.stdout + refused.stderr).not.toContain(wrongToken);
  });

  it('bad flags: exit 2 with the usage', async () => {
    const result = await cli(['run', '--video', samples.faceMp4, '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown option --bogus');
    expect(result.stderr).toContain('Usage: reanimate run');
    const unknown = await cli(['transmogrify']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('reanimate batch <manifest.csv|manifest.json>');
  });
});
