import { assertWebCrypto } from './sigv4.js';

/**
 * Content addressing: an object's key is the SHA-256 of its bytes (plus the extension), so a retried or
 * repeated job finds the object it uploaded before and skips the upload.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/opus',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.txt': 'text/plain',
};

/** The last path segment of a POSIX or Windows path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * The extension, lowercased, kept in the key so stores, CDNs and react-1 see a sensible type; anything odd
 * (spaces, unicode, very long) is dropped rather than escaped.
 */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(baseName(name));
  return match ? `.${match[1]!.toLowerCase()}` : '';
}

export function contentTypeFor(name: string): string {
  return CONTENT_TYPES[extensionOf(name)] ?? 'application/octet-stream';
}

export function contentKey(prefix: string, sha256: string, name: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError('sha256 must be 64 lowercase hex digits');
  return `${prefix}${sha256}${extensionOf(name)}`;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (let i = 0; i < view.length; i++) out += view[i]!.toString(16).padStart(2, '0');
  return out;
}

/**
 * SHA-256 of a Blob with WebCrypto, which has no incremental digest: the whole Blob is read into memory once.
 * Acceptable because react-1 inputs are at most 100 MB (`MAX_VIDEO_BYTES`, checked before hashing); Node
 * hashes files by streaming instead (`sha256File`).
 */
export async function sha256Blob(blob: Blob): Promise<string> {
  assertWebCrypto();
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return toHex(digest);
}
