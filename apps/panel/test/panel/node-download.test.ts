// @vitest-environment node
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DownloadError } from '@reanimate/core';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidateName,
  downloadToFile,
  type NodeFsForDownload,
} from '../../src/panel/platform/node-download.ts';
import type { NodeHttpModule } from '../../src/panel/platform/node-fetch.ts';

// What `require('fs')` / `require('http')` give the panel in CEP's mixed context.
const modules = {
  http: http as unknown as NodeHttpModule,
  https: https as unknown as NodeHttpModule,
  fs: fs as unknown as NodeFsForDownload,
};
const video = readFileSync(samples.faceMp4);
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
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
        const total = BIG_BYTES;
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(total) });
        let sent = 0;
        const block = Buffer.alloc(1024 * 1024);
        const pump = () => {
          while (sent < total) {
            const piece =
              sent === 0 ? video.subarray(0, 4096) : block.subarray(0, Math.min(block.length, total - sent));
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case '/slow.mp4':
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
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const folder = () => mkdtempSync(join(tmpdir(), 'reanimate-download-'));
const BIG_BYTES = 96 * 1024 * 1024;

// Memory is read right after a forced collection, so it counts what is alive, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('streamed download of a result (CEP)', () => {
  it('writes the file, creating the folder, and never overwrites an existing one', async () => {
    const dir = join(folder(), 'Reanimate');
    const first = await downloadToFile(modules, `${base}/video.mp4`, `${dir}/clip-1.mp4`);
    expect(first).toBe(`${dir}/clip-1.mp4`);
    expect(readFileSync(first)).toEqual(video);
    writeFileSync(`${dir}/clip-1 (2).mp4`, 'mine');
    const third = await downloadToFile(modules, `${base}/moved`, `${dir}/clip-1.mp4`);
    expect(third).toBe(`${dir}/clip-1 (3).mp4`);
    expect(readFileSync(third)).toEqual(video);
    expect(readFileSync(`${dir}/clip-1 (2).mp4`, 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['clip-1 (2).mp4', 'clip-1 (3).mp4', 'clip-1.mp4']);
  });

  it('refuses a body shorter than its Content-Length and leaves no file', async () => {
    const dir = folder();
    const error = await downloadToFile(modules, `${base}/short.mp4`, `${dir}/r.mp4`).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error) && error.reason).toBe('truncated');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses something that is not an MP4/MOV and removes it', async () => {
    const dir = folder();
    const error = await downloadToFile(modules, `${base}/page.mp4`, `${dir}/r.mp4`).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error) && error.reason).toBe('not_video');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports an HTTP error with its status', async () => {
    const dir = folder();
    const error = await downloadToFile(modules, `${base}/gone.mp4`, `${dir}/r.mp4`).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'http', status: 404 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the partial file when aborted mid-transfer', async () => {
    const dir = folder();
    const controller = new AbortController();
    const pending = downloadToFile(modules, `${base}/slow.mp4`, `${dir}/r.mp4`, controller.signal);
    // Wait until the partial file exists, so the abort really has something to clean up.
    for (let i = 0; i < 100 && readdirSync(dir).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir)[0]).toMatch(/^\.r\.mp4\..*\.part$/);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(`${dir}/r.mp4`)).toBe(false);
  });

  it('numbers free names like the Finder', () => {
    expect(candidateName('/a/b/clip.mp4', 1)).toBe('/a/b/clip.mp4');
    expect(candidateName('/a/b/clip.mp4', 2)).toBe('/a/b/clip (2).mp4');
    expect(candidateName('C:\\out\\clip.mp4', 3)).toBe('C:\\out\\clip (3).mp4');
  });

  it('keeps memory flat whatever the size: a 96 MB result never sits in memory', async () => {
    const dir = folder();
    // Warm up, so code loaded by the first transfer is not counted.
    await downloadToFile(modules, `${base}/video.mp4`, `${dir}/warm-up.mp4`);
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    // Collect before each sample: what counts is what the download keeps alive, not garbage awaiting collection.
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 20);
    try {
      const path = await downloadToFile(modules, `${base}/big.mp4`, `${dir}/big.mp4`);
      expect(fs.statSync(path).size).toBe(BIG_BYTES);
    } finally {
      clearInterval(sampler);
    }
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    // Buffered, the whole 96 MB would be alive at once; streamed, only a few chunks are.
    expect(peak - baseline).toBeLessThan(16 * 1024 * 1024);
  });
});
