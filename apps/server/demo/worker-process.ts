import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../src/config.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** SIGKILL: no cleanup, no lease released, no goodbye — a crashed machine. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** A real worker process (`reanimate-server worker`), from source: for the demo, the benchmark and the tests. */
export function spawnWorker(config: ServerConfig): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@reanimate/source', '--import', 'tsx', 'src/bin.ts', 'worker'],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        RUNCOMFY_API_TOKEN: config.runcomfyToken,
        RUNCOMFY_BASE_URL: config.runcomfyBaseUrl ?? '',
        REANIMATE_MAX_CONCURRENT_JOBS: String(config.maxConcurrentJobs),
        REANIMATE_WORKER_CONCURRENCY: String(config.workerConcurrency),
        REANIMATE_RESULTS_DIR: config.resultsDir,
        REANIMATE_LEASE_MS: String(config.leaseMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    lines,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
