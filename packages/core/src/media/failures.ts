import { MediaError } from './types.js';

/** The formats react-1 input may come in, as users name them. */
export const SUPPORTED_FORMATS_TEXT = 'MP4, MOV, M4V or WebM video, or WAV, MP3, M4A or AAC audio';

const CONVERT_HINT = `Supported: ${SUPPORTED_FORMATS_TEXT}; convert it to one of these (for example MP4 with H.264 video and AAC audio).`;

/** How a message refers to a file that came without a name. */
export const UNNAMED = 'the file';

export function emptyMedia(label: string): MediaError {
  return new MediaError('empty', `${label} is empty (0 bytes): export, copy or download it again.`, {
    source: label,
  });
}

export function unsupportedMedia(label: string, looksLike?: string, declaredType?: string): MediaError {
  const what = looksLike ? `it looks like ${looksLike}` : 'its content matches no supported format';
  const declared = declaredType ? ` although it is labelled ${declaredType}` : '';
  return new MediaError(
    'unsupported',
    `${label} is not a media file react-1 can take: ${what}${declared}. ${CONVERT_HINT}`,
    {
      source: label,
    },
  );
}

export function unsupportedContainer(label: string, container: string): MediaError {
  return new MediaError(
    'unsupported',
    `${label} is ${container}, which react-1 does not take. ${CONVERT_HINT}`,
    {
      source: label,
    },
  );
}

export function corruptMedia(label: string, format: string, detail: string, cause?: unknown): MediaError {
  return new MediaError(
    'corrupt',
    `${label} looks like ${format} but cannot be read (${detail}): it may be damaged or cut short; export or download it again.`,
    { source: label, cause },
  );
}

/** A parser's error as a short phrase for a message (never a stack). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line || 'unknown parser error';
}
