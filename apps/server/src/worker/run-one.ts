import { join } from 'node:path';
import type { Journal, Pipeline, PipelineOutcome, PipelineProgress, ReanimateError } from '@reanimate/core';
import type { Database } from '../db/pool.js';
import { FINAL_STATES, type RunState, stateOfOutcome } from '../jobs/states.js';
import type { RunSpec } from '../jobs/submit.js';
import { takeLease } from '../journal/leases.js';
import type { AccountSlots } from '../limits/account-slots.js';
import { type RunEvent, setRunState } from './notify.js';

export interface RunDeps {
  db: Database;
  pipeline: Pipeline;
  journal: Journal;
  slots: AccountSlots;
  resultsDir: string;
  /** Who this worker is (a lease's owner). */
  owner: string;
  leaseMs: number;
  /**
   * Keeps a finished result in the team's bucket (its object key is recorded): the API then serves it from any
   * machine, not only from the worker's disk. Absent when the server has no bucket.
   */
  keepResult?: ((path: string) => Promise<string | undefined>) | undefined;
}

/** A live stage of core's pipeline is the run's state by the same name (RunState is built from them); waiting
 * (another process holds the run) and done (written with the outcome) are not written as they come. */
const stateOfStage = (stage: PipelineProgress['stage']): RunState | undefined =>
  stage === 'waiting' || stage === 'done' ? undefined : stage;

/**
 * One run on this worker: an account slot, then core's pipeline under the run's id. The pipeline claims the run
 * (a lease in Postgres) and finds any record an earlier, dead worker left: then it resumes the request and never
 * submits again (a `submitting` record with no live owner becomes `ambiguous`). With another live worker on the
 * run, it returns at once (`elsewhere`).
 */
export async function runOne(
  deps: RunDeps,
  runId: string,
  signal?: AbortSignal,
): Promise<RunState | undefined> {
  const { db, pipeline } = deps;
  // The run's lease from the moment this worker picks it up: nobody takes it over meanwhile, and a second delivery
  // of the same queue job finds it held. The pipeline's own claim is the same lease (same owner).
  const pickup = await takeLease(db, runId, { owner: deps.owner, ttlMs: deps.leaseMs });
  if (!pickup) return undefined;
  const row = (
    await db.query<{ spec: RunSpec; state: RunState }>('SELECT spec, state FROM runs WHERE id = $1', [runId])
  ).rows[0];
  // Cancelled or finished while this delivery waited in the queue.
  if (!row || FINAL_STATES.includes(row.state)) {
    await pickup.release();
    return row?.state;
  }
  // The account's slot is held while the service has the job: taken right before the submit (or, for a job taken
  // over from a dead worker, before following it), given back once the output is ready to download.
  let releaseSlot: (() => Promise<void>) | undefined;
  const takeSlot = async () => {
    releaseSlot ??= await deps.slots.acquire(runId, signal);
  };
  const giveSlot = async () => {
    const release = releaseSlot;
    releaseSlot = undefined;
    await release?.();
  };
  // The run's state writes, one after another: progress comes as events, and a write sent earlier on one pooled
  // connection must not land after a later one on another (a late 'downloading' over 'done' left a finished run
  // looking live forever). Each resolves to whether it was applied (false: the run had already ended).
  let writes: Promise<unknown> = Promise.resolve();
  const write = (event: RunEvent, fields?: Parameters<typeof setRunState>[2]): Promise<boolean> => {
    const next = writes.then(() => setRunState(db, event, fields));
    writes = next.catch(() => undefined);
    return next;
  };
  try {
    const { spec } = row;
    let last: RunState | undefined;
    const onProgress = (progress: PipelineProgress) => {
      if (progress.stage === 'downloading') void giveSlot();
      const state = stateOfStage(progress.stage);
      if (!state || state === last) return;
      last = state;
      void write(
        { runId, state, queuePosition: progress.queuePosition },
        { requestId: progress.requestId },
      ).catch(() => undefined);
    };
    const controller = new AbortController();
    // An editor may cancel a run until it is sent (the API ends it in the database); the last word before paying
    // is this write, which the cancel and the submit cannot both win.
    const beforeSubmit = async () => {
      await takeSlot();
      last = 'submitting';
      if (!(await write({ runId, state: 'submitting' }))) {
        controller.abort(new Error(`run ${runId} was cancelled before it was sent`));
        throw controller.signal.reason;
      }
    };
    // The state the API ended the run in (an editor's cancel), for the log; undefined while it is not over.
    const endedState = async () => {
      const now = (await db.query<{ state: RunState }>('SELECT state FROM runs WHERE id = $1', [runId]))
        .rows[0];
      return now && FINAL_STATES.includes(now.state) ? now.state : undefined;
    };
    const stop = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    // Taken over (this worker stalled past its lease): stop following at once; the new owner carries on.
    const onLost = () => controller.abort(pickup.lost.reason);
    pickup.lost.addEventListener('abort', onLost, { once: true });
    const jobSpec = {
      video: { kind: 'url', url: spec.videoUrl } as const,
      audio: { kind: 'url', url: spec.audioUrl } as const,
      options: spec.options,
      out: join(deps.resultsDir, `${runId}.mp4`),
      conflict: 'replace' as const,
      app: 'reanimate-server',
      jobId: runId,
    };
    let outcome: PipelineOutcome;
    try {
      // Before paying, the cost: pre-flight and the service's price, recorded with the run (and the journal). A job
      // already in the journal (taken over) was estimated by the worker that submitted it.
      let estimatedUsd: number | undefined;
      const taken = await deps.journal.get(runId);
      if (taken?.requestId && !['completed', 'downloaded', 'failed', 'cancelled'].includes(taken.status))
        await takeSlot();
      if (!taken) {
        const estimated = await pipeline
          .estimate(jobSpec, { signal: controller.signal })
          .catch(() => undefined);
        estimatedUsd = estimated?.estimate?.usd;
        if (estimatedUsd !== undefined) {
          // Written here with the estimate: the pipeline's own 'checking' need not write it again.
          last = 'checking';
          // Cancelled while it was estimated: nothing more to do, nothing was sent.
          if (!(await write({ runId, state: 'checking' }, { estimatedUsd }))) return await endedState();
        }
      }
      outcome = await pipeline.run(jobSpec, {
        whenBusy: 'report',
        onProgress,
        signal: controller.signal,
        onAbort: 'leave',
        beforeSubmit,
        ...(estimatedUsd !== undefined ? { estimatedUsd, checked: true } : {}),
      });
    } finally {
      pickup.lost.removeEventListener('abort', onLost);
      signal?.removeEventListener('abort', stop);
    }
    await writes;
    const state = stateOfOutcome(outcome);
    // Stopped before sending because the editor cancelled (the run ended in the API), or stopped following.
    if (!state) return await endedState();
    const record = outcome.record;
    // "failed" is the service's verdict only when the journal says so. A failure of our own (the database went
    // away mid-job) leaves a submitted job unfinished: the queue retries it, and the retry resumes the request.
    if (outcome.status === 'failed' && record?.requestId) {
      const journaled = (await deps.journal.get(runId))?.status;
      if (journaled !== 'failed')
        throw new Error(`run ${runId} stopped on our side (${outcome.error.message}); retrying`);
    }
    const error = 'error' in outcome ? (outcome.error as ReanimateError) : undefined;
    // A bucket copy that fails leaves the result on this disk and the service's URL: not a reason to fail the run.
    const resultKey =
      outcome.status === 'done' && deps.keepResult
        ? await deps.keepResult(outcome.path).catch(() => undefined)
        : undefined;
    await write(
      { runId, state },
      {
        finished: FINAL_STATES.includes(state),
        error: error ? { code: error.code, message: error.message } : undefined,
        chargedUsd: record?.cost?.chargedUsd,
        estimatedUsd: record?.cost?.estimatedUsd,
        requestId: record?.requestId,
        resultPath: outcome.status === 'done' ? outcome.path : undefined,
        outputUrl: outcome.status === 'done' ? outcome.outputUrl : undefined,
        resultKey,
      },
    );
    return state;
  } finally {
    await giveSlot();
    await pickup.release();
  }
}
