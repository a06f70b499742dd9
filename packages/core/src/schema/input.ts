import { z } from 'zod';
import { type FieldIssue, InputError } from '../errors.js';

export const EMOTIONS = ['happy', 'angry', 'sad', 'neutral', 'disgusted', 'surprised'] as const;
export const MODEL_MODES = ['lips', 'face', 'head'] as const;
export const LIPSYNC_MODES = ['cut_off', 'loop', 'bounce', 'silence', 'remap'] as const;

export type Emotion = (typeof EMOTIONS)[number];
export type ModelMode = (typeof MODEL_MODES)[number];
export type LipsyncMode = (typeof LIPSYNC_MODES)[number];

export const DEFAULTS = {
  emotion: 'neutral',
  model_mode: 'face',
  lipsync_mode: 'bounce',
  temperature: 0.5,
} as const satisfies {
  emotion: Emotion;
  model_mode: ModelMode;
  lipsync_mode: LipsyncMode;
  temperature: number;
};

/** One line per option, for `--help` and the panel's option explanations. */
export const OPTION_HELP = {
  emotion: 'The emotion the face performs while speaking.',
  model_mode: 'How much is re-animated: lips only, the whole face, or the head with its movement.',
  lipsync_mode:
    'What happens when video and audio lengths differ: trim, loop, bounce, pad with silence, or retime.',
  temperature: 'Expressiveness, from 0 (restrained) to 1 (most expressive).',
} as const;

const list = (values: readonly string[]) => values.join(', ');

function httpUrl(field: string) {
  return z.string({ error: `${field} must be a URL string (http:// or https://)` }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `${field} must be an http:// or https:// URL that the service can fetch` },
  );
}

/** The four options' rules, stated once: the request body fills defaults, option flags leave them unset. */
const OPTION_RULES = {
  emotion: z.enum(EMOTIONS, { error: `emotion must be one of: ${list(EMOTIONS)}` }),
  model_mode: z.enum(MODEL_MODES, { error: `model_mode must be one of: ${list(MODEL_MODES)}` }),
  lipsync_mode: z.enum(LIPSYNC_MODES, { error: `lipsync_mode must be one of: ${list(LIPSYNC_MODES)}` }),
  temperature: z
    .number({ error: 'temperature must be a number from 0 to 1' })
    .min(0, { error: 'temperature must be a number from 0 to 1' })
    .max(1, { error: 'temperature must be a number from 0 to 1' }),
};

const BODY_ERRORS = {
  error: (issue: z.core.$ZodRawIssue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue.keys as string[]).map((key) => `"${key}"`).join(', ');
      return `unknown field ${keys}: react-1 accepts only video_url, audio_url, emotion, model_mode, lipsync_mode, temperature`;
    }
    if (issue.code === 'invalid_type') return 'the request body must be a JSON object';
    return undefined;
  },
};

export const react1InputSchema = z.strictObject(
  {
    video_url: httpUrl('video_url'),
    audio_url: httpUrl('audio_url'),
    emotion: OPTION_RULES.emotion.default(DEFAULTS.emotion),
    model_mode: OPTION_RULES.model_mode.default(DEFAULTS.model_mode),
    lipsync_mode: OPTION_RULES.lipsync_mode.default(DEFAULTS.lipsync_mode),
    temperature: OPTION_RULES.temperature.default(DEFAULTS.temperature),
  },
  BODY_ERRORS,
);

/**
 * react-1's four options alone, each optional and without defaults: what a CLI flag or a manifest cell may set.
 * The same rules (and messages) as the request body, so a shell validates options with core's schema.
 */
export const react1OptionsSchema = z.strictObject(
  {
    emotion: OPTION_RULES.emotion.optional(),
    model_mode: OPTION_RULES.model_mode.optional(),
    lipsync_mode: OPTION_RULES.lipsync_mode.optional(),
    temperature: OPTION_RULES.temperature.optional(),
  },
  BODY_ERRORS,
);

/** The options as set by the user (unset ones take the service's defaults). */
export type React1Options = z.output<typeof react1OptionsSchema>;

/** What the caller may pass: options are optional. */
export type React1Input = z.input<typeof react1InputSchema>;
/** What is sent: every option filled in with its default. */
export type React1Request = z.output<typeof react1InputSchema>;

/**
 * zod issues as `{ field, message }`, one per problem; unknown keys get one issue each, named by the key. Pass the
 * parsed value as `input` so a missing field reads "is required" rather than a type complaint.
 */
export function toFieldIssues(error: z.ZodError, input?: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          field: [...issue.path, key].join('.'),
          message: `unknown field "${key}": react-1 accepts only video_url, audio_url, emotion, model_mode, lipsync_mode, temperature`,
        });
      }
      continue;
    }
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    const missing = issue.code === 'invalid_type' && issue.path.length > 0 && !hasPath(input, issue.path);
    issues.push({ field, message: missing ? `${field} is required: ${issue.message}` : issue.message });
  }
  return issues;
}

function hasPath(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== undefined;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Validates without throwing; the emulator turns the issues into a 422. */
export function safeParseReact1Input(input: unknown): ParseResult<React1Request> {
  const result = react1InputSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toFieldIssues(result.error, input) };
}

/** Validates and fills defaults, or throws an `InputError` naming every bad field and what is allowed. */
export function parseReact1Input(input: unknown): React1Request {
  const result = safeParseReact1Input(input);
  if (result.ok) return result.value;
  const lines = result.issues.map((issue) => `  - ${issue.field}: ${issue.message}`).join('\n');
  throw new InputError(`Invalid react-1 input:\n${lines}`, {
    issues: result.issues,
    hint: 'Fix the fields listed above and try again; nothing was sent.',
  });
}

/** Validates react-1's options alone (see react1OptionsSchema). */
export function safeParseReact1Options(input: unknown): ParseResult<React1Options> {
  const result = react1OptionsSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toFieldIssues(result.error, input) };
}
