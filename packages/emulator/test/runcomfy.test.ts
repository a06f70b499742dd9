import { mediaDir } from '@reanimate/samples';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type MediaServer, startEmulator, startMediaServer } from '../src/index.js';
import { call, MODEL_PATH, submit, TOKEN } from './helpers.js';

/** RunComfy's answers beyond the API page (reference §3): refusals, the price, cost, forgotten requests. */
let emulator: Emulator;
let flat: Emulator;
let media: MediaServer;
let input: { video_url: string; audio_url: string };

beforeAll(async () => {
  media = await startMediaServer({ dir: mediaDir });
  emulator = await startEmulator({ tokens: [TOKEN], ffmpegPath: false, processing: { fixedMs: 10 } });
  flat = await startEmulator({
    tokens: [TOKEN],
    ffmpegPath: false,
    processing: { fixedMs: 10 },
    price: { basePriceUsd: 0.5, priceUnit: 'output', pricingNote: 'per video' },
    successStatus: 'succeeded',
  });
  input = { video_url: media.urlFor('face.mp4'), audio_url: media.urlFor('dub.wav') };
});
afterAll(async () => {
  await Promise.all([emulator?.close(), flat?.close(), media?.close()]);
});
afterEach(() => emulator.clearFaults());

describe('RunComfy as it answers', () => {
  it('refuses a submit with HTTP 200 and an error_code, no request id, and makes no job', async () => {
    const before = emulator.listJobs().length;
    emulator.injectFault({ kind: 'refuse', errorCode: 400002 });
    const refused = await submit(emulator.url, input);
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ error_code: 400002, error_message: expect.stringMatching(/balance/i) });
    expect(emulator.listJobs()).toHaveLength(before);
  });

  it('refuses with HTTP 402 and the balance code', async () => {
    emulator.injectFault({ kind: 'http', route: 'submit', status: 402 });
    const refused = await submit(emulator.url, input);
    expect(refused.status).toBe(402);
    expect(refused.json.error_code).toBe(400002);
  });

  it('answers the price per second, and charges it on the output with include_cost', async () => {
    const price = await call(`${emulator.url}${MODEL_PATH}`, { method: 'GET' });
    expect(price.json).toEqual({ model_id: 'sync/react-1', base_price_usd: 0.04, price_unit: 'second' });
    const id = (await submit(emulator.url, { ...input, lipsync_mode: 'cut_off' })).json.request_id as string;
    const job = await emulator.waitForJob(id);
    const plain = await call(`${emulator.url}/v1/requests/${id}/result`);
    expect(plain.json).not.toHaveProperty('cost');
    const costed = await call(`${emulator.url}/v1/requests/${id}/result?include_cost=true`);
    // cut_off: the shorter input (the 2 s dub against the 4 s face).
    expect(job.outputDurationSec).toBeCloseTo(
      Math.min(job.videoDurationSec ?? 0, job.audioDurationSec ?? 0),
      3,
    );
    expect(costed.json.cost).toBeCloseTo(0.04 * (job.outputDurationSec ?? 0), 5);
  });

  it('charges a flat price per output, and can spell success "succeeded"', async () => {
    const price = await call(`${flat.url}${MODEL_PATH}`, { method: 'GET' });
    expect(price.json).toEqual({
      model_id: 'sync/react-1',
      base_price_usd: 0.5,
      price_unit: 'output',
      pricing_note: 'per video',
    });
    const id = (await submit(flat.url, input)).json.request_id as string;
    await flat.waitForJob(id);
    expect((await call(`${flat.url}/v1/requests/${id}/status`)).json.status).toBe('succeeded');
    const result = await call(`${flat.url}/v1/requests/${id}/result?include_cost=true`);
    expect(result.json).toMatchObject({ status: 'succeeded', cost: 0.5 });
  });

  it('forgets a request mid-job: status, result and cancel answer 404001 from then on', async () => {
    const id = (await submit(emulator.url, input)).json.request_id as string;
    emulator.injectFault({ kind: 'forget', requestId: id });
    for (const action of ['status', 'result', 'cancel']) {
      const answer = await call(`${emulator.url}/v1/requests/${id}/${action}`, {
        method: action === 'cancel' ? 'POST' : 'GET',
      });
      expect(answer.status).toBe(404);
      expect(answer.json.error_code).toBe(404001);
    }
    await emulator.waitForJob(id);
  });
});
