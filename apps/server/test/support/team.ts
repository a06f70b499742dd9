import { type Emulator, startEmulator } from '@reanimate/emulator';
import type PgBoss from 'pg-boss';
import { localConfig } from '../../demo/local-config.js';
import { type MediaServer, startMediaServer } from '../../demo/sample-bucket.js';
import { addUser, type User } from '../../src/auth/api-keys.js';
import type { ServerConfig } from '../../src/config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrations.js';
import { type Database, openDatabase } from '../../src/db/pool.js';
import { startQueue } from '../../src/worker/queue.js';

export interface Team {
  pg: EmbeddedDatabase;
  db: Database;
  boss: PgBoss;
  emulator: Emulator;
  media: MediaServer;
  config: ServerConfig;
  alice: { user: User; key: string };
  bob: { user: User; key: string };
  admin: { user: User; key: string };
  close(): Promise<void>;
}

/** A real Postgres, the emulator, the team's "bucket", the schema, three users: what every server test starts on. */
export async function startTeam(
  options: { emulatorWorkers?: number; processingMs?: number; maxConcurrentJobs?: number } = {},
): Promise<Team> {
  const pg = await startEmbeddedPostgres();
  const media = await startMediaServer();
  const emulator = await startEmulator({
    workers: options.emulatorWorkers ?? 4,
    processing: { fixedMs: options.processingMs ?? 300 },
    ffmpegPath: false,
  });
  const config = localConfig(pg.url, emulator.url, {
    maxConcurrentJobs: options.maxConcurrentJobs ?? 4,
    leaseMs: 3_000,
  });
  const db = openDatabase(pg.url);
  await migrate(db);
  const boss = await startQueue(pg.url);
  const alice = await addUser(db, 'alice', 'editor');
  const bob = await addUser(db, 'bob', 'editor');
  const admin = await addUser(db, 'admin', 'admin');
  return {
    pg,
    db,
    boss,
    emulator,
    media,
    config,
    alice,
    bob,
    admin,
    async close() {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await db.close().catch(() => undefined);
      await emulator.close();
      await media.close();
      await pg.destroy();
    },
  };
}

/** Polls until `check` is true (the database is the truth; no fixed sleeps). */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One number from the database (count(*) and the like). */
export async function scalar(db: Database, sql: string, values: unknown[] = []): Promise<number> {
  const row = (await db.query<{ n: string | number }>(sql, values)).rows[0];
  return Number(row?.n);
}

export async function runState(db: Database, runId: string): Promise<string | undefined> {
  return (await db.query<{ state: string }>('SELECT state FROM runs WHERE id = $1', [runId])).rows[0]?.state;
}
