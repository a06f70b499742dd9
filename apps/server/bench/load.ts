/**
 * Load benchmark: N jobs (default 1000, all distinct) through 4 worker processes against the emulator with 16
 * workers and a fixed processing time T, the account capped at 16 concurrent jobs. Reports the makespan over the
 * ideal (N × T / 16), p50/p95 from queued to submitted, database round trips per job (ours, counted in each
 * worker, and every transaction Postgres saw, pg-boss's included), and each worker's peak RSS.
 *
 *   npm run bench -w @reanimate/server -- --jobs 1000 --processing-ms 3000
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from '@reanimate/emulator';
import { localConfig } from '../demo/local-config.js';
import { sampleClip, startMediaServer } from '../demo/sample-bucket.js';
import { spawnWorker } from '../demo/worker-process.js';
import { addUser } from '../src/auth/api-keys.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { openDatabase } from '../src/db/pool.js';
import { submitJob } from '../src/jobs/submit.js';
import { enqueueIn, startQueue } from '../src/worker/queue.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    'processing-ms': { type: 'string', default: '3000' },
    workers: { type: 'string', default: '4' },
  },
});
const JOBS = Number(values.jobs);
const T = Number(values['processing-ms']);
const WORKERS = Number(values.workers);
const SERVICE_WORKERS = 16;

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main() {
  const pg = await startEmbeddedPostgres();
  const emulator = await startEmulator({
    workers: SERVICE_WORKERS,
    processing: { fixedMs: T },
    ffmpegPath: false,
  });
  const bucket = await startMediaServer();
  const config = localConfig(pg.url, emulator.url, {
    maxConcurrentJobs: SERVICE_WORKERS,
    workerConcurrency: 8,
  });
  const db = openDatabase(pg.url);
  await migrate(db);
  const boss = await startQueue(pg.url);
  const editor = await addUser(db, 'bench', 'editor');
  const workers = Array.from({ length: WORKERS }, () => spawnWorker(config));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const peakRss = workers.map(() => 0);
  const sampler = setInterval(() => {
    workers.forEach((w, i) => {
      peakRss[i] = Math.max(peakRss[i] ?? 0, rssMb(w.child.pid));
    });
  }, 250);
  const xacts = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0]?.n,
    );
  const xactsBefore = await xacts();
  const enqueue = enqueueIn(boss);
  const started = Date.now();
  for (let i = 0; i < JOBS; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, JOBS - i) }, (_, k) =>
        submitJob(db, editor.user, sampleClip(bucket.url, 'alice', { temperature: (i + k) / JOBS }), enqueue),
      ),
    );
  }
  const submittedAll = Date.now();
  for (;;) {
    const left = Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM runs WHERE finished_at IS NULL')).rows[0]?.n,
    );
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const finished = Date.now();
  clearInterval(sampler);
  const xactsAfter = await xacts();
  const states = (
    await db.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM runs GROUP BY state')
  ).rows;
  const waits = (
    await db.query<{ ms: string }>(
      `SELECT extract(epoch FROM ((j.record->>'submittedAt')::timestamptz - r.created_at)) * 1000 AS ms
       FROM runs r JOIN journal j ON j.job_id = r.id WHERE j.record ? 'submittedAt'`,
    )
  ).rows
    .map((row) => Number(row.ms))
    .sort((a, b) => a - b);
  await Promise.all(workers.map((w) => w.stop()));
  const ours = workers
    .flatMap((w) => w.lines)
    .map((line) => /(\d+) database round trips/.exec(line)?.[1])
    .filter(Boolean)
    .reduce((sum, n) => sum + Number(n), 0);
  const submits = emulator.requests.filter((r) => r.route === 'submit').length;
  // Where the time goes at the service: how long after a job finished its worker noticed (its first /result), and
  // how busy the service's workers were over the run.
  const jobs = emulator.listJobs();
  const firstResult = new Map<string, number>();
  for (const r of emulator.requests)
    if (r.route === 'result' && r.requestId && !firstResult.has(r.requestId))
      firstResult.set(r.requestId, r.time);
  const notice = jobs
    .map((job) => (firstResult.get(job.id) ?? NaN) - (job.finishedAt ?? NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  // Slot turnover: the i-th job to finish at the service frees the slot the (cap + i)-th submit takes; the gap is
  // how long the service sat idle on our account between the two (notice delay, download start, next submit).
  const finishes = jobs
    .map((j) => j.finishedAt ?? NaN)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const starts = jobs.map((j) => j.createdAt).sort((a, b) => a - b);
  const turnover = starts
    .slice(SERVICE_WORKERS)
    .map((start, i) => start - (finishes[i] ?? NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const busy = jobs.reduce((sum, job) => sum + ((job.finishedAt ?? 0) - (job.startedAt ?? 0)), 0);
  const span = Math.max(...jobs.map((j) => j.finishedAt ?? 0)) - Math.min(...jobs.map((j) => j.createdAt));
  const makespan = finished - started;
  const ideal = (JOBS * T) / SERVICE_WORKERS;
  const report = {
    jobs: JOBS,
    processingMs: T,
    workers: WORKERS,
    serviceWorkers: SERVICE_WORKERS,
    states: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    submitsToService: submits,
    makespanSec: makespan / 1000,
    idealSec: ideal / 1000,
    makespanOverIdeal: Number((makespan / ideal).toFixed(3)),
    submitPhaseSec: (submittedAll - started) / 1000,
    queuedToSubmittedMs: { p50: Math.round(quantile(waits, 0.5)), p95: Math.round(quantile(waits, 0.95)) },
    workerRoundTripsPerJob: Number((ours / JOBS).toFixed(1)),
    postgresTransactionsPerJob: Number(((xactsAfter - xactsBefore) / JOBS).toFixed(1)),
    peakRssMbPerWorker: peakRss.map((mb) => Math.round(mb)),
    finishToNoticedMs: { p50: Math.round(quantile(notice, 0.5)), p95: Math.round(quantile(notice, 0.95)) },
    slotTurnoverMs: { p50: Math.round(quantile(turnover, 0.5)), p95: Math.round(quantile(turnover, 0.95)) },
    serviceUtilisation: Number((busy / (SERVICE_WORKERS * span)).toFixed(3)),
    firstSubmitAfterSec: (Math.min(...jobs.map((j) => j.createdAt)) - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await boss.stop({ graceful: false }).catch(() => undefined);
  await db.close();
  await emulator.close();
  await bucket.close();
  await pg.destroy();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
