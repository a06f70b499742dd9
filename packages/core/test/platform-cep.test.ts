import { createHash } from 'node:crypto';
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type LocalS3, startLocalS3 } from '@reanimate/emulator';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  classifyTransportError,
  createNodePlatform,
  createS3Host,
  DownloadError,
  type NodeModules,
  type UploadSource,
} from '../src/index.js';

/**
 * The platform the CEP panel builds: Node's modules as `cep_node.require` hands them over (no `node:` imports, no
 * undici: every request goes through Node's http), so the panel runs core's own transport, downloads and files.
 */
const modules: NodeModules = { fs: fs.promises, path, os, crypto: { createHash }, http, https, process };
const platform = createNodePlatform(modules, {
  name: 'cep',
  journalDir: mkdtempSync(join(tmpdir(), 'reanimate-cep-jobs-')),
});
const video = readFileSync(samples.faceMp4);
const BIG_BYTES = 96 * 1024 * 1024;
let server: Server;
let base = '';
let s3: LocalS3;

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: 'cep-test' });
  server = createServer((req, res) => {
    switch (req.url) {
      case '/echo': {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          res.setHeader('x-seen-auth', req.headers.authorization ?? '');
          res.setHeader('set-cookie', ['a=1', 'b=2']);
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString() }));
        });
        return;
      }
      case '/slow':
        setTimeout(() => res.end('late'), 2000);
        return;
      case '/video.mp4':
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.byteLength) });
        // In pieces, as a real transfer arrives.
        res.write(video.subarray(0, 5));
        setTimeout(() => res.end(video.subarray(5)), 10);
        return;
      case '/moved':
        res.writeHead(302, { location: '/video.mp4' }).end();
        return;
      case '/short.mp4':
        // Announces more than it sends, then the connection drops.
        res.writeHead(200, { 'content-length': String(video.byteLength + 1000) });
        res.write(video);
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      case '/page.mp4':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Error</title><p>Access denied</p>');
        return;
      case '/big.mp4': {
        // A real MP4's first bytes, then zeros, sent as fast as the client takes them (backpressure honoured).
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(BIG_BYTES) });
        let sent = 0;
        const block = Buffer.alloc(1024 * 1024);
        const pump = () => {
          while (sent < BIG_BYTES) {
            const piece =
              sent === 0
                ? video.subarray(0, 4096)
                : block.subarray(0, Math.min(block.length, BIG_BYTES - sent));
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case '/stalls.mp4':
        res.writeHead(200, { 'content-length': String(video.byteLength) });
        res.write(video.subarray(0, 4096));
        return; // never ends
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await s3.close();
});

const folder = () => mkdtempSync(join(tmpdir(), 'reanimate-save-'));

// Memory is read right after a forced collection, so it counts what is alive, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('the transport on injected Node modules (CEP)', () => {
  it('sends method, headers and body and returns status, headers and body', async () => {
    const response = await platform.fetch(
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
    expect((await platform.fetch(`${base}/missing`)).status).toBe(404);
  });

  it('follows redirects for reads, as fetch does', async () => {
    const response = await platform.fetch(`${base}/moved`);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(video));
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    const pending = platform.fetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a refused connection as TypeError with the Node code, which core classifies as not sent', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await platform.fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
    expect(classifyTransportError(error).sent).toBe('not_sent');
  });

  it("keeps the Node code where TypeError ignores { cause } (CEP 11's Chromium 88; the option needs 93)", async () => {
    class Chromium88TypeError extends TypeError {
      constructor(message?: string) {
        super(message); // the options argument is dropped, as Chromium 88 does
      }
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const original = globalThis.TypeError;
    globalThis.TypeError = Chromium88TypeError as TypeErrorConstructor;
    try {
      const error = await platform.fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(original);
      expect((error as TypeError & { cause?: { code: string } }).cause?.code).toBe('ECONNREFUSED');
      expect(classifyTransportError(error).sent).toBe('not_sent');
    } finally {
      globalThis.TypeError = original;
    }
  });
});

describe('saving a result (CEP)', () => {
  it('writes the file, creating the folder, and with `rename` never overwrites an existing one', async () => {
    const dir = join(folder(), 'Reanimate');
    const first = await platform.save(`${base}/video.mp4`, `${dir}/clip-1.mp4`, { conflict: 'rename' });
    expect(first.path).toBe(`${dir}/clip-1.mp4`);
    expect(readFileSync(first.path)).toEqual(video);
    writeFileSync(`${dir}/clip-1 (2).mp4`, 'mine');
    const third = await platform.save(`${base}/moved`, `${dir}/clip-1.mp4`, { conflict: 'rename' });
    expect(third.path).toBe(`${dir}/clip-1 (3).mp4`);
    expect(readFileSync(third.path)).toEqual(video);
    expect(readFileSync(`${dir}/clip-1 (2).mp4`, 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['clip-1 (2).mp4', 'clip-1 (3).mp4', 'clip-1.mp4']);
  });

  it('refuses a body shorter than its Content-Length and leaves no file', async () => {
    const dir = folder();
    const error = await platform
      .save(`${base}/short.mp4`, `${dir}/r.mp4`, { conflict: 'fail' })
      .catch((e) => e);
    expect(DownloadError.isInstance(error) && error.reason).toBe('truncated');
    expect(readdirSync(dir)).toEqual([]);
  }, 30_000);

  it('refuses something that is not an MP4/MOV and removes it', async () => {
    const dir = folder();
    const error = await platform
      .save(`${base}/page.mp4`, `${dir}/r.mp4`, { conflict: 'fail' })
      .catch((e) => e);
    expect(DownloadError.isInstance(error) && error.reason).toBe('not_video');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports an HTTP error with its status (what the pipeline reads to fetch a fresh output URL)', async () => {
    const dir = folder();
    const error = await platform
      .save(`${base}/gone.mp4`, `${dir}/r.mp4`, { conflict: 'fail' })
      .catch((e) => e);
    expect(ApiError.isInstance(error) && error.status).toBe(404);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the partial file when aborted mid-transfer', async () => {
    const dir = folder();
    const controller = new AbortController();
    const pending = platform.save(`${base}/stalls.mp4`, `${dir}/r.mp4`, {
      conflict: 'fail',
      signal: controller.signal,
    });
    // Wait until the partial file exists, so the abort really has something to clean up.
    for (let i = 0; i < 100 && readdirSync(dir).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir)[0]).toMatch(/^\.r\.mp4\..*\.part$/);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(`${dir}/r.mp4`)).toBe(false);
  });

  it('removes temp files a killed download left, but not those of a live one', async () => {
    const dir = folder();
    const orphan = `${dir}/.r.mp4.999999.k1d.part`;
    const mine = `${dir}/.r.mp4.${process.pid}.live.part`;
    writeFileSync(orphan, 'left by a killed process');
    writeFileSync(mine, 'still being written');
    await platform.save(`${base}/video.mp4`, `${dir}/r.mp4`, { conflict: 'fail' });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(readFileSync(`${dir}/r.mp4`)).toEqual(video);
  });

  it('keeps memory flat whatever the size: a 96 MB result never sits in memory', async () => {
    const dir = folder();
    // Warm up, so code loaded by the first transfer is not counted.
    await platform.save(`${base}/video.mp4`, `${dir}/warm-up.mp4`, { conflict: 'fail' });
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 20);
    try {
      const saved = await platform.save(`${base}/big.mp4`, `${dir}/big.mp4`, { conflict: 'fail' });
      expect(fs.statSync(saved.path).size).toBe(BIG_BYTES);
    } finally {
      clearInterval(sampler);
    }
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    // Buffered, the whole 96 MB would be alive at once; streamed, only a few chunks are.
    expect(peak - baseline).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});

describe('files (CEP)', () => {
  it('probes a file on disk with range reads', async () => {
    const probe = await platform.files!.probe(samples.faceMp4);
    expect(probe.hasVideo).toBe(true);
    expect(probe.durationSec).toBeCloseTo(4.02, 1);
    expect(await platform.files!.isFile(samples.faceMp4)).toBe(true);
    expect(await platform.files!.isFile(tmpdir())).toBe(false);
  });

  it('hashes the file in chunks to the same SHA-256 as reading it whole', async () => {
    const source = (await platform.files!.uploadSource(samples.dubWav)) as UploadSource;
    const whole = createHash('sha256').update(readFileSync(samples.dubWav)).digest('hex');
    expect(await source.sha256()).toBe(whole);
    expect(source.name).toBe('dub.wav');
    expect(source.sizeBytes).toBe(readFileSync(samples.dubWav).byteLength);
  });

  it('streams an upload from disk through the transport into S3, byte for byte', async () => {
    const host = createS3Host(s3.settings, { fetch: (url, init) => platform.fetch(url, init) });
    const source = (await platform.files!.uploadSource(samples.dubWav)) as UploadSource;
    expect((await source.openBody()).kind).toBe('stream');
    const hosted = await host.put(source, { role: 'audio' });
    expect(hosted.outcome).toBe('uploaded');
    const stored = new Uint8Array(await (await fetch(hosted.url)).arrayBuffer());
    expect(stored).toEqual(new Uint8Array(readFileSync(samples.dubWav)));
    expect((await host.put(source, { role: 'audio' })).outcome).toBe('reused');
  });
});
