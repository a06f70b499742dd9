import { ResponseSchemaError } from '../errors.js';
import { MODEL_ID } from '../limits.js';
import type { LipsyncMode } from '../schema/index.js';
import type { ClientContext, RequestOptions } from './context.js';
import { jsonBody } from './request-id.js';
import { sendRead } from './send-read.js';

/** The model's price as the service states it (`GET /v1/models/{model_id}`, reference §3 "Price"). */
export interface ModelPrice {
  modelId: string;
  basePriceUsd: number;
  /** `second`: × the output's seconds; `output`: flat per output. */
  priceUnit: 'second' | 'output';
  pricingNote: string | undefined;
}

/**
 * GET /v1/models/sync/react-1. A malformed answer is an error, never a guess: RunComfy's own nodes refuse to
 * estimate then, and so do we. It is also the cheapest authenticated call: a bad token shows here, before uploads.
 */
export async function getPrice(context: ClientContext, options: RequestOptions = {}): Promise<ModelPrice> {
  const answer = await sendRead(
    context,
    { method: 'GET', path: `v1/models/${MODEL_ID}` },
    { ...options, what: 'looking up the price of react-1' },
  );
  const body = jsonBody(answer.text) as Record<string, unknown> | undefined;
  const base = body?.base_price_usd;
  const unit = body?.price_unit;
  if (
    typeof base !== 'number' ||
    !Number.isFinite(base) ||
    base < 0 ||
    (unit !== 'second' && unit !== 'output')
  ) {
    throw new ResponseSchemaError(
      'The service answered the price lookup in an unexpected form (base_price_usd, price_unit).',
      { hint: 'No estimate can be given; the job itself is unaffected.' },
    );
  }
  return {
    modelId: typeof body?.model_id === 'string' ? body.model_id : MODEL_ID,
    basePriceUsd: base,
    priceUnit: unit,
    pricingNote: typeof body?.pricing_note === 'string' ? body.pricing_note : undefined,
  };
}

/**
 * How long react-1's output is, per lipsync_mode (the API page: "Lipsync mode when audio and video durations are
 * out of sync"): cut_off → the shorter input; silence → the video's (the audio padded or cut); loop, bounce and
 * remap → the audio's (the video looped, bounced or retimed to it).
 */
export function outputSeconds(mode: LipsyncMode, videoSec: number, audioSec: number): number {
  switch (mode) {
    case 'cut_off':
      return Math.min(videoSec, audioSec);
    case 'silence':
      return videoSec;
    case 'loop':
    case 'bounce':
    case 'remap':
      return audioSec;
  }
}

export interface CostEstimate {
  usd: number;
  /** The output seconds the price was multiplied by (undefined for a flat price). */
  outputSec: number | undefined;
  price: ModelPrice;
}

/** The price of one job: per second of the output the chosen mode produces, or flat. */
export function estimateCost(
  price: ModelPrice,
  job: { videoSec: number; audioSec: number; lipsyncMode: LipsyncMode },
): CostEstimate {
  if (price.priceUnit === 'output') return { usd: price.basePriceUsd, outputSec: undefined, price };
  const outputSec = outputSeconds(job.lipsyncMode, job.videoSec, job.audioSec);
  return { usd: roundUsd(price.basePriceUsd * outputSec), outputSec, price };
}

/** To the tenth of a cent's hundredth: what money shown to a user needs, without float noise. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** "$0.18", "$12.40": how a price is shown. */
export function formatUsd(value: number): string {
  return `$${value < 0.1 && value > 0 ? value.toFixed(3) : value.toFixed(2)}`;
}
