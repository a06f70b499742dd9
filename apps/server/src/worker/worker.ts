import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { AuthError, createClient, createPipeline } from '@reanimate/core';
import { createNodeInputHost, fileUploadSource } from '@reanimate/core/node';
import type { ServerConfig } from '../config.js';
import { migrate } from '../db/migrations.js';
import { type Database, openDatabase } from '../db/pool.js';
import { createPgJournal } from '../journal/pg-journal.js';
import { pgPlatform } from '../journal/pg-platform.js';
import { accountSlots, configureSlots } from '../limits/account-slots.js';
import { sharedRateLimiter } from '../limits/shared-rate-limit.js';
import { RUN_QUEUE, startQueue } from './queue.js';
import { requeueOrphans } from './reaper.js';
import { runOne } from './run-one.js';

export interface Worker {
  owner: string;
  db: Database;
  /** Runs this worker has finished (any final state), for logs and tests. */
  finished(): number;
  stop(): Promise<void>;
}

export function workerIdentity(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A worker: takes runs from the queue and runs core's pipeline on them, `workerConcurrency` at a time, within the
 * account's cap; every few seconds it also puts orphaned runs (their worker died) back on the queue.
 */
export async function startWorker(
  config: ServerConfig,
  options: { owner?: string; reaperMs?: number; log?: (line: string) => void } = {},
): Promise<Worker> {
  if (!config.runcomfyToken) {
    throw new AuthError(
      undefined,
      'RUNCOMFY_API_TOKEN is not set: a worker submits jobs with the team account.',
      {
        hint: 'Set it in the worker’s environment (never on editors’ machines).',
      },
    );
  }
  const owner = options.owner ?? workerIdentity();
  const log = options.log ?? (() => undefined);
  const db = openDatabase(config.databaseUrl, { max: config.workerConcurrency * 2 + 4 });
  await migrate(db);
  await configureSlots(db, config.maxConcurrentJobs);
  mkdirSync(config.resultsDir, { recursive: true });
  const { limiter, close: closeLimiter } = await sharedRateLimiter(db);
  const journal = createPgJournal(db, { owner, leaseMs: config.leaseMs });
  const platform = pgPlatform(journal);
  const client = createClient({
    token: config.runcomfyToken,
    ...(config.runcomfyBaseUrl ? { baseUrl: config.runcomfyBaseUrl } : {}),
    fetch: limiter.wrapFetch(),
  });
  const pipeline = createPipeline({ platform, client });
  const slots = await accountSlots(db, { owner, leaseMs: config.leaseMs });
  const boss = await startQueue(config.databaseUrl);
  const stopping = new AbortController();
  let finished = 0;
  const bucket = config.s3 ? createNodeInputHost({ provider: 's3', s3: config.s3 }) : undefined;
  const deps = {
    db,
    pipeline,
    journal,
    slots,
    resultsDir: config.resultsDir,
    owner,
    leaseMs: config.leaseMs,
    ...(bucket
      ? {
          keepResult: async (path: string) =>
            (await bucket.put(await fileUploadSource(path), { role: 'result' })).key,
        }
      : {}),
  };
  // Runs this process is on. A second delivery of one of them (the reaper saw its lease lapse during a stall) is
  // dropped here: taking the lease again as the same owner would succeed, and the two would release each other's
  // lease and slot.
  const running = new Set<string>();
  for (let i = 0; i < config.workerConcurrency; i++) {
    await boss.work<{ runId: string }>(
      RUN_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job || running.has(job.data.runId)) return;
        running.add(job.data.runId);
        try {
          const state = await runOne(deps, job.data.runId, stopping.signal);
          if (state) {
            finished++;
            log(`run ${job.data.runId}: ${state}`);
          }
        } finally {
          running.delete(job.data.runId);
        }
      },
    );
  }
  const reap = () =>
    void requeueOrphans(db, boss)
      .then((sent) => {
        for (const id of sent) log(`run ${id}: taken over (its worker is gone)`);
      })
      .catch(() => undefined);
  // A worker that starts after a crash looks for its orphans at once, then every few seconds.
  reap();
  const reaper = setInterval(reap, options.reaperMs ?? 3_000);
  reaper.unref();
  return {
    owner,
    db,
    finished: () => finished,
    async stop() {
      clearInterval(reaper);
      log(`stopping: ${finished} runs finished, ${db.roundTrips()} database round trips`);
      stopping.abort(new Error('worker stopping'));
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
      await closeLimiter();
      await slots.close();
      await db.close();
    },
  };
}
