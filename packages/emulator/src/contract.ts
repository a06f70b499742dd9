/**
 * What the emulator accepts as a react-1 request, written from the published input schema
 * (../../../shared/reference/runcomfy-react-1-api.md §1), not from core's schema: a drift between the client and
 * the service must be able to show in the tests. Unknown keys are refused (INFERRED, the harsher reading: the
 * JSON schema does not say; a client that sends a misspelt option should learn of it).
 */
import type { ValidationDetail } from './runcomfy-errors.js';

export const EMOTIONS = ['happy', 'angry', 'sad', 'neutral', 'disgusted', 'surprised'] as const;
export const MODEL_MODES = ['lips', 'face', 'head'] as const;
export const LIPSYNC_MODES = ['cut_off', 'loop', 'bounce', 'silence', 'remap'] as const;

export interface React1Job {
  video_url: string;
  audio_url: string;
  emotion: (typeof EMOTIONS)[number];
  model_mode: (typeof MODEL_MODES)[number];
  lipsync_mode: (typeof LIPSYNC_MODES)[number];
  temperature: number;
}

/** The schema's defaults. */
const DEFAULTS = {
  emotion: 'neutral',
  model_mode: 'face',
  lipsync_mode: 'bounce',
  temperature: 0.5,
} as const;
const KNOWN = ['video_url', 'audio_url', 'emotion', 'model_mode', 'lipsync_mode', 'temperature'];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function validateRequest(
  body: unknown,
): { ok: true; job: React1Job } | { ok: false; detail: ValidationDetail[] } {
  const detail: ValidationDetail[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      detail: [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }],
    };
  }
  const raw = body as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key))
      detail.push({ loc: ['body', key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
  }
  for (const key of ['video_url', 'audio_url'] as const) {
    const value = raw[key];
    if (value === undefined) detail.push({ loc: ['body', key], msg: 'Field required', type: 'missing' });
    else if (typeof value !== 'string')
      detail.push({ loc: ['body', key], msg: 'Input should be a valid string', type: 'string_type' });
    else if (!isHttpUrl(value))
      detail.push({ loc: ['body', key], msg: 'Input should be a valid URL', type: 'url_parsing' });
  }
  const enumOf = (key: string, allowed: readonly string[]) => {
    const value = raw[key];
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      detail.push({
        loc: ['body', key],
        msg: `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`,
        type: 'enum',
      });
    }
  };
  enumOf('emotion', EMOTIONS);
  enumOf('model_mode', MODEL_MODES);
  enumOf('lipsync_mode', LIPSYNC_MODES);
  const temperature = raw.temperature;
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !Number.isFinite(temperature)) {
      detail.push({
        loc: ['body', 'temperature'],
        msg: 'Input should be a valid number',
        type: 'float_type',
      });
    } else if (temperature < 0 || temperature > 1) {
      detail.push({
        loc: ['body', 'temperature'],
        msg: `Input should be ${temperature < 0 ? 'greater than or equal to 0' : 'less than or equal to 1'}`,
        type: temperature < 0 ? 'greater_than_equal' : 'less_than_equal',
      });
    }
  }
  if (detail.length > 0) return { ok: false, detail };
  return {
    ok: true,
    job: {
      video_url: raw.video_url as string,
      audio_url: raw.audio_url as string,
      emotion: (raw.emotion as React1Job['emotion'] | undefined) ?? DEFAULTS.emotion,
      model_mode: (raw.model_mode as React1Job['model_mode'] | undefined) ?? DEFAULTS.model_mode,
      lipsync_mode: (raw.lipsync_mode as React1Job['lipsync_mode'] | undefined) ?? DEFAULTS.lipsync_mode,
      temperature: (temperature as number | undefined) ?? DEFAULTS.temperature,
    },
  };
}
