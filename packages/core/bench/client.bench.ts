// Client benchmark against the emulator: `npm run bench -w @reanimate/core`. A script, not a timed test.
// Prints one `name: value unit` line per figure. Budget: under ~2 minutes on 2 cores.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_CONDITION = '--conditions=@reanimate/source';

// The workspace packages resolve to their TypeScript sources only under this condition (as in vitest); `tsx` alone
// would look for built `dist` files. Re-run this file with it.
if (!process.execArgv.includes(SOURCE_CONDITION)) {
  const result = spawnSync(
    process.execPath,
    [
      SOURCE_CONDITION,
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

const { startEmulator, startMediaServer } = await import('@reanimate/emulator');
const { mediaDir } = await import('@reanimate/samples');
const { createClient } = await import('../src/client/index.js');
const { download } = await import('../src/node.js');

const TOKEN = 'bench-token';
const PROCESSING_MS = Number(process.env.BENCH_T_MS ?? 4000);
const SEQUENTIAL_JOBS = Number(process.env.BENCH_SEQUENTIAL ?? 8);
const CONCURRENT_JOBS = 50;
const DOWNLOAD_BYTES = 200 * 1024 * 1024;

function print(name: string, value: number, unit: string) {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(unit === 'x' ? 3 : 1);
  process.stdout.write(`${name}: ${shown} ${unit}\n`);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const median = (values: number[]) => quantile(values, 0.5);

/** Samples RSS until stopped; returns the peak in bytes. */
function rssSampler(intervalMs: number) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

const media = await startMediaServer({ dir: mediaDir });
const emulator = await startEmulator({
  tokens: [TOKEN],
  workers: CONCURRENT_JOBS,
  processing: { fixedMs: PROCESSING_MS },
  // Outputs are copies of the input: processing time is then T, not T plus an ffmpeg render.
  ffmpegPath: false,
});
const input = { video_url: media.urlFor('face.mp4'), audio_url: media.urlFor('dub.wav') };
// One client for the run, as a CLI or panel session would have: it learns how long jobs take.
const client = createClient({ token: TOKEN, baseUrl: emulator.url });

interface JobFigures {
  detectionMs: number;
  e2eMs: number;
  statusRequests: number;
  /** Shortest gap between two status requests for this job, as the emulator received them. */
  minIntervalMs: number;
}

async function timedJob(): Promise<JobFigures> {
  const started = Date.now();
  let completedSeenAt = 0;
  const outcome = await client.runJob(input, {
    onUpdate: (update) => {
      if (update.status === 'completed') completedSeenAt = Date.now();
    },
  });
  const e2eMs = Date.now() - started;
  const finishedAt = emulator.getJob(outcome.requestId)?.finishedAt;
  if (finishedAt === undefined) throw new Error(`emulator has no finish time for ${outcome.requestId}`);
  const statusTimes = emulator.requests
    .filter((request) => request.route === 'status' && request.requestId === outcome.requestId)
    .map((request) => request.time);
  const gaps = statusTimes.slice(1).map((time, index) => time - (statusTimes[index] ?? 0));
  return {
    detectionMs: completedSeenAt - finishedAt,
    e2eMs,
    statusRequests: statusTimes.length,
    minIntervalMs: gaps.length > 0 ? Math.min(...gaps) : Number.POSITIVE_INFINITY,
  };
}

try {
  // Sequential single jobs: the first is cold (nothing learned yet), the rest show the steady state.
  const sequential: JobFigures[] = [];
  for (let index = 0; index < SEQUENTIAL_JOBS; index++) sequential.push(await timedJob());
  const detections = sequential.map((job) => job.detectionMs);
  print('detection_ms_median', median(detections), 'ms');
  print('detection_ms_p95', quantile(detections, 0.95), 'ms');
  print('detection_ms_first_job', sequential[0]?.detectionMs ?? Number.NaN, 'ms');
  const requestsPerJob = sequential.map((job) => job.statusRequests);
  print('status_requests_per_job', median(requestsPerJob), 'requests');
  print('min_status_interval_ms', Math.min(...sequential.map((job) => job.minIntervalMs)), 'ms');
  print('e2e_over_T_1job', median(sequential.map((job) => job.e2eMs)) / PROCESSING_MS, 'x');

  // 50 concurrent jobs in this one process.
  globalThis.gc?.();
  const sampler = rssSampler(50);
  const batchStarted = Date.now();
  const batch = await Promise.all(Array.from({ length: CONCURRENT_JOBS }, () => timedJob()));
  const makespanMs = Date.now() - batchStarted;
  const peakRss = sampler.stop();
  print('e2e_over_T_50jobs', median(batch.map((job) => job.e2eMs)) / PROCESSING_MS, 'x');
  print('makespan_over_T_50jobs', makespanMs / PROCESSING_MS, 'x');
  print('detection_ms_median_50jobs', median(batch.map((job) => job.detectionMs)), 'ms');
  print('min_status_interval_ms_50jobs', Math.min(...batch.map((job) => job.minIntervalMs)), 'ms');
  print('rss_mb_50jobs', peakRss / 1024 / 1024, 'MB');

  // A 200 MB MP4-shaped file, generated on the fly by a local server, streamed to disk.
  const chunk = Buffer.alloc(1024 * 1024, 0x2a);
  const header = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]);
  const fileServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': DOWNLOAD_BYTES });
    let sent = 0;
    const pump = () => {
      while (sent < DOWNLOAD_BYTES) {
        const piece = sent === 0 ? Buffer.concat([header, chunk.subarray(header.length)]) : chunk;
        const slice = piece.subarray(0, Math.min(piece.length, DOWNLOAD_BYTES - sent));
        sent += slice.length;
        if (!response.write(slice)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(join(tmpdir(), 'reanimate-bench-'));
  try {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const downloadSampler = rssSampler(20);
    const downloadStarted = Date.now();
    const saved = await download(
      `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}/big.mp4`,
      join(dir, 'big.mp4'),
    );
    const seconds = (Date.now() - downloadStarted) / 1000;
    const peak = downloadSampler.stop();
    if (saved.bytes !== DOWNLOAD_BYTES) throw new Error(`downloaded ${saved.bytes} bytes`);
    print('download_rss_growth_mb_200MB', Math.max(0, peak - before) / 1024 / 1024, 'MB');
    print('download_mb_per_s', DOWNLOAD_BYTES / 1024 / 1024 / seconds, 'MB/s');
  } finally {
    fileServer.closeAllConnections();
    await new Promise((resolve) => fileServer.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
  print('processing_T', PROCESSING_MS, 'ms');
} finally {
  await emulator.close();
  await media.close();
}
