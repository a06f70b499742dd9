import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MediaServer, startMediaServer } from '@reanimate/emulator';
import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startServices } from '../demo/local-services.mjs';
import { cleanEnv, probe, runCli, spawnCli, tempDir, waitFor } from './helpers.js';

const TOKEN = 'tok-resume-1b9e';

interface Record {
  jobId: string;
  status: string;
  requestId?: string;
  meta: { out: string };
}

describe('interrupting and resuming', () => {
  let services: LocalServices;
  let media: MediaServer;
  let dir: { path: string; remove(): Promise<void> };
  const home = () => join(dir.path, 'home');
  const env = () => cleanEnv({ ...services.env, REANIMATE_HOME: home(), REANIMATE_POLL_INTERVAL_MS: '50' });
  const submits = () => services.emulator.requests.filter((request) => request.route === 'submit').length;
  const journal = async (): Promise<Record[]> => {
    const names = await readdir(join(home(), 'jobs')).catch(() => [] as string[]);
    const records: Record[] = [];
    for (const name of names.filter((file) => file.endsWith('.json'))) {
      records.push(JSON.parse(await readFile(join(home(), 'jobs', name), 'utf8')) as Record);
    }
    return records;
  };
  const recordFor = async (out: string) => (await journal()).find((record) => record.meta.out === out);
  /** A job submitted straight to the emulator, to keep its single worker busy. */
  const occupyWorker = async () => {
    const response = await fetch(`${services.emulator.url}/v1/models/sync/react-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ video_url: media.urlFor('face.mp4'), audio_url: media.urlFor('dub.wav') }),
    });
    return ((await response.json()) as { request_id: string }).request_id;
  };
  // These tests time Ctrl-C against the queue: the face check (tested in cli-face-check) would shift that timing.
  const run = (out: string) =>
    spawnCli(
      ['run', '--video', samples.faceMp4, '--audio', samples.dubWav, '--out', out, '--no-face-check'],
      env(),
    );

  beforeAll(async () => {
    // One worker and jobs that take a while: there is time to interrupt a job queued or in progress.
    services = await startServices({ token: TOKEN, emulator: { workers: 1, processing: { fixedMs: 1500 } } });
    media = await startMediaServer({ dir: mediaDir });
    dir = await tempDir('reanimate-resume-');
  });
  afterAll(async () => {
    await Promise.allSettled([services?.close(), media?.close(), dir?.remove()]);
  });

  it('SIGKILL while polling, then `resume`: one submit in all, output written to the original --out', async () => {
    const out = join(dir.path, 'killed.mp4');
    const before = submits();
    const live = run(out);
    const requestId = await waitFor(async () => {
      const record = await recordFor(out);
      return record?.status === 'in_progress' ? record.requestId : undefined;
    });
    live.child.kill('SIGKILL');
    expect((await live.done).signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);

    const resumed = await runCli(['resume'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(requestId);
    expect(resumed.stdout).toMatch(/1 job: 1 done/);
    expect(probe(out).durationSec).toBeGreaterThan(4);
    expect(submits() - before).toBe(1);
    expect((await recordFor(out))?.status).toBe('downloaded');

    const again = await runCli(['resume'], env());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Nothing to resume');
    expect(submits() - before).toBe(1);
  });

  it('`resume` beside a live `run` waits for it instead of following twice; both exit 0, one submit', async () => {
    const out = join(dir.path, 'beside.mp4');
    const before = submits();
    const live = run(out);
    await waitFor(async () => ((await recordFor(out))?.status === 'in_progress' ? true : undefined));
    const resumed = await runCli(['resume'], env());
    const ran = await live.done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/1 job: 1 (done|skipped)/);
    expect(existsSync(out)).toBe(true);
    expect(submits() - before).toBe(1);
  }, 60_000);

  it('Ctrl-C while queued cancels the request: exit 1, nothing charged', async () => {
    await occupyWorker();
    const out = join(dir.path, 'cancelled.mp4');
    const live = run(out);
    const requestId = await waitFor(async () => {
      const record = await recordFor(out);
      return record?.status === 'in_queue' ? record.requestId : undefined;
    });
    live.child.kill('SIGINT');
    const result = await live.done;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `Cancelled request ${requestId} while it was queued; nothing was charged.`,
    );
    expect(services.emulator.getJob(requestId as string)?.status).toBe('cancelled');
    expect((await recordFor(out))?.status).toBe('cancelled');
  });

  it('Ctrl-C while in progress leaves the job running and says how to collect it; resume does', async () => {
    await waitFor(
      () =>
        services.emulator
          .listJobs()
          .every((job) => job.status !== 'in_progress' && job.status !== 'in_queue') || undefined,
    );
    const out = join(dir.path, 'interrupted.mp4');
    const before = submits();
    const live = run(out);
    const requestId = await waitFor(async () => {
      const record = await recordFor(out);
      return record?.status === 'in_progress' ? record.requestId : undefined;
    });
    live.child.kill('SIGINT');
    const result = await live.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(
      `react-1 request ${requestId} is already being processed and can't be cancelled; it keeps running. Run \`reanimate resume\` to collect the result.`,
    );
    const resumed = await runCli(['resume', '--json'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout.trim())).toMatchObject({ status: 'done', requestId, out });
    expect(existsSync(out)).toBe(true);
    expect(submits() - before).toBe(1);
  });

  it('`cancel` cancels a queued request and refuses one past the queue', async () => {
    const running = await occupyWorker();
    // Two jobs ahead of it: this one stays queued for at least two processing times.
    await occupyWorker();
    const queued = await occupyWorker();
    await waitFor(() => services.emulator.getJob(running)?.status === 'in_progress' || undefined);
    const refused = await runCli(['cancel', running], env());
    expect(refused.code).toBe(1);
    // In progress when asked, or (on a slow machine) already finished: either way not cancellable.
    expect(refused.stderr).toMatch(
      new RegExp(
        `react-1 request ${running} (is already being processed|has already finished) and can't be cancelled`,
      ),
    );
    expect(services.emulator.getJob(running)?.status).not.toBe('cancelled');
    const cancelled = await runCli(['cancel', queued], env());
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`Cancelled request ${queued}`);
    expect(services.emulator.getJob(queued)?.status).toBe('cancelled');
  });

  it('`jobs` lists the journal: id, request id, created, status, out', async () => {
    const listed = await runCli(['jobs'], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(
      /^JOB ID\s+REQUEST ID\s+CREATED\s+STATUS\s+COST\s+OUT\s+ERROR/,
    );
    // What the service charged (include_cost), read back from the journal.
    expect(listed.stdout).toMatch(/downloaded\s+\$\d+\.\d+\s+\S*killed\.mp4/);
    expect(listed.stdout).toMatch(/cancelled\s+\S+\s+\S*cancelled\.mp4/);
    const json = (await runCli(['jobs', '--json'], env())).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // killed, beside, cancelled, interrupted: one record each (resume and the run beside it shared one).
    expect(json).toHaveLength(4);
    expect(json.map((job) => job.status).sort()).toEqual([
      'cancelled',
      'downloaded',
      'downloaded',
      'downloaded',
    ]);
  });
});
