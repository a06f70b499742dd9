import { listen } from '../db/listen.js';
import type { Database } from '../db/pool.js';

/**
 * The account's concurrent RunComfy jobs, capped across every worker: one row per slot; a run holds a slot (a
 * lease, renewed while it runs) from before its pre-flight to its end. A worker that dies frees its slot when the
 * lease runs out.
 */
export interface AccountSlots {
  /** Waits for a free slot; resolves with a release function. */
  acquire(runId: string, signal?: AbortSignal): Promise<() => Promise<void>>;
}

export async function configureSlots(db: Database, count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`maxConcurrentJobs must be a whole number ≥ 1, not ${count}`);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO account_slots (slot) SELECT generate_series(1, $1) ON CONFLICT DO NOTHING', [
      count,
    ]);
    // Fewer slots than before: the extra ones are removed once free (a held one finishes its job first).
    await tx.query('DELETE FROM account_slots WHERE slot > $1 AND (run_id IS NULL OR until < now())', [
      count,
    ]);
  });
}

const FREED = 'reanimate_slot_freed';

/**
 * Waiters sleep until a slot is given back anywhere (a Postgres notification wakes one of them at once) or, as a
 * fallback for a slot freed by a lease running out, `pollMs`.
 */
export async function accountSlots(
  db: Database,
  options: { owner: string; leaseMs?: number; pollMs?: number },
): Promise<AccountSlots & { close(): Promise<void> }> {
  const leaseMs = options.leaseMs ?? 15_000;
  const pollMs = options.pollMs ?? 1_000;
  const waiting = new Set<() => void>();
  // One slot given back wakes one waiter here (the oldest), not all of them: every process has its own, so a freed
  // slot costs a query per process, not one per waiting run.
  const wakeOne = () => {
    const [first] = waiting;
    first?.();
  };
  const wakeAll = () => {
    for (const wake of [...waiting]) wake();
  };
  const channel = await listen(db, FREED, wakeOne, wakeAll);
  const nap = (signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      waiting.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  return {
    close: () => channel.close(),
    async acquire(runId, signal) {
      for (;;) {
        const taken = await db.query<{ slot: number }>(
          `UPDATE account_slots SET run_id = $1, owner = $2, until = now() + $3 * interval '1 millisecond'
           WHERE slot = (
             SELECT slot FROM account_slots WHERE run_id IS NULL OR until < now() OR run_id = $1
             ORDER BY (run_id = $1) DESC NULLS LAST, slot LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING slot`,
          [runId, options.owner, leaseMs],
        );
        const slot = taken.rows[0]?.slot;
        if (slot !== undefined) {
          const timer = setInterval(
            () => {
              void db
                .query(
                  `UPDATE account_slots SET until = now() + $3 * interval '1 millisecond' WHERE slot = $1 AND run_id = $2`,
                  [slot, runId, leaseMs],
                )
                .catch(() => undefined);
            },
            Math.floor(leaseMs / 3),
          );
          timer.unref();
          return async () => {
            clearInterval(timer);
            await db
              .query(
                `WITH freed AS (
                   UPDATE account_slots SET run_id = NULL, owner = NULL, until = NULL
                   WHERE slot = $1 AND run_id = $2 RETURNING slot)
                 SELECT pg_notify($3, '') FROM freed`,
                [slot, runId, FREED],
              )
              .catch(() => undefined);
          };
        }
        if (signal?.aborted) throw signal.reason;
        await nap(signal);
      }
    },
  };
}
