import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AmbiguousSubmitError,
  AuthError,
  createClient,
  createMemoryJournal,
  createPipeline,
  InsufficientBalanceError,
  type JobSpec,
  type Pipeline,
  RequestLostError,
  ServiceUnreachableError,
} from '../src/index.js';
import { nodePlatform } from '../src/node.js';
import { caught, FAST_POLL, type Fixture, routes, settleEmulator, startFixture } from './client-fixture.js';

/** How the client, the journal and the pipeline take RunComfy's answers beyond the API page (reference §3). */
let fixture: Fixture;
let dir: string;

beforeAll(async () => {
  fixture = await startFixture({ processing: { fixedMs: 200 } });
});
afterAll(() => fixture?.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reanimate-runcomfy-'));
});
afterEach(async () => {
  await settleEmulator(fixture.emulator);
  await rm(dir, { recursive: true, force: true });
});

function pipeline(): Pipeline {
  const platform = nodePlatform({ journalDir: join(dir, 'jobs') });
  return createPipeline({ platform, client: fixture.client({ fetch: platform.fetch }), claimPollMs: 50 });
}

const spec = (overrides: Partial<JobSpec> = {}): JobSpec => ({
  video: { kind: 'url', url: fixture.input.video_url },
  audio: { kind: 'url', url: fixture.input.audio_url },
  options: { lipsync_mode: 'cut_off' },
  out: join(dir, 'out.mp4'),
  conflict: 'replace',
  app: 'test',
  ...overrides,
});

describe('definite refusals are not unknown outcomes', () => {
  it('an HTTP 200 with error_code 400002 and no request id: insufficient balance, journaled not_submitted', async () => {
    fixture.emulator.injectFault({ kind: 'refuse', errorCode: 400002 });
    const journal = createMemoryJournal();
    const error = await caught(fixture.client().runJob(fixture.input, { journal }));
    expect(InsufficientBalanceError.isInstance(error)).toBe(true);
    expect(AmbiguousSubmitError.isInstance(error)).toBe(false);
    expect((error as InsufficientBalanceError).hint).toMatch(/Top up/);
    const [record] = await journal.list();
    expect(record?.status).toBe('not_submitted');
    expect(record?.error?.code).toBe('insufficient_balance');
    // A refusal is not retried: one POST.
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
  });

  it('HTTP 402 is insufficient balance too; a 401 with 400004 is a token problem', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'submit', status: 402 });
    expect(InsufficientBalanceError.isInstance(await caught(fixture.client().submit(fixture.input)))).toBe(
      true,
    );
    const wrong = createClient({ token: 'not-the-token', baseUrl: fixture.emulator.url });
    const refused = await caught(wrong.submit(fixture.input));
    expect(AuthError.isInstance(refused) && refused.serviceCode).toBe(400004);
  });

  it('the pipeline checks the token before anything else, with the price lookup', async () => {
    const platform = nodePlatform({ journalDir: join(dir, 'jobs') });
    const outcome = await createPipeline({
      platform,
      client: createClient({ token: 'not-the-token', baseUrl: fixture.emulator.url, poll: FAST_POLL }),
    }).run(spec(), { checked: true });
    expect(outcome.status).toBe('not_submitted');
    if (outcome.status === 'not_submitted') expect(AuthError.isInstance(outcome.error)).toBe(true);
    expect(routes(fixture.emulator, 'model')).toHaveLength(1);
    expect(routes(fixture.emulator, 'submit')).toHaveLength(0);
  });
});

describe('lost and expired', () => {
  it('a request the service forgets mid-job is lost: terminal, journaled, and resume leaves it alone', async () => {
    const p = pipeline();
    const outcome = await p.run(spec(), {
      onProgress: (progress) => {
        if (progress.stage === 'queued' || progress.stage === 'processing') {
          fixture.emulator.injectFault({ kind: 'forget', requestId: progress.requestId as string });
        }
      },
    });
    expect(outcome.status).toBe('lost');
    if (outcome.status !== 'lost') return;
    expect(RequestLostError.isInstance(outcome.error)).toBe(true);
    expect(outcome.error.message).toMatch(/no longer knows/);
    expect(outcome.record?.status).toBe('lost');
    const before = fixture.emulator.requests.length;
    const again = await p.resume(outcome.jobId);
    expect(again.status).toBe('lost');
    expect(fixture.emulator.requests.length).toBe(before);
  });

  it('an output still gone after one fresh /result is expired: terminal, and resume does not retry the dead URL', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'output', status: 404, times: 'always' });
    const p = pipeline();
    const outcome = await p.run(spec());
    expect(outcome.status).toBe('expired');
    if (outcome.status !== 'expired') return;
    expect(outcome.error.message).toMatch(/is gone/);
    expect(outcome.error.hint).toMatch(/new, paid job/);
    expect(outcome.record?.status).toBe('expired');
    expect(routes(fixture.emulator, 'output')).toHaveLength(2);
    const before = fixture.emulator.requests.length;
    expect((await p.resume(outcome.jobId)).status).toBe('expired');
    expect(fixture.emulator.requests.length).toBe(before);
  });
});

describe('cost before paying and after', () => {
  it('estimates from the service price per second of the output the mode makes, and records the charge', async () => {
    const p = pipeline();
    const { estimate } = await p.estimate(spec());
    // The 4.0 s face and the 4.5 s dub (ffprobe): cut_off → the shorter, 4.0 s; bounce → the dub's 4.5 s;
    // silence → the video's 4.0 s. 0.04 USD per second.
    expect(estimate?.price).toMatchObject({ basePriceUsd: 0.04, priceUnit: 'second' });
    expect(estimate?.outputSec).toBeCloseTo(4, 2);
    expect(estimate?.usd).toBeCloseTo(0.16, 3);
    const { estimate: bounce } = await p.estimate(spec({ options: { lipsync_mode: 'bounce' } }));
    expect(bounce?.outputSec).toBeCloseTo(4.5, 2);
    expect(bounce?.usd).toBeCloseTo(0.18, 3);
    const { estimate: silence } = await p.estimate(spec({ options: { lipsync_mode: 'silence' } }));
    expect(silence?.outputSec).toBeCloseTo(4, 2);
    const outcome = await p.run(spec(), { checked: true, estimatedUsd: estimate?.usd });
    expect(outcome.status).toBe('done');
    expect(outcome.record?.cost?.estimatedUsd).toBe(estimate?.usd);
    // The emulator charges its own measure of the output: the same 4.0 s.
    expect(outcome.record?.cost?.chargedUsd).toBeCloseTo(0.16, 2);
    expect(routes(fixture.emulator, 'result').some((request) => request.path.includes('?'))).toBe(true);
  });
});

describe('outages', () => {
  /** A clock that only moves when the client sleeps: half an hour of outage passes in an instant. */
  function fakeTime() {
    let now = Date.now();
    return {
      now: () => now,
      sleep: async (ms: number, signal?: AbortSignal) => {
        if (signal?.aborted) throw signal.reason;
        now += ms;
        // Let real I/O (the emulator) make progress between polls.
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    };
  }

  it('following a paid job rides out 503s for 30 minutes, saying since when, then gives up with the request id', async () => {
    const time = fakeTime();
    const client = fixture.client({ ...time, retry: { maxAttempts: 2 } });
    const { requestId } = await client.submit(fixture.input);
    fixture.emulator.injectFault({ kind: 'http', route: 'status', status: 503, times: 'always' });
    const outages: (number | undefined)[] = [];
    const startedAt = time.now();
    const error = await caught(
      client.waitForCompletion(requestId, { onUnreachable: (outage) => outages.push(outage.since) }),
    );
    expect(ServiceUnreachableError.isInstance(error)).toBe(true);
    expect((error as ServiceUnreachableError).requestId).toBe(requestId);
    expect(time.now() - startedAt).toBeGreaterThanOrEqual(30 * 60_000);
    expect(time.now() - startedAt).toBeLessThan(32 * 60_000);
    expect(outages.length).toBeGreaterThan(20);
    expect(new Set(outages).size).toBe(1);
    // Capped backoff: never more than about a minute between tries.
    const statusTimes = routes(fixture.emulator, 'status').length;
    expect(statusTimes).toBeGreaterThan(30);
  }, 60_000);

  it('when the service comes back, following carries on and says so', async () => {
    const time = fakeTime();
    const client = fixture.client({ ...time, retry: { maxAttempts: 1 } });
    const { requestId } = await client.submit(fixture.input);
    fixture.emulator.injectFault({ kind: 'http', route: 'status', status: 503, times: 6 });
    const outages: (number | undefined)[] = [];
    const done = await client.waitForCompletion(requestId, { onUnreachable: (o) => outages.push(o.since) });
    expect(done.status).toBe('completed');
    expect(outages.at(-1)).toBeUndefined();
    expect(outages.filter((since) => since !== undefined).length).toBe(6);
  }, 60_000);
});

describe("the reference's literal bodies, as core reads them", () => {
  it('parses the documented success bodies and maps the documented error bodies to our errors', async () => {
    const {
      parseResponse,
      resultResponseSchema,
      statusResponseSchema,
      submitResponseSchema,
      cancelResponseSchema,
    } = await import('../src/index.js');
    const submitted = parseResponse(
      submitResponseSchema,
      {
        request_id: 'abc',
        status_url: 'https://model-api.runcomfy.net/v1/requests/abc/status',
        result_url: 'https://model-api.runcomfy.net/v1/requests/abc/result',
        cancel_url: 'https://model-api.runcomfy.net/v1/requests/abc/cancel',
      },
      'submit',
    );
    expect(submitted.request_id).toBe('abc');
    expect(
      parseResponse(
        statusResponseSchema,
        { status: 'in_queue', queue_position: 3, instance_id: 'i-1' },
        'status',
      ),
    ).toMatchObject({ status: 'in_queue', queue_position: 3 });
    const result = parseResponse(
      resultResponseSchema,
      {
        request_id: 'abc',
        status: 'succeeded',
        output: { video: 'https://cdn.runcomfy.net/out.mp4' },
        created_at: '2026-12-01T10:00:00Z',
        finished_at: '2026-12-01T10:00:42Z',
        error: null,
        cost: 0.36,
      },
      'result',
    );
    expect(result).toMatchObject({
      status: 'completed',
      output: { video: 'https://cdn.runcomfy.net/out.mp4' },
    });
    for (const outcome of ['cancelled', 'cancellation_requested', 'not_cancellable']) {
      expect(
        parseResponse(cancelResponseSchema, { request_id: 'abc', status: 'in_progress', outcome }, 'cancel')
          .outcome,
      ).toBe(outcome);
    }
    const { errorFromAnswer } = await import('../src/client/response-errors.js');
    const answer = (status: number, body: unknown) => ({
      status,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: JSON.stringify(body),
    });
    const balance = errorFromAnswer(
      answer(200, { error_code: 400002, error_message: 'Insufficient balance' }),
      'x',
      [],
      0,
    );
    expect(balance.code).toBe('insufficient_balance');
    const token = errorFromAnswer(
      answer(400, { error_code: 400004, error_message: 'Token expired' }),
      'x',
      [],
      0,
    );
    expect(token.code).toBe('auth');
    const missing = errorFromAnswer(
      answer(404, { error_code: 404001, error_message: 'Request not found' }),
      'x',
      [],
      0,
    );
    expect(missing).toMatchObject({
      code: 'api',
      status: 404,
      serviceCode: 404001,
      serviceMessage: 'Request not found',
    });
    const invalid = errorFromAnswer(
      answer(422, {
        error_code: 422001,
        error_message: 'Validation error',
        detail: [
          {
            loc: ['body', 'temperature'],
            msg: 'Input should be less than or equal to 1',
            type: 'less_than_equal',
          },
        ],
      }),
      'x',
      [],
      0,
    );
    expect(invalid).toMatchObject({ code: 'api', status: 422, serviceCode: 422001 });
    expect((invalid as unknown as { details: unknown }).details).toEqual([
      {
        loc: ['body', 'temperature'],
        msg: 'Input should be less than or equal to 1',
        type: 'less_than_equal',
      },
    ]);
  });
});
