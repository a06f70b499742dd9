import { z } from 'zod';
import type { JobRecord } from '../journal/types.js';

/** Where a job's inputs came from, so a retry uploads them again instead of re-sending expired presigned URLs. */
export const sourceRefSchema = z.discriminatedUnion('kind', [
  // The URL itself is the record's input (video_url / audio_url): it was sent to the service anyway.
  z.object({ kind: z.literal('url') }),
  z.object({ kind: z.literal('file'), path: z.string() }),
  // A Blob cannot be stored; a retry needs the shell to hand it over again.
  z.object({ kind: z.literal('blob'), name: z.string() }),
]);
export type SourceRef = z.infer<typeof sourceRefSchema>;

export const conflictSchema = z.enum(['fail', 'replace', 'rename']);

/**
 * What the pipeline keeps in a journal record's `meta`. `app` tells which shell wrote it; `shell` is that shell's
 * own data (a CLI label and manifest row, a panel's clip), validated by the shell that reads it.
 */
export const pipelineMetaSchema = z.object({
  app: z.string(),
  /** The shell's stable identity of the job: every attempt at the same work shares it. */
  key: z.string().optional(),
  attempt: z.number().int().positive().optional(),
  out: z.string(),
  conflict: conflictSchema,
  sources: z.object({ video: sourceRefSchema, audio: sourceRefSchema }),
  /** The inputs as shown to the user (URLs without query strings). */
  shown: z.object({ video: z.string(), audio: z.string() }),
  /** Object URLs this job uploaded, released when it ends unless another live job shares the object. */
  uploaded: z.array(z.string()),
  shell: z.record(z.string(), z.unknown()).optional(),
});
export type PipelineMeta = z.infer<typeof pipelineMetaSchema>;

/** The pipeline's meta of a record, or undefined for a record the pipeline did not write. */
export function pipelineMeta(record: JobRecord): PipelineMeta | undefined {
  const parsed = pipelineMetaSchema.safeParse(record.meta);
  return parsed.success ? parsed.data : undefined;
}

/** A record's meta written by the pipeline, as the journal stores it. */
export function toJournalMeta(meta: PipelineMeta): Record<string, unknown> {
  return { ...meta };
}
