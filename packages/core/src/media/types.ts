import { ReanimateError, type ReanimateErrorOptions } from '../errors.js';

export type Container = 'mp4' | 'mov' | 'm4v' | 'm4a' | 'webm' | 'wav' | 'mp3' | 'aac';

/** What a pure-TypeScript look at a media file tells us; enough for react-1's pre-flight checks. */
export interface MediaProbe {
  container: Container;
  /** Seconds; undefined only when the file does not say (never guessed). */
  durationSec: number | undefined;
  hasVideo: boolean;
  hasAudio: boolean;
  sizeBytes: number;
  /** A MIME type suitable for Content-Type when uploading. */
  mimeType: string;
  video?: { codec?: string; width?: number; height?: number; fps?: number };
  audio?: { codec?: string; sampleRate?: number; channels?: number };
}

export type MediaErrorReason = 'empty' | 'unsupported' | 'corrupt' | 'unreadable';

/** A file we cannot use as react-1 input, and why. */
export class MediaError extends ReanimateError {
  readonly reason: MediaErrorReason;
  /** The file name or redacted URL the error is about. */
  readonly source: string | undefined;
  constructor(
    reason: MediaErrorReason,
    message: string,
    options: ReanimateErrorOptions & { source?: string } = {},
  ) {
    super('media', message, options);
    this.name = 'MediaError';
    this.reason = reason;
    this.source = options.source;
  }
  static override isInstance(value: unknown): value is MediaError {
    return ReanimateError.isInstance(value) && value.code === 'media';
  }
}
