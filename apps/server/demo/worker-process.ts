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
  return spawnBin('worker', config);
}

/**
 * A real API server process (`reanimate-server serve`) on a free port; resolves once it says where it listens. Its
 * `kill()` is a SIGKILL: requests in flight are cut off, nothing is closed cleanly.
 */
export async function spawnServer(config: ServerConfig): Promise<WorkerProcess & { url: string }> {
  const server = spawnBin('serve', { ...config, port: 0 });
  const url = await new Promise<string>((resolve, reject) => {
    const look = setInterval(() => {
      const line = server.lines.find((l) => l.includes('listening on'));
      const found = line ? /listening on (\S+?)"/.exec(line)?.[1] : undefined;
      if (found) {
        clearInterval(look);
        resolve(found);
      } else if (server.child.exitCode !== null) {
        clearInterval(look);
        reject(new Error(`the server exited: ${server.lines.join('\n')}`));
      }
    }, 50);
  });
  return { ...server, url };
}

function spawnBin(command: 'worker' | 'serve', config: ServerConfig): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@reanimate/source', '--import', 'tsx', 'src/bin.ts', command],
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
        PORT: String(config.port),
        HOST: config.host,
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
