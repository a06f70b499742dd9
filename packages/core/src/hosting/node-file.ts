// Node-only: reached through ./node.ts, never from the universal entry.
import { createHash, webcrypto } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abortReason } from '../abort.js';
import { InputError } from '../errors.js';
import { contentTypeFor } from './content-key.js';
import { HostingError } from './errors.js';
import type { UploadSource } from './types.js';

/** Read size for hashing and uploading: memory per upload stays at a couple of these, whatever the file size. */
export const FILE_CHUNK_BYTES = 64 * 1024;

/**
 * Node 18 has WebCrypto only as `node:crypto`'s `webcrypto`; the global arrived in Node 19. The signer
 * (aws4fetch) uses the global, so install it when missing.
 */
export function ensureWebCrypto(): void {
  const g = globalThis as { crypto?: { subtle?: unknown } };
  if (!g.crypto?.subtle) {
    Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true });
  }
}

/** SHA-256 of a file, streamed: flat memory for any size. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw abortReason(signal);
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES });
  const onAbort = () => stream.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortReason(signal);
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
function fileStream(path: string, size: number, name: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
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
          handle ??= await open(path, 'r');
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
export async function fileUploadSource(
  pathOrUrl: string | URL,
  options: { name?: string; contentType?: string } = {},
): Promise<UploadSource> {
  ensureWebCrypto();
  const path =
    pathOrUrl instanceof URL || /^file:\/\//i.test(pathOrUrl) ? fileURLToPath(pathOrUrl) : pathOrUrl;
  const name = options.name ?? basename(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
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
      digest ??= sha256File(path, signal).catch((error: unknown) => {
        digest = undefined;
        throw error;
      });
      return digest;
    },
    async openBody() {
      const now = await stat(path).catch(() => undefined);
      if (!now || now.size !== size || now.mtimeMs !== mtimeMs) throw changed(name);
      return { kind: 'stream', stream: fileStream(path, size, name) };
    },
  };
}
