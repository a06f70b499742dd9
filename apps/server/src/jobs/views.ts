import type { TeamJob } from '@reanimate/core';
import type { User } from '../auth/api-keys.js';
import type { Database } from '../db/pool.js';
import type { RunState } from './states.js';

/**
 * A job as an editor sees it: their request, and the run (the paid job) behind it, shared or not. The shape is the
 * API's contract, declared once in core (`TeamJob`) for its clients.
 */
export interface JobView extends TeamJob {
  state: RunState;
}

interface Row {
  id: string;
  label: string | null;
  user_name: string;
  created_at: Date;
  deduplicated: boolean;
  run_id: string;
  attempt: number;
  state: RunState;
  request_id: string | null;
  estimated_usd: string | null;
  charged_usd: string | null;
  error: { code: string; message: string } | null;
  run_created_at: Date;
  finished_at: Date | null;
  result_path: string | null;
  output_url: string | null;
  result_key: string | null;
}

const SELECT = `
  SELECT q.id, q.label, u.name AS user_name, q.created_at, q.deduplicated, r.id AS run_id, r.attempt, r.state,
         r.request_id, r.estimated_usd, r.charged_usd, r.error, r.created_at AS run_created_at, r.finished_at,
         r.result_path, r.output_url, r.result_key
  FROM requests q JOIN runs r ON r.id = q.run_id JOIN users u ON u.id = q.user_id`;

const money = (value: string | null) => (value === null ? null : Number(value));

function view(row: Row): JobView {
  return {
    id: row.id,
    label: row.label,
    requestedBy: row.user_name,
    createdAt: row.created_at.toISOString(),
    deduplicated: row.deduplicated,
    state: row.state,
    run: {
      id: row.run_id,
      attempt: row.attempt,
      requestId: row.request_id,
      estimatedUsd: money(row.estimated_usd),
      chargedUsd: money(row.charged_usd),
      error: row.error,
      createdAt: row.run_created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    },
    resultUrl: row.state === 'done' ? `/v1/jobs/${row.id}/result` : null,
  };
}

/** One job the user may see (their own; an admin sees every one), or undefined — never someone else's. */
export async function jobFor(
  db: Database,
  user: User,
  id: string,
): Promise<
  (JobView & { resultPath: string | null; outputUrl: string | null; resultKey: string | null }) | undefined
> {
  const rows = await db.query<Row>(`${SELECT} WHERE q.id = $1 AND (q.user_id = $2 OR $3)`, [
    id,
    user.id,
    user.role === 'admin',
  ]);
  const row = rows.rows[0];
  return row
    ? { ...view(row), resultPath: row.result_path, outputUrl: row.output_url, resultKey: row.result_key }
    : undefined;
}

export async function jobsFor(
  db: Database,
  user: User,
  options: { all: boolean; limit: number },
): Promise<JobView[]> {
  const everyone = options.all && user.role === 'admin';
  const rows = await db.query<Row>(
    `${SELECT} WHERE ($1 OR q.user_id = $2) ORDER BY q.created_at DESC LIMIT $3`,
    [everyone, user.id, options.limit],
  );
  return rows.rows.map(view);
}
