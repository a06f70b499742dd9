import { SharedRateLimiter } from '@reanimate/core';
import { listen } from '../db/listen.js';
import type { Database } from '../db/pool.js';

const CHANNEL = 'reanimate_rate_limit';

/**
 * One rate limiter for every worker of the account. Each worker keeps core's SharedRateLimiter (which makes its
 * requests wait); a 429 (or a 503 with Retry-After) seen by any worker is written to the database and announced on
 * a Postgres channel, and every worker's limiter pauses until that moment. A worker that starts later reads the
 * moment from the table. Waiting happens before a request is sent, so it holds for submits too.
 */
export async function sharedRateLimiter(
  db: Database,
): Promise<{ limiter: SharedRateLimiter; close(): Promise<void> }> {
  const limiter = new SharedRateLimiter();
  let sharedUntil = 0;
  const follow = (resumeAtMs: number) => {
    if (resumeAtMs <= sharedUntil) return;
    sharedUntil = resumeAtMs;
    const left = resumeAtMs - Date.now();
    if (left > 0) limiter.pause(left);
  };
  const readShared = async () => {
    const row = await db.query<{ at: string }>(
      'SELECT (extract(epoch FROM resume_at) * 1000)::bigint AS at FROM rate_limit',
    );
    follow(Number(row.rows[0]?.at ?? 0));
  };
  const channel = await listen(
    db,
    CHANNEL,
    (payload) => follow(Number(payload)),
    () => void readShared().catch(() => undefined),
  );
  await readShared();
  limiter.onPause(({ pauseMs }) => {
    const resumeAt = Date.now() + pauseMs;
    if (resumeAt <= sharedUntil) return;
    sharedUntil = resumeAt;
    void db
      .query(
        `WITH moved AS (
           UPDATE rate_limit SET resume_at = greatest(resume_at, to_timestamp($1::double precision / 1000)) RETURNING 1)
         SELECT pg_notify($2, $3) FROM moved`,
        [resumeAt, CHANNEL, String(resumeAt)],
      )
      .catch(() => undefined);
  });
  return {
    limiter,
    close: () => channel.close(),
  };
}
