import type { Database } from '../db/pool.js';

/**
 * Leases: the right to act on a job, held by one process at a time across every machine. A lease lasts `ttlMs`
 * and its holder renews it every third of that; a holder that dies (SIGKILL, a lost machine) stops renewing, and
 * once the lease has run out another worker may take it. Nobody is "asked" whether it is alive: the clock decides.
 */
export interface Lease {
  readonly jobId: string;
  /** Aborts when the lease is lost (a renewal found another owner, or failed past the lease's end). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export interface LeaseOptions {
  owner: string;
  ttlMs: number;
}

export async function takeLease(
  db: Database,
  jobId: string,
  options: LeaseOptions,
): Promise<Lease | undefined> {
  const { owner, ttlMs } = options;
  const taken = await db.query(
    `INSERT INTO leases (job_id, owner, until) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (job_id) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.until < now() OR leases.owner = excluded.owner
     RETURNING owner`,
    [jobId, owner, ttlMs],
  );
  if (taken.rowCount === 0) return undefined;
  const controller = new AbortController();
  let validUntil = Date.now() + ttlMs;
  let released = false;
  const renew = async () => {
    try {
      const renewed = await db.query(
        `UPDATE leases SET until = now() + $3 * interval '1 millisecond' WHERE job_id = $1 AND owner = $2`,
        [jobId, owner, ttlMs],
      );
      if (renewed.rowCount === 0) controller.abort(new Error(`lease on ${jobId} was taken over`));
      else validUntil = Date.now() + ttlMs;
    } catch {
      // The database is unreachable (restarting): keep trying until the lease would have run out anyway.
      if (Date.now() > validUntil)
        controller.abort(new Error(`lease on ${jobId} ran out while the database was away`));
    }
  };
  const timer = setInterval(() => void renew(), Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    jobId,
    lost: controller.signal,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await db
        .query('DELETE FROM leases WHERE job_id = $1 AND owner = $2', [jobId, owner])
        .catch(() => undefined);
    },
  };
}
