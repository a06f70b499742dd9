import {
  applyPatch,
  type JobPatch,
  type JobRecord,
  type Journal,
  type JournalClaim,
  JournalError,
  listUnfinishedOf,
  type NewJobRecord,
  newRecord,
  parseJobRecord,
} from '@reanimate/core';
import type { Database } from '../db/pool.js';
import { type Lease, takeLease } from './leases.js';

export interface PgJournalOptions {
  /** Who this process is (host, pid, a random part): what a lease records as its owner. */
  owner: string;
  /** How long a lease lasts without renewal: how soon a dead worker's job is taken over (default 15 s). */
  leaseMs?: number;
}

const UNFINISHED = ['submitting', 'ambiguous', 'in_queue', 'in_progress', 'completed'];

/**
 * core's Journal on Postgres: the same records, transitions and orphan rules as the file journal, so core's
 * pipeline runs unchanged on a worker, and the write-ahead rule holds in the database: the `submitting` record is
 * committed before the POST, the request id right after the answer. A claim is a lease (journal/leases.ts).
 */
export function createPgJournal(
  db: Database,
  options: PgJournalOptions,
): Journal & {
  /** The lease behind a claim this process holds: its `lost` signal stops a worker that was taken over. */
  leaseOf(jobId: string): Lease | undefined;
} {
  const leaseMs = options.leaseMs ?? 15_000;
  const held = new Map<string, Lease>();
  const parse = (value: unknown, jobId: string) => parseJobRecord(value, `${jobId} (database)`);

  const get = async (jobId: string): Promise<JobRecord | undefined> => {
    const row = await db.query<{ record: unknown }>('SELECT record FROM journal WHERE job_id = $1', [jobId]);
    return row.rows[0] ? parse(row.rows[0].record, jobId) : undefined;
  };
  const list = async (where = '', values: unknown[] = []) =>
    (
      await db.query<{ job_id: string; record: unknown }>(
        `SELECT job_id, record FROM journal ${where} ORDER BY created_at`,
        values,
      )
    ).rows.map((row) => parse(row.record, row.job_id));

  const journal: Journal = {
    async create(init: NewJobRecord) {
      const record = newRecord(init, new Date().toISOString());
      const inserted = await db.query(
        `INSERT INTO journal (job_id, status, revision, record, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (job_id) DO NOTHING`,
        [record.jobId, record.status, record.revision, JSON.stringify(record), record.createdAt],
      );
      if (inserted.rowCount === 0) throw new JournalError(`Job ${init.jobId} is already in the journal.`);
      return record;
    },
    get,
    async update(jobId: string, patch: JobPatch) {
      // Only the lease holder writes a record; the revision check still refuses a write over a newer one (a
      // worker that lost its lease and does not know yet).
      const current = await get(jobId);
      if (!current) throw new JournalError(`Job ${jobId} is not in the journal.`);
      const next = applyPatch(current, patch, new Date().toISOString());
      const written = await db.query(
        'UPDATE journal SET status = $2, revision = $3, record = $4 WHERE job_id = $1 AND revision = $5',
        [jobId, next.status, next.revision, JSON.stringify(next), current.revision],
      );
      if (written.rowCount === 0) {
        throw new JournalError(`Job ${jobId} was written by another worker meanwhile; this one stops.`, {
          hint: 'Its lease was taken over: the other worker carries the job on.',
        });
      }
      return next;
    },
    list: () => list(),
    listUnfinished: () =>
      listUnfinishedOf({ ...journal, list: () => list('WHERE status = ANY($1)', [UNFINISHED]) }),
    async claim(jobId): Promise<JournalClaim | undefined> {
      if (held.has(jobId)) return undefined;
      const lease = await takeLease(db, jobId, { owner: options.owner, ttlMs: leaseMs });
      if (!lease) return undefined;
      held.set(jobId, lease);
      return {
        jobId,
        async release() {
          held.delete(jobId);
          await lease.release();
        },
      };
    },
    async remove(jobId) {
      await db.query('DELETE FROM journal WHERE job_id = $1', [jobId]);
    },
  };
  return { ...journal, leaseOf: (jobId) => held.get(jobId) };
}
