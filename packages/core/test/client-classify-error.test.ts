import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTransportError } from '../src/client/classify-error.js';

/** What Node's fetch really throws, against real sockets: the classifier is written against these. */
async function failureOf(url: string, init?: RequestInit) {
  try {
    const response = await fetch(url, init);
    await response.text();
  } catch (error) {
    return classifyTransportError(error);
  }
  throw new Error(`expected ${url} to fail`);
}

let http: Server;
let resetTcp: ReturnType<typeof createTcpServer>;
let base: string;
let resetPort: number;
let closedPort: number;

beforeAll(async () => {
  http = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/drop-after-body') request.socket.destroy();
      else if (request.url === '/reset-after-body') request.socket.resetAndDestroy();
      else if (request.url === '/cut-reply') {
        response.writeHead(200, { 'content-length': '100' });
        response.write('{"request_id":');
        setTimeout(() => request.socket.destroy(), 10);
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  resetTcp = createTcpServer((socket: Socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => resetTcp.listen(0, '127.0.0.1', resolve));
  resetPort = (resetTcp.address() as AddressInfo).port;
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise((resolve) => resetTcp.close(resolve));
});

const post = { method: 'POST', body: '{}' } satisfies RequestInit;

describe('classifyTransportError against real sockets', () => {
  it('connection refused was not sent', async () => {
    expect(await failureOf(`http://127.0.0.1:${closedPort}/`, post)).toMatchObject({
      sent: 'not_sent',
      code: 'ECONNREFUSED',
    });
  });

  it('unknown host was not sent', async () => {
    expect(await failureOf('http://no-such-host.invalid/', post)).toMatchObject({
      sent: 'not_sent',
      code: 'ENOTFOUND',
    });
  });

  it('a reset during connect was not sent', async () => {
    expect(await failureOf(`http://127.0.0.1:${resetPort}/`, post)).toMatchObject({
      sent: 'not_sent',
      code: 'ECONNRESET',
    });
  });

  it('a socket closed after the body was read may have been sent', async () => {
    expect(await failureOf(`${base}/drop-after-body`, post)).toMatchObject({
      sent: 'maybe_sent',
      code: 'UND_ERR_SOCKET',
    });
  });

  it('a reset after the body was read may have been sent', async () => {
    expect(await failureOf(`${base}/reset-after-body`, post)).toMatchObject({
      sent: 'maybe_sent',
      code: 'ECONNRESET',
    });
  });

  it('a reply cut mid-body may have been sent', async () => {
    expect(await failureOf(`${base}/cut-reply`, post)).toMatchObject({
      sent: 'maybe_sent',
      code: 'UND_ERR_SOCKET',
    });
  });
});

describe('classifyTransportError on shapes we cannot easily provoke', () => {
  const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  const coded = (message: string, code: string, syscall?: string) =>
    Object.assign(new Error(message), { code, syscall });

  it('connect timeouts and DNS retries are pre-send', () => {
    expect(
      classifyTransportError(fetchFailed(coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'))).sent,
    ).toBe('not_sent');
    expect(
      classifyTransportError(fetchFailed(coded('getaddrinfo EAI_AGAIN x', 'EAI_AGAIN', 'getaddrinfo'))).sent,
    ).toBe('not_sent');
  });

  it('happy-eyeballs AggregateErrors are pre-send only if every member is', () => {
    const refusedBoth = Object.assign(
      new AggregateError([coded('a', 'ECONNREFUSED', 'connect'), coded('b', 'ECONNREFUSED', 'connect')]),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(classifyTransportError(fetchFailed(refusedBoth)).sent).toBe('not_sent');
    const mixed = new AggregateError([coded('a', 'ECONNREFUSED', 'connect'), coded('b', 'UND_ERR_SOCKET')]);
    expect(classifyTransportError(fetchFailed(mixed)).sent).toBe('maybe_sent');
  });

  it("a browser's bare 'Failed to fetch' and timeouts may have been sent", () => {
    expect(classifyTransportError(new TypeError('Failed to fetch')).sent).toBe('maybe_sent');
    const timeout = Object.assign(new Error('Request timed out: POST https://x/y?sig=abc'), {
      name: 'TimeoutError',
    });
    const classified = classifyTransportError(timeout);
    expect(classified).toMatchObject({ sent: 'maybe_sent', timedOut: true });
    expect(classified.message).not.toContain('sig=abc');
  });

  it('a CEP-style fetch that throws TypeError with a Node cause is classified like undici', () => {
    const cep = new TypeError('Failed to fetch', {
      cause: coded('connect ECONNREFUSED 1.2.3.4:443', 'ECONNREFUSED', 'connect'),
    });
    expect(classifyTransportError(cep)).toMatchObject({ sent: 'not_sent', code: 'ECONNREFUSED' });
  });

  it('keeps secrets out of the message', () => {
    const leaky = fetchFailed(coded('proxy said: Bearer tok-SECRET-123 refused', 'ECONNRESET'));
    expect(classifyTransportError(leaky, ['tok-SECRET-123']).message).not.toContain('tok-SECRET-123');
  });
});
