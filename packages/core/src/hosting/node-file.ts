import { abortReason } from '../abort.js';
import { InputError } from '../errors.js';
import { errnoCode, type NodeModules } from '../platform/node-modules.js';
import { contentTypeFor } from './content-key.js';
import { HostingError } from './errors.js';
import type { UploadSource } from './types.js';

/** Read size for hashing and uploading: memory per upload stays at a couple of these, whatever the file size. */
export const FILE_CHUNK_BYTES = 64 * 1024;

type Deps = Pick<NodeModules, 'fs' | 'path' | 'crypto'>;
type Handle = Awaited<ReturnType<NodeModules['fs']['open']>>;

/** SHA-256 of a file, read chunk by chunk: flat memory for any size. */
export async function sha256FileWith(node: Deps, path: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw abortReason(signal);
  const hash = node.crypto.createHash('sha256');
  const handle = await node.fs.open(path, 'r');
  try {
    const chunk = new Uint8Array(FILE_CHUNK_BYTES);
    for (let position = 0; ; ) {
      if (signal?.aborted) throw abortReason(signal);
      const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, position);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

function changed(name: string): HostingError {
  return new HostingError('source_changed', `${name} changed on disk while it was being uploaded.`, {
    hint: 'Wait until the file is fully written (export finished), then start the job again.',
  });
}

/**
 * Reads exactly `size` bytes from `path` in fresh chunks, one at a time as the consumer asks: fetch holds on to
 * a chunk until the socket has taken it, so chunks are never reused.
 */
function fileStream(node: Deps, path: string, size: number, name: string): ReadableStream<Uint8Array> {
  let handle: Handle | undefined;
  let position = 0;
  const close = async () => {
    const h = handle;
    handle = undefined;
    await h?.close().catch(() => {});
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          handle ??= await node.fs.open(path, 'r');
          const want = Math.min(FILE_CHUNK_BYTES, size - position);
          if (want <= 0) {
            await close();
            controller.close();
            return;
          }
          const chunk = new Uint8Array(want);
          const { bytesRead } = await handle.read(chunk, 0, want, position);
          if (bytesRead === 0) throw changed(name);
          position += bytesRead;
          controller.enqueue(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
        } catch (error) {
          await close();
          throw error;
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/**
 * A file on disk as an upload source: hashed and uploaded by streaming, so memory stays flat for a 100 MB
 * file. The size and modification time are captured now; if either differs when the upload starts, the
 * upload stops with `source_changed` rather than storing bytes that do not match the content key.
 */
export async function fileUploadSourceWith(
  node: Deps,
  path: string,
  options: { name?: string; contentType?: string } = {},
): Promise<UploadSource> {
  const name = options.name ?? node.path.basename(path);
  let info: Awaited<ReturnType<NodeModules['fs']['stat']>>;
  try {
    info = await node.fs.stat(path);
  } catch (error) {
    const code = errnoCode(error);
    throw new InputError(
      code === 'ENOENT' ? `${name} does not exist.` : `${name} cannot be read (${String(code ?? 'error')}).`,
      { issues: [{ field: 'file', message: code === 'ENOENT' ? 'does not exist' : 'cannot be read' }] },
    );
  }
  if (!info.isFile()) {
    throw new InputError(`${name} is not a file.`, { issues: [{ field: 'file', message: 'is not a file' }] });
  }
  const { size, mtimeMs } = info;
  let digest: Promise<string> | undefined;
  return {
    name,
    sizeBytes: size,
    contentType: options.contentType ?? contentTypeFor(name),
    sha256(signal) {
      digest ??= sha256FileWith(node, path, signal).catch((error: unknown) => {
        digest = undefined;
        throw error;
      });
      return digest;
    },
    async openBody() {
      const now = await node.fs.stat(path).catch(() => undefined);
      if (!now || now.size !== size || now.mtimeMs !== mtimeMs) throw changed(name);
      return { kind: 'stream', stream: fileStream(node, path, size, name) };
    },
  };
}
