import { abortReason } from '../abort.js';
import { contentTypeFor, sha256Blob } from './content-key.js';
import type { UploadSource } from './types.js';

export function isUploadSource(value: unknown): value is UploadSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UploadSource).sha256 === 'function' &&
    typeof (value as UploadSource).openBody === 'function'
  );
}

export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** A Blob or File as an upload source (browsers, the CEP panel, or bytes already in memory). */
export function blobUploadSource(
  blob: Blob,
  options: { name?: string; contentType?: string } = {},
): UploadSource {
  const fileName = (blob as { name?: unknown }).name;
  const name = options.name ?? (typeof fileName === 'string' && fileName ? fileName : 'upload.bin');
  let digest: Promise<string> | undefined;
  return {
    name,
    sizeBytes: blob.size,
    contentType: options.contentType ?? (blob.type || contentTypeFor(name)),
    async sha256(signal) {
      if (signal?.aborted) throw abortReason(signal);
      digest ??= sha256Blob(blob).catch((error: unknown) => {
        digest = undefined;
        throw error;
      });
      return digest;
    },
    async openBody() {
      return { kind: 'blob', blob };
    },
  };
}
