/**
 * `reanimate run --server`: the CLI as a client of the team server, against a real one (embedded Postgres, a
 * worker, the emulator, the local S3 store as the team's bucket). Local files go to the bucket; the server runs the
 * job; a second editor asking for the same work joins it instead of paying again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { type LocalTeamServer, startLocalTeamServer } from '@reanimate/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { cleanEnv, runCli, tempDir } from './helpers.js';

const TOKEN = 'tok-team-SECRET-5c2e9a71';

describe('reanimate run --server (the team server)', () => {
  let services: LocalServices;
  let team: LocalTeamServer;
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    services = await startServices({ token: TOKEN, emulator: { processing: { fixedMs: 300 } } });
    dir = await tempDir('reanimate-cli-team-');
    team = await startLocalTeamServer({
      runcomfyToken: TOKEN,
      runcomfyBaseUrl: services.emulator.url,
      editors: ['alice', 'bob'],
      s3: { ...services.s3.settings, keep: true },
    });
  }, 120_000);
  afterAll(async () => {
    await team?.close();
    await services?.close();
    await dir?.remove();
  });

  // The editor's machine has only a server key: no RunComfy token, no storage keys.
  const env = (who: string) =>
    cleanEnv({
      REANIMATE_HOME: join(dir.path, `home-${who}`),
      REANIMATE_SERVER_URL: team.url,
      REANIMATE_SERVER_KEY: team.keys[who],
    });
  const submits = () => services.emulator.requests.filter((r) => r.route === 'submit').length;

  it('uploads local files through the server, runs the job there and saves the result; a second editor joins it', async () => {
    const before = submits();
    const out = join(dir.path, 'alice.mp4');
    const args = ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--emotion', 'happy'];
    const alice = await runCli([...args, '--out', out], env('alice'), { timeoutMs: 60_000 });
    expect(alice.stderr).toMatch(/Estimated cost: \$\d/);
    expect(alice.stderr).toMatch(/Team job j_[0-9a-f]+ on http:\/\/127\.0\.0\.1/);
    expect(alice.stderr).toMatch(/ submitting\n[\s\S]*\n {2}done/);
    expect(alice.stdout).toMatch(/^Saved .*alice\.mp4 \(request .+, charged \$\d/m);
    expect(alice.code).toBe(0);
    expect(readFileSync(out).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(submits() - before).toBe(1);

    const bobOut = join(dir.path, 'bob.mp4');
    const bob = await runCli([...args, '--out', bobOut], env('bob'), { timeoutMs: 60_000 });
    expect(bob.stdout).toMatch(/shared with an earlier request\)$/m);
    expect(bob.code).toBe(0);
    expect(existsSync(bobOut)).toBe(true);
    expect(submits() - before).toBe(1);
    for (const run of [alice, bob]) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(team.keys.alice);
      expect(`${run.stdout}${run.stderr}`).not.toContain(team.keys.bob);
    }
  }, 120_000);

  it('runs a batch on the server: shared work joined, a failure returned as it ended until --retry-failed', async () => {
    const manifest = join(dir.path, 'batch.csv');
    writeFileSync(
      manifest,
      [
        'video,audio,out,emotion,model_mode,lipsync_mode,temperature',
        // Row 1: new work, which the service fails the first time.
        `${samples.faceMp4},${samples.dubWav},batch/sad.mp4,sad,,,`,
        // Row 2: the work of the first test (alice's and bob's run): joined, nothing paid.
        `${samples.faceMp4},${samples.dubWav},batch/happy.mp4,happy,,,`,
        // Row 3: new work.
        `${samples.faceMp4},${samples.dubWav},batch/cool.mp4,,,,0.3`,
      ].join('\n'),
    );
    const rowsOf = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { status: string; out: string; note?: string; error?: { hint?: string } },
        );
    const batch = (...extra: string[]) =>
      runCli(['batch', manifest, '--yes', '--concurrency', '1', '--json', ...extra], env('alice'), {
        timeoutMs: 90_000,
      });

    // One at a time, so "the next job submitted" (the emulator's fault) is row 1's.
    services.emulator.injectFault({ kind: 'fail', reason: 'no face found in frame 3' });
    const before = submits();
    const first = await batch();
    expect(first.stderr).toMatch(/Estimated cost of 3 jobs: \$[\d.]+ at most/);
    const [sad, happy, cool] = rowsOf(first.stdout);
    expect(sad?.status).toBe('failed');
    expect(happy?.status).toBe('skipped');
    expect(happy?.note).toMatch(/^joined team job j_/);
    expect(cool?.status).toBe('done');
    expect(existsSync(join(dir.path, 'batch', 'happy.mp4'))).toBe(true);
    expect(existsSync(join(dir.path, 'batch', 'cool.mp4'))).toBe(true);
    expect(first.code).not.toBe(0);
    expect(submits() - before).toBe(2);

    // The same batch again: nothing is paid; the failure comes back as it ended, saying how to retry it.
    const again = await batch();
    const [sadAgain, happyAgain, coolAgain] = rowsOf(again.stdout);
    expect(sadAgain?.status).toBe('failed');
    expect(sadAgain?.error?.hint).toMatch(/--retry-failed/);
    expect(happyAgain?.status).toBe('skipped');
    expect(coolAgain?.status).toBe('skipped');
    expect(submits() - before).toBe(2);

    // --retry-failed: the failed row is paid for once more; the rest are still joined.
    const retried = await batch('--retry-failed');
    expect(rowsOf(retried.stdout).map((row) => row.status)).toEqual(['done', 'skipped', 'skipped']);
    expect(retried.code).toBe(0);
    expect(submits() - before).toBe(3);
    expect(
      readFileSync(join(dir.path, 'batch', 'sad.mp4'))
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');
    for (const run of [first, again, retried]) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(team.keys.alice);
      expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    }

    const split = await runCli(['batch', manifest, '--yes', '--split'], env('alice'));
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split is not available with a team server/);
  }, 240_000);

  it('lists the editor’s team jobs (state, who asked, cost; shared ones marked), and this machine’s with --local', async () => {
    const listed = await runCli(['jobs', '--json'], env('alice'));
    expect(listed.code).toBe(0);
    const jobs = listed.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string;
            state: string;
            requestedBy: string;
            deduplicated: boolean;
            run: { chargedUsd: number | null };
          },
      );
    // Alice's requests on the server: 1 `run` and 3 batches of 3 rows.
    expect(jobs).toHaveLength(10);
    expect(new Set(jobs.map((job) => job.requestedBy))).toEqual(new Set(['alice']));
    expect(jobs.filter((job) => job.state === 'failed')).toHaveLength(2);
    expect(jobs.filter((job) => job.state === 'done' && job.run.chargedUsd !== null).length).toBeGreaterThan(
      0,
    );

    const table = await runCli(['jobs'], env('alice'));
    expect(table.stdout).toMatch(/^JOB ID +STATE +CREATED +ASKED BY +COST/m);
    expect(table.stdout).toMatch(/\$[\d.]+ shared/);
    // Bob sees his own request only.
    const bobs = await runCli(['jobs', '--json'], env('bob'));
    expect(bobs.stdout.trim().split('\n')).toHaveLength(1);
    // An editor's --all is still their own (the server decides who sees everyone's).
    const all = await runCli(['jobs', '--json', '--all'], env('bob'));
    expect(all.stdout.trim().split('\n')).toHaveLength(1);

    const local = await runCli(['jobs', '--local'], env('alice'));
    expect(local.code).toBe(0);
    expect(local.stderr).toMatch(/No jobs yet/);
    for (const run of [listed, table, bobs, local])
      expect(`${run.stdout}${run.stderr}`).not.toContain(team.keys.alice);
  }, 60_000);

  it('says what to set when there is no server key, and sends nothing', async () => {
    const before = submits();
    const run = await runCli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', join(dir.path, 'none.mp4')],
      cleanEnv({
        REANIMATE_HOME: join(dir.path, 'home-nokey'),
        REANIMATE_SERVER_URL: team.url,
      }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No key for the team server/);
    expect(run.stderr).toMatch(/server\.key/);
    expect(submits()).toBe(before);
    // --all is about a team server's jobs: without one it is a usage error, not silently this machine's list.
    const all = await runCli(['jobs', '--all'], cleanEnv({ REANIMATE_HOME: join(dir.path, 'home-nokey') }));
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/--all lists a team server.s jobs: give --server or set server\.url/);
  });
});
