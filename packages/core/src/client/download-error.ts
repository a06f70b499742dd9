import { ReanimateError, type ReanimateErrorOptions } from '../errors.js';

export type DownloadErrorReason = 'exists' | 'not_video' | 'truncated' | 'http' | 'write';

/** A download could not produce a complete output file; no partial file is left behind. */
export class DownloadError extends ReanimateError {
  readonly reason: DownloadErrorReason;
  /** HTTP status, when the file server answered with an error. */
  readonly status: number | undefined;

  constructor(
    reason: DownloadErrorReason,
    message: string,
    options: ReanimateErrorOptions & { status?: number } = {},
  ) {
    super('download', message, options);
    this.name = 'DownloadError';
    this.reason = reason;
    this.status = options.status;
  }

  static override isInstance(value: unknown): value is DownloadError {
    return ReanimateError.isInstance(value) && value.code === 'download';
  }
}
