import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { cleanEnv, runCli, tempDir } from './helpers.js';

describe('a submit whose reply is lost', () => {
  let services: LocalServices;
  let dir: { path: string; remove(): Promise<void> };
  const env = () =>
    cleanEnv({ ...services.env, REANIMATE_HOME: join(dir.path, 'home'), REANIMATE_POLL_INTERVAL_MS: '50' });
  const submits = () => services.emulator.requests.filter((request) => request.route === 'submit').length;

  beforeAll(async () => {
    services = await startServices({ token: 'tok-ambiguous' });
    dir = await tempDir('reanimate-ambiguous-');
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), dir?.remove()]);
  });

  it('exits 4, says what to check, never resubmits (run, re-run, resume), until the user forgets it', async () => {
    const out = join(dir.path, 'maybe.mp4');
    const args = ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', out];
    services.emulator.injectFault({ kind: 'drop_after_accept', route: 'submit' });

    const first = await runCli(args, env());
    expect(first.code).toBe(4);
    expect(first.stderr).toContain('may have reached the service');
    expect(first.stderr).toContain('NOT sent again');
    expect(first.stderr).toMatch(/dashboard/);
    expect(first.stderr).toMatch(/Local job id: [\w-]+/);
    expect(submits()).toBe(1);
    // The service did create the job: exactly one.
    expect(services.emulator.listJobs()).toHaveLength(1);
    expect(existsSync(out)).toBe(false);

    const again = await runCli(args, env());
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('unknown outcome');
    const resumed = await runCli(['resume'], env());
    expect(resumed.code).toBe(4);
    expect(submits()).toBe(1);

    const listed = await runCli(['jobs', '--json'], env());
    const record = JSON.parse(listed.stdout.trim()) as { jobId: string; status: string; submittedAt: string };
    expect(record.status).toBe('ambiguous');
    expect(record.submittedAt).toEqual(expect.any(String));

    const forgot = await runCli(['jobs', 'forget', record.jobId], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    const finally_ = await runCli(args, env());
    expect(finally_.code, finally_.stderr).toBe(0);
    expect(submits()).toBe(2);
    expect(existsSync(out)).toBe(true);
  });
});
