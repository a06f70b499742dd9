import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TeamServer } from '../src/server.js';
import { startWorker, type Worker } from '../src/worker/worker.js';
import { scalar, startTeam, type Team } from './support/team.js';

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
});
