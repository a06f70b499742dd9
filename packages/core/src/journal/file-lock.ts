import type { NodeModules } from '../platform/node-modules.js';
import { tempName } from './atomic-write.js';

type Deps = Pick<NodeModules, 'fs' | 'path' | 'os' | 'process'>;

/**
 * An exclusive, cross-process lock as a file. Created complete and atomically (written to a temp file, then
 * hard-linked into place, which fails if the lock exists). A lock is stale when its owner's pid is gone (same
 * host) or its heartbeat (the file's mtime, refreshed while held) is older than `staleMs`: the latter covers pid
 * reuse after a reboot and owners on other hosts. Taking over a stale lock happens under a second, short-lived
 * guard file and re-checks the lock under it, so two processes cannot both remove a stale lock and both win.
 */

export interface FileLockOptions {
  staleMs: number;
  /** For tests: whether a pid is alive. */
  isAlive?: (pid: number) => boolean;
}

export interface FileLock {
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  token: string;
  at: string;
}

const GUARD_STALE_MS = 10_000;

export function isProcessAlive(node: Pick<NodeModules, 'process'>, pid: number): boolean {
  try {
    node.process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readLock(
  node: Deps,
  path: string,
): Promise<{ content: LockContent | undefined; raw: string; mtimeMs: number } | undefined> {
  try {
    const [raw, info] = await Promise.all([node.fs.readFile(path, 'utf8'), node.fs.stat(path)]);
    let content: LockContent | undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<LockContent>;
      if (
        typeof parsed.pid === 'number' &&
        typeof parsed.token === 'string' &&
        typeof parsed.host === 'string'
      ) {
        content = parsed as LockContent;
      }
    } catch {
      content = undefined;
    }
    return { content, raw, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function tryLock(
  node: Deps,
  path: string,
  options: FileLockOptions,
): Promise<FileLock | undefined> {
  const isAlive = options.isAlive ?? ((pid: number) => isProcessAlive(node, pid));
  const host = node.os.hostname();
  const content: LockContent = {
    pid: node.process.pid,
    host,
    token: `${node.process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    at: new Date().toISOString(),
  };
  const temp = tempName(node, path);
  await node.fs.writeFile(temp, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
  try {
    for (let round = 0; round < 3; round++) {
      try {
        await createExclusive(node, temp, path, content);
        return held(node, path, content, options.staleMs);
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      const existing = await readLock(node, path);
      if (!existing) continue;
      if (!isStale(existing, host, options.staleMs, isAlive)) return undefined;
      if (!(await removeStale(node, path, existing.raw, options.staleMs, isAlive))) return undefined;
    }
    return undefined;
  } finally {
    await node.fs.unlink(temp).catch(() => undefined);
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV']);

/**
 * A hard link appears complete or not at all. Where the file system has no hard links (FAT, some shares), fall
 * back to an exclusive create: the lock may then be read empty for an instant, which readers treat as held.
 */
async function createExclusive(node: Deps, temp: string, path: string, content: LockContent): Promise<void> {
  try {
    await node.fs.link(temp, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has(code(error) ?? '')) throw error;
    await node.fs.writeFile(path, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
  }
}

function isStale(
  lock: { content: LockContent | undefined; mtimeMs: number },
  host: string,
  staleMs: number,
  isAlive: (pid: number) => boolean,
): boolean {
  if (Date.now() - lock.mtimeMs > staleMs) return true;
  if (!lock.content) return false;
  return lock.content.host === host && !isAlive(lock.content.pid);
}

/** Removes the stale lock if it is still the one we judged stale; false when someone else is on it. */
async function removeStale(
  node: Deps,
  path: string,
  staleRaw: string,
  staleMs: number,
  isAlive: (pid: number) => boolean,
): Promise<boolean> {
  const guard = `${path}.takeover`;
  let handle: Awaited<ReturnType<Deps['fs']['open']>>;
  try {
    handle = await node.fs.open(guard, 'wx');
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    // A guard left by a process that died mid-takeover would block the job forever.
    const info = await node.fs.stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > GUARD_STALE_MS)
      await node.fs.unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    await handle.close();
    const again = await readLock(node, path);
    if (again && (again.raw !== staleRaw || !isStale(again, node.os.hostname(), staleMs, isAlive)))
      return false;
    if (again)
      await node.fs
        .unlink(path)
        .catch((error: unknown) => (code(error) === 'ENOENT' ? undefined : Promise.reject(error)));
    return true;
  } finally {
    await node.fs.unlink(guard).catch(() => undefined);
  }
}

function held(node: Deps, path: string, content: LockContent, staleMs: number): FileLock {
  const beat = setInterval(
    () => {
      const now = new Date();
      void node.fs.utimes(path, now, now).catch(() => undefined);
    },
    Math.max(50, Math.floor(staleMs / 3)),
  );
  // The heartbeat must not keep a finished CLI alive.
  beat.unref?.();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      const current = await readLock(node, path);
      if (current?.content?.token === content.token) await node.fs.unlink(path).catch(() => undefined);
    },
  };
}
