import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError } from '../src/client/download-error.js';
import { looksLikeMp4 } from '../src/client/mp4-signature.js';
import { ApiError, NetworkError } from '../src/errors.js';
import { download } from '../src/node.js';

const video = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), randomBytes(256 * 1024)]);
const seen: Array<{ url: string; range: string | undefined; authorization: string | undefined }> = [];
let cutOnce = true;
let server: Server;
let base: string;
let dir: string;

function serve(request: IncomingMessage, response: ServerResponse) {
  seen.push({
    url: new URL(request.url ?? '/', 'http://x').pathname,
    range: request.headers.range,
    authorization: request.headers.authorization,
  });
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  switch (new URL(request.url ?? '/', 'http://x').pathname) {
    case '/ok.mp4':
      response.writeHead(200, { 'content-length': video.length, 'content-type': 'video/mp4' });
      response.end(video);
      return;
    case '/html.mp4':
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Access denied</body></html>');
      return;
    case '/gone.mp4':
      response.writeHead(404);
      response.end();
      return;
    case '/always-cut.mp4':
      response.writeHead(200, { 'content-length': video.length });
      response.write(video.subarray(0, 100_000));
      setTimeout(() => request.socket.destroy(), 20);
      return;
    case '/cut-once.mp4': {
      if (range) {
        const start = Number(range[1]);
        response.writeHead(206, {
          'content-length': video.length - start,
          'content-range': `bytes ${start}-${video.length - 1}/${video.length}`,
          etag: '"v1"',
        });
        response.end(video.subarray(start));
        return;
      }
      response.writeHead(200, { 'content-length': video.length, etag: '"v1"', 'accept-ranges': 'bytes' });
      if (cutOnce) {
        cutOnce = false;
        response.write(video.subarray(0, 100_000));
        setTimeout(() => request.socket.destroy(), 20);
        return;
      }
      response.end(video);
      return;
    }
    case '/slow.mp4':
      response.writeHead(200, { 'content-length': video.length });
      response.write(video.subarray(0, 50_000));
      // …and never the rest: the test aborts.
      return;
    default:
      response.writeHead(500);
      response.end();
  }
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reanimate-download-'));
  seen.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noWait = async () => undefined;

describe('download', () => {
  it('streams the file into place, reporting progress, without our token', async () => {
    const progress: number[] = [];
    const dest = join(dir, 'out.mp4');
    const result = await download(`${base}/ok.mp4`, dest, {
      onProgress: (p) => progress.push(p.receivedBytes),
    });
    expect(result).toEqual({ path: dest, bytes: video.length });
    expect((await readFile(dest)).equals(video)).toBe(true);
    expect(progress.at(-1)).toBe(video.length);
    expect(await readdir(dir)).toEqual(['out.mp4']);
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it('never overwrites an existing file unless asked', async () => {
    const dest = join(dir, 'out.mp4');
    await writeFile(dest, 'keep me');
    const refused = await download(`${base}/ok.mp4`, dest).catch((error: unknown) => error);
    expect(DownloadError.isInstance(refused) && refused.reason).toBe('exists');
    expect(await readFile(dest, 'utf8')).toBe('keep me');
    expect(seen).toHaveLength(0);
    await download(`${base}/ok.mp4`, dest, { overwrite: true });
    expect((await readFile(dest)).equals(video)).toBe(true);
  });

  it('refuses a body that is not an MP4/MOV and leaves nothing behind', async () => {
    const error = await download(`${base}/html.mp4`, join(dir, 'out.mp4')).catch((caught: unknown) => caught);
    expect(DownloadError.isInstance(error) && error.reason).toBe('not_video');
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the partial file when the transfer keeps breaking', async () => {
    const error = await download(`${base}/always-cut.mp4`, join(dir, 'out.mp4'), {
      sleep: noWait,
      maxAttempts: 3,
    }).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error) || DownloadError.isInstance(error)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(seen.filter((request) => request.url === '/always-cut.mp4')).toHaveLength(3);
  });

  it('resumes a broken transfer with a Range request', async () => {
    cutOnce = true;
    const dest = join(dir, 'out.mp4');
    await download(`${base}/cut-once.mp4`, dest, { sleep: noWait });
    expect((await readFile(dest)).equals(video)).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(await readdir(dir)).toEqual(['out.mp4']);
  });

  it('does not retry a 404 and says output URLs expire', async () => {
    const error = await download(`${base}/gone.mp4?X-Amz-Signature=secret`, join(dir, 'out.mp4'), {
      sleep: noWait,
    }).catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error) && error.status).toBe(404);
    expect((error as ApiError).hint).toContain('expire');
    expect((error as ApiError).message).not.toContain('secret');
    expect(seen).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at once on abort and removes the partial file', async () => {
    const controller = new AbortController();
    const pending = download(`${base}/slow.mp4`, join(dir, 'out.mp4'), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('recognises MP4 and MOV openings', () => {
    const box = (type: string, size = 24) => Buffer.concat([Buffer.from([0, 0, 0, size]), Buffer.from(type)]);
    for (const type of ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'])
      expect(looksLikeMp4(box(type))).toBe(true);
    expect(looksLikeMp4(box('ftyp', 3))).toBe(false);
    expect(looksLikeMp4(Buffer.from('<html><b'))).toBe(false);
    expect(looksLikeMp4(Buffer.from('ftyp'))).toBe(false);
  });
});
