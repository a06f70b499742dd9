import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mediaDir, samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { eventually, ffprobe, TOKEN } from './helpers.js';

/**
 * The curl commands of the published API page, flag for flag; only the host and the input URLs (which point to
 * the internet) are replaced. Run with the real curl when it is installed, else the same request with fetch.
 * Answers are checked against the reference's shapes (../../../shared/reference/runcomfy-react-1-api.md), not
 * with core's schemas: the emulator and the client must be able to disagree for a test to notice.
 */
type Body = Record<string, unknown>;
const run = promisify(execFile);
const hasCurl = spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;

let emulator: Emulator;
let media: MediaServer;

interface CurlAnswer {
  status: number;
  body: unknown;
}

/** `curl --request M --url U --header H… [--data D]`, as in the reference. */
async function curl(method: string, url: string, headers: string[], data?: string): Promise<CurlAnswer> {
  if (hasCurl) {
    const args = [
      '--silent',
      '--show-error',
      '--write-out',
      '\n%{http_code}',
      '--request',
      method,
      '--url',
      url,
    ];
    for (const header of headers) args.push('--header', header);
    if (data !== undefined) args.push('--data', data);
    const { stdout } = await run('curl', args);
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
  }
  const init: RequestInit = {
    method,
    headers: Object.fromEntries(headers.map((h) => h.split(/:\s*/, 2) as [string, string])),
  };
  if (data !== undefined) init.body = data;
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  media = await startMediaServer({
    dir: mediaDir,
    // Keeps the first job of the cancel example busy, so the second is surely still queued.
    files: { '/slow/face.mp4': samples.faceMp4 },
    rules: { '/slow/face.mp4': { delayMs: 800 } },
  });
  emulator = await startEmulator({ tokens: [TOKEN], workers: 1, processing: { fixedMs: 50 } });
});

afterAll(async () => {
  await emulator?.close();
  await media?.close();
});

describe(`the reference's curl examples (${hasCurl ? 'curl' : 'fetch'})`, () => {
  const auth = `Authorization: Bearer ${TOKEN}`;

  it('submit → status → result → cancel, each answer in the shape the reference gives', async () => {
    // Submit a request: the exact body layout of the page, with local copies of input-1-1.mp4 / input-1-2.mp3.
    const data = `{
"video_url": "${media.urlFor('face.mp4')}",
"audio_url": "${media.urlFor('dub.mp3')}"
}`;
    const submitted = await curl(
      'POST',
      `${emulator.url}/v1/models/sync/react-1`,
      ['Content-Type: application/json', auth],
      data,
    );
    expect(submitted.status).toBe(200);
    const submit = submitted.body as Body;
    const id = submit.request_id as string;
    expect(typeof id).toBe('string');
    expect(submit).toEqual({
      request_id: id,
      status_url: `${emulator.url}/v1/requests/${id}/status`,
      result_url: `${emulator.url}/v1/requests/${id}/result`,
      cancel_url: `${emulator.url}/v1/requests/${id}/cancel`,
    });

    // Monitor request status.
    const polled = await curl('GET', `${emulator.url}/v1/requests/${id}/status`, [auth]);
    expect(polled.status).toBe(200);
    const status = polled.body as Body;
    expect(['in_queue', 'in_progress', 'completed']).toContain(status.status);
    expect(status.request_id).toBe(id);
    expect(status.status_url).toBe(submit.status_url);
    if (status.status === 'in_queue') expect(Number.isInteger(status.queue_position)).toBe(true);

    // Retrieve request results: poll until done.
    const result = await eventually(async () => {
      const answer = await curl('GET', `${emulator.url}/v1/requests/${id}/result`, [auth]);
      expect(answer.status).toBe(200);
      const body = answer.body as Body;
      return body.status === 'completed' ? body : undefined;
    });
    expect(result).toMatchObject({
      request_id: id,
      output: { video: expect.any(String) },
      created_at: expect.any(String),
      finished_at: expect.any(String),
    });
    const video = (result.output as { video: string }).video;
    expect(video.startsWith(emulator.url)).toBe(true);
    // Defaults apply (lipsync_mode bounce): the output follows the 2.04 s dub.
    const response = await fetch(video);
    const dir = await mkdtemp(join(tmpdir(), 'emulator-conformance-'));
    await writeFile(join(dir, 'out.mp4'), Buffer.from(await response.arrayBuffer()));
    expect(Math.abs((await ffprobe(join(dir, 'out.mp4'))).durationSec - 2.04)).toBeLessThanOrEqual(0.1);
    await rm(dir, { recursive: true, force: true });

    // Cancel a request: not cancellable now that it has finished (RunComfy §3: `{request_id, status, outcome}`).
    const cancelled = await curl('POST', `${emulator.url}/v1/requests/${id}/cancel`, [auth]);
    expect(cancelled.body).toEqual({ request_id: id, status: 'completed', outcome: 'not_cancellable' });

    // The price, and what the job cost (`?include_cost=true`): 0.04 USD per second of the 2.04 s output.
    const price = await curl('GET', `${emulator.url}/v1/models/sync/react-1`, [auth]);
    expect(price.body).toEqual({ model_id: 'sync/react-1', base_price_usd: 0.04, price_unit: 'second' });
    const costed = await curl('GET', `${emulator.url}/v1/requests/${id}/result?include_cost=true`, [auth]);
    expect((costed.body as Body).cost).toBeCloseTo(0.04 * 2.04, 2);
  });

  it('cancel of a queued request, as in the reference', async () => {
    const data = `{
"video_url": "${media.urlFor('face.mp4')}",
"audio_url": "${media.urlFor('dub.mp3')}"
}`;
    const headers = ['Content-Type: application/json', auth];
    const slow = data.replace('/face.mp4', '/slow/face.mp4');
    const first = await curl('POST', `${emulator.url}/v1/models/sync/react-1`, headers, slow);
    const second = await curl('POST', `${emulator.url}/v1/models/sync/react-1`, headers, data);
    const firstId = (first.body as Body).request_id as string;
    const secondId = (second.body as Body).request_id as string;
    // One worker: the second waits behind the first.
    const queued = (await curl('GET', `${emulator.url}/v1/requests/${secondId}/status`, [auth])).body;
    expect(queued).toMatchObject({ status: 'in_queue', queue_position: 0 });
    const cancelled = await curl('POST', `${emulator.url}/v1/requests/${secondId}/cancel`, [auth]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ request_id: secondId, status: 'cancelled', outcome: 'cancelled' });
    const after = await curl('GET', `${emulator.url}/v1/requests/${secondId}/result`, [auth]);
    expect((after.body as Body).status).toBe('cancelled');
    await emulator.waitForJob(firstId);
  });

  it('without the token, the same commands get 401 JSON', async () => {
    const answer = await curl('GET', `${emulator.url}/v1/requests/whatever/status`, []);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error_code: 401001, error_message: expect.any(String) });
  });
});
