// @vitest-environment node
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { classifyTransportError } from '@reanimate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch, type NodeHttpModule } from '../../src/panel/platform/node-fetch.ts';

const nodeFetch = createNodeFetch({
  http: http as unknown as NodeHttpModule,
  https: https as unknown as NodeHttpModule,
});
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('x-seen-auth', req.headers.authorization ?? '');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(req.url === '/missing' ? 404 : 201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Node https fetch for CEP', () => {
  it('sends method, headers and body and returns status, headers and body', async () => {
    const response = await nodeFetch(
      new Request(`${base}/echo`, {
        method: 'POST',
        headers: { Authorization: 'Bearer t' },
        body: '{"x":1}',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen-auth')).toBe('Bearer t');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"x":1}' });
    expect((await nodeFetch(new Request(`${base}/missing`))).status).toBe(404);
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    const pending = nodeFetch(new Request(`${base}/slow`), { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a refused connection as TypeError with the Node code, which core classifies as not sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await nodeFetch(new Request(`http://127.0.0.1:${port}/`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
    expect(classifyTransportError(error).sent).toBe('not_sent');
  });
});
