import { isUnfinished, ORPHANED_SUBMIT_ERROR } from './transitions.js';
import type { JobRecord, Journal } from './types.js';

/**
 * listUnfinished for any journal: a `submitting` record we can claim has no live owner, so its POST's fate is
 * unknown: it becomes `ambiguous`. One held by a live owner is still being submitted and is left alone.
 */
export async function listUnfinishedOf(
  journal: Pick<Journal, 'list' | 'claim' | 'get' | 'update'>,
): Promise<JobRecord[]> {
  const out: JobRecord[] = [];
  for (const record of await journal.list()) {
    if (!isUnfinished(record.status)) continue;
    if (record.status !== 'submitting') {
      out.push(record);
      continue;
    }
    const claim = await journal.claim(record.jobId);
    if (!claim) {
      out.push(record);
      continue;
    }
    try {
      const fresh = await journal.get(record.jobId);
      if (!fresh) continue;
      out.push(
        fresh.status === 'submitting'
          ? await journal.update(record.jobId, { status: 'ambiguous', error: { ...ORPHANED_SUBMIT_ERROR } })
          : fresh,
      );
    } finally {
      await claim.release();
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
