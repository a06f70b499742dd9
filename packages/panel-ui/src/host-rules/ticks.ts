import type { HostTime } from '../host-bridge';
import { hostError } from './refusal';

/** Premiere's time base. After Effects works in seconds; we express its times in the same ticks. */
export const TICKS_PER_SECOND = 254016000000;

/**
 * Ticks are handled as doubles: they hold integers exactly up to 2^53 ticks ≈ 35 459 s ≈ 9.85 h of timeline,
 * far beyond any clip we re-animate. Past that bound arithmetic would silently round, so we refuse instead.
 */
export const MAX_EXACT_TICKS = 9007199254740992;

export function parseTicks(ticks: string | number): number {
  const value = typeof ticks === 'number' ? ticks : parseFloat(String(ticks));
  if (isNaN(value)) {
    throw hostError('internal', `not a tick count: ${ticks}`);
  }
  if (value > MAX_EXACT_TICKS || value < -MAX_EXACT_TICKS) {
    throw hostError('unsupported', 'timeline positions beyond 9.8 hours are not supported');
  }
  return Math.round(value);
}

/** Decimal digits of an integer tick count, never in exponent notation (exact below 2^53). */
export function formatTicks(ticks: number): string {
  const rounded = Math.round(ticks);
  if (rounded < 0) {
    return `-${formatTicks(-rounded)}`;
  }
  if (rounded < 1e21) {
    // Number#toString only switches to exponent notation at 1e21, and we never get near it below 2^53.
    return String(rounded);
  }
  throw hostError('unsupported', 'tick count out of range');
}

export function secondsToTicks(seconds: number): number {
  return Math.round(seconds * TICKS_PER_SECOND);
}

export function ticksToSeconds(ticks: number): number {
  return ticks / TICKS_PER_SECOND;
}

export function timeFromTicks(ticks: number): HostTime {
  return { seconds: ticksToSeconds(ticks), ticks: formatTicks(ticks) };
}

export function timeFromSeconds(seconds: number): HostTime {
  return timeFromTicks(secondsToTicks(seconds));
}

/** Whole frames in a span, rounding to the nearest frame: Premiere positions sit on frame boundaries. */
export function framesIn(spanTicks: number, frameTicks: number): number {
  return frameTicks > 0 ? Math.round(spanTicks / frameTicks) : 0;
}

/** Frames per second from the duration of one frame, rounded to 3 decimals (29.97, 23.976). */
export function fpsFromFrameTicks(frameTicks: number): number {
  return frameTicks > 0 ? Math.round((TICKS_PER_SECOND / frameTicks) * 1000) / 1000 : 0;
}
