import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TeamServer } from '../src/server.js';
import { setRunState } from '../src/worker/notify.js';
import { startWorker, type Worker } from '../src/worker/worker.js';
import { runState, scalar, startTeam, type Team, until } from './support/team.js';

describe('the HTTP API, on a real Postgres, the emulator and a worker', () => {
  let team: Team;
  let server: TeamServer;
  let worker: Worker;
  beforeAll(async () => {
    team = await startTeam();
    server = await startServer(team.config);
    worker = await startWorker(team.config);
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await team?.close();
  });

  const call = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const job = (who: 'alice' | 'bob') => ({
    video: {
      url: `${team.media.url}/bucket/${who === 'alice' ? 'alice/interview.mp4' : 'bob/interview-copy.mp4'}`,
    },
    audio: { url: `${team.media.url}/bucket/${who}/dub-fr.wav` },
    options: { emotion: 'happy' },
    label: `${who}'s take`,
  });
  const counts = async () => ({
    runs: await scalar(team.db, 'SELECT count(*) AS n FROM runs'),
    requests: await scalar(team.db, 'SELECT count(*) AS n FROM requests'),
    users: await scalar(team.db, 'SELECT count(*) AS n FROM users'),
    queued: await scalar(team.db, `SELECT count(*) AS n FROM pgboss.job WHERE name = 'reanimate-run'`),
  });

  it('serves its OpenAPI document, and refuses a request without a valid key', async () => {
    const doc = (await (await call('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/events', '/v1/estimates']),
    );
    const none = await call('/v1/jobs');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await call('/v1/jobs', { key: 'rk_not-a-key-of-anyone-at-all-1234' })).status).toBe(401);
  });

  it('gives bad input a clear 4xx and leaves the database as it was', async () => {
    const before = await counts();
    const { key } = team.alice;
    const malformed = await call('/v1/jobs', { method: 'POST', key, body: '{"video": {"url": ' });
    expect(malformed.status).toBe(400);
    const unknown = await call('/v1/jobs', {
      method: 'POST',
      key,
      body: JSON.stringify({ ...job('alice'), options: { temprature: 0.4 } }),
    });
    expect(unknown.status).toBe(400);
    const detail = (await unknown.json()) as { error: { code: string; issues: { params: unknown }[] } };
    expect(detail.error.code).toBe('bad_request');
    expect(JSON.stringify(detail.error.issues)).toContain('temprature');
    const outOfRange = await call('/v1/jobs', {
      method: 'POST',
      key,
      body: JSON.stringify({ ...job('alice'), options: { temperature: 3 } }),
    });
    expect(outOfRange.status).toBe(400);
    const huge = await call('/v1/jobs', {
      method: 'POST',
      key,
      body: JSON.stringify({ ...job('alice'), label: 'x'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    const missingFile = await call('/v1/jobs', {
      method: 'POST',
      key,
      body: JSON.stringify({ ...job('alice'), video: { url: `${team.media.url}/bucket/nobody/none.mp4` } }),
    });
    expect(missingFile.status).toBe(400);
    expect(((await missingFile.json()) as { error: { hint: string } }).error.hint).toMatch(/video\.url/);
    const noName = await fetch(`${server.url}/v1/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(noName.status).toBe(400);
    // This server has no bucket: it says so, and what to do instead.
    const noBucket = await fetch(`${server.url}/v1/uploads?name=clip.mp4`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(noBucket.status).toBe(501);
    expect(((await noBucket.json()) as { error: { code: string; hint: string } }).error).toMatchObject({
      code: 'uploads_off',
      hint: expect.stringMatching(/URLs/),
    });
    const asEditor = await call('/v1/users', {
      method: 'POST',
      key,
      body: JSON.stringify({ name: 'eve', role: 'admin' }),
    });
    expect(asEditor.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('runs a job end to end: submit, follow it over SSE to done, fetch the result; cost before and after', async () => {
    const estimate = await call('/v1/estimates', {
      method: 'POST',
      key: team.alice.key,
      body: JSON.stringify({
        video: job('alice').video,
        audio: job('alice').audio,
        options: job('alice').options,
      }),
    });
    expect(estimate.status).toBe(200);
    const priced = (await estimate.json()) as { estimatedUsd: number; deduplicates: boolean };
    expect(priced.estimatedUsd).toBeGreaterThan(0);
    expect(priced.deduplicates).toBe(false);

    const submitted = await call('/v1/jobs', {
      method: 'POST',
      key: team.alice.key,
      body: JSON.stringify(job('alice')),
    });
    expect(submitted.status).toBe(201);
    const { job: made } = (await submitted.json()) as { job: { id: string; state: string } };
    expect(made.id).toMatch(/^j_/);

    const stream = await call(`/v1/jobs/${made.id}/events`, { key: team.alice.key });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.text();
    const states = [...text.matchAll(/^data: (.*)$/gm)].map(
      (m) => (JSON.parse(m[1] ?? '{}') as { state: string }).state,
    );
    expect(states.at(-1)).toBe('done');
    expect(states.length).toBeGreaterThan(1);

    const view = (await (await call(`/v1/jobs/${made.id}`, { key: team.alice.key })).json()) as {
      job: { run: { chargedUsd: number; estimatedUsd: number | null }; resultUrl: string };
    };
    expect(view.job.run.chargedUsd).toBeGreaterThan(0);
    expect(view.job.run.estimatedUsd).toBe(priced.estimatedUsd);
    const result = await call(view.job.resultUrl, { key: team.alice.key });
    expect(result.status).toBe(200);
    const bytes = new Uint8Array(await result.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');
  }, 60_000);

  it('shows an editor only their own jobs: another editor’s job id is a 404, even when the work is shared', async () => {
    const bobs = await call('/v1/jobs', {
      method: 'POST',
      key: team.bob.key,
      body: JSON.stringify(job('bob')),
    });
    expect(bobs.status).toBe(200);
    const { job: shared } = (await bobs.json()) as { job: { id: string; deduplicated: boolean } };
    expect(shared.deduplicated).toBe(true);
    const aliceList = (await (await call('/v1/jobs', { key: team.alice.key })).json()) as {
      jobs: { id: string }[];
    };
    expect(aliceList.jobs.map((j) => j.id)).not.toContain(shared.id);
    expect((await call(`/v1/jobs/${shared.id}`, { key: team.alice.key })).status).toBe(404);
    expect((await call(`/v1/jobs/${shared.id}/result`, { key: team.alice.key })).status).toBe(404);
    expect((await call(`/v1/jobs/${shared.id}/cancel`, { method: 'POST', key: team.alice.key })).status).toBe(
      404,
    );
    expect((await call(`/v1/jobs/${shared.id}`, { key: team.admin.key })).status).toBe(200);
    expect((await call('/v1/jobs/not-an-id', { key: team.alice.key })).status).toBe(400);
  });

  it('lets an admin add an editor, whose key is shown once and works', async () => {
    const made = await call('/v1/users', {
      method: 'POST',
      key: team.admin.key,
      body: JSON.stringify({ name: 'carol', role: 'editor' }),
    });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    expect((await call('/v1/jobs', { key })).status).toBe(200);
    const stored = await team.db.query<{ key_hash: string }>(
      `SELECT key_hash FROM users WHERE name = 'carol'`,
    );
    expect(stored.rows[0]?.key_hash).not.toContain(key);
    expect(stored.rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failed job is joined, not paid again, unless asked (retryFailed, rerun); the estimate says the same', async () => {
    const work = { ...job('alice'), options: { emotion: 'sad' as const, temperature: 0.42 } };
    const { label: _label, ...asked } = work;
    const estimate = async (flags: object = {}) =>
      (
        (await (
          await call('/v1/estimates', {
            method: 'POST',
            key: team.alice.key,
            body: JSON.stringify({ ...asked, ...flags }),
          })
        ).json()) as { deduplicates: boolean }
      ).deduplicates;
    const submit = async (flags: object = {}) => {
      const answer = await call('/v1/jobs', {
        method: 'POST',
        key: team.alice.key,
        body: JSON.stringify({ ...work, ...flags }),
      });
      expect(answer.status).toBeLessThan(300);
      return (
        (await answer.json()) as {
          job: { deduplicated: boolean; state: string; run: { id: string; attempt: number } };
        }
      ).job;
    };
    const settled = (runId: string, state: string) =>
      until(async () => (await runState(team.db, runId)) === state, 60_000, `run ${runId} ${state}`);
    const sent = () => team.emulator.requests.filter((r) => r.route === 'submit').length;

    const first = await submit();
    await settled(first.run.id, 'done');
    expect(await estimate()).toBe(true);
    // Done work is joined even with retryFailed: only a failure is retried.
    expect(await estimate({ retryFailed: true })).toBe(true);
    expect(await estimate({ rerun: true })).toBe(false);

    // An explicit re-run that the service fails: now the latest attempt of this work is a failure.
    team.emulator.injectFault({ kind: 'fail', reason: 'face not found in frame 12' });
    const rerun = await submit({ rerun: true });
    expect(rerun.run.attempt).toBe(first.run.attempt + 1);
    await settled(rerun.run.id, 'failed');

    // Asked again as it was: the failed job comes back as it ended (the service may have charged for it).
    const before = sent();
    expect(await estimate()).toBe(true);
    const joined = await submit();
    expect(joined.deduplicated).toBe(true);
    expect(joined.run.id).toBe(rerun.run.id);
    expect(joined.state).toBe('failed');

    // retryFailed: a new attempt, paid once; after it is done, retryFailed joins it.
    expect(await estimate({ retryFailed: true })).toBe(false);
    const retried = await submit({ retryFailed: true });
    expect(retried.deduplicated).toBe(false);
    expect(retried.run.attempt).toBe(rerun.run.attempt + 1);
    await settled(retried.run.id, 'done');
    expect(sent() - before).toBe(1);
    const after = await submit({ retryFailed: true });
    expect(after.deduplicated).toBe(true);
    expect(after.run.id).toBe(retried.run.id);
  }, 120_000);

  it('cancels a job a worker is still checking: nothing is sent, and the worker cannot move it back', async () => {
    const work = { ...job('alice'), options: { temperature: 0.77 } };
    const { label: _label, ...asked } = work;
    // Hash the inputs now (the estimate does), so the submit below needs no GET of the video.
    const estimated = await call('/v1/estimates', {
      method: 'POST',
      key: team.alice.key,
      body: JSON.stringify(asked),
    });
    expect(estimated.status).toBe(200);
    const sent = team.emulator.requests.filter((r) => r.route === 'submit').length;
    // The worker's pre-flight reads the video: it is caught there, between pick-up and the submit.
    const hold = team.media.hold('/bucket/alice/interview.mp4');
    try {
      const answer = await call('/v1/jobs', {
        method: 'POST',
        key: team.alice.key,
        body: JSON.stringify(work),
      });
      const { job: made } = (await answer.json()) as { job: { id: string; run: { id: string } } };
      await until(
        async () =>
          hold.waiting() > 0 &&
          (await scalar(team.db, 'SELECT count(*) AS n FROM leases WHERE job_id = $1', [made.run.id])) === 1,
        30_000,
        'a worker checking the job',
      );
      const cancel = await call(`/v1/jobs/${made.id}/cancel`, { method: 'POST', key: team.alice.key });
      expect(cancel.status).toBe(200);
      expect(await cancel.json()).toEqual({ outcome: 'cancelled' });
      hold.release();
      await until(
        async () =>
          (await scalar(team.db, 'SELECT count(*) AS n FROM leases WHERE job_id = $1', [made.run.id])) === 0,
        30_000,
        'the worker to let the run go',
      );
      expect(team.emulator.requests.filter((r) => r.route === 'submit').length).toBe(sent);
      expect(await runState(team.db, made.run.id)).toBe('cancelled');
      expect(
        await scalar(team.db, 'SELECT count(*) AS n FROM journal WHERE job_id = $1', [made.run.id]),
      ).toBe(0);
      // A progress write that arrives after the end (late on its pooled connection) changes nothing.
      expect(await setRunState(team.db, { runId: made.run.id, state: 'downloading' })).toBe(false);
      expect(await runState(team.db, made.run.id)).toBe('cancelled');
      // Nothing was paid for a cancelled job: asking again is a new attempt, not the cancelled one.
      const again = await call('/v1/jobs', {
        method: 'POST',
        key: team.alice.key,
        body: JSON.stringify(work),
      });
      const { job: next } = (await again.json()) as { job: { deduplicated: boolean; run: { id: string } } };
      expect(next.deduplicated).toBe(false);
      expect(next.run.id).not.toBe(made.run.id);
    } finally {
      hold.release();
    }
  }, 90_000);
});
