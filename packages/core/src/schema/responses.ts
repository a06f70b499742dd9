import { z } from 'zod';
import { ResponseSchemaError } from '../errors.js';
import { toFieldIssues } from './input.js';

/**
 * The service's bodies, parsed tolerantly: extra fields are kept, and the terminal forms of RunComfy's sibling
 * queue APIs (`succeeded`, `failed`, `canceled`) are accepted and normalised. An unknown status is an error,
 * never something to poll again.
 */

export const JOB_STATUSES = ['in_queue', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

const STATUS_ALIASES: Record<string, JobStatus> = {
  in_queue: 'in_queue',
  queued: 'in_queue',
  in_progress: 'in_progress',
  running: 'in_progress',
  completed: 'completed',
  succeeded: 'completed',
  failed: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

const statusField = z
  .string()
  .transform((value, ctx) => {
    const normalised = STATUS_ALIASES[value.toLowerCase()];
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: `unknown status "${value}"` });
      return z.NEVER;
    }
    return normalised;
  })
  .pipe(z.enum(JOB_STATUSES));

/** `error` arrives as a string or as an object with a message; we keep a readable string. */
const errorField = z
  .union([
    z.string(),
    z.looseObject({ message: z.string().optional(), detail: z.unknown().optional() }),
    z.null(),
  ])
  .optional()
  .transform((value): string | undefined => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') return value;
    if (value.message) return value.message;
    return JSON.stringify(value);
  });

const url = z.string().min(1);

export const submitResponseSchema = z.looseObject({
  request_id: z.string().min(1),
  status_url: url.optional(),
  result_url: url.optional(),
  cancel_url: url.optional(),
});
export type SubmitResponse = z.output<typeof submitResponseSchema>;

export const statusResponseSchema = z.looseObject({
  request_id: z.string().optional(),
  status: statusField,
  queue_position: z.number().int().nonnegative().nullable().optional(),
  status_url: url.optional(),
  result_url: url.optional(),
  error: errorField,
});
export type StatusResponse = z.output<typeof statusResponseSchema>;

export const outputSchema = z.looseObject({
  video: url.optional(),
  image: url.optional(),
  videos: z.array(url).optional(),
  images: z.array(url).optional(),
});
export type React1Output = z.output<typeof outputSchema>;

export const resultResponseSchema = z.looseObject({
  request_id: z.string().optional(),
  status: statusField,
  output: outputSchema.nullable().optional(),
  error: errorField,
  queue_position: z.number().int().nonnegative().nullable().optional(),
});
export type ResultResponse = z.output<typeof resultResponseSchema>;

export const cancelResponseSchema = z.looseObject({
  request_id: z.string().optional(),
  status: statusField.optional(),
  outcome: z.string().optional(),
  message: z.string().optional(),
});
export type CancelResponse = z.output<typeof cancelResponseSchema>;

/** Parses a response body or throws a `ResponseSchemaError` that names what did not fit. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error, body);
  const detail = issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  throw new ResponseSchemaError(`Unexpected ${what} response from the service (${detail}).`, {
    issues,
    cause: result.error,
  });
}

/** Every output video URL, single or listed, without duplicates. */
export function outputVideos(output: React1Output | null | undefined): string[] {
  if (!output) return [];
  const all = [...(output.video ? [output.video] : []), ...(output.videos ?? [])];
  return all.filter((value, index) => all.indexOf(value) === index);
}
