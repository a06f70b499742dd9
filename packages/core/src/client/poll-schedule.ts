import type { JobStatus } from '../schema/index.js';

/**
 * When to send the next status request. Pure: the poll loop feeds it what it saw, it returns a delay.
 *
 * Slower while queued (nothing to see but the position), steady while in progress, never more than one request
 * per `minIntervalMs`, jitter only upwards (so it never breaks that cap), and a server pacing hint always wins.
 * When the client has learned how long jobs take (completion-estimator.ts) the in-progress polls are spaced so
 * that one lands just after the predicted finish, instead of up to a whole interval later.
 */
export interface PollSchedule {
  /** First status request after a submit: soon, to report the queue position and catch early failures. */
  firstPollMs: number;
  /** At most one status request per this many ms per job (default 1 s). */
  minIntervalMs: number;
  /** First queued interval; grows by `queuedBackoff` per queued poll up to `queuedMaxIntervalMs`. */
  queuedIntervalMs: number;
  queuedBackoff: number;
  queuedMaxIntervalMs: number;
  /** Interval while in progress, when no finish is predicted. */
  inProgressIntervalMs: number;
  /** Longest gap while stepping towards a predicted finish; must be at least twice `minIntervalMs`. */
  inProgressMaxIntervalMs: number;
  /** Upward jitter, as a fraction of the interval. */
  jitter: number;
  /** Longest server pacing hint honoured. */
  maxPacingMs: number;
}

export const DEFAULT_POLL_SCHEDULE: Readonly<PollSchedule> = Object.freeze({
  firstPollMs: 500,
  minIntervalMs: 1000,
  queuedIntervalMs: 1000,
  queuedBackoff: 1.5,
  queuedMaxIntervalMs: 5000,
  inProgressIntervalMs: 1000,
  inProgressMaxIntervalMs: 2000,
  jitter: 0.1,
  maxPacingMs: 60_000,
});

export function resolvePollSchedule(overrides: Partial<PollSchedule> | undefined): PollSchedule {
  const schedule = { ...DEFAULT_POLL_SCHEDULE, ...overrides };
  for (const [key, value] of Object.entries(schedule)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`poll.${key} must be a non-negative number`);
    }
  }
  schedule.inProgressMaxIntervalMs = Math.max(schedule.inProgressMaxIntervalMs, 2 * schedule.minIntervalMs);
  schedule.queuedBackoff = Math.max(1, schedule.queuedBackoff);
  return schedule;
}

export interface PollState {
  status: JobStatus;
  /** Consecutive polls that returned this status, this one included (1 for the first). */
  pollsInStatus: number;
  queuePosition: number | undefined;
  /** Server pacing hint from the last answer. */
  retryAfterMs: number | undefined;
  /** Time from this poll's send to the predicted finish, when the client has a prediction. */
  predictedRemainingMs: number | undefined;
  /** Time since this poll was sent (its round trip): intervals run from send to send. */
  sinceSentMs: number;
}

/** Milliseconds to wait from now before the next status request. */
export function nextPollDelay(
  state: PollState,
  schedule: PollSchedule,
  random: () => number = Math.random,
): number {
  const jittered = (ms: number) => ms * (1 + random() * schedule.jitter);
  let delay: number;
  if (state.status === 'in_queue') {
    const grown = schedule.queuedIntervalMs * schedule.queuedBackoff ** Math.max(0, state.pollsInStatus - 1);
    delay =
      state.queuePosition === 0
        ? schedule.minIntervalMs
        : jittered(Math.min(schedule.queuedMaxIntervalMs, grown));
  } else {
    delay =
      towardsPrediction(state.predictedRemainingMs, schedule) ?? jittered(schedule.inProgressIntervalMs);
  }
  delay = Math.max(delay, schedule.minIntervalMs) - state.sinceSentMs;
  // A pacing hint counts from its answer, which is now.
  if (state.retryAfterMs !== undefined)
    delay = Math.max(delay, Math.min(state.retryAfterMs, schedule.maxPacingMs));
  return Math.max(0, delay);
}

/**
 * Equal steps of at most `inProgressMaxIntervalMs` that end exactly at the predicted finish. Every step is at least
 * half the max, hence at least `minIntervalMs`. A finish due sooner than `minIntervalMs` gets the earliest poll the
 * cap allows; a finish already past gets no special treatment.
 */
function towardsPrediction(remaining: number | undefined, schedule: PollSchedule): number | undefined {
  if (remaining === undefined || remaining <= 0) return undefined;
  if (remaining < schedule.minIntervalMs) return schedule.minIntervalMs;
  const steps = Math.ceil(remaining / schedule.inProgressMaxIntervalMs);
  return remaining / steps;
}
