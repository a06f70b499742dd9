import type { NodeModules } from '../platform/node-modules.js';
import type { ByteSource } from './source.js';
import { MediaError } from './types.js';

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

/**
 * A file on disk as a ByteSource: each read is a positioned read, so probing a 100 MB video touches only the
 * boxes the parser asks for. Failing to open or read throws a MediaError with reason `unreadable`.
 */
export async function openFileByteSource(
  node: Pick<NodeModules, 'fs'>,
  path: string,
): Promise<FileByteSource> {
  let handle: Awaited<ReturnType<NodeModules['fs']['open']>>;
  let size: number;
  try {
    handle = await node.fs.open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stats.size;
  } catch (error) {
    await handle.close().catch(() => {});
    throw unreadable(path, error);
  }
  return {
    size,
    async read(start, end) {
      const from = Math.max(0, Math.min(start, size));
      const length = Math.max(0, Math.min(end, size) - from);
      const buffer = new Uint8Array(length);
      let filled = 0;
      try {
        while (filled < length) {
          const { bytesRead } = await handle.read(buffer, filled, length - filled, from + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
      } catch (error) {
        throw unreadable(path, error);
      }
      return filled === length ? buffer : buffer.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}

function unreadable(path: string, error: unknown): MediaError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message =
    code === 'ENOENT'
      ? `${path} does not exist: check the path.`
      : code === 'EISDIR'
        ? `${path} is a folder, not a file: pass the media file inside it.`
        : code === 'EACCES' || code === 'EPERM'
          ? `${path} cannot be read (permission denied): check that you may read it.`
          : `${path} cannot be read (${error instanceof Error ? error.message : String(error)}): check that it exists and is readable.`;
  return new MediaError('unreadable', message, { source: path, cause: error });
}
