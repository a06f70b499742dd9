// @vitest-environment node
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
