/**
 * A batch from two editors with overlapping clips while things break: a worker SIGKILLed, Postgres restarted, the
 * API server killed and started again. Every request ends with its result, each distinct job was submitted
 * exactly once, and the account's cap on concurrent jobs held throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleClip } from '../demo/sample-bucket.js';
import { spawnServer, spawnWorker, type WorkerProcess } from '../demo/worker-process.js';
import { submitJob } from '../src/jobs/submit.js';
import { enqueueIn } from '../src/worker/queue.js';
import { scalar, startTeam, type Team, until } from './support/team.js';

describe('a batch through crashes, restarts and kills', () => {
  let team: Team;
  let server: (WorkerProcess & { url: string }) | undefined;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    team = await startTeam({ processingMs: 1_500, emulatorWorkers: 8, maxConcurrentJobs: 3 });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await server?.stop();
    await team?.close();
  });

  it('delivers every job exactly once; submits equal distinct jobs; never more than 3 at once', async () => {
    server = await spawnServer(team.config);
    workers.push(spawnWorker(team.config), spawnWorker(team.config));
    const enqueue = enqueueIn(team.boss);
    // 8 distinct jobs; bob asks for 4 of alice's again (another copy of the same files): 12 requests.
    const temperatures = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const requests = await Promise.all([
      ...temperatures.map((temperature) =>
        submitJob(team.db, team.alice.user, sampleClip(team.media.url, 'alice', { temperature }), enqueue),
      ),
      ...temperatures
        .slice(0, 4)
        .map((temperature) =>
          submitJob(team.db, team.bob.user, sampleClip(team.media.url, 'bob', { temperature }), enqueue),
        ),
    ]);
    expect(new Set(requests.map((r) => r.runId)).size).toBe(8);
    expect(requests.filter((r) => r.deduplicated)).toHaveLength(4);

    // A worker dies once jobs are under way.
    await until(
      async () => (await scalar(team.db, `SELECT count(*) AS n FROM runs WHERE state = 'processing'`)) > 0,
    );
    await workers[0]?.kill();
    // Postgres restarts mid-batch.
    await team.pg.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await team.pg.start();
    // The API server is SIGKILLed with a submission in flight (its answer never comes); the editor sends it again
    // to the new server: it joins whatever the first one committed, or is the first — one run either way.
    const late = { ...sampleClip(team.media.url, 'alice', { temperature: 0.9 }), label: 'sent twice' };
    const inFlight = fetch(`${server.url}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.alice.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(late),
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await server.kill();
    await inFlight;
    server = await spawnServer(team.config);
    const again = await fetch(`${server.url}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.alice.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(late),
    });
    expect([200, 201]).toContain(again.status);
    workers.push(spawnWorker(team.config));

    await until(
      async () => (await scalar(team.db, `SELECT count(*) AS n FROM runs WHERE state = 'done'`)) === 9,
      150_000,
      'all 9 runs done',
    ).catch(async (error: unknown) => {
      const runs = (await team.db.query('SELECT id, state, error FROM runs ORDER BY id')).rows;
      throw new Error(
        `${String(error)}\n${JSON.stringify(runs, null, 1)}\n${workers.map((w) => w.lines.slice(-15).join('\n')).join('\n---\n')}`,
      );
    });

    const submits = team.emulator.requests.filter((r) => r.route === 'submit' && r.status === 200);
    // 8 distinct jobs of the batch and the one sent twice: 9 runs, 9 submits.
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM runs')).toBe(9);
    expect(submits).toHaveLength(9);
    expect(new Set(team.emulator.listJobs().map((j) => j.id)).size).toBe(9);
    // Every request sees its result through the API.
    for (const { requestId } of requests) {
      const user =
        requests.indexOf(requests.find((r) => r.requestId === requestId)!) < 8 ? team.alice : team.bob;
      const answer = await fetch(`${server.url}/v1/jobs/${requestId}`, {
        headers: { authorization: `Bearer ${user.key}` },
      });
      expect(((await answer.json()) as { job: { state: string } }).job.state).toBe('done');
    }
    // The account cap: never more than 3 of our jobs queued or processing at the service at once.
    const spans = team.emulator
      .listJobs()
      .map((job) => [job.createdAt, job.finishedAt ?? Date.now()] as const);
    const peak = Math.max(
      ...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length),
    );
    expect(peak).toBeLessThanOrEqual(3);
  }, 240_000);
});
