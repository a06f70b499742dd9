import { hashInput } from '../journal/hash.js';

/**
 * A job id derived from the shell's key and the attempt number, so every process that decides to run the same
 * work picks the same id, and the journal's per-job claim lets only one of them submit it: two `batch` runs of
 * one manifest, `run` beside `resume`, two panels on one journal.
 */
export async function deterministicJobId(key: string, attempt: number): Promise<string> {
  const hash = await hashInput({ key, attempt });
  return `k${hash.slice(0, 32)}-${attempt}`;
}
