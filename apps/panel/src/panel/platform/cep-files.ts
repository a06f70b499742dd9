import { contentTypeFor, type MediaProbe, probeSource, type UploadSource } from '@reanimate/core';

/** The parts of Node's fs and crypto used here, typed narrowly: they come from `require` in CEP. */
export interface NodeFileHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}
export interface NodeFsForFiles {
  promises: {
    open(path: string, flags: 'r'): Promise<NodeFileHandle>;
    stat(path: string): Promise<{ size: number }>;
  };
}
export interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(chunk: Uint8Array): unknown; digest(encoding: 'hex'): string };
}

const CHUNK = 64 * 1024;
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

async function readAt(handle: NodeFileHandle, start: number, end: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, end - start));
  let filled = 0;
  while (filled < buffer.byteLength) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.byteLength - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Probes a file on disk with the range reads core's parsers ask for. */
export async function probeLocalFile(fs: NodeFsForFiles, path: string): Promise<MediaProbe> {
  const { size } = await fs.promises.stat(path);
  const handle = await fs.promises.open(path, 'r');
  try {
    return await probeSource(
      { size, read: (start, end) => readAt(handle, Math.min(start, size), Math.min(end, size)) },
      { fileName: baseName(path) },
    );
  } finally {
    await handle.close();
  }
}

/**
 * A file on disk as core's UploadSource: hashed and uploaded in 64 kB chunks, so memory stays flat for any
 * size (the body reaches Node's http through the panel's fetch, which streams it).
 */
export async function localFileUploadSource(
  fs: NodeFsForFiles,
  crypto: NodeCrypto,
  path: string,
): Promise<UploadSource> {
  const { size } = await fs.promises.stat(path);
  const name = baseName(path);
  const chunks = async function* () {
    const handle = await fs.promises.open(path, 'r');
    try {
      for (let position = 0; position < size; position += CHUNK) {
        yield await readAt(handle, position, Math.min(size, position + CHUNK));
      }
    } finally {
      await handle.close();
    }
  };
  let digest: Promise<string> | undefined;
  return {
    name,
    sizeBytes: size,
    contentType: contentTypeFor(name),
    sha256() {
      digest ??= (async () => {
        const hash = crypto.createHash('sha256');
        for await (const chunk of chunks()) hash.update(chunk);
        return hash.digest('hex');
      })();
      return digest;
    },
    async openBody() {
      const iterator = chunks();
      const stream = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const next = await iterator.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          async cancel() {
            await iterator.return(undefined);
          },
        },
        { highWaterMark: 0 },
      );
      return { kind: 'stream', stream };
    },
  };
}
