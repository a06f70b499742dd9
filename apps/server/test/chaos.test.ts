/**
 * Workers killed at the worst moments (SIGKILL: no cleanup, leases left to run out): another worker takes the run
 * over through its lease and resumes the request — never submitting it again. An interrupted submit stays
 * ambiguous and visible. Real worker processes, real Postgres, the emulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleClip } from '../demo/sample-bucket.js';
import { spawnWorker, type WorkerProcess } from '../demo/worker-process.js';
import { submitJob } from '../src/jobs/submit.js';
import { enqueueIn } from '../src/worker/queue.js';
import { runState, scalar, startTeam, type Team, until } from './support/team.js';

describe('chaos: workers killed mid-submit, mid-poll, mid-download', () => {
  let team: Team;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    team = await startTeam({ processingMs: 2_500 });
  });
  // Each case starts with no worker: the one it spawns is the one that picks its run up.
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await team?.close();
  });

  const submits = () => team.emulator.requests.filter((r) => r.route === 'submit').length;
  const journalStatus = async (runId: string) =>
    (await team.db.query<{ status: string }>('SELECT status FROM journal WHERE job_id = $1', [runId])).rows[0]
      ?.status;
  const submitOne = async (temperature: number) =>
    submitJob(
      team.db,
      team.alice.user,
      sampleClip(team.media.url, 'alice', { temperature }),
      enqueueIn(team.boss),
    );
  const worker = () => {
    const w = spawnWorker(team.config);
    workers.push(w);
    return w;
  };

  it('mid-poll: the run is taken over and resumed, and the request is submitted once', async () => {
    const before = submits();
    const { runId } = await submitOne(0.11);
    const first = worker();
    await until(async () => (await runState(team.db, runId)) === 'processing', 60_000, 'processing');
    const requestId = (await team.db.query('SELECT request_id FROM runs WHERE id = $1', [runId])).rows[0]
      ?.request_id;
    expect(requestId).toMatch(/./);
    await first.kill();
    const second = worker();
    await until(
      async () => (await runState(team.db, runId)) === 'done',
      60_000,
      'done after take-over',
    ).catch(async (error: unknown) => {
      // What the database and the new worker saw, for a take-over that did not happen (CI failed here once).
      const run = (await team.db.query('SELECT state, error, updated_at FROM runs WHERE id = $1', [runId]))
        .rows[0];
      const lease = (await team.db.query('SELECT * FROM leases WHERE job_id = $1', [runId])).rows[0];
      throw new Error(
        `${String(error)}\nrun: ${JSON.stringify(run)}\nlease: ${JSON.stringify(lease)}\njournal: ${await journalStatus(runId)}\nworker: ${second.lines.join('\n')}`,
      );
    });
    expect(submits() - before).toBe(1);
    expect(
      (await team.db.query('SELECT request_id FROM runs WHERE id = $1', [runId])).rows[0]?.request_id,
    ).toBe(requestId);
    expect(second.lines.join('\n')).toContain(`run ${runId}: done`);
  }, 120_000);

  it('mid-download: the new worker fetches the output again, and nothing is submitted again', async () => {
    team.emulator.injectFault({ route: 'output', kind: 'latency', ms: 6_000, times: 1 });
    const before = submits();
    const { runId } = await submitOne(0.12);
    const first = worker();
    await until(async () => (await runState(team.db, runId)) === 'downloading', 60_000, 'downloading');
    await first.kill();
    worker();
    await until(async () => (await runState(team.db, runId)) === 'done', 60_000, 'done after take-over');
    expect(submits() - before).toBe(1);
    expect(await journalStatus(runId)).toBe('downloaded');
  }, 120_000);

  it('mid-submit: the run becomes ambiguous, visible, and is never sent again', async () => {
    team.emulator.injectFault({ route: 'submit', kind: 'latency', ms: 5_000, times: 1 });
    const { runId, requestId } = await submitOne(0.13);
    const first = worker();
    await until(async () => (await journalStatus(runId)) === 'submitting', 60_000, 'the submit in flight');
    await first.kill();
    const sentBefore = team.emulator.requests.filter((r) => r.route === 'submit').length;
    const second = worker();
    await until(
      async () => (await runState(team.db, runId)) === 'ambiguous',
      30_000,
      'ambiguous after take-over',
    ).catch(async (error: unknown) => {
      const run = (await team.db.query('SELECT state, error, updated_at FROM runs WHERE id = $1', [runId]))
        .rows[0];
      const lease = (await team.db.query('SELECT * FROM leases WHERE job_id = $1', [runId])).rows[0];
      throw new Error(
        `${String(error)}\nrun: ${JSON.stringify(run)}\nlease: ${JSON.stringify(lease)}\nworker: ${second.lines.join('\n')}`,
      );
    });
    const error = (await team.db.query('SELECT error FROM runs WHERE id = $1', [runId])).rows[0]?.error;
    expect(error?.code).toBe('ambiguous_submit');
    // Give any wrongful resubmission time to happen.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(team.emulator.requests.filter((r) => r.route === 'submit').length).toBe(sentBefore);
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM requests WHERE id = $1', [requestId])).toBe(1);
  }, 120_000);
});
