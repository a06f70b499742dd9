import { type React1Options, safeParseReact1Options } from '@reanimate/core';

/** The react-1 options a run or a manifest row may set; unset ones take the service's defaults. */
export type JobOptions = React1Options;

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

const FIELDS = ['emotion', 'model_mode', 'lipsync_mode', 'temperature'] as const;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** What a person types, as the schema reads it: words in any case, numbers as text; blank means unset. */
function normalise(field: keyof RawJobOptions, value: unknown): unknown {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (field !== 'temperature') return text.toLowerCase();
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

/** Validates every option at once with core's schema, so the user sees all mistakes in one go. */
export function parseJobOptions(raw: RawJobOptions): { options: JobOptions; issues: OptionIssue[] } {
  const candidate: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = normalise(field, raw[field]);
    if (value !== undefined) candidate[field] = value;
  }
  const parsed = safeParseReact1Options(candidate);
  if (parsed.ok) return { options: parsed.value, issues: [] };
  const issues = parsed.issues.map((issue) => {
    const field = issue.field as keyof RawJobOptions;
    return { field, message: `${issue.message} (got ${JSON.stringify(raw[field])})` };
  });
  return { options: {}, issues };
}
