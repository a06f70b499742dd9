/**
 * core's team pipeline (what the CLI and the panels drive with a team server) against a real server: local
 * pre-flight, local files to the team bucket (a local S3 store), the server runs the job, the result is saved.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamClient, createTeamPipeline, type JobSpec, type PipelineProgress } from '@reanimate/core';
import { createNodeInputHost, nodePlatform } from '@reanimate/core/node';
import { type LocalS3, startLocalS3 } from '@reanimate/emulator';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TeamServer } from '../src/server.js';
import { startWorker, type Worker } from '../src/worker/worker.js';
import { scalar, startTeam, type Team } from './support/team.js';

describe('the team pipeline (core) against a real team server', () => {
  let team: Team;
  let server: TeamServer;
  let worker: Worker;
  let s3: LocalS3;
  const dir = mkdtempSync(join(tmpdir(), 'reanimate-team-pipeline-'));
  beforeAll(async () => {
    team = await startTeam();
    s3 = await startLocalS3();
    // The server holds the bucket's keys: editors upload through it.
    const withBucket = { ...team.config, s3: { ...s3.settings, keep: true } };
    server = await startServer(withBucket);
    worker = await startWorker(withBucket);
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await s3?.close();
    await team?.close();
  });

  // Alice has no storage keys (uploads go through the server); Bob uploads to the bucket with his own.
  const pipelineFor = (key: string, who: string, ownBucket = false) => {
    const host = createNodeInputHost({ provider: 's3', s3: s3.settings });
    return createTeamPipeline({
      team: createTeamClient({ url: server.url, key }),
      platform: nodePlatform({ journalDir: join(dir, who, 'jobs') }),
      ...(ownBucket ? { inputHost: () => host } : {}),
    });
  };
  const spec = (out: string, overrides: Partial<JobSpec> = {}): JobSpec => ({
    video: { kind: 'file', path: samples.faceMp4 },
    audio: { kind: 'file', path: samples.dubWav },
    options: { emotion: 'sad' },
    out,
    conflict: 'rename',
    app: 'test',
    ...overrides,
  });
  const submits = () => team.emulator.requests.filter((r) => r.route === 'submit').length;

  it('estimates from the server’s price, uploads local files through the server, runs them there and saves the result', async () => {
    const pipeline = pipelineFor(team.alice.key, 'alice');
    const { estimate } = await pipeline.estimate(spec(join(dir, 'x.mp4')));
    expect(estimate?.usd).toBeGreaterThan(0);
    const stages: PipelineProgress['stage'][] = [];
    const before = submits();
    const outcome = await pipeline.run(spec(join(dir, 'alice.mp4')), {
      onProgress: (p) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
      },
    });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(readFileSync(outcome.path).subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(stages.slice(0, 3)).toEqual(['checking', 'uploading', 'submitting']);
    expect(stages.at(-1)).toBe('done');
    expect(outcome.reused).toBe(false);
    expect(submits() - before).toBe(1);

    // The worker kept the result in the team bucket too: with its disk gone (another machine), the server still
    // serves it, from the bucket.
    rmSync(team.config.resultsDir, { recursive: true, force: true });
    const client = createTeamClient({ url: server.url, key: team.alice.key });
    const served = await client.fetch(client.resultUrl(await client.job(outcome.jobId)));
    expect(served.status).toBe(200);
    // Not the redirect to the service's output URL: the bytes came through the server, from the bucket.
    expect(served.redirected).toBe(false);
    expect(await scalar(team.db, 'SELECT count(*) AS n FROM runs WHERE result_key IS NOT NULL')).toBe(1);
    expect(
      Buffer.from(await served.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');

    const bobs = await pipelineFor(team.bob.key, 'bob', true).run(spec(join(dir, 'bob.mp4')));
    expect(bobs.status).toBe('done');
    expect(bobs.status === 'done' && bobs.reused).toBe(true);
    expect(submits() - before).toBe(1);
  }, 60_000);

  it('refuses a bad file locally: nothing is uploaded or sent', async () => {
    const before = submits();
    const outcome = await pipelineFor(team.alice.key, 'alice').run(
      spec(join(dir, 'bad.mp4'), { video: { kind: 'file', path: samples.notMediaMp4 } }),
    );
    expect(outcome.status).toBe('refused');
    expect(submits()).toBe(before);
    expect(existsSync(join(dir, 'bad.mp4'))).toBe(false);
  });
});
