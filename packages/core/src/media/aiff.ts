import { MediaError } from './types.js';

/**
 * AIFF (and uncompressed AIFF-C) to WAV, in memory. Stock After Effects renders sound only as "AIFF 48kHz" (its
 * output-module format cannot be set by script), while react-1 and our pre-flight take WAV, not AIFF. The samples
 * stay as they are, only turned little-endian: no resampling, no loss. A clip's sound is at most 15 s (about 9 MB
 * at 48 kHz, 24-bit stereo), so reading it whole is fine.
 */

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The 80-bit IEEE extended float AIFF stores its sample rate in. */
function extended80(view: DataView, at: number): number {
  const exponent = view.getUint16(at) & 0x7fff;
  const sign = view.getUint16(at) & 0x8000 ? -1 : 1;
  const high = view.getUint32(at + 2);
  const low = view.getUint32(at + 6);
  if (exponent === 0 && high === 0 && low === 0) return 0;
  return sign * (high * 2 ** (exponent - 16383 - 31) + low * 2 ** (exponent - 16383 - 63));
}

export function isAiff(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(bytes, 8, 4));
}

export function aiffToWav(bytes: Uint8Array, label = 'the sound'): Uint8Array {
  const corrupt = (detail: string) =>
    new MediaError('corrupt', `${label} is not a readable AIFF file (${detail}).`, {
      hint: 'Render the sound again, or bring a WAV file instead.',
    });
  if (!isAiff(bytes)) throw corrupt('no FORM/AIFF header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compressed = ascii(bytes, 8, 4) === 'AIFC';
  let channels = 0;
  let bits = 0;
  let rate = 0;
  let frames = 0;
  let littleEndian = false;
  let data: Uint8Array | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4);
    const body = at + 8;
    if (body + size > bytes.length && id !== 'SSND') throw corrupt(`chunk ${id} runs past the end`);
    if (id === 'COMM') {
      channels = view.getUint16(body);
      frames = view.getUint32(body + 2);
      bits = view.getUint16(body + 6);
      rate = extended80(view, body + 8);
      if (compressed) {
        const kind = ascii(bytes, body + 18, 4);
        if (kind === 'sowt') littleEndian = true;
        else if (kind !== 'NONE')
          throw new MediaError(
            'unsupported',
            `${label} is compressed AIFF-C (${kind.trim()}), which is not converted.`,
            {
              hint: 'Use After Effects\u2019 uncompressed "AIFF 48kHz" template, or bring a WAV file.',
            },
          );
      }
    } else if (id === 'SSND') {
      const offset = view.getUint32(body);
      const start = body + 8 + offset;
      data = bytes.subarray(start, Math.min(bytes.length, body + size));
    }
    at = body + size + (size % 2);
  }
  if (!channels || !bits || !rate || !data) throw corrupt('no COMM or SSND chunk');
  if (bits % 8 !== 0 || bits > 32) throw corrupt(`${bits}-bit samples`);
  const width = bits / 8;
  const blockAlign = width * channels;
  const length = Math.min(data.length - (data.length % blockAlign), frames * blockAlign);
  const wav = new Uint8Array(44 + length);
  const out = new DataView(wav.buffer);
  const tag = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) wav[at + i] = text.charCodeAt(i);
  };
  tag(0, 'RIFF');
  out.setUint32(4, 36 + length, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  out.setUint32(16, 16, true);
  out.setUint16(20, 1, true); // PCM
  out.setUint16(22, channels, true);
  out.setUint32(24, Math.round(rate), true);
  out.setUint32(28, Math.round(rate) * blockAlign, true);
  out.setUint16(32, blockAlign, true);
  out.setUint16(34, bits, true);
  tag(36, 'data');
  out.setUint32(40, length, true);
  // 8-bit AIFF is signed, 8-bit WAV unsigned; wider samples only swap byte order.
  for (let i = 0; i < length; i += width) {
    for (let b = 0; b < width; b++) {
      const value = data[i + (littleEndian ? b : width - 1 - b)] as number;
      wav[44 + i + b] = width === 1 ? (value + 128) & 0xff : value;
    }
  }
  return wav;
}
