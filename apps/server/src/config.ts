import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3SettingsInput } from '@reanimate/core';

/** What a server or worker process is told, from the environment (see the README's production section). */
export interface ServerConfig {
  databaseUrl: string;
  /** RunComfy's token: only ever on the server and its workers. */
  runcomfyToken: string;
  runcomfyBaseUrl?: string | undefined;
  /** The account's cap on concurrent RunComfy jobs, shared by every worker. */
  maxConcurrentJobs: number;
  /** Runs each worker process follows at once. */
  workerConcurrency: number;
  resultsDir: string;
  /** How long a lease lasts unrenewed: the take-over delay after a worker dies. */
  leaseMs: number;
  port: number;
  host: string;
  /** Largest request body accepted, bytes (uploads have their own limit: react-1's 100 MB). */
  bodyLimit: number;
  /**
   * The team's bucket, for uploads through the server (`POST /v1/uploads`): editors then need no storage keys.
   * Absent: the server takes inputs as URLs only.
   */
  s3?: S3SettingsInput | undefined;
}

export class ConfigError extends Error {}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive number, not "${raw}".`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is not set: give the Postgres connection string (postgres://user:pass@host/db).',
    );
  }
  const runcomfyToken = env.RUNCOMFY_API_TOKEN ?? '';
  return {
    databaseUrl,
    runcomfyToken,
    runcomfyBaseUrl: env.RUNCOMFY_BASE_URL || undefined,
    maxConcurrentJobs: number(env, 'REANIMATE_MAX_CONCURRENT_JOBS', 4),
    workerConcurrency: number(env, 'REANIMATE_WORKER_CONCURRENCY', 4),
    resultsDir: env.REANIMATE_RESULTS_DIR || join(tmpdir(), 'reanimate-server-results'),
    leaseMs: number(env, 'REANIMATE_LEASE_MS', 15_000),
    // 0: any free port (the tests' servers).
    port: env.PORT === '0' ? 0 : number(env, 'PORT', 8787),
    host: env.HOST || '127.0.0.1',
    bodyLimit: number(env, 'REANIMATE_BODY_LIMIT', 64 * 1024),
    ...(env.REANIMATE_S3_BUCKET
      ? {
          s3: {
            endpoint: env.REANIMATE_S3_ENDPOINT ?? '',
            bucket: env.REANIMATE_S3_BUCKET,
            accessKeyId: env.REANIMATE_S3_ACCESS_KEY_ID ?? '',
            secretAccessKey: env.REANIMATE_S3_SECRET_ACCESS_KEY ?? '',
            ...(env.REANIMATE_S3_REGION ? { region: env.REANIMATE_S3_REGION } : {}),
            ...(env.REANIMATE_S3_PREFIX ? { prefix: env.REANIMATE_S3_PREFIX } : {}),
            ...(env.REANIMATE_S3_PATH_STYLE ? { pathStyle: env.REANIMATE_S3_PATH_STYLE === 'true' } : {}),
            // Uploads stay for the job (and the dedup of the next editor's same file): the team cleans its bucket.
            keep: true,
          },
        }
      : {}),
  };
}
