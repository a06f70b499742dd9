/**
 * The UXP platform's `save`: core's download over UXP's `fs` (here Node-backed, as UXP's promise API answers),
 * against a real HTTP server that misbehaves the ways file servers do.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, DownloadError } from '@reanimate/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUxpPlatform } from '../src/platform/uxp-platform.ts';
import { nodeUxpFs } from './node-uxp-fs.ts';

const SAMPLE = new URL('../../../packages/panel-ui/public/self-test/sample.mp4', import.meta.url);

describe('UXP platform: save (core download rules on UXP fs)', () => {
  let video: Buffer;
  let server: Server;
  let base: string;
  let folder: string;
  let brokenOnce = 0;
  const requests: { path: string; range: string | undefined }[] = [];

  beforeAll(async () => {
    video = await readFile(SAMPLE);
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      requests.push({ path, range: request.headers.range });
      if (path === '/result.mp4') {
        response.writeHead(200, { 'content-length': video.length, etag: '"v1"' });
        response.end(video);
      } else if (path === '/breaks-once.mp4') {
        const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
        if (range && brokenOnce > 0) {
          const from = Number(range[1]);
          response.writeHead(206, {
            'content-length': video.length - from,
            'content-range': `bytes ${from}-${video.length - 1}/${video.length}`,
            etag: '"v1"',
          });
          response.end(video.subarray(from));
          return;
        }
        brokenOnce++;
        response.writeHead(200, { 'content-length': video.length, etag: '"v1"' });
        // Half the body, then the connection drops: what a flaky CDN does.
        response.write(video.subarray(0, Math.floor(video.length / 2)), () => response.destroy());
      } else if (path === '/error-page.mp4') {
        const page = Buffer.from(`<html><body>${'Service unavailable. '.repeat(20)}</body></html>`);
        response.writeHead(200, { 'content-type': 'text/html', 'content-length': page.length });
        response.end(page);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reanimate-uxp-save-'));
    requests.length = 0;
    brokenOnce = 0;
    return () => rm(folder, { recursive: true, force: true });
  });

  const platform = () =>
    createUxpPlatform({
      fs: nodeUxpFs(),
      secureStorage: { getItem: async () => undefined, setItem: async () => {}, removeItem: async () => {} },
      dataFolder: join(folder, 'data'),
      tempFolder: join(folder, 'tmp'),
      pluginFolder: folder,
    }).core;

  it('saves the result into a new folder, byte for byte, and leaves no temp file', async () => {
    const dest = join(folder, 'Reanimate', 'Interview reanimated.mp4');
    const saved = await platform().save(`${base}/result.mp4`, dest, { conflict: 'rename' });
    expect(saved).toEqual({ path: dest, bytes: video.length });
    expect(Buffer.compare(await readFile(dest), video)).toBe(0);
    expect(await readdir(join(folder, 'Reanimate'))).toEqual(['Interview reanimated.mp4']);
  });

  it('never overwrites: an existing file makes it "name (2).mp4", and the old one is untouched', async () => {
    const dest = join(folder, 'take.mp4');
    await writeFile(dest, 'the editor’s own file');
    const saved = await platform().save(`${base}/result.mp4`, dest, { conflict: 'rename' });
    expect(saved.path).toBe(join(folder, 'take (2).mp4'));
    expect(await readFile(dest, 'utf8')).toBe('the editor’s own file');
    await expect(platform().save(`${base}/result.mp4`, dest, { conflict: 'fail' })).rejects.toMatchObject({
      code: 'download',
      reason: 'exists',
    });
  });

  it('resumes a transfer that broke off midway with a Range request of the rest', async () => {
    const dest = join(folder, 'resumed.mp4');
    const saved = await platform().save(`${base}/breaks-once.mp4`, dest, { conflict: 'rename' });
    expect(saved.bytes).toBe(video.length);
    expect(Buffer.compare(await readFile(dest), video)).toBe(0);
    expect(requests.map((request) => request.range)).toEqual([
      undefined,
      `bytes=${Math.floor(video.length / 2)}-`,
    ]);
  }, 30_000);

  it('refuses an error page served as the result, and leaves nothing behind', async () => {
    const error = await platform()
      .save(`${base}/error-page.mp4`, join(folder, 'page.mp4'), { conflict: 'rename' })
      .catch((caught: unknown) => caught);
    expect(DownloadError.isInstance(error) && error.reason).toBe('not_video');
    expect(await readdir(folder)).toEqual([]);
  });

  it('says an expired output URL is expired, with what to do', async () => {
    const error = await platform()
      .save(`${base}/gone.mp4`, join(folder, 'gone.mp4'), { conflict: 'rename' })
      .catch((caught: unknown) => caught);
    expect(ApiError.isInstance(error) && error.status).toBe(404);
    expect((error as ApiError).hint).toMatch(/expire/);
    expect(await readdir(folder)).toEqual([]);
  });
});
