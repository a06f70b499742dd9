import { abortReason } from '@reanimate/core';

/** fetch's shape as both core's client (Request) and its S3 host (URL string + init) call it. */
export type PanelFetch = (input: Request | string, init?: RequestInit) => Promise<Response>;

/** The slice of Node's http/https modules the adapter uses; injected so the bundle never imports Node. */
export interface NodeHttpModule {
  request(
    url: URL,
    options: { method: string; headers: Record<string, string> },
    callback: (response: NodeIncoming) => void,
  ): NodeClientRequest;
}

export interface NodeIncoming {
  statusCode?: number | undefined;
  statusMessage?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  on(event: 'data', fn: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
}

export interface NodeClientRequest {
  on(event: 'error', fn: (error: Error) => void): unknown;
  once(event: 'drain', fn: () => void): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * fetch on Node's http/https for the CEP panel (mixed context): no CORS from a file:// page, and Node errors keep
 * their `code`. Like undici, a transport failure rejects with `TypeError('fetch failed')` whose `cause` is the Node
 * error, which core's classifyTransportError reads to tell a refused connection from a maybe-sent request.
 * A ReadableStream request body (core's S3 upload of a file on disk) is written chunk by chunk: Chromium before
 * 105 cannot stream a fetch body, and would turn the stream into the text "[object ReadableStream]". Response
 * bodies are buffered: react-1's JSON answers are small.
 */
export function createNodeFetch(modules: { http: NodeHttpModule; https: NodeHttpModule }): PanelFetch {
  return async (input, init) => {
    const stream = init?.body instanceof ReadableStream ? init.body : undefined;
    const request = new Request(input, stream ? { ...init, body: null } : init);
    const signal = init?.signal ?? request.signal;
    if (signal?.aborted) throw abortReason(signal);
    const url = new URL(request.url);
    const body =
      stream || request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body && !headers['content-length']) headers['content-length'] = String(body.byteLength);
    const transport = url.protocol === 'https:' ? modules.https : modules.http;

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const outgoing = transport.request(url, { method: request.method, headers }, (incoming) => {
        const chunks: Uint8Array[] = [];
        incoming.on('data', (chunk) => chunks.push(chunk));
        incoming.on('error', (error) => fail(new TypeError('terminated', { cause: error })));
        incoming.on('end', () => {
          if (settled) return;
          settled = true;
          const status = incoming.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value === undefined) continue;
            for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
          }
          const bytes = concat(chunks);
          const response = new Response(NULL_BODY_STATUSES.has(status) ? null : bytes, {
            status,
            statusText: incoming.statusMessage ?? '',
            headers: responseHeaders,
          });
          Object.defineProperty(response, 'url', { value: url.href });
          resolve(response);
        });
      });
      outgoing.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
      signal?.addEventListener(
        'abort',
        () => {
          const reason = abortReason(signal);
          fail(reason);
          outgoing.destroy();
        },
        { once: true },
      );
      if (stream) {
        pump(stream, outgoing).catch((error: unknown) => {
          fail(new TypeError('fetch failed', { cause: error }));
          outgoing.destroy();
        });
        return;
      }
      if (body) outgoing.write(body);
      outgoing.end();
    });
  };
}

async function pump(stream: ReadableStream<Uint8Array>, outgoing: NodeClientRequest): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Wait for the socket to take each chunk, so a big file never piles up in memory.
    await new Promise<void>((resolve) => {
      if (outgoing.write(value) !== false) resolve();
      else outgoing.once('drain', () => resolve());
    });
  }
  outgoing.end();
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
