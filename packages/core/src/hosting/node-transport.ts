// Node-only: reached through ./node.ts, never from the universal entry.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from './s3.js';

/**
 * fetch for Node, except that requests with a ReadableStream body go through node:http(s).
 *
 * Why: Node's fetch (undici, measured on Node 20.20) keeps every chunk of a streamed request body alive until
 * the request ends, so a 90 MB upload held ~90 MB. node:http writes with backpressure and lets chunks go, so
 * memory stays at a few chunks. Everything else (HEAD, DELETE, GET, Blob bodies) uses the global fetch.
 */
export const nodeFetch: FetchLike = (url, init = {}) => {
  const body = init.body;
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    return streamRequest(url, init, body as ReadableStream<Uint8Array>);
  }
  return fetch(url, init);
};

function plainHeaders(init: RequestInit): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 502;
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  if (noBody) res.resume();
  const body = noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/** Waits until the request can take more bytes, or fails if it closes first. */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      req.off('drain', onDrain);
      req.off('close', onClose);
      req.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('connection closed while uploading'));
    const onError = (error: Error) => done(error);
    req.once('drain', onDrain);
    req.once('close', onClose);
    req.once('error', onError);
  });
}

function streamRequest(url: string, init: RequestInit, body: ReadableStream<Uint8Array>): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const method = (init.method ?? 'PUT').toUpperCase();
  const signal = init.signal ?? undefined;
  const reader = body.getReader();
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let bodySent = false;
    const req = send(
      target,
      { method, headers: plainHeaders(init), ...(signal ? { signal } : {}) },
      (res) => {
        settled = true;
        if (!bodySent) {
          // The store answered (e.g. 403) before taking the whole body: stop reading the file, and drop the
          // connection once the answer is read, since it still expects the rest of the body.
          reader.cancel().catch(() => {});
          res.once('end', () => req.destroy());
        }
        try {
          resolve(toResponse(res, method));
        } catch (error) {
          req.destroy();
          reject(error);
        }
      },
    );
    req.once('error', (error) => {
      reader.cancel(error).catch(() => {});
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (settled || req.destroyed) return;
        if (!req.write(value)) await drained(req);
      }
      bodySent = true;
      req.end();
    })().catch((error: unknown) => {
      req.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
}
