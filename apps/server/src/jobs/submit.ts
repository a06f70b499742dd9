import { randomBytes } from 'node:crypto';
import {
  canonicalJson,
  deterministicJobId,
  hashInput,
  InputError,
  type React1Options,
  safeParseReact1Options,
} from '@reanimate/core';
import type { User } from '../auth/api-keys.js';
import type { Database, Tx } from '../db/pool.js';
import { inputHash } from './input-hash.js';
import { RETRYABLE_ENDS, type RunState, UNPAID_ENDS } from './states.js';

export interface SubmitBody {
  video: { url: string };
  audio: { url: string };
  options?: Partial<React1Options> | undefined;
  /** Pay again for inputs and options that already have a job: an explicit choice, never a default. */
  rerun?: boolean | undefined;
  /**
   * Pay again only if the work's latest job failed, was lost or its output expired; join it if it is live or
   * done (a batch re-run that retries its failures without paying twice for the rest).
   */
  retryFailed?: boolean | undefined;
  label?: string | undefined;
}

export interface RunSpec {
  videoUrl: string;
  audioUrl: string;
  options: React1Options;
  videoSha256: string;
  audioSha256: string;
}

export interface Submitted {
  requestId: string;
  runId: string;
  /** Another request already has this work: no new job was made, nothing more is paid. */
  deduplicated: boolean;
}

/** Puts the run on the queue inside the submitting transaction: a run is never left without its queue job. */
export type Enqueue = (tx: Tx, runId: string) => Promise<void>;

/** The dedup key: what the service would be asked to do, by content (two URLs of one file are one input). */
export async function dedupKeyOf(
  spec: Pick<RunSpec, 'videoSha256' | 'audioSha256' | 'options'>,
): Promise<string> {
  return hashInput({
    video: spec.videoSha256,
    audio: spec.audioSha256,
    options: JSON.parse(canonicalJson(spec.options)),
  });
}

export function parseOptions(options: unknown): React1Options {
  const parsed = safeParseReact1Options(options ?? {});
  if (!parsed.ok) {
    throw new InputError(
      `The options are not valid: ${parsed.issues.map((i) => `options.${i.field}: ${i.message}`).join('; ')}.`,
      { hint: 'See GET /openapi.json for the allowed values.', issues: parsed.issues },
    );
  }
  return parsed.value;
}

/** The work a body asks for, by content: the run's spec and its dedup key (inputs hashed, options validated). */
export async function workOf(
  db: Database,
  body: Pick<SubmitBody, 'video' | 'audio' | 'options'>,
  fetcher: typeof fetch = fetch,
): Promise<{ spec: RunSpec; dedupKey: string }> {
  const options = parseOptions(body.options);
  const [video, audio] = await Promise.all([
    inputHash(db, body.video.url, 'video', fetcher),
    inputHash(db, body.audio.url, 'audio', fetcher),
  ]);
  const spec: RunSpec = {
    videoUrl: body.video.url,
    audioUrl: body.audio.url,
    options,
    videoSha256: video.sha256,
    audioSha256: audio.sha256,
  };
  return { spec, dedupKey: await dedupKeyOf(spec) };
}

/**
 * The latest run of a dedup key, and whether a submission joins it instead of making a new run (see states.ts:
 * a new run only when nothing was paid for the latest, or when asked to pay again). What `submitJob` decides and
 * what an estimate reports: one rule.
 */
export async function latestRun(
  db: Pick<Tx, 'query'>,
  dedupKey: string,
  ask: Pick<SubmitBody, 'rerun' | 'retryFailed'> = {},
): Promise<{ id: string; attempt: number; state: RunState; joins: boolean } | undefined> {
  const latest = (
    await db.query<{ id: string; attempt: number; state: RunState }>(
      'SELECT id, attempt, state FROM runs WHERE dedup_key = $1 ORDER BY attempt DESC LIMIT 1',
      [dedupKey],
    )
  ).rows[0];
  if (!latest) return undefined;
  const joins =
    !ask.rerun &&
    !UNPAID_ENDS.includes(latest.state) &&
    !(ask.retryFailed && RETRYABLE_ENDS.includes(latest.state));
  return { ...latest, joins };
}

/**
 * One editor's submission. Two submissions of the same work (same input contents, same options) — from two
 * editors, at the same instant — meet on one run: a transaction-scoped advisory lock on the dedup key serialises
 * them, and the (dedup_key, attempt) key makes a second paid run impossible even without it.
 */
export async function submitJob(
  db: Database,
  user: User,
  body: SubmitBody,
  enqueue: Enqueue,
  fetcher: typeof fetch = fetch,
): Promise<Submitted> {
  const { spec, dedupKey } = await workOf(db, body, fetcher);
  const requestId = `j_${randomBytes(10).toString('hex')}`;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [dedupKey]);
    const latest = await latestRun(tx, dedupKey, body);
    const joined = latest?.joins ? latest : undefined;
    let runId: string;
    if (joined) {
      runId = joined.id;
    } else {
      const attempt = (latest?.attempt ?? 0) + 1;
      runId = await deterministicJobId(dedupKey, attempt);
      await tx.query(
        `INSERT INTO runs (id, dedup_key, attempt, spec, state, requested_by) VALUES ($1, $2, $3, $4, 'pending', $5)`,
        [runId, dedupKey, attempt, JSON.stringify(spec), user.id],
      );
      await enqueue(tx, runId);
    }
    await tx.query(
      'INSERT INTO requests (id, user_id, run_id, deduplicated, label) VALUES ($1, $2, $3, $4, $5)',
      [requestId, user.id, runId, joined !== undefined, body.label ?? null],
    );
    return { requestId, runId, deduplicated: joined !== undefined };
  });
}
