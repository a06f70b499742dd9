/**
 * `reanimate run --server`: the CLI as a client of the team server, against a real one (embedded Postgres, a
 * worker, the emulator, the local S3 store as the team's bucket). Local files go to the bucket; the server runs the
 * job; a second editor asking for the same work joins it instead of paying again.
 */
import { existsSync, readFileSync } from 'node:fs';
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
  });
});
