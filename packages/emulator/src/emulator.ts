import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_RETENTION_MS } from '@reanimate/core';
import { findFfmpeg } from '@reanimate/ffmpeg';
import { createAuthenticator } from './auth.js';
import { FaultStore } from './faults.js';
import { OutputStore } from './files.js';
import { JobQueue } from './jobs.js';
import { Recorder } from './record.js';
import { createHandler } from './server.js';
import type { Emulator, EmulatorOptions } from './types.js';

export const DEFAULT_TOKEN = 'test-token';

/** Starts a react-1 emulator on `host:port` (default 127.0.0.1, a free port) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const tokens = options.tokens && options.tokens.length > 0 ? options.tokens : [DEFAULT_TOKEN];
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('workers must be a positive integer');
  const now = options.now ?? Date.now;
  const ffmpeg = options.ffmpegPath === false ? undefined : (options.ffmpegPath ?? findFfmpeg());

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reanimate-emulator-')));
  await mkdir(dataDir, { recursive: true });

  const faults = new FaultStore();
  for (const rule of options.faults ?? []) faults.add(rule);
  const outputs = new OutputStore(join(dataDir, 'outputs'), options.outputTtlMs ?? OUTPUT_RETENTION_MS, now);
  await outputs.init();
  const recorder = new Recorder(now, options.logger);

  let origin = '';
  const jobs = new JobQueue({
    workers,
    processing: options.processing ?? { fixedMs: 500 },
    now,
    faults,
    outputs,
    ffmpeg,
    workDir: join(dataDir, 'work'),
    fetchTimeoutMs: options.fetchTimeoutMs ?? 60_000,
    maxInputBytes: options.maxInputBytes,
    origin: () => origin,
  });

  const server = createServer(
    createHandler({
      authenticate: createAuthenticator(tokens),
      jobs,
      outputs,
      faults,
      recorder,
      now,
      origin: () => origin,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
      price: options.price ?? { basePriceUsd: 0.04, priceUnit: 'second' },
      successStatus: options.successStatus ?? 'completed',
    }),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Unparseable HTTP gets a plain 400 instead of an unhandled error.
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await jobs.close();
      outputs.close();
      await closed;
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url: origin,
    port,
    get requests() {
      return recorder.entries;
    },
    dataDir,
    ffmpegPath: ffmpeg,
    getJob: (id) => jobs.get(id),
    listJobs: () => jobs.list(),
    waitForJob: (id, timeoutMs = 30_000) => jobs.waitFor(id, timeoutMs),
    injectFault: (rule) => faults.add(rule),
    listFaults: () => faults.list(),
    clearFaults: () => faults.clear(),
    clearRequests: () => recorder.clear(),
    close,
  };
}

/** The host as it goes in a URL: a wildcard address becomes loopback, an IPv6 address gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
