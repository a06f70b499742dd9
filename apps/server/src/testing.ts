import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3SettingsInput } from '@reanimate/core';
import { addUser } from './auth/api-keys.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrations.js';
import { openDatabase } from './db/pool.js';
import { startServer } from './server.js';
import { startWorker } from './worker/worker.js';

export interface LocalTeamServer {
  url: string;
  /** Each editor's API key, by name. */
  keys: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A whole team server on this machine for the clients' integration tests (the CLI's, the panels'): an embedded
 * Postgres, the API and one worker, against the given service (the emulator), with an editor per name.
 */
export async function startLocalTeamServer(options: {
  runcomfyToken: string;
  runcomfyBaseUrl: string;
  editors: readonly string[];
  /** The team's bucket: uploads through the server. */
  s3?: S3SettingsInput | undefined;
}): Promise<LocalTeamServer> {
  const pg = await startEmbeddedPostgres();
  const config = {
    databaseUrl: pg.url,
    runcomfyToken: options.runcomfyToken,
    runcomfyBaseUrl: options.runcomfyBaseUrl,
    maxConcurrentJobs: 2,
    workerConcurrency: 2,
    resultsDir: mkdtempSync(join(tmpdir(), 'reanimate-team-results-')),
    leaseMs: 5_000,
    port: 0,
    host: '127.0.0.1',
    bodyLimit: 65_536,
    ...(options.s3 ? { s3: options.s3 } : {}),
  };
  const db = openDatabase(pg.url);
  await migrate(db);
  const keys: Record<string, string> = {};
  for (const name of options.editors) keys[name] = (await addUser(db, name, 'editor')).key;
  await db.close();
  const server = await startServer(config);
  const worker = await startWorker(config);
  return {
    url: server.url,
    keys,
    async close() {
      await worker.stop();
      await server.close();
      await pg.destroy();
    },
  };
}
