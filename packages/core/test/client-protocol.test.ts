import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/client/index.js';
import { errorFromAnswer } from '../src/client/response-errors.js';
import {
  AmbiguousSubmitError,
  type ApiError,
  AuthError,
  DeadlineExceededError,
  NetworkError,
  RateLimitError,
  ResponseSchemaError,
} from '../src/errors.js';
import { caught, expectNoToken, TOKEN } from './client-fixture.js';

/** A scripted server: each test sets how the next requests are answered. */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler;
const requests: Array<{
  method: string;
  url: string;
  at: number;
  authorization: string | undefined;
  body: string;
}> = [];
let server: Server;
let baseUrl: string;

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const entry = {
      method: request.method ?? '',
      url: request.url ?? '',
      at: Date.now(),
      authorization: request.headers.authorization,
      body: '',
    };
    requests.push(entry);
    request.on('data', (chunk: Buffer) => {
      entry.body += chunk.toString();
    });
    request.on('end', () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
});

const input = { video_url: 'https://cdn.example/v.mp4', audio_url: 'https://cdn.example/a.wav' };

describe('protocol details (scripted server)', () => {
  it('sends the token only as a Bearer header, and the input with defaults filled in', async () => {
    handler = (_request, response) => json(response, 200, { request_id: 'r-1' });
    const submission = await createClient({ token: TOKEN, baseUrl }).submit(input);
    expect(submission.requestId).toBe('r-1');
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1/models/sync/react-1',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      ...input,
      emotion: 'neutral',
      model_mode: 'face',
      lipsync_mode: 'bounce',
      temperature: 0.5,
    });
  });

  it('an unknown status is a ResponseSchemaError after one request, never a hot loop', async () => {
    handler = (_request, response) => json(response, 200, { request_id: 'r', status: 'warming_up' });
    const error = await caught(createClient({ token: TOKEN, baseUrl }).waitForCompletion('r'));
    expect(ResponseSchemaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('unknown status "warming_up"');
    expect(requests).toHaveLength(1);
  });

  it("accepts the sibling APIs' succeeded/canceled spellings", async () => {
    handler = (request, response) =>
      request.url?.endsWith('/status')
        ? json(response, 200, { status: 'succeeded' })
        : json(response, 200, { status: 'succeeded', output: { videos: ['https://cdn/x.mp4'] } });
    const outcome = await createClient({ token: TOKEN, baseUrl }).resumeJob('r');
    expect(outcome.outputs).toEqual(['https://cdn/x.mp4']);
  });

  it('honours a Retry-After pacing hint on a 200 status answer', async () => {
    let calls = 0;
    handler = (_request, response) =>
      ++calls === 1
        ? json(response, 200, { status: 'in_progress' }, { 'retry-after': '2' })
        : json(response, 200, { status: 'completed' });
    await createClient({ token: TOKEN, baseUrl }).waitForCompletion('r');
    expect(requests).toHaveLength(2);
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1950);
  });

  it('a 2xx submit without a request id is ambiguous, not retried', async () => {
    handler = (_request, response) => json(response, 200, { ok: true });
    const error = await caught(createClient({ token: TOKEN, baseUrl }).submit(input));
    expect(AmbiguousSubmitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('no usable request id');
    expect(requests).toHaveLength(1);
  });

  it('a submit timeout is ambiguous: the request may be in the service already', async () => {
    handler = () => undefined; // never answers
    const error = await caught(createClient({ token: TOKEN, baseUrl, requestTimeoutMs: 200 }).submit(input));
    expect(AmbiguousSubmitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('no answer came within the request timeout');
    expect(requests).toHaveLength(1);
  });

  it('a read timeout is retried', async () => {
    let calls = 0;
    handler = (_request, response) => {
      if (++calls > 1) json(response, 200, { status: 'in_queue', queue_position: 2 });
    };
    const status = await createClient({
      token: TOKEN,
      baseUrl,
      requestTimeoutMs: 200,
      retry: { baseDelayMs: 10 },
    }).getStatus('r');
    expect(status).toMatchObject({ status: 'in_queue', queuePosition: 2 });
    expect(requests).toHaveLength(2);
  });

  it('uses the injected clock and sleep: a deadline ends the wait without real time passing', async () => {
    handler = (_request, response) => json(response, 200, { status: 'in_queue', queue_position: 5 });
    let clock = 1_000_000;
    const sleeps: number[] = [];
    const client = createClient({
      token: TOKEN,
      baseUrl,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      random: () => 0,
    });
    const started = Date.now();
    const error = await caught(client.waitForCompletion('r-9', { deadline: clock + 20_000 }));
    expect(DeadlineExceededError.isInstance(error)).toBe(true);
    expect((error as DeadlineExceededError).requestId).toBe('r-9');
    expect((error as DeadlineExceededError).hint).toContain('r-9');
    expect(Date.now() - started).toBeLessThan(2000);
    // Queued: 1 s, growing ×1.5 to the 5 s cap, the last sleep cut short by the deadline.
    expect(sleeps.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5000]);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(20_000);
    expect(requests.length).toBe(sleeps.length);
  });

  it("retry waits use the injected sleep, with the server's Retry-After exactly", async () => {
    let calls = 0;
    handler = (_request, response) =>
      ++calls < 3
        ? json(response, 429, { error: 'rate_limited' }, { 'retry-after': '7' })
        : json(response, 200, { status: 'completed' });
    const sleeps: number[] = [];
    const client = createClient({ token: TOKEN, baseUrl, sleep: async (ms) => void sleeps.push(ms) });
    await client.getStatus('r');
    expect(sleeps).toEqual([7000, 7000]);
  });

  it('a Retry-After beyond the cap ends the retries with a RateLimitError carrying the wait', async () => {
    handler = (_request, response) =>
      json(response, 429, { message: 'Slow down' }, { 'retry-after': '3600' });
    const error = await caught(createClient({ token: TOKEN, baseUrl }).getStatus('r'));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000, status: 429 });
    expect((error as Error).message).toContain('Slow down');
    expect(requests).toHaveLength(1);
  });
});

describe('an injected fetch (the CEP panel passes one built on Node https)', () => {
  const refused = () =>
    Promise.reject(
      new TypeError('Failed to fetch', {
        cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
          code: 'ECONNREFUSED',
          syscall: 'connect',
        }),
      }),
    );

  it('is used for every request, and a refused connection lets the submit be retried', async () => {
    let calls = 0;
    const client = createClient({
      token: TOKEN,
      baseUrl: 'https://model-api.example',
      fetch: () => {
        calls++;
        return refused();
      },
      retry: { submitMaxAttempts: 3 },
      sleep: async () => undefined,
    });
    const error = await caught(client.submit(input));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(calls).toBe(3);
  });

  it('a bare "Failed to fetch" (a browser) makes the submit ambiguous, sent once', async () => {
    let calls = 0;
    const client = createClient({
      token: TOKEN,
      baseUrl: 'https://model-api.example',
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError('Failed to fetch'));
      },
    });
    expect(AmbiguousSubmitError.isInstance(await caught(client.submit(input)))).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('error messages', () => {
  const answer = (status: number, body: string, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
    text: body,
  });
  const NOW = Date.UTC(2026, 0, 1);

  it('say what we were doing, what the service said, and what to do', () => {
    const auth = errorFromAnswer(answer(403, '{"message":"Forbidden"}'), 'checking request r1', [TOKEN], NOW);
    expect(AuthError.isInstance(auth)).toBe(true);
    expect(auth.message).toBe(
      'The service refused the API token (HTTP 403) while checking request r1: Forbidden.',
    );
    const api = errorFromAnswer(
      answer(
        422,
        JSON.stringify({
          error: 'invalid_input',
          message: 'Invalid input: temperature too high',
          details: [{ field: 'temperature' }],
        }),
      ),
      'submitting the react-1 request',
      [TOKEN],
      NOW,
    );
    expect(api.message).toBe(
      'The service answered HTTP 422 while submitting the react-1 request: Invalid input: temperature too high.',
    );
    expect((api as ApiError).details).toEqual([{ field: 'temperature' }]);
    expect(api.hint).toMatch(/fix the fields/);
    const limited = errorFromAnswer(
      answer(503, '<html>busy</html>', { 'retry-after': '30' }),
      'x',
      [TOKEN],
      NOW,
    );
    expect(RateLimitError.isInstance(limited) && limited.retryAfterMs).toBe(30_000);
    expect(limited.message).toBe(
      'The service is rate limiting us (HTTP 503) while x (an HTML error page). It asked us to wait 30 s.',
    );
  });

  it('never repeat the token, even when the service echoes it', () => {
    const echoed = errorFromAnswer(
      answer(400, `{"message":"bad header Bearer ${TOKEN}"}`),
      'x',
      [TOKEN],
      NOW,
    );
    expect(echoed.message).not.toContain(TOKEN);
    expectNoToken(echoed);
  });

  it('errors from real failures carry no token anywhere (message, hint, cause, JSON)', async () => {
    const failures: unknown[] = [];
    for (const status of [400, 401, 404, 429, 500, 502, 503]) {
      handler = (_request, response) => json(response, status, { message: `echo Bearer ${TOKEN}` });
      failures.push(
        await caught(
          createClient({ token: TOKEN, baseUrl, retry: { maxAttempts: 1, submitMaxAttempts: 1 } }).getStatus(
            'r',
          ),
        ),
      );
      failures.push(
        await caught(
          createClient({ token: TOKEN, baseUrl, retry: { maxAttempts: 1, submitMaxAttempts: 1 } }).submit(
            input,
          ),
        ),
      );
    }
    handler = (request) => request.socket.destroy();
    failures.push(await caught(createClient({ token: TOKEN, baseUrl }).submit(input)));
    failures.push(
      await caught(createClient({ token: TOKEN, baseUrl, retry: { maxAttempts: 1 } }).cancel('r')),
    );
    expect(failures).toHaveLength(16);
    for (const failure of failures) expectNoToken(failure);
  });
});
