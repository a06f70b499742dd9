import { exec } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { samples } from '@reanimate/samples';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { BUNDLE } from './global-setup.js';
import { cleanEnv, runCli, tempDir } from './helpers.js';

const TOKEN = 'tok-runcomfy-5c1d';
const run = promisify(exec);

/** The CLI as a new user meets RunComfy's real answers (reference §3), against the emulator over HTTP. */
describe('RunComfy as it answers, from the CLI', () => {
  let services: LocalServices;
  let dir: { path: string; remove(): Promise<void> };
  let homes = 0;
  const home = () => join(dir.path, `home-${homes}`);
  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({ ...services.env, REANIMATE_HOME: home(), REANIMATE_POLL_INTERVAL_MS: '50', ...extra });
  const submits = () => services.emulator.requests.filter((request) => request.route === 'submit').length;
  const runJob = (out: string, extra: string[] = [], environment = env()) =>
    runCli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', out, ...extra],
      environment,
    );

  beforeAll(async () => {
    services = await startServices({ token: TOKEN, emulator: { processing: { fixedMs: 100 } } });
    dir = await tempDir('reanimate-runcomfy-');
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), dir?.remove()]);
  });
  afterEach(() => {
    services.emulator.clearFaults();
    homes += 1;
  });

  it('`estimate` prices a job from the service (per second of the output the mode makes) and sends nothing', async () => {
    const before = submits();
    const bounce = await runCli(['estimate', '--video', samples.faceMp4, '--audio', samples.dubWav], env());
    expect(bounce.code, bounce.stderr).toBe(0);
    // 4.5 s dub (bounce follows the audio) × 0.04 USD/s.
    expect(bounce.stdout).toContain('$0.18 (4.50 s of output × $0.040/s); nothing was submitted.');
    const cut = await runCli(
      [
        'estimate',
        '--video',
        samples.faceMp4,
        '--audio',
        samples.dubWav,
        '--lipsync-mode',
        'cut_off',
        '--json',
      ],
      env(),
    );
    expect(JSON.parse(cut.stdout)).toMatchObject({ estimatedUsd: 0.16, outputSec: 4 });
    expect(submits()).toBe(before);
  });

  it('`run` shows the estimate before it submits, and `jobs` what it cost', async () => {
    const out = join(dir.path, 'costed.mp4');
    const result = await runJob(out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Estimated cost of this job: $0.18');
    expect(result.stderr.indexOf('Estimated cost')).toBeLessThan(result.stderr.indexOf('submitting'));
    const jobs = await runCli(['jobs', '--json'], env());
    expect(JSON.parse(jobs.stdout.trim())).toMatchObject({ cost: { estimatedUsd: 0.18, chargedUsd: 0.18 } });
  });

  it('a no-balance refusal (HTTP 200 + 400002) is a refusal: exit 1, what to do, no ambiguous entry', async () => {
    services.emulator.injectFault({ kind: 'refuse', errorCode: 400002 });
    const result = await runJob(join(dir.path, 'broke.mp4'));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/insufficient balance/i);
    expect(result.stderr).toMatch(/Top up your RunComfy balance/);
    expect(result.stderr).not.toMatch(/dashboard/);
    const jobs = await runCli(['jobs', '--json'], env());
    expect(JSON.parse(jobs.stdout.trim()).status).toBe('not_submitted');
  });

  it('a refused token is found before anything is uploaded: exit 3', async () => {
    const result = await runJob(
      join(dir.path, 'token.mp4'),
      [],
      env({ RUNCOMFY_API_TOKEN: 'not-the-token' }),
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).not.toContain('uploading');
    expect(result.stderr).toMatch(/refused the API token/);
  });

  it('a batch without a terminal to confirm at needs --yes or a --max-cost it stays within', async () => {
    const manifest = join(dir.path, 'costly.csv');
    await writeFile(
      manifest,
      ['video,audio,out', `${samples.faceMp4},${samples.dubWav},${join(dir.path, 'costly-1.mp4')}`].join(
        '\n',
      ),
    );
    const before = submits();
    const asked = await runCli(['batch', manifest], env());
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/would cost about \$0\.18 and there is no terminal to confirm at/);
    expect(asked.stderr).toMatch(/--yes/);
    const capped = await runCli(['batch', manifest, '--max-cost', '0.10'], env());
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/over --max-cost \$0\.10/);
    expect(submits()).toBe(before);
    const within = await runCli(['batch', manifest, '--max-cost', '1'], env());
    expect(within.code, within.stderr).toBe(0);
    expect(submits()).toBe(before + 1);
  });

  it('a request the service loses is reported, left alone by resume, and can be forgotten', async () => {
    const out = join(dir.path, 'lost.mp4');
    const live = runJob(out);
    // Forget the request as soon as it exists.
    for (
      let i = 0;
      i < 1000 && services.emulator.listJobs().every((job) => job.status !== 'in_progress');
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    const job = services.emulator.listJobs().find((candidate) => candidate.status === 'in_progress');
    services.emulator.injectFault({ kind: 'forget', requestId: job?.id as string });
    const result = await live;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no longer knows react-1 request/);
    const listed = await runCli(['jobs'], env());
    expect(listed.stdout).toMatch(/lost by the service/);
    const resumed = await runCli(['resume'], env());
    expect(resumed.stderr).toContain('Nothing to resume');
    const id = JSON.parse((await runCli(['jobs', '--json'], env())).stdout.trim()).jobId as string;
    const forgot = await runCli(['jobs', 'forget', id], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    expect((await runCli(['jobs', '--json'], env())).stdout.trim()).toBe('');
  });

  it('an outage past the budget: says since when it is unreachable, then exits 5 with how to collect it', async () => {
    const out = join(dir.path, 'outage.mp4');
    services.emulator.injectFault({ kind: 'http', route: 'status', status: 503, times: 'always' });
    const result = await runJob(out, [], env({ REANIMATE_OUTAGE_BUDGET_MS: '1500' }));
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toMatch(/service unreachable since \d\d:\d\d:\d\d UTC, still following request/);
    expect(result.stderr).toMatch(/reanimate resume/);
    services.emulator.clearFaults();
    const resumed = await runCli(['resume'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  }, 60_000);

  it('refuses what a new user gets wrong, before anything is uploaded', async () => {
    const before = submits();
    const http = await runJob(
      join(dir.path, 'a.mp4'),
      [],
      env({ RUNCOMFY_BASE_URL: 'http://api.example.com' }),
    );
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/plain http: the API token would travel unencrypted/);
    const folder = await runCli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', `${join(dir.path, 'newdir')}/`],
      env(),
    );
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--out names a folder/);
    const blocker = join(dir.path, 'a-file');
    await writeFile(blocker, 'not a folder');
    const unwritable = await runJob(join(blocker, 'out.mp4'));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot be saved to .*out\.mp4: part of .* is a file/);
    const badHome = await runJob(join(dir.path, 'b.mp4'), [], env({ REANIMATE_HOME: join(blocker, 'home') }));
    expect(badHome.code).toBe(2);
    expect(badHome.stderr).toMatch(/REANIMATE_HOME/);
    // A home whose journal folder cannot be made: said before anything is uploaded, never "Unexpected error".
    const home = join(dir.path, 'home-with-a-file');
    await mkdir(home);
    await writeFile(join(home, 'jobs'), 'not a folder');
    const badJournal = await runJob(join(dir.path, 'c.mp4'), [], env({ REANIMATE_HOME: home }));
    expect(badJournal.code).toBe(1);
    expect(badJournal.stderr).toMatch(/journal folder \((EEXIST|ENOTDIR)\)/);
    expect(badJournal.stderr).toMatch(/REANIMATE_HOME/);
    expect(badJournal.stderr).not.toMatch(/Unexpected error|uploading/);
    expect(submits()).toBe(before);
    expect(await readdir(dir.path)).not.toContain('newdir');
  });

  it('moves a corrupt journal record aside, names it, and keeps working', async () => {
    await runJob(join(dir.path, 'before-corrupt.mp4'));
    await mkdir(join(home(), 'jobs'), { recursive: true });
    await writeFile(join(home(), 'jobs', 'broken.json'), '{"version":1,');
    const listed = await runCli(['jobs'], env());
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toMatch(
      /broken\.json is not valid JSON\. Moved it aside to .*broken\.json\.corrupt/,
    );
    expect(listed.stdout).toMatch(/downloaded/);
  });

  it('runs a wide batch without listener warnings', async () => {
    const rows = 12;
    const manifest = join(dir.path, 'wide.csv');
    await writeFile(
      manifest,
      [
        'video,audio,out',
        ...Array.from(
          { length: rows },
          (_, i) => `${samples.faceMp4},${samples.dubWav},${join(dir.path, `wide-${i}.mp4`)}`,
        ),
      ].join('\n'),
    );
    const result = await runCli(['batch', manifest, '--yes', '--concurrency', '12'], env(), {
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/MaxListenersExceededWarning|Warning:/);
  }, 90_000);

  it('a full disk for its output is one line, not a stack trace (`jobs > /dev/full`)', async () => {
    if (!existsSync('/dev/full')) return;
    await runJob(join(dir.path, 'full.mp4'));
    const command = `"${process.execPath}" "${BUNDLE}" jobs --json > /dev/full`;
    const failed = await run(command, { env: env(), shell: '/bin/sh' }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/could not write the output \(ENOSPC\)/);
    expect((failed as { stderr: string }).stderr).not.toMatch(/at .*\.js/);
  });

  it('ends quietly when its output is cut short (`jobs | head -n 1`)', async () => {
    // More output than a pipe holds (64 KiB), so the reader closing early really breaks the pipe.
    const jobs = join(home(), 'jobs');
    await mkdir(jobs, { recursive: true });
    for (let i = 0; i < 1500; i++) {
      const at = new Date(Date.UTC(2026, 11, 1, 0, 0, i)).toISOString();
      await writeFile(
        join(jobs, `job-${i}.json`),
        JSON.stringify({
          version: 1,
          jobId: `job-${i}`,
          revision: 1,
          createdAt: at,
          updatedAt: at,
          input: { video_url: 'https://x/v.mp4', audio_url: 'https://x/a.wav' },
          inputHash: 'h',
          status: 'downloaded',
          requestId: `req-${i}`,
          localPath: `/out/${i}.mp4`,
          meta: {},
        }),
      );
    }
    const command = `"${process.execPath}" "${BUNDLE}" jobs | head -n 1 >/dev/null; "${process.execPath}" "${BUNDLE}" jobs --json | true`;
    const { stderr } = await run(command, { env: env(), shell: '/bin/sh', maxBuffer: 1 << 20 });
    expect(stderr).not.toMatch(/EPIPE|Error|at .*\.js/);
  }, 30_000);
});
