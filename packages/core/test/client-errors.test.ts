import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/client/index.js';
import {
  AmbiguousSubmitError,
  ApiError,
  AuthError,
  InputError,
  JobCancelledError,
  JobFailedError,
  NetworkError,
  RateLimitError,
  ReanimateError,
} from '../src/errors.js';
import { createMemoryJournal } from '../src/journal/memory.js';
import {
  caught,
  expectNoToken,
  type Fixture,
  routes,
  settleEmulator,
  startFixture,
  TOKEN,
} from './client-fixture.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await startFixture({ workers: 1 });
});
afterAll(async () => {
  await fixture.close();
});
beforeEach(() => settleEmulator(fixture.emulator));

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('errors from the client (emulator over real HTTP)', () => {
  it('InputError: names each bad field and what is allowed, before any request', async () => {
    const error = await caught(
      fixture.client().runJob({
        video_url: 'ftp://x',
        audio_url: fixture.input.audio_url,
        emotion: 'furious',
        temperature: 3,
      } as never),
    );
    expect(InputError.isInstance(error)).toBe(true);
    const fields = (error as InputError).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['video_url', 'emotion', 'temperature']));
    expect((error as Error).message).toContain('happy, angry, sad, neutral, disgusted, surprised');
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it('AuthError: 401 says to check RUNCOMFY_API_TOKEN and never shows the token', async () => {
    const wrongToken = 'tok-WRONG-0000';
    const client = createClient({ token: wrongToken, baseUrl: fixture.emulator.url });
    const journal = createMemoryJournal();
    const error = await caught(client.runJob(fixture.input, { journal }));
    expect(AuthError.isInstance(error)).toBe(true);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).hint).toContain('RUNCOMFY_API_TOKEN');
    expect(JSON.stringify(error)).not.toContain(wrongToken);
    expect((await journal.list())[0]).toMatchObject({ status: 'not_submitted', error: { code: 'auth' } });
    expect(fixture.emulator.listJobs()).toHaveLength(0);
  });

  it('ApiError: an unknown request id is a 404 with the service message', async () => {
    const error = await caught(fixture.client().getStatus('no-such-request'));
    expect(ApiError.isInstance(error)).toBe(true);
    // RunComfy's body: error_code 404001 with its message (reference §3).
    expect(error).toMatchObject({
      status: 404,
      serviceCode: 404001,
      serviceMessage: 'Request not found: it does not exist, was deleted or has expired.',
    });
    expect((error as ApiError).message).toContain('no-such-request');
    expectNoToken(error);
    // A 404 is an answer, not a hiccup: asked once.
    expect(routes(fixture.emulator, 'status')).toHaveLength(1);
  });

  it('ApiError: 5xx HTML pages are retried, then reported without the HTML', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'status', status: 502, times: 'always' });
    const client = fixture.client({ retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const error = await caught(client.getStatus('whatever'));
    expect(error).toMatchObject({ status: 502, serviceMessage: undefined });
    expect((error as Error).message).toContain('HTML error page');
    expect((error as Error).message).not.toContain('<');
    expect(routes(fixture.emulator, 'status')).toHaveLength(3);
    expectNoToken(error);
  });

  it('RateLimitError: a submit refused with 429 is retried after Retry-After, then reported; no job made', async () => {
    fixture.emulator.injectFault({
      kind: 'http',
      route: 'submit',
      status: 429,
      retryAfterSec: 1,
      times: 'always',
    });
    const client = fixture.client({ retry: { submitMaxAttempts: 2 } });
    const error = await caught(client.submit(fixture.input));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
    const submits = routes(fixture.emulator, 'submit');
    expect(submits).toHaveLength(2);
    // Measured at the server: the second try came no sooner than the service asked.
    expect((submits[1]?.time ?? 0) - (submits[0]?.time ?? 0)).toBeGreaterThanOrEqual(950);
    expect(fixture.emulator.listJobs()).toHaveLength(0);
    expectNoToken(error);
  });

  it('NetworkError: a status read whose connection keeps resetting', async () => {
    fixture.emulator.injectFault({ kind: 'reset', route: 'status', times: 'always' });
    const error = await caught(fixture.client({ retry: { maxAttempts: 2, baseDelayMs: 10 } }).getStatus('x'));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).cause).toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(routes(fixture.emulator, 'status')).toHaveLength(2);
    expectNoToken(error);
  });

  it('NetworkError: a submit to a closed port is retried (never sent) and leaves the job not_submitted', async () => {
    const closed = createClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { submitMaxAttempts: 3, baseDelayMs: 5 },
    });
    const journal = createMemoryJournal();
    const error = await caught(closed.runJob(fixture.input, { journal }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((await journal.list())[0]).toMatchObject({ status: 'not_submitted', error: { code: 'network' } });
    expectNoToken(error);
  });

  it('AmbiguousSubmitError: the answer to an accepted submit is lost; exactly one job, never re-sent', async () => {
    fixture.emulator.injectFault({ kind: 'drop_after_accept', route: 'submit' });
    const journal = createMemoryJournal();
    const before = fixture.emulator.listJobs().length;
    const error = await caught(fixture.client().runJob(fixture.input, { journal }));
    expect(AmbiguousSubmitError.isInstance(error)).toBe(true);
    const [record] = await journal.list();
    expect(record).toMatchObject({ status: 'ambiguous', error: { code: 'ambiguous_submit' } });
    expect((error as AmbiguousSubmitError).jobId).toBe(record?.jobId);
    expect((error as AmbiguousSubmitError).submittedAt).toBe(record?.submittedAt);
    expect((error as AmbiguousSubmitError).hint).toContain('NOT sent again');
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
    expect(fixture.emulator.listJobs()).toHaveLength(before + 1);
    // Resuming an ambiguous record never submits either.
    expect(
      AmbiguousSubmitError.isInstance(await caught(fixture.client().resumeJob(record!, { journal }))),
    ).toBe(true);
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
    expectNoToken(error);
  });

  it('AmbiguousSubmitError: a 502 from a gateway on submit is not retried', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'submit', status: 502 });
    const error = await caught(fixture.client().submit(fixture.input));
    expect(AmbiguousSubmitError.isInstance(error)).toBe(true);
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
  });

  it('JobFailedError: carries the service reason; the journal records it', async () => {
    fixture.emulator.injectFault({ kind: 'fail', reason: 'No face detected in the video.' });
    const journal = createMemoryJournal();
    const error = await caught(fixture.client().runJob(fixture.input, { journal }));
    expect(JobFailedError.isInstance(error)).toBe(true);
    expect((error as JobFailedError).reason).toBe('No face detected in the video.');
    expect((await journal.list())[0]).toMatchObject({
      status: 'failed',
      error: { code: 'job_failed', message: 'No face detected in the video.' },
    });
  });

  it('JobCancelledError: a queued job cancelled by id; an in-progress one cannot be', async () => {
    const client = fixture.client();
    const running = await client.submit(fixture.input);
    const queued = await client.submit(fixture.input);
    const waiting = caught(client.waitForCompletion(queued.requestId));
    expect(await client.cancel(queued.requestId)).toMatchObject({
      status: 'cancelled',
      outcome: 'cancelled',
    });
    const error = await waiting;
    expect(JobCancelledError.isInstance(error)).toBe(true);
    expect((error as JobCancelledError).requestId).toBe(queued.requestId);
    await fixture.emulator.waitForJob(running.requestId).catch(() => undefined);
    // Past the queue: RunComfy answers `{request_id, status, outcome: 'not_cancellable'}`.
    expect(await client.cancel(running.requestId)).toEqual({
      requestId: running.requestId,
      status: 'completed',
      outcome: 'not_cancellable',
    });
  });

  it('every error is a ReanimateError with a code and a hint, never one of ky', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'result', status: 500, times: 'always' });
    const error = await caught(fixture.client({ retry: { maxAttempts: 1 } }).getResult('x'));
    expect(ReanimateError.isInstance(error)).toBe(true);
    expect((error as ReanimateError).code).toBe('api');
    expect((error as ReanimateError).hint).toBeTruthy();
    expect((error as Error).constructor.name).not.toMatch(/HTTPError|KyError/);
    expect((error as Error).message).not.toContain(fixture.emulator.url);
    expectNoToken(error);
  });
});
