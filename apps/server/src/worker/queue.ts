import PgBoss from 'pg-boss';
import type { Tx } from '../db/pool.js';

export const RUN_QUEUE = 'reanimate-run';

/**
 * pg-boss, on the same database: it hands runs to workers (SKIP LOCKED fetches, retries with backoff). It is not
 * what keeps a run from being done twice — the lease on the run is (journal/leases.ts) — so a queue job delivered
 * twice is harmless: the second delivery finds the run held or finished. `short` keeps at most one waiting job
 * per run; a job may stay active as long as a run takes (3 h covers RunComfy's queue and processing).
 */
export async function startQueue(
  connectionString: string,
  options: { schema?: string } = {},
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: options.schema ?? 'pgboss',
    max: 4,
    // Workers monitor and archive; the API server only sends.
    supervise: true,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue(RUN_QUEUE, {
    name: RUN_QUEUE,
    policy: 'short',
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 3 * 60 * 60,
  });
  return boss;
}

/** Sends the run's queue job inside the caller's transaction (pg-boss's `db` option): both commit or neither. */
export function enqueueIn(boss: PgBoss) {
  return async (tx: Tx, runId: string) => {
    await boss.send(
      RUN_QUEUE,
      { runId },
      {
        singletonKey: runId,
        db: { executeSql: (text: string, values: unknown[]) => tx.query(text, values) },
      },
    );
  };
}
