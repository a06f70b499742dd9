import type { ClientRequest, IncomingMessage } from 'node:http';
import { abortReason } from '../abort.js';
import type { NodeModules } from './node-modules.js';

/** fetch's shape as core's client (a Request) and its S3 host (a URL string and init) call it. */
export type NodeFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface NodeFetchOptions {
  /**
   * Used for every request without a streamed body. Node's own fetch (undici) is a good choice in Node; leave it
   * out in the CEP panel, where the page's fetch is Chromium's (CORS applies to a file:// page) and everything
   * has to go through Node's http.
   */
  fallback?: typeof globalThis.fetch | undefined;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * fetch on Node's http/https, from injected modules (CEP gets them from `cep_node.require`).
 *
 * Why not Node's fetch for everything: undici keeps every chunk of a streamed request body alive until the
 * request ends (a 90 MB upload held ~90 MB, measured on Node 20.20), and Chromium before 105 cannot stream a
 * fetch body at all (it sends the text "[object ReadableStream]"). Here a ReadableStream body is written with
 * backpressure, and response bodies are streamed back the same way, so downloads stay flat too.
 *
 * Like undici, a transport failure rejects with `TypeError('fetch failed')` whose `cause` is the Node error (with
 * its `code`), which core's classifyTransportError reads to tell a refused connection from a maybe-sent request.
 */
export function createNodeFetch(
  node: Pick<NodeModules, 'http' | 'https'>,
  options: NodeFetchOptions = {},
): NodeFetch {
  const { fallback } = options;
  return async (input, init = {}) => {
    const streamed = typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream;
    if (fallback && !streamed) return fallback(input, init);
    const stream = streamed ? (init.body as ReadableStream<Uint8Array>) : undefined;
    const request = new Request(input, stream ? { ...init, body: null } : init);
    const signal = init.signal ?? request.signal;
    if (signal?.aborted) throw abortReason(signal);
    const body =
      stream || request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body && !headers['content-length']) headers['content-length'] = String(body.byteLength);
    const follow = !stream && (init.redirect ?? 'follow') === 'follow';
    let url = new URL(request.url);
    let method = request.method;
    for (let hop = 0; ; hop++) {
      const response = await send(node, url, method, headers, { body, stream, signal });
      const location = response.headers.get('location');
      if (!follow || !REDIRECTS.has(response.status) || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw transportError('fetch failed', new Error('too many redirects'));
      url = new URL(location, url);
      if (response.status === 303 && method !== 'HEAD') method = 'GET';
    }
  };
}

/**
 * fetch's TypeError with the Node error as its `cause`, set by hand: CEP 11's Chromium 88 ignores the `cause`
 * option (Chrome 93+), and core reads the Node code from it to prove a submit was never sent.
 */
function transportError(message: string, cause: unknown): TypeError {
  const error = new TypeError(message);
  Object.defineProperty(error, 'cause', {
    value: cause,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return error;
}

function send(
  node: Pick<NodeModules, 'http' | 'https'>,
  url: URL,
  method: string,
  headers: Record<string, string>,
  payload: {
    body: Uint8Array | undefined;
    stream: ReadableStream<Uint8Array> | undefined;
    signal: AbortSignal | null;
  },
): Promise<Response> {
  const transport = url.protocol === 'https:' ? node.https : node.http;
  const { signal, stream, body } = payload;
  const reader = stream?.getReader();
  return new Promise<Response>((resolve, reject) => {
    let answered = false;
    let bodySent = !reader;
    const fail = (error: unknown) => {
      if (answered) return;
      answered = true;
      reject(error);
    };
    const outgoing: ClientRequest = transport.request(url, { method, headers }, (incoming) => {
      answered = true;
      if (!bodySent) {
        // The server answered (e.g. 403) before taking the whole body: stop reading the file, and drop the
        // connection once the answer is read, since it still expects the rest of the body.
        reader?.cancel().catch(() => {});
        incoming.once('end', () => outgoing.destroy());
      }
      resolve(toResponse(incoming, method, url, signal, () => outgoing.destroy()));
    });
    outgoing.on('error', (error) => {
      reader?.cancel(error).catch(() => {});
      fail(transportError('fetch failed', error));
    });
    signal?.addEventListener(
      'abort',
      () => {
        fail(abortReason(signal));
        outgoing.destroy();
      },
      { once: true },
    );
    if (!reader) {
      if (body) outgoing.write(body);
      outgoing.end();
      return;
    }
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (answered || outgoing.destroyed) return;
        // Wait for the socket to take each chunk, so a big file never piles up in memory.
        if (!outgoing.write(value)) await drained(outgoing);
      }
      bodySent = true;
      outgoing.end();
    })().catch((error: unknown) => {
      fail(transportError('fetch failed', error));
      outgoing.destroy();
    });
  });
}

/** Waits until the request can take more bytes, or fails if it closes first. */
function drained(request: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      request.off('drain', onDrain);
      request.off('close', onClose);
      request.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('connection closed while uploading'));
    const onError = (error: Error) => done(error);
    request.once('drain', onDrain);
    request.once('close', onClose);
    request.once('error', onError);
  });
}

/** The answer as a web Response whose body is read from the socket as the consumer asks (backpressure). */
function toResponse(
  incoming: IncomingMessage,
  method: string,
  url: URL,
  signal: AbortSignal | null,
  destroy: () => void,
): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = incoming.statusCode ?? 502;
  const noBody = method === 'HEAD' || NULL_BODY_STATUSES.has(status);
  let body: ReadableStream<Uint8Array> | null = null;
  if (noBody) incoming.resume();
  else {
    body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          let ended = false;
          incoming.on('data', (chunk: Uint8Array) => {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 1) <= 0) incoming.pause();
          });
          incoming.once('end', () => {
            ended = true;
            controller.close();
          });
          const broke = (error?: Error) => {
            if (ended) return;
            ended = true;
            controller.error(transportError('terminated', error ?? new Error('connection closed')));
          };
          incoming.once('error', broke);
          // A connection that drops without 'end' (or 'error', depending on the Node version) is a truncation.
          incoming.once('close', () => broke());
          signal?.addEventListener(
            'abort',
            () => {
              if (ended) return;
              ended = true;
              controller.error(abortReason(signal));
              destroy();
            },
            { once: true },
          );
        },
        pull() {
          incoming.resume();
        },
        cancel() {
          destroy();
        },
      },
      { highWaterMark: 4 },
    );
  }
  const response = new Response(body, { status, statusText: incoming.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}
