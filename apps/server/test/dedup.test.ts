import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitJob } from '../src/jobs/submit.js';
import { enqueueIn } from '../src/worker/queue.js';
import { startWorker, type Worker } from '../src/worker/worker.js';
import { runState, scalar, startTeam, type Team, until } from './support/team.js';

describe('dedup across editors, on a real Postgres', () => {
  let team: Team;
  let worker: Worker | undefined;
  beforeAll(async () => {
    team = await startTeam();
  });
  afterAll(async () => {
    await worker?.stop();
    await team?.close();
  });

  const body = (who: 'alice' | 'bob', temperature = 0.5) => ({
    video: {
      url: `${team.media.url}/bucket/${who === 'alice' ? 'alice/interview.mp4' : 'bob/interview-copy.mp4'}`,
    },
    audio: { url: `${team.media.url}/bucket/${who}/dub-fr.wav` },
    options: { temperature },
  });

  it('two editors submitting the same clip at the same instant (two URLs of one file) make one paid job', async () => {
    const enqueue = enqueueIn(team.boss);
    const [a, b] = await Promise.all([
      submitJob(team.db, team.alice.user, body('alice'), enqueue),
      submitJob(team.db, team.bob.user, body('bob'), enqueue),
    ]);
    expect(a.runId).toBe(b.runId);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM runs')).toBe(1);
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM requests')).toBe(2);

    worker = await startWorker(team.config);
    await until(async () => (await runState(team.db, a.runId)) === 'done', 60_000, 'the run to be done');
    const submits = team.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/react-1'));
    expect(submits).toHaveLength(1);
    expect(
      await scalar(team.db, 'SELECT charged_usd AS n FROM runs WHERE id = $1', [a.runId]),
    ).toBeGreaterThan(0);
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM runs WHERE request_id IS NOT NULL')).toBe(1);
  }, 120_000);

  it('a later submission of finished work returns the same job; a re-run is an explicit, new paid job', async () => {
    const enqueue = enqueueIn(team.boss);
    const again = await submitJob(team.db, team.bob.user, body('bob'), enqueue);
    expect(again.deduplicated).toBe(true);
    const rerun = await submitJob(team.db, team.bob.user, { ...body('bob'), rerun: true }, enqueue);
    expect(rerun.deduplicated).toBe(false);
    expect(rerun.runId).not.toBe(again.runId);
    const other = await submitJob(team.db, team.alice.user, body('alice', 0.8), enqueue);
    expect(other.deduplicated).toBe(false);
    await until(
      async () => (await scalar(team.db, `SELECT count(*) AS n FROM runs WHERE state = 'done'`)) === 3,
      60_000,
      'three runs done',
    );
    const submits = team.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/react-1'));
    expect(submits).toHaveLength(3);
  }, 120_000);
});
