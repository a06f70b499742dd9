import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { call, eventually, MODEL_PATH, submit, TOKEN } from './helpers.js';

let emulator: Emulator;
let media: MediaServer;
let input: { video_url: string; audio_url: string };

beforeAll(async () => {
  media = await startMediaServer({
    dir: mediaDir,
    files: { '/slow/face.mov': samples.faceMov },
    rules: { '/slow/face.mov': { delayMs: 300 } },
  });
  emulator = await startEmulator({
    tokens: [TOKEN],
    processing: { fixedMs: 10 },
    // Server-wide: the first result request gets a proxy 502.
    faults: [{ route: 'result', kind: 'http', status: 502 }],
  });
  input = {
    video_url: media.urlFor('face.mov'),
    audio_url: media.urlFor('dub.mp3'),
    lipsync_mode: 'cut_off',
  } as typeof input;
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
});

afterEach(() => emulator.clearFaults());

/** Resolves with the error when the request fails at the connection level. */
async function connectionError(url: string, init: RequestInit = {}): Promise<Error> {
  try {
    const response = await fetch(url, init);
    await response.text();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the connection to fail');
}

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('server-wide faults (startEmulator options)', () => {
  it('answers the first result request with an nginx 502 page, then normally', async () => {
    const answer = await submit(emulator.url, input);
    await emulator.waitForJob(answer.json.request_id as string);
    const proxied = await call(answer.json.result_url as string);
    expect(proxied.status).toBe(502);
    expect(proxied.headers.get('content-type')).toBe('text/html');
    expect(proxied.text).toContain('<title>502 Bad Gateway</title>');
    expect(proxied.text).toContain('<center>nginx</center>');
    const normal = await call(answer.json.result_url as string);
    expect(normal.status).toBe(200);
    expect(normal.json.status).toBe('completed');
    expect(emulator.requests.at(-2)).toMatchObject({ route: 'result', status: 502, fault: 'http' });
  });
});

describe('HTTP faults', () => {
  it('429 with Retry-After in seconds', async () => {
    emulator.injectFault({ route: 'submit', kind: 'http', status: 429, retryAfterSec: 3 });
    const limited = await submit(emulator.url, input);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.json).toMatchObject({ error_code: 429001, error_message: expect.any(String) });
    const jobsBefore = emulator.listJobs().length;
    const next = await submit(emulator.url, input);
    expect(next.status).toBe(200);
    expect(emulator.listJobs()).toHaveLength(jobsBefore + 1);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    emulator.injectFault({
      route: 'status',
      kind: 'http',
      status: 429,
      retryAfterSec: 5,
      retryAfterFormat: 'date',
    });
    const limited = await call(`${emulator.url}/v1/requests/any/status`);
    expect(limited.status).toBe(429);
    const header = limited.headers.get('retry-after') ?? '';
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const waitMs = Date.parse(header) - Date.now();
    expect(waitMs).toBeGreaterThan(2000);
    expect(waitMs).toBeLessThanOrEqual(6000);
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Temporarily Unavailable'],
    [504, 'Gateway Time-out'],
  ])('%s with an HTML body as proxies send it', async (status, title) => {
    emulator.injectFault({
      route: 'any',
      kind: 'http',
      status,
      ...(status === 503 ? { retryAfterSec: 1 } : {}),
    });
    const answer = await submit(emulator.url, input);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('text/html');
    expect(answer.text).toMatch(new RegExp(`^<html>\\r\\n<head><title>${status} ${title}</title></head>`));
    expect(answer.headers.get('retry-after')).toBe(status === 503 ? '1' : null);
  });

  it('can send a JSON 5xx instead', async () => {
    emulator.injectFault({ route: 'submit', kind: 'http', status: 500, body: 'json' });
    const answer = await submit(emulator.url, input);
    expect(answer.status).toBe(500);
    expect(answer.json.error_code).toBe(500001);
  });

  it('applies N times, or always until cleared', async () => {
    emulator.injectFault({ route: 'status', kind: 'http', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(`${emulator.url}/v1/requests/x/status`)).status);
    expect(statuses).toEqual([503, 503, 404]);

    emulator.injectFault({ route: 'status', kind: 'http', status: 503, times: 'always' });
    for (let i = 0; i < 4; i++) expect((await call(`${emulator.url}/v1/requests/x/status`)).status).toBe(503);
    expect(emulator.listFaults()[0]).toMatchObject({ remaining: 'always', fired: 4 });
    emulator.clearFaults();
    expect((await call(`${emulator.url}/v1/requests/x/status`)).status).toBe(404);
  });

  it('targets one request id', async () => {
    const a = await submit(emulator.url, input);
    const b = await submit(emulator.url, input);
    emulator.injectFault({
      route: 'status',
      requestId: a.json.request_id as string,
      kind: 'http',
      status: 503,
      times: Infinity,
    });
    expect((await call(a.json.status_url as string)).status).toBe(503);
    expect((await call(b.json.status_url as string)).status).toBe(200);
    expect((await call(a.json.result_url as string)).status).toBe(200);
    await emulator.waitForJob(a.json.request_id as string);
    await emulator.waitForJob(b.json.request_id as string);
  });

  it('faults the output download', async () => {
    const answer = await submit(emulator.url, input);
    const job = await emulator.waitForJob(answer.json.request_id as string);
    emulator.injectFault({ route: 'output', kind: 'http', status: 503 });
    expect((await fetch(job.outputUrl ?? '')).status).toBe(503);
    expect((await fetch(job.outputUrl ?? '')).status).toBe(200);
  });
});

describe('latency and broken connections', () => {
  it('adds latency, then answers normally', async () => {
    emulator.injectFault({ route: 'status', kind: 'latency', ms: 300 });
    const started = performance.now();
    const answer = await call(`${emulator.url}/v1/requests/x/status`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(answer.status).toBe(404);
    expect(emulator.requests.at(-1)).toMatchObject({ fault: 'latency', status: 404 });
  });

  it('drop after accept: the job exists and runs, but the client sees a socket error', async () => {
    emulator.injectFault({ route: 'submit', kind: 'drop_after_accept' });
    const before = new Set(emulator.listJobs().map((job) => job.id));
    const error = await connectionError(`${emulator.url}${MODEL_PATH}`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(error).toBeInstanceOf(TypeError);
    const created = emulator.listJobs().filter((job) => !before.has(job.id));
    expect(created).toHaveLength(1);
    const job = await emulator.waitForJob(created[0]?.id ?? '');
    expect(job.status).toBe('completed');
    expect(emulator.requests.find((r) => r.fault === 'drop_after_accept')).toMatchObject({
      route: 'submit',
      status: null,
    });
    // Only once: the next submit is answered.
    const next = await submit(emulator.url, input);
    expect(next.status).toBe(200);
    await emulator.waitForJob(next.json.request_id as string);
  });

  it('reset: the connection is destroyed without processing', async () => {
    emulator.injectFault({ route: 'any', kind: 'reset', times: 2 });
    const before = emulator.listJobs().length;
    const error = await connectionError(`${emulator.url}${MODEL_PATH}`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(error).toBeInstanceOf(TypeError);
    expect(emulator.listJobs()).toHaveLength(before);
    await connectionError(`${emulator.url}/v1/requests/x/status`, { headers: auth });
    expect(emulator.requests.slice(-2).map((r) => [r.route, r.status, r.fault])).toEqual([
      ['submit', null, 'reset'],
      ['status', null, 'reset'],
    ]);
    expect((await call(`${emulator.url}/v1/requests/x/status`)).status).toBe(404);
  });
});

describe('failing jobs', () => {
  it('fails the next job submitted with the given reason, in status and result', async () => {
    // A job already running is not the next one.
    const earlier = await submit(emulator.url, input);
    emulator.injectFault({ kind: 'fail', reason: 'GPU out of memory' });
    const answer = await submit(emulator.url, input);
    const job = await emulator.waitForJob(answer.json.request_id as string);
    expect(job).toMatchObject({ status: 'failed', error: 'GPU out of memory' });
    expect((await call(answer.json.status_url as string)).json).toMatchObject({
      status: 'failed',
      error: 'GPU out of memory',
    });
    expect((await call(answer.json.result_url as string)).json).toMatchObject({
      status: 'failed',
      error: 'GPU out of memory',
    });
    const next = await submit(emulator.url, input);
    expect((await emulator.waitForJob(next.json.request_id as string)).status).toBe('completed');
    expect((await emulator.waitForJob(earlier.json.request_id as string)).status).toBe('completed');
  });

  it('fails one job by id, decided after its inputs are fetched', async () => {
    const a = await submit(emulator.url, { ...input, video_url: media.urlFor('/slow/face.mov') });
    const b = await submit(emulator.url, input);
    const id = a.json.request_id as string;
    emulator.injectFault({ kind: 'fail', requestId: id, reason: 'content policy' });
    expect(await emulator.waitForJob(id)).toMatchObject({ status: 'failed', error: 'content policy' });
    expect((await emulator.waitForJob(b.json.request_id as string)).status).toBe('completed');
    expect(emulator.listFaults()).toEqual([]);
  });
});

describe('admin API (no auth, JSON)', () => {
  it('adds, lists, removes and clears rules; validates them', async () => {
    const added = await call(`${emulator.url}/__emulator/faults`, {
      token: null,
      body: { route: 'cancel', kind: 'http', status: 503, times: 'always' },
    });
    expect(added.status).toBe(201);
    const id = added.json.id as string;
    const listed = await call(`${emulator.url}/__emulator/faults`, { token: null });
    expect(listed.json.faults).toEqual([
      expect.objectContaining({
        id,
        route: 'cancel',
        kind: 'http',
        status: 503,
        times: 'always',
        remaining: 'always',
      }),
    ]);
    expect((await call(`${emulator.url}/v1/requests/x/cancel`, { method: 'POST' })).status).toBe(503);

    const removed = await call(`${emulator.url}/__emulator/faults/${id}`, { method: 'DELETE', token: null });
    expect(removed.status).toBe(200);
    expect((await call(`${emulator.url}/v1/requests/x/cancel`, { method: 'POST' })).status).toBe(404);

    const many = await call(`${emulator.url}/__emulator/faults`, {
      token: null,
      body: [
        { kind: 'latency', ms: 10 },
        { kind: 'fail', reason: 'boom' },
      ],
    });
    expect(many.status).toBe(201);
    expect(many.json.ids).toHaveLength(2);
    expect((await call(`${emulator.url}/__emulator/faults`, { method: 'DELETE', token: null })).status).toBe(
      200,
    );
    expect(emulator.listFaults()).toEqual([]);

    for (const bad of [
      { kind: 'explode' },
      { kind: 'http', status: 200 },
      { kind: 'latency' },
      { kind: 'reset', route: 'x' },
      { kind: 'reset', times: 0 },
    ]) {
      const refused = await call(`${emulator.url}/__emulator/faults`, { token: null, body: bad });
      expect(refused.status, JSON.stringify(bad)).toBe(422);
      expect(refused.json.error_code).toBe(422001);
    }
    expect(
      (await call(`${emulator.url}/__emulator/faults`, { token: null, method: 'POST', rawBody: '{' })).status,
    ).toBe(422);
  });

  it('lists requests and jobs', async () => {
    const answer = await submit(emulator.url, input);
    const id = answer.json.request_id as string;
    await emulator.waitForJob(id);
    const job = await call(`${emulator.url}/__emulator/jobs/${id}`, { token: null });
    expect(job.json).toMatchObject({ id, status: 'completed' });
    expect((await call(`${emulator.url}/__emulator/jobs/nope`, { token: null })).status).toBe(404);
    const jobs = await call(`${emulator.url}/__emulator/jobs`, { token: null });
    expect((jobs.json.jobs as unknown[]).length).toBeGreaterThan(0);
    const requests = await call(`${emulator.url}/__emulator/requests`, { token: null });
    const list = requests.json.requests as Array<{ route: string }>;
    expect(list.some((r) => r.route === 'submit')).toBe(true);
    expect(requests.text).not.toContain(TOKEN);
    await eventually(() => (emulator.requests.length > 0 ? true : undefined));
    expect((await call(`${emulator.url}/__emulator/nothing`, { token: null })).status).toBe(404);
  });
});
