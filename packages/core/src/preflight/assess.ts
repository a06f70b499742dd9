import type { FieldIssue } from '../errors.js';
import { MAX_INPUT_SECONDS, MAX_VIDEO_BYTES } from '../limits.js';
import type { MediaProbe } from '../media/types.js';
import type { InputRole } from './types.js';

/**
 * react-1's rules applied to one probed input: every problem as an issue whose message names the input, says
 * what is wrong and what to do. Pure, so a panel can show the issues next to the field as soon as a file is picked.
 */
export function assessProbe(role: InputRole, probe: MediaProbe, label: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = `${role} ${label}`;
  if (role === 'video' && !probe.hasVideo) {
    const only = probe.hasAudio ? ' (it holds only audio)' : '';
    issues.push({
      field: role,
      code: 'no_video_stream',
      message: `${name} has no video stream${only}: react-1 needs a video of a face; choose a video file.`,
    });
  }
  if (role === 'audio' && !probe.hasAudio) {
    const silent = probe.hasVideo ? ' (it is a video without sound)' : '';
    issues.push({
      field: role,
      code: 'no_audio_stream',
      message: `${name} has no audio stream${silent}: choose a file with the speech to sync to (the sound of a video file works too).`,
    });
  }
  if (probe.durationSec !== undefined && probe.durationSec > MAX_INPUT_SECONDS) {
    issues.push({
      field: role,
      code: 'too_long',
      limit: MAX_INPUT_SECONDS,
      actual: probe.durationSec,
      message: tooLong(name, probe.durationSec),
    });
  }
  if (role === 'video' && probe.sizeBytes > MAX_VIDEO_BYTES) {
    issues.push({
      field: role,
      code: 'too_big',
      limit: MAX_VIDEO_BYTES,
      actual: probe.sizeBytes,
      message: tooBig(name, probe.sizeBytes),
    });
  }
  return issues;
}

export function tooLong(name: string, durationSec: number): string {
  const over = durationSec - MAX_INPUT_SECONDS;
  // Enough decimals that the excess never reads as "0.0 s over".
  let digits = 1;
  while (digits < 3 && Number(over.toFixed(digits)) === 0) digits++;
  const excess = Number(over.toFixed(digits)) === 0 ? 'a fraction of a second' : `${over.toFixed(digits)} s`;
  return (
    `${name} is ${durationSec.toFixed(digits)} s long, ${excess} over react-1's ${MAX_INPUT_SECONDS} s limit: ` +
    `trim it to ${MAX_INPUT_SECONDS} s or less, or use the split option to process it in segments.`
  );
}

export function tooBig(name: string, sizeBytes: number): string {
  // Within 0.05 MB of the limit, one decimal would read "100.0 MB": show the bytes instead.
  const size = sizeBytes - MAX_VIDEO_BYTES < 50_000 ? `${sizeBytes} bytes` : formatMegabytes(sizeBytes);
  return (
    `${name} is ${size}, over react-1's ${formatMegabytes(MAX_VIDEO_BYTES)} limit for video: ` +
    're-encode it at a lower bitrate or resolution, or trim it.'
  );
}

/** Decimal megabytes, as the limit is stated. */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 1_000_000;
  return Number.isInteger(megabytes) ? `${megabytes} MB` : `${megabytes.toFixed(1)} MB`;
}

/** A note for an input whose duration is unknown: not a refusal, since we cannot tell. */
export function unknownDurationNote(label: string): string {
  return `could not tell how long ${label} is (it does not say); react-1 refuses inputs over ${MAX_INPUT_SECONDS} s`;
}
