import type { Database } from '../db/pool.js';
import type { RunState } from '../jobs/states.js';

export const RUN_CHANNEL = 'reanimate_run';

export interface RunEvent {
  runId: string;
  state: RunState;
  queuePosition?: number | undefined;
  fraction?: number | undefined;
}

/**
 * Writes the run's new state and announces it in the same statement (what the API's event streams forward). A
 * finished run never changes again: a write that arrives after the end (a late progress write, a worker that had
 * not heard of an editor's cancel) changes nothing and says so — false.
 */
export async function setRunState(
  db: Database,
  event: RunEvent,
  fields: {
    error?: { code: string; message: string } | undefined;
    chargedUsd?: number | undefined;
    estimatedUsd?: number | undefined;
    requestId?: string | undefined;
    resultPath?: string | undefined;
    outputUrl?: string | undefined;
    resultKey?: string | undefined;
    finished?: boolean | undefined;
  } = {},
): Promise<boolean> {
  const written = await db.query(
    `WITH changed AS (
       UPDATE runs SET state = $2, updated_at = now(),
         error = COALESCE($3::jsonb, error), charged_usd = COALESCE($4, charged_usd),
         estimated_usd = COALESCE($5, estimated_usd), request_id = COALESCE($6, request_id),
         result_path = COALESCE($7, result_path), output_url = COALESCE($8, output_url),
         finished_at = CASE WHEN $9 THEN now() ELSE finished_at END, result_key = COALESCE($12, result_key)
       WHERE id = $1 AND finished_at IS NULL RETURNING id)
     SELECT pg_notify($10, $11) FROM changed`,
    [
      event.runId,
      event.state,
      fields.error ? JSON.stringify(fields.error) : null,
      fields.chargedUsd ?? null,
      fields.estimatedUsd ?? null,
      fields.requestId ?? null,
      fields.resultPath ?? null,
      fields.outputUrl ?? null,
      fields.finished === true,
      RUN_CHANNEL,
      JSON.stringify(event),
      fields.resultKey ?? null,
    ],
  );
  return (written.rowCount ?? 0) > 0;
}
