#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { addUser, type Role } from './auth/api-keys.js';
import { ConfigError, configFromEnv } from './config.js';
import { migrate } from './db/migrations.js';
import { openDatabase } from './db/pool.js';
import { startServer } from './server.js';
import { startWorker } from './worker/worker.js';

const HELP = `reanimate-server — the team server (configuration from the environment; see the README)

  reanimate-server serve              the HTTP API (PORT, HOST)
  reanimate-server worker             a worker: runs jobs from the queue (REANIMATE_WORKER_CONCURRENCY at a time)
  reanimate-server migrate            applies the database migrations and exits
  reanimate-server add-user NAME --role admin|editor
                                      adds a user and prints their API key (shown once)

Environment: DATABASE_URL (required), RUNCOMFY_API_TOKEN (workers and serve), RUNCOMFY_BASE_URL,
REANIMATE_MAX_CONCURRENT_JOBS (default 4), REANIMATE_WORKER_CONCURRENCY (4), REANIMATE_RESULTS_DIR,
REANIMATE_LEASE_MS (15000), REANIMATE_BODY_LIMIT (65536 bytes).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  const config = configFromEnv();
  const log = (line: string) =>
    process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), line })}\n`);
  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      log(`listening on ${server.url}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return new Promise<number>(() => undefined);
    }
    case 'worker': {
      const worker = await startWorker(config, { log });
      log(`worker ${worker.owner} started`);
      const stop = () => void worker.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return new Promise<number>(() => undefined);
    }
    case 'migrate': {
      const db = openDatabase(config.databaseUrl);
      const { applied } = await migrate(db);
      log(applied.length ? `applied migrations ${applied.join(', ')}` : 'the database is up to date');
      await db.close();
      return 0;
    }
    case 'add-user': {
      const name = rest[0];
      const role = values.role as Role | undefined;
      if (!name || (role !== 'admin' && role !== 'editor')) {
        process.stderr.write('usage: reanimate-server add-user NAME --role admin|editor\n');
        return 2;
      }
      const db = openDatabase(config.databaseUrl);
      await migrate(db);
      const { user, key } = await addUser(db, name, role);
      await db.close();
      process.stdout.write(`${user.name} (${user.role}): ${key}\nKeep this key: it is not shown again.\n`);
      return 0;
    }
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`reanimate-server: ${message}\n`);
    process.exit(1);
  },
);
