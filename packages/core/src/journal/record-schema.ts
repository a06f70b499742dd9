import { z } from 'zod';
import type { React1Request } from '../schema/index.js';
import { JOB_ID_PATTERN } from './job-id.js';
import { JournalError } from './journal-error.js';
import { JOURNAL_STATUSES, type JobRecord } from './types.js';

/** A record as read back from storage. Unknown fields are kept, so an older build can read a newer record. */
const jobRecordSchema = z.looseObject({
  version: z.literal(1),
  jobId: z.string().regex(JOB_ID_PATTERN),
  revision: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  // Kept as written: the input schema may tighten later, and an old job must still load.
  input: z.record(z.string(), z.unknown()),
  inputHash: z.string(),
  status: z.enum(JOURNAL_STATUSES as [JobRecord['status'], ...JobRecord['status'][]]),
  submittedAt: z.string().optional(),
  requestId: z.string().optional(),
  queuePosition: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  outputs: z.array(z.string()).optional(),
  localPath: z.string().optional(),
  cost: z.object({ estimatedUsd: z.number().optional(), chargedUsd: z.number().optional() }).optional(),
  meta: z.record(z.string(), z.unknown()),
});

export function parseJobRecord(value: unknown, source: string): JobRecord {
  const result = jobRecordSchema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new JournalError(`Journal record ${source} is not a valid job record (${fields}).`, {
      hint: 'Move the file out of the journal folder; the other jobs are unaffected.',
    });
  }
  return { ...result.data, input: result.data.input as unknown as React1Request } as JobRecord;
}

/** A deep copy through JSON: what a file round trip does, and no structuredClone (missing in CEP 11). */
export function copyRecord(record: JobRecord): JobRecord {
  return JSON.parse(JSON.stringify(record)) as JobRecord;
}
