import type PgBoss from 'pg-boss';
import type { Database } from '../db/pool.js';
import { FINAL_STATES } from '../jobs/states.js';
import { RUN_QUEUE } from './queue.js';

/**
 * Take-over: a run that is not finished and whose lease has run out (its worker died mid-submit, mid-poll or
 * mid-download; or its queue job was lost) is put on the queue again. The worker that gets it claims the lease and
 * resumes from the journal. Every worker runs this; `singletonKey` keeps it to one waiting queue job per run.
 */
export async function requeueOrphans(db: Database, boss: PgBoss, graceMs = 2_000): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT r.id FROM runs r
       LEFT JOIN leases l ON l.job_id = r.id AND l.until > now()
     WHERE r.finished_at IS NULL AND NOT (r.state = ANY($1)) AND l.job_id IS NULL
       AND r.updated_at < now() - $2 * interval '1 millisecond'
     LIMIT 200`,
    [FINAL_STATES, graceMs],
  );
  const sent: string[] = [];
  for (const { id } of rows.rows) {
    if (await boss.send(RUN_QUEUE, { runId: id }, { singletonKey: id })) sent.push(id);
  }
  return sent;
}
