import type { NodeModules } from '../platform/node-modules.js';

type Deps = Pick<NodeModules, 'fs' | 'path' | 'process'>;

/** Unique enough among processes and calls; no crypto needed for a temp name. */
export function tempName(node: Deps, path: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  const { join, dirname, basename } = node.path;
  return join(
    dirname(path),
    `.${basename(path)}.${node.process.pid}.${Date.now().toString(36)}${random}.tmp`,
  );
}

const RENAME_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * Replaces `path` with `data` so that a reader sees the old file or the new one, never a torn one: write a temp
 * file beside it, fsync, rename over, then fsync the folder so the rename itself survives a power cut.
 * The one atomic writer: the journal's records and the panel's settings store both go through it.
 */
export async function writeFileAtomic(node: Deps, path: string, data: string): Promise<void> {
  const temp = tempName(node, path);
  const handle = await node.fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await renameWithRetry(node, temp, path);
  } catch (error) {
    await node.fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(node, node.path.dirname(path));
}

/** Windows refuses a rename over a file another process has open for a moment; try again briefly. */
async function renameWithRetry(node: Deps, from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await node.fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (attempt >= 10 || !RENAME_RETRY_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}

/** Best effort: not every platform lets a folder be opened and synced (Windows does not). */
export async function syncFolder(node: Deps, folder: string): Promise<void> {
  try {
    const handle = await node.fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data itself is synced; only the rename's durability on a crash is at stake.
  }
}
