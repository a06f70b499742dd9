/**
 * Which parser to hand a file to, decided by its first bytes rather than its name: a `.mp4` that is really a web
 * page, or an MP3 saved as `.m4a`, must be caught here, not misread by a parser chosen from the extension.
 */

/** Enough bytes to recognise every signature below. */
export const SNIFF_BYTES = 16;

export type SniffedKind = 'isobmff' | 'matroska' | 'wav' | 'mpeg-audio';

export type Sniffed =
  | { kind: SniffedKind }
  /** `looksLike` names what the bytes appear to be instead, when we can tell (for a more useful message). */
  | { kind: 'unknown'; looksLike: string | undefined };

// Top-level boxes an ISO-BMFF file may start with: `ftyp` normally, the others in old QuickTime files.
const ISO_BMFF_FIRST_BOXES = ['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];

const IMAGE_BRANDS = ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'];

const OTHER_SIGNATURES: ReadonlyArray<{ ascii: string; at?: number; looksLike: string }> = [
  { ascii: 'OggS', looksLike: 'an Ogg file' },
  { ascii: 'fLaC', looksLike: 'a FLAC file' },
  { ascii: 'AVI ', at: 8, looksLike: 'an AVI file' },
  { ascii: 'AIFF', at: 8, looksLike: 'an AIFF file' },
  { ascii: 'AIFC', at: 8, looksLike: 'an AIFF file' },
  { ascii: 'GIF8', looksLike: 'a GIF image' },
  { ascii: '\x89PNG', looksLike: 'a PNG image' },
  { ascii: '%PDF', looksLike: 'a PDF document' },
  { ascii: 'PK\x03\x04', looksLike: 'a ZIP archive' },
];

export function sniffFormat(head: Uint8Array): Sniffed {
  const boxType = asciiAt(head, 4, 4);
  if (boxType !== undefined && ISO_BMFF_FIRST_BOXES.includes(boxType) && plausibleBoxSize(head)) {
    // HEIC and AVIF stills are ISO-BMFF too, but images, not movies.
    if (boxType === 'ftyp' && IMAGE_BRANDS.includes(asciiAt(head, 8, 4) ?? '')) {
      return { kind: 'unknown', looksLike: 'a HEIC or AVIF image' };
    }
    return { kind: 'isobmff' };
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'matroska' };
  if (asciiAt(head, 0, 4) === 'RIFF' && asciiAt(head, 8, 4) === 'WAVE') return { kind: 'wav' };
  if (asciiAt(head, 0, 3) === 'ID3') return { kind: 'mpeg-audio' };
  // 11 set sync bits open both MPEG audio frames (MP3) and ADTS frames (AAC); music-metadata tells them apart.
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return { kind: 'mpeg-audio' };
  return { kind: 'unknown', looksLike: guessOther(head) };
}

function guessOther(head: Uint8Array): string | undefined {
  for (const signature of OTHER_SIGNATURES) {
    if (asciiAt(head, signature.at ?? 0, signature.ascii.length) === signature.ascii)
      return signature.looksLike;
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'a JPEG image';
  const text = textPrefix(head);
  if (text === undefined) return undefined;
  const trimmed = text.trimStart().toLowerCase();
  if (trimmed.startsWith('<!doctype html') || trimmed.startsWith('<html') || trimmed.startsWith('<head')) {
    return 'a web page (HTML)';
  }
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<')) return 'an XML or HTML document';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'JSON text';
  return 'text';
}

/** The bytes as text when they are all printable ASCII (or whitespace), else undefined. */
function textPrefix(head: Uint8Array): string | undefined {
  if (head.length === 0) return undefined;
  let text = '';
  for (const byte of head) {
    const printable = (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
    // A UTF-8 byte-order mark or multibyte characters are still text.
    if (!printable && byte < 0x80) return undefined;
    text += byte < 0x80 ? String.fromCharCode(byte) : ' ';
  }
  return text;
}

/** A box size is 0 (to the end), 1 (64-bit size follows) or at least its own 8-byte header. */
function plausibleBoxSize(head: Uint8Array): boolean {
  const size =
    (((head[0] ?? 0) << 24) >>> 0) + ((head[1] ?? 0) << 16) + ((head[2] ?? 0) << 8) + (head[3] ?? 0);
  return size === 0 || size === 1 || size >= 8;
}

function asciiAt(bytes: Uint8Array, offset: number, length: number): string | undefined {
  if (bytes.length < offset + length) return undefined;
  let out = '';
  for (let index = offset; index < offset + length; index++) out += String.fromCharCode(bytes[index] ?? 0);
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
