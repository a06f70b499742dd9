/**
 * Random access to the bytes of whatever is being probed: a buffer, a Blob (a browser File), a file on disk or
 * a remote URL. The probe asks only for the ranges it needs, so a 100 MB video is never read whole.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Bytes `[start, end)`, clamped to the size; fewer only at the end of the source. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: async (start, end) => bytes.subarray(clamp(start, bytes.byteLength), clamp(end, bytes.byteLength)),
  };
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/**
 * Serves small reads from one cached block. Parsers read a few bytes at a time (an 11 kB WebM takes ~400 reads),
 * and each read of a file or a URL has a fixed cost; reads of a whole block or more go straight through.
 */
export function withReadAhead(source: ByteSource, blockSize: number): ByteSource {
  let block: { start: number; bytes: Uint8Array } | undefined;
  return {
    size: source.size,
    async read(start, end) {
      const from = clamp(start, source.size);
      const to = clamp(end, source.size);
      if (to <= from) return new Uint8Array(0);
      if (block && from >= block.start && to <= block.start + block.bytes.byteLength) {
        return block.bytes.subarray(from - block.start, to - block.start);
      }
      if (to - from >= blockSize) return source.read(from, to);
      const bytes = await source.read(from, clamp(from + blockSize, source.size));
      block = { start: from, bytes };
      return bytes.subarray(0, to - from);
    },
  };
}

/** A copy of `bytes` in an ArrayBuffer of its own, as mp4box and Blob consumers need. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function clamp(value: number, size: number): number {
  return Math.max(0, Math.min(value, size));
}
