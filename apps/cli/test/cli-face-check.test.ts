import { join } from 'node:path';
import { findFfmpeg, runFfmpeg } from '@reanimate/ffmpeg';
import { astronautJpg, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { cleanEnv, runCli, tempDir } from './helpers.js';

const TOKEN = 'tok-faces-90ab';

/** The face check from the command line, on clips made from a real face (samples/faces/SOURCE.md). */
describe('reanimate check, and the face check before run', () => {
  let services: LocalServices;
  let dir: { path: string; remove(): Promise<void> };
  let cut = '';
  let big = '';
  const env = () =>
    cleanEnv({ ...services.env, REANIMATE_HOME: join(dir.path, 'home'), REANIMATE_POLL_INTERVAL_MS: '50' });
  const submits = () => services.emulator.requests.filter((request) => request.route === 'submit').length;

  beforeAll(async () => {
    services = await startServices({ token: TOKEN, emulator: { processing: { fixedMs: 50 } } });
    dir = await tempDir('reanimate-faces-cli-');
    const ffmpeg = findFfmpeg() as string;
    cut = join(dir.path, 'cut.mp4');
    big = join(dir.path, 'big.mp4');
    // 1.5 s of the face, then 1.5 s of the suit without it.
    await runFfmpeg(ffmpeg, [
      '-y',
      ...['-loop', '1', '-framerate', '25', '-t', '3', '-i', astronautJpg],
      '-filter_complex',
      '[0]scale=720:720,split[a][b];[a]crop=640:360:40:40,trim=0:1.5,setpts=PTS-STARTPTS[f];' +
        '[b]crop=640:360:80:360,trim=0:1.5,setpts=PTS-STARTPTS[n];[f][n]concat=n=2:v=1[out]',
      ...['-map', '[out]', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', cut],
    ]);
    await runFfmpeg(ffmpeg, [
      '-y',
      ...['-f', 'lavfi', '-i', 'testsrc=size=4500x2200:rate=2:duration=1'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', big],
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([services?.close(), dir?.remove()]);
  });

  it('`check` says the demo sample is fine, names the span without a face, and refuses above 4K', async () => {
    const fine = await runCli(['check', '--video', samples.faceMp4, '--audio', samples.dubWav], env());
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stdout).toContain('Face check: one face throughout; nothing to fix.');
    const warned = await runCli(['check', '--video', cut], env());
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stdout).toMatch(/cut\.mp4: warning: No face is visible 0:01\.\d\d–0:03\.0\d/);
    const json = JSON.parse((await runCli(['check', '--video', cut, '--json'], env())).stdout);
    expect(json.faceCheck).toEqual([expect.objectContaining({ code: 'no_face', severity: 'warn' })]);
    const refused = await runCli(['check', '--video', big], env());
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/big\.mp4: cannot be used: The video is 4500×2200, above the 4K/);
    const audioOnly = await runCli(['check', '--video', samples.dubWav], env());
    expect(audioOnly.code).toBe(2);
    expect(audioOnly.stderr).toMatch(/has no video stream/);
    expect(submits()).toBe(0);
  }, 60_000);

  it('`run` shows the findings before it submits; --no-face-check skips them', async () => {
    const out = join(dir.path, 'out.mp4');
    const warned = await runCli(['run', '--video', cut, '--audio', samples.dubWav, '--out', out], env());
    expect(warned.code, warned.stderr).toBe(0);
    const at = warned.stderr.indexOf('warning: No face is visible');
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(warned.stderr.indexOf('submitting'));
    const skipped = await runCli(
      [
        'run',
        '--video',
        cut,
        '--audio',
        samples.dubWav,
        '--out',
        join(dir.path, 'out2.mp4'),
        '--no-face-check',
      ],
      env(),
    );
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).not.toContain('No face is visible');
  }, 60_000);

  it('warns when a result drifts from what its inputs promise, and stays quiet when it does not', async () => {
    // This emulator hands back the 4.0 s face untouched, where the CLI's default lipsync_mode promises the ~2 s
    // of dub.aac.
    const copying = await startServices({
      token: TOKEN,
      emulator: { processing: { fixedMs: 50 }, ffmpegPath: false },
    });
    try {
      const copyEnv = cleanEnv({
        ...copying.env,
        REANIMATE_HOME: join(dir.path, 'home-copy'),
        REANIMATE_POLL_INTERVAL_MS: '50',
      });
      const args = ['run', '--video', samples.faceMp4, '--audio', samples.dubAac, '--no-face-check'];
      const drifted = await runCli([...args, '--out', join(dir.path, 'drift.mp4')], copyEnv);
      expect(drifted.code, drifted.stderr).toBe(0);
      expect(drifted.stderr).toMatch(
        /Warning: The result is 2\.0\d\d s longer than expected \(4\d frames\): placed over the original it will slip/,
      );
      const json = JSON.parse(
        (await runCli([...args, '--out', join(dir.path, 'drift2.mp4'), '--json'], copyEnv)).stdout,
      );
      expect(json.warning).toMatch(/longer than expected/);
    } finally {
      await copying.close();
    }
    const rendered = await runCli(
      [
        'run',
        ...['--video', samples.faceMp4, '--audio', samples.dubAac, '--no-face-check'],
        ...['--out', join(dir.path, 'rendered.mp4')],
      ],
      env(),
    );
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stderr).not.toContain('Warning:');
  }, 90_000);
});
