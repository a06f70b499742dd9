import { emptyMedia, UNNAMED, unsupportedMedia } from './failures.js';
import { probeIsoBmff } from './probe-isobmff.js';
import { probeWithMusicMetadata } from './probe-music-metadata.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';
import { type ByteSource, blobSource, bytesSource } from './source.js';
import type { MediaProbe } from './types.js';

export interface ProbeOptions {
  /** Used in error messages; a File's own name is used when omitted. */
  fileName?: string;
  /** The type the file claims (e.g. a File's `type`); only mentioned in messages, never trusted over the bytes. */
  mimeType?: string;
}

/**
 * Probes any ByteSource: picks the parser by the file's first bytes, then reads only what that parser needs.
 * Throws a MediaError: `empty` for 0 bytes, `unsupported` for a format react-1 inputs cannot be, `corrupt` for a
 * known format that cannot be read. Errors thrown by the source itself propagate unchanged.
 */
export async function probeSource(source: ByteSource, options: ProbeOptions = {}): Promise<MediaProbe> {
  const label = options.fileName || UNNAMED;
  if (source.size === 0) throw emptyMedia(label);
  const sniffed = sniffFormat(await source.read(0, SNIFF_BYTES));
  switch (sniffed.kind) {
    case 'isobmff':
      return probeIsoBmff(source, label);
    case 'matroska':
    case 'wav':
    case 'mpeg-audio':
      return probeWithMusicMetadata(source, sniffed.kind, label);
    default:
      throw unsupportedMedia(label, sniffed.looksLike, options.mimeType);
  }
}

/** Probes a file already in memory. */
export function probeBytes(bytes: Uint8Array, options: ProbeOptions = {}): Promise<MediaProbe> {
  return probeSource(bytesSource(bytes), options);
}

/** Probes a Blob or a browser File, reading only the slices the parser needs. */
export function probeBlob(blob: Blob, options: ProbeOptions = {}): Promise<MediaProbe> {
  return probeSource(blobSource(blob), {
    fileName: options.fileName ?? fileNameOf(blob),
    mimeType: options.mimeType ?? (blob.type || undefined),
  });
}

function fileNameOf(blob: Blob): string | undefined {
  const name: unknown = (blob as Blob & { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
