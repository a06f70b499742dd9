import {
  AmbiguousSubmitError,
  AuthError,
  HostingError,
  InputError,
  JobCancelledError,
  JobFailedError,
  MediaError,
  ReanimateError,
  ServiceUnreachableError,
} from '@reanimate/core';
import { FfmpegError } from '@reanimate/ffmpeg';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './program.js';

export interface ErrorReport {
  exitCode: number;
  /** Machine-readable: our error code (`input`, `auth`, `job_failed`, ...). */
  code: string;
  message: string;
  hint: string | undefined;
}

/** Storage problems the user fixes in the settings, before anything can be sent. */
const SETTINGS_REASONS = new Set([
  'not_configured',
  'bad_credentials',
  'access_denied',
  'no_such_bucket',
  'wrong_region',
]);

/**
 * Maps any error to the exit code contract and a message. Core's errors never carry secrets or presigned query
 * strings; anything else is reduced to its message (no stack) and still scrubbed by the Printer.
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof UsageError) {
    return { exitCode: ExitCode.usage, code: 'usage', message: error.message, hint: undefined };
  }
  if (ReanimateError.isInstance(error)) {
    const base = { code: error.code, message: error.message, hint: error.hint };
    if (AuthError.isInstance(error)) return { ...base, exitCode: ExitCode.auth };
    if (AmbiguousSubmitError.isInstance(error)) return { ...base, exitCode: ExitCode.ambiguous };
    if (ServiceUnreachableError.isInstance(error)) {
      return {
        ...base,
        exitCode: ExitCode.unreachable,
        hint: 'The job may still be running and is billed: run `reanimate resume` once the service is back.',
      };
    }
    if (JobFailedError.isInstance(error) || JobCancelledError.isInstance(error)) {
      return { ...base, exitCode: ExitCode.failed };
    }
    if (InputError.isInstance(error) || MediaError.isInstance(error))
      return { ...base, exitCode: ExitCode.usage };
    if (HostingError.isInstance(error) && SETTINGS_REASONS.has(error.reason)) {
      return { ...base, exitCode: ExitCode.usage };
    }
    return { ...base, exitCode: ExitCode.failed };
  }
  if (error instanceof FfmpegError) {
    return {
      exitCode: ExitCode.failed,
      code: 'media',
      message: error.message,
      hint: 'Check that the input files play, and that the output folder is writable; then try again.',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.failed,
    code: 'unexpected',
    message: `Unexpected error: ${message}`,
    hint: undefined,
  };
}

/** "error: message" plus the hint on its own line, as printed on stderr. */
export function formatError(report: { message: string; hint?: string | undefined }): string {
  return report.hint ? `error: ${report.message}\n${report.hint}` : `error: ${report.message}`;
}
