import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { call, eventually, MODEL_PATH, submit, TOKEN } from './helpers.js';

const OTHER_TOKEN = 'second-token-abcdef';
let emulator: Emulator;
let media: MediaServer;
const logs: string[] = [];
let input: { video_url: string; audio_url: string };

beforeAll(async () => {
  media = await startMediaServer({
    dir: mediaDir,
    // A slow video keeps a job in progress for a predictable while, whatever the processing time.
    files: { '/slow/face.mp4': samples.faceMp4, '/slower/face.mp4': samples.faceMp4 },
    rules: { '/slow/face.mp4': { delayMs: 300 }, '/slower/face.mp4': { delayMs: 1200 } },
  });
  emulator = await startEmulator({
    tokens: [TOKEN, OTHER_TOKEN],
    workers: 1,
    processing: { fixedMs: 20 },
    logger: (line) => logs.push(line),
  });
  input = {
    video_url: media.urlFor('face.mp4'),
    audio_url: `${media.urlFor('dub.mp3')}?X-Amz-Signature=s3cr3t`,
  };
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
});

describe('submit, status, result', () => {
  it('accepts a job and answers with absolute URLs on its own origin', async () => {
    const answer = await submit(emulator.url, input);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const id = answer.json.request_id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.json).toEqual({
      request_id: id,
      status_url: `${emulator.url}/v1/requests/${id}/status`,
      result_url: `${emulator.url}/v1/requests/${id}/result`,
      cancel_url: `${emulator.url}/v1/requests/${id}/cancel`,
    });
    const done = await emulator.waitForJob(id);
    expect(done.status).toBe('completed');
    expect(done.input).toMatchObject({
      lipsync_mode: 'bounce',
      emotion: 'neutral',
      model_mode: 'face',
      temperature: 0.5,
    });
  });

  it('goes in_queue → in_progress → completed, with queue_position (0-based) while queued', async () => {
    const blocker = await submit(emulator.url, { ...input, video_url: media.urlFor('/slow/face.mp4') });
    const queued = await submit(emulator.url, input);
    const queuedId = queued.json.request_id as string;

    const first = await call(queued.json.status_url as string);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ request_id: queuedId, status: 'in_queue', queue_position: 0 });
    expect(first.json.status_url).toBe(`${emulator.url}/v1/requests/${queuedId}/status`);
    expect(first.json.result_url).toBe(`${emulator.url}/v1/requests/${queuedId}/result`);

    // The result of an unfinished job is its current state, with 200, so the caller keeps polling.
    const early = await call(queued.json.result_url as string);
    expect(early.status).toBe(200);
    expect(early.json).toMatchObject({ status: 'in_queue', queue_position: 0 });
    expect(early.json.output).toBeUndefined();

    const seen = new Set<string>();
    await eventually(async () => {
      const status = (await call(queued.json.status_url as string)).json;
      seen.add(status.status as string);
      if (status.status === 'in_progress') expect(status.queue_position).toBeUndefined();
      return status.status === 'completed' ? true : undefined;
    });
    expect(seen.has('completed')).toBe(true);
    const blockerJob = emulator.getJob(blocker.json.request_id as string);
    expect(blockerJob?.status).toBe('completed');

    const result = await call(queued.json.result_url as string);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ request_id: queuedId, status: 'completed' });
    const video = (result.json.output as { video: string }).video;
    expect(video.startsWith(`${emulator.url}/files/${queuedId}/output.mp4?`)).toBe(true);
    const job = emulator.getJob(queuedId);
    expect(job?.outputUrl).toBe(video);
    expect(job?.startedAt).toBeGreaterThanOrEqual(job?.createdAt ?? Number.POSITIVE_INFINITY);
    expect(job?.finishedAt).toBeGreaterThanOrEqual(job?.startedAt ?? Number.POSITIVE_INFINITY);
  });

  it('shows in_progress while a job runs', async () => {
    const slow = await submit(emulator.url, { ...input, video_url: media.urlFor('/slow/face.mp4') });
    const status = await eventually(async () => {
      const body = (await call(slow.json.status_url as string)).json;
      return body.status === 'in_progress' ? body : undefined;
    });
    expect(status.queue_position).toBeUndefined();
    expect((await call(slow.json.result_url as string)).json).toMatchObject({ status: 'in_progress' });
    await emulator.waitForJob(slow.json.request_id as string);
  });

  it('reports a failed job with status failed and a readable error in status and result', async () => {
    const answer = await submit(emulator.url, { ...input, audio_url: media.urlFor('missing.wav') });
    const job = await emulator.waitForJob(answer.json.request_id as string);
    expect(job.status).toBe('failed');
    const expected = `audio_url could not be fetched: HTTP 404 from ${media.url}/missing.wav`;
    expect(job.error).toBe(expected);
    const status = await call(answer.json.status_url as string);
    expect(status.json).toMatchObject({ status: 'failed', error: expected });
    const result = await call(answer.json.result_url as string);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: 'failed', error: expected, output: null });
  });

  it('answers 404 JSON for an unknown request id on every route', async () => {
    for (const [method, action] of [
      ['GET', 'status'],
      ['GET', 'result'],
      ['POST', 'cancel'],
    ] as const) {
      const answer = await call(`${emulator.url}/v1/requests/no-such-id/${action}`, { method });
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({
        error_code: 404001,
        error_message: expect.stringMatching(/not found/),
      });
    }
  });
});

describe('cancel', () => {
  it('cancels a queued job, answers not_cancellable for in-progress and finished ones, and leaves their status unchanged', async () => {
    const running = await submit(emulator.url, { ...input, video_url: media.urlFor('/slower/face.mp4') });
    const runningId = running.json.request_id as string;
    const queuedA = await submit(emulator.url, input);
    const queuedB = await submit(emulator.url, input);
    await eventually(() => (emulator.getJob(runningId)?.status === 'in_progress' ? true : undefined));
    expect((await call(queuedB.json.status_url as string)).json.queue_position).toBe(1);

    const cancelled = await call(queuedA.json.cancel_url as string, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ request_id: queuedA.json.request_id, status: 'cancelled' });
    expect((await call(queuedA.json.status_url as string)).json.status).toBe('cancelled');
    expect((await call(queuedA.json.result_url as string)).json).toMatchObject({
      status: 'cancelled',
      output: null,
    });
    // The job behind it moves up.
    expect((await call(queuedB.json.status_url as string)).json.queue_position).toBe(0);
    // Cancelling again is harmless and says so.
    const again = await call(queuedA.json.cancel_url as string, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({
      request_id: queuedA.json.request_id,
      status: 'cancelled',
      outcome: 'cancelled',
    });

    const refused = await call(running.json.cancel_url as string, { method: 'POST' });
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({
      request_id: runningId,
      status: 'in_progress',
      outcome: 'not_cancellable',
    });
    expect((await call(running.json.status_url as string)).json.status).toBe('in_progress');

    expect((await emulator.waitForJob(runningId)).status).toBe('completed');
    const late = await call(running.json.cancel_url as string, { method: 'POST' });
    expect(late.json).toMatchObject({ status: 'completed', outcome: 'not_cancellable' });
    expect(emulator.getJob(runningId)?.status).toBe('completed');

    expect((await emulator.waitForJob(queuedB.json.request_id as string)).status).toBe('completed');
    expect(emulator.getJob(queuedA.json.request_id as string)?.status).toBe('cancelled');
    expect(emulator.getJob(queuedA.json.request_id as string)?.startedAt).toBeUndefined();
  });

  it('refuses to cancel a failed job', async () => {
    const answer = await submit(emulator.url, { ...input, video_url: media.urlFor('nope.mp4') });
    await emulator.waitForJob(answer.json.request_id as string);
    const refused = await call(answer.json.cancel_url as string, { method: 'POST' });
    expect(refused.json).toMatchObject({ status: 'failed', outcome: 'not_cancellable' });
  });
});

describe('auth', () => {
  it('answers 401 JSON without a token, with a wrong one, or a malformed header, never echoing it', async () => {
    const wrong = 'wrong-token-zyxwvu';
    const cases: Array<Record<string, string>> = [
      {},
      { Authorization: `Bearer ${wrong}` },
      { Authorization: `Basic ${wrong}` },
      { Authorization: wrong },
      { Authorization: 'Bearer' },
    ];
    for (const headers of cases) {
      const answer = await call(`${emulator.url}${MODEL_PATH}`, { body: input, token: null, headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      // No header (or an unreadable one): 401001; a token it does not know: 400004 (RunComfy's codes).
      const missing = !headers.Authorization?.startsWith('Bearer ') || headers.Authorization === 'Bearer';
      expect(answer.json.error_code).toBe(missing ? 401001 : 400004);
      expect(typeof answer.json.error_message).toBe('string');
      expect(answer.text).not.toContain(wrong);
    }
    const id = (await submit(emulator.url, input)).json.request_id as string;
    for (const [method, action] of [
      ['GET', 'status'],
      ['GET', 'result'],
      ['POST', 'cancel'],
    ] as const) {
      const answer = await call(`${emulator.url}/v1/requests/${id}/${action}`, { method, token: wrong });
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(wrong);
    }
    await emulator.waitForJob(id);
  });

  it('accepts every configured token, with any case of "Bearer"', async () => {
    const answer = await call(`${emulator.url}${MODEL_PATH}`, {
      body: input,
      token: null,
      headers: { Authorization: `bearer ${OTHER_TOKEN}` },
    });
    expect(answer.status).toBe(200);
    await emulator.waitForJob(answer.json.request_id as string);
  });

  it('checks the token before the model id', async () => {
    expect((await call(`${emulator.url}/v1/models/sync/react-2`, { body: input, token: null })).status).toBe(
      401,
    );
  });
});

describe('validation and bad requests', () => {
  it('answers 400001 for an unknown model', async () => {
    for (const model of ['sync/react-2', 'react-1', 'sync/react-1/extra']) {
      const answer = await call(`${emulator.url}/v1/models/${model}`, { body: input });
      expect(answer.status).toBe(400);
      expect(answer.json.error_code).toBe(400001);
      expect(answer.json.error_message).toContain(model);
    }
  });

  it('answers 422 with field-level details, naming unknown keys', async () => {
    const answer = await submit(emulator.url, {
      video_url: 'ftp://example.com/a.mp4',
      lipsync_mode: 'stretch',
      temperature: 2,
      emotion: 'bored',
      model_mode: 'body',
      seed: 7,
    });
    expect(answer.status).toBe(422);
    expect(answer.json.error_code).toBe(422001);
    // FastAPI's detail: [{ loc: ['body', field], msg, type }].
    const details = (answer.json.detail as Array<{ loc: string[]; msg: string; type: string }>).map((d) => ({
      field: d.loc[1],
      message: d.msg,
      type: d.type,
    }));
    const fields = details.map((detail) => detail.field).sort();
    expect(fields).toEqual([
      'audio_url',
      'emotion',
      'lipsync_mode',
      'model_mode',
      'seed',
      'temperature',
      'video_url',
    ]);
    expect(details.find((d) => d.field === 'seed')).toMatchObject({ type: 'extra_forbidden' });
    expect(details.find((d) => d.field === 'audio_url')).toMatchObject({
      type: 'missing',
      message: 'Field required',
    });
    expect(details.find((d) => d.field === 'lipsync_mode')?.message).toMatch(
      /'cut_off', 'loop', 'bounce', 'silence', 'remap'/,
    );
    expect(answer.json.error_message).toMatch(/seed/);
  });

  it('answers 422001 for JSON that is not an object, and for a body that is not JSON or empty', async () => {
    const array = await call(`${emulator.url}${MODEL_PATH}`, { body: [input] });
    expect(array.status).toBe(422);
    expect((array.json.detail as Array<{ loc: string[]; type: string }>)[0]).toMatchObject({
      loc: ['body'],
      type: 'dict_type',
    });

    for (const rawBody of ['{"video_url": ', 'video_url=x', '']) {
      const answer = await call(`${emulator.url}${MODEL_PATH}`, {
        method: 'POST',
        rawBody,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject({
        error_code: 422001,
        detail: [{ loc: ['body'], type: 'json_invalid' }],
      });
    }
  });

  it('answers 413 for an oversized body and keeps serving', async () => {
    const big = { ...input, padding: 'x'.repeat(200_000) };
    const answer = await submit(emulator.url, big);
    expect(answer.status).toBe(413);
    expect(answer.json.error_code).toBe(413001);
    expect((await call(`${emulator.url}/v1/requests/x/status`)).status).toBe(404);
  });

  it('answers 405 with Allow for wrong methods', async () => {
    const cases: Array<[string, string, string]> = [
      // GET on the model answers its price.
      ['PUT', MODEL_PATH, 'POST, GET'],
      ['POST', '/v1/requests/abc/status', 'GET'],
      ['DELETE', '/v1/requests/abc/result', 'GET'],
      ['GET', '/v1/requests/abc/cancel', 'POST'],
      ['POST', '/files/abc/output.mp4', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(`${emulator.url}${path}`, { method });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.json.error_code).toBe(405001);
    }
  });

  it('answers 404 JSON for garbage paths', async () => {
    for (const path of [
      '/',
      '/v1',
      '/v1/requests',
      '/v1/requests/abc',
      '/v1/requests/abc/status/x',
      '/%E0%A4%A',
      '/..%2f..%2fetc/passwd',
    ]) {
      const answer = await call(`${emulator.url}${path}`);
      expect(answer.status, path).toBe(404);
      expect(answer.json.error_code).toBe(404000);
    }
    const badId = await call(`${emulator.url}/v1/requests/%E0%A4%A/status`);
    expect(badId.status).toBe(404);
  });

  it('survives malformed HTTP', async () => {
    const { connect } = await import('node:net');
    const port = new URL(emulator.url).port;
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(`${emulator.url}/v1/requests/x/status`)).status).toBe(404);
  });
});

describe('records and logs', () => {
  it('records every request without the token, and logs one redacted line per request', async () => {
    emulator.clearRequests();
    const before = logs.length;
    const answer = await submit(emulator.url, input);
    await call(`${emulator.url}/v1/requests/${answer.json.request_id}/status`, { token: null });
    const job = await emulator.waitForJob(answer.json.request_id as string);
    await (await fetch(job.outputUrl ?? '')).arrayBuffer();

    // A request is recorded when its response finishes on the server, which can come after the client has the
    // last byte: wait for the third record rather than race it.
    await expect.poll(() => emulator.requests.length, { timeout: 5_000 }).toBe(3);
    const records = emulator.requests;
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      method: 'POST',
      path: MODEL_PATH,
      route: 'submit',
      status: 200,
      hasAuthorization: true,
    });
    expect(records[0]?.time).toBeTypeOf('number');
    expect(records[1]).toMatchObject({
      method: 'GET',
      route: 'status',
      status: 401,
      hasAuthorization: false,
    });
    expect(records[1]?.requestId).toBe(answer.json.request_id);
    expect(records[2]).toMatchObject({ route: 'output', status: 200, hasAuthorization: false });
    expect(records[2]?.path).toBe(`/files/${answer.json.request_id}/output.mp4?…`);

    const newLogs = logs.slice(before);
    expect(newLogs).toHaveLength(3);
    expect(newLogs[0]).toContain(`POST ${MODEL_PATH} 200`);
    const everything = JSON.stringify(records) + logs.join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(OTHER_TOKEN);
    expect(everything).not.toContain('Signature=');
    expect(everything).not.toContain('s3cr3t');
  });
});
