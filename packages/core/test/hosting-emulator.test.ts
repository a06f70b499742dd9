import { type Emulator, type LocalS3, startEmulator, startLocalS3 } from '@reanimate/emulator';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/index.js';
import { createNodeInputHost } from '../src/node.js';

/**
 * End to end: local files uploaded to a real S3-compatible server, the presigned GET URLs handed to the
 * emulator, which downloads them the way react-1 does. Plain fetch on the client side, to depend on nothing but
 * the hosting code under test.
 */
let local: LocalS3;
let emulator: Emulator;
const TOKEN = 't';

beforeAll(async () => {
  local = await startLocalS3();
  emulator = await startEmulator({ port: 0, tokens: [TOKEN], processing: { fixedMs: 50 } });
});

afterAll(async () => {
  await emulator?.close();
  await local?.close();
});

async function submit(input: { video_url: string; audio_url: string }): Promise<string> {
  const response = await fetch(`${emulator.url}/v1/models/sync/react-1`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { request_id: string };
  return body.request_id;
}

async function waitForEnd(id: string): Promise<{ status: string; error?: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(`${emulator.url}/v1/requests/${id}/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const body = (await response.json()) as { status: string; error?: string };
    if (['completed', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`request ${id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('hosting → emulator, end to end', () => {
  it('the emulator downloads the presigned GET URLs and completes the job', async () => {
    const host = createNodeInputHost({ provider: 's3', s3: { ...local.settings, prefix: 'e2e/' } });
    const [video, audio] = await Promise.all([
      host.put(samples.faceMp4, { role: 'video' }),
      host.put(samples.dubWav, { role: 'audio' }),
    ]);
    const id = await submit({ video_url: video.url, audio_url: audio.url });
    const end = await waitForEnd(id);
    expect(end).toMatchObject({ status: 'completed' });
    const job = emulator.getJob(id)!;
    // It measured the inputs, so it really fetched and read them.
    expect(job.videoDurationSec).toBeCloseTo(4, 0);
    expect(job.audioDurationSec).toBeCloseTo(4.5, 0);

    // Job over: the CLI/panel releases the uploads.
    expect(await host.release(video.url)).toBe(true);
    expect(await host.release(audio.url)).toBe(true);
  });

  it('a released (deleted) object fails the job with a readable reason', async () => {
    const host = createNodeInputHost({ provider: 's3', s3: { ...local.settings, prefix: 'e2e-gone/' } });
    const video = await host.put(samples.faceMp4);
    const audio = await host.put(samples.dubWav);
    await host.delete(audio.url);
    const end = await waitForEnd(await submit({ video_url: video.url, audio_url: audio.url }));
    expect(end.status).toBe('failed');
    expect(end.error).toContain('audio_url could not be fetched: HTTP 404');
    // The emulator, like our code, shows storage URLs without their signature.
    expect(end.error).toContain(redactUrl(audio.url));
    expect(end.error).not.toContain('X-Amz-Signature');
  });
});
