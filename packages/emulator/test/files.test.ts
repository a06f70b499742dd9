import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type JobSnapshot,
  type MediaServer,
  startEmulator,
  startMediaServer,
} from '../src/index.js';
import { call, submit, TOKEN } from './helpers.js';

const TTL_MS = 60_000;
let emulator: Emulator;
let media: MediaServer;
let dataDir: string;
let clock = Date.now();
let job: JobSnapshot;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'emulator-files-test-'));
  media = await startMediaServer({
    dir: mediaDir,
    rules: { '/gone.mp4': { status: 404 }, '/slow.mp4': { status: 200, delayMs: 200 } },
  });
  emulator = await startEmulator({
    tokens: [TOKEN],
    processing: { fixedMs: 10 },
    outputTtlMs: TTL_MS,
    now: () => clock,
    dataDir,
  });
  const answer = await submit(emulator.url, {
    video_url: media.urlFor('face.mov'),
    audio_url: media.urlFor('dub.m4a'),
    lipsync_mode: 'loop',
  });
  job = await emulator.waitForJob(answer.json.request_id as string);
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('output files', () => {
  it('are served with Content-Type, Content-Length and byte ranges', async () => {
    expect(job.status).toBe('completed');
    const url = job.outputUrl ?? '';
    const full = await fetch(url);
    const bytes = Buffer.from(await full.arrayBuffer());
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(full.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.subarray(4, 8).toString()).toBe('ftyp');

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const first = await fetch(url, { headers: { Range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${bytes.length}`);
    expect(Buffer.from(await first.arrayBuffer())).toEqual(bytes.subarray(0, 100));

    const tail = await fetch(url, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 10));
    const rest = await fetch(url, { headers: { Range: `bytes=${bytes.length - 5}-` } });
    expect(rest.headers.get('content-length')).toBe('5');
    await rest.arrayBuffer();

    const beyond = await fetch(url, { headers: { Range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    await beyond.arrayBuffer();
  });

  it('need the URL as given (presigned): a missing or altered signature is refused', async () => {
    const url = new URL(job.outputUrl ?? '');
    expect(url.searchParams.get('Expires')).toBe(String(Math.ceil(((job.finishedAt ?? 0) + TTL_MS) / 1000)));
    const bare = await call(`${url.origin}${url.pathname}`, { token: null });
    expect(bare.status).toBe(403);
    url.searchParams.set('Signature', 'f'.repeat(64));
    expect((await call(url.href, { token: null })).status).toBe(403);
    expect((await call(`${emulator.url}/files/unknown/output.mp4`, { token: null })).status).toBe(404);
  });

  it('expire after the TTL: 404, and the file is deleted', async () => {
    const url = job.outputUrl ?? '';
    clock += TTL_MS - 1000;
    const stillThere = await fetch(url);
    expect(stillThere.status).toBe(200);
    await stillThere.arrayBuffer();
    expect(await readdir(join(dataDir, 'outputs'))).toHaveLength(1);

    clock += 1000;
    const expired = await call(url, { token: null });
    expect(expired.status).toBe(404);
    expect(expired.json.error).toBe('output_expired');
    expect(await readdir(join(dataDir, 'outputs'))).toHaveLength(0);
    // The job itself still reads as completed, with the now-dead URL, as the service's would.
    const result = await call(`${emulator.url}/v1/requests/${job.id}/result`);
    expect(result.json).toMatchObject({ status: 'completed', output: { video: url } });
  });

  it('leaves a caller-given data dir in place on close, and removes its own temp dir', async () => {
    const own = await startEmulator({ processing: { fixedMs: 0 } });
    expect(existsSync(own.dataDir)).toBe(true);
    await own.close();
    await own.close();
    expect(existsSync(own.dataDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(true);
  });
});

describe('startMediaServer', () => {
  it('serves files with their type, honours rules, and refuses paths outside its folder', async () => {
    const face = await fetch(media.urlFor(samples.faceMp4));
    expect(face.status).toBe(200);
    expect(face.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await face.arrayBuffer())).toEqual(readFileSync(samples.faceMp4));
    const wav = await fetch(media.urlFor('dub.wav'), { method: 'HEAD' });
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    expect((await fetch(`${media.url}/gone.mp4`)).status).toBe(404);
    const started = performance.now();
    expect((await fetch(`${media.url}/slow.mp4`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    expect((await fetch(`${media.url}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${media.url}/missing.mp4`)).status).toBe(404);
    media.setRule('/dub.wav', { status: 500 });
    expect((await fetch(media.urlFor('dub.wav'))).status).toBe(500);
    media.setRule('/dub.wav', undefined);
    expect(media.requests.some((r) => r.path === '/gone.mp4' && r.status === 404)).toBe(true);
  });
});
