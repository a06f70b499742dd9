import {
  EMOTIONS,
  type Emotion,
  LIPSYNC_MODES,
  type LipsyncMode,
  MODEL_MODES,
  type ModelMode,
} from '@reanimate/core';

/** The react-1 options a run or a manifest row may set; unset ones take the service's defaults. */
export interface JobOptions {
  emotion?: Emotion;
  model_mode?: ModelMode;
  lipsync_mode?: LipsyncMode;
  temperature?: number;
}

/** Options as typed on the command line or in a manifest cell: strings (or numbers from JSON), maybe empty. */
export interface RawJobOptions {
  emotion?: unknown;
  model_mode?: unknown;
  lipsync_mode?: unknown;
  temperature?: unknown;
}

export interface OptionIssue {
  /** The manifest column / API field name. */
  field: keyof RawJobOptions;
  message: string;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function pick<T extends string>(
  field: keyof RawJobOptions,
  value: unknown,
  allowed: readonly T[],
  issues: OptionIssue[],
): T | undefined {
  if (isBlank(value)) return undefined;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (typeof text === 'string' && (allowed as readonly string[]).includes(text)) return text as T;
  issues.push({
    field,
    message: `${field} must be one of: ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
  });
  return undefined;
}

/** Validates every option at once, so the user sees all mistakes in one go. */
export function parseJobOptions(raw: RawJobOptions): { options: JobOptions; issues: OptionIssue[] } {
  const issues: OptionIssue[] = [];
  const options: JobOptions = {};
  const emotion = pick('emotion', raw.emotion, EMOTIONS, issues);
  if (emotion) options.emotion = emotion;
  const modelMode = pick('model_mode', raw.model_mode, MODEL_MODES, issues);
  if (modelMode) options.model_mode = modelMode;
  const lipsyncMode = pick('lipsync_mode', raw.lipsync_mode, LIPSYNC_MODES, issues);
  if (lipsyncMode) options.lipsync_mode = lipsyncMode;
  if (!isBlank(raw.temperature)) {
    const value =
      typeof raw.temperature === 'number' ? raw.temperature : Number(String(raw.temperature).trim());
    if (typeof raw.temperature === 'boolean' || !Number.isFinite(value) || value < 0 || value > 1) {
      issues.push({
        field: 'temperature',
        message: `temperature must be a number from 0 to 1 (got ${JSON.stringify(raw.temperature)})`,
      });
    } else {
      options.temperature = value;
    }
  }
  return { options, issues };
}
