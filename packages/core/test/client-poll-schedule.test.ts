import { describe, expect, it } from 'vitest';
import { CompletionEstimator } from '../src/client/completion-estimator.js';
import {
  DEFAULT_POLL_SCHEDULE,
  nextPollDelay,
  type PollState,
  resolvePollSchedule,
} from '../src/client/poll-schedule.js';

const schedule = DEFAULT_POLL_SCHEDULE;
const state = (over: Partial<PollState>): PollState => ({
  status: 'in_progress',
  pollsInStatus: 1,
  queuePosition: undefined,
  retryAfterMs: undefined,
  predictedRemainingMs: undefined,
  sinceSentMs: 0,
  ...over,
});
const low = () => 0;
const high = () => 0.999;

describe('nextPollDelay', () => {
  it('slows down while queued, up to the cap, and never below one second', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((polls) =>
      nextPollDelay(state({ status: 'in_queue', pollsInStatus: polls, queuePosition: 3 }), schedule, low),
    );
    expect(delays).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it('polls at the one-second floor when next in the queue', () => {
    expect(
      nextPollDelay(state({ status: 'in_queue', pollsInStatus: 9, queuePosition: 0 }), schedule, high),
    ).toBe(1000);
  });

  it('keeps a steady, upward-jittered second while in progress', () => {
    expect(nextPollDelay(state({ pollsInStatus: 20 }), schedule, low)).toBe(1000);
    const jittered = nextPollDelay(state({}), schedule, high);
    expect(jittered).toBeGreaterThan(1000);
    expect(jittered).toBeLessThanOrEqual(1100);
  });

  it('counts intervals from send to send', () => {
    expect(nextPollDelay(state({ sinceSentMs: 300 }), schedule, low)).toBe(700);
    expect(nextPollDelay(state({ sinceSentMs: 5000 }), schedule, low)).toBe(0);
  });

  it('honours a server pacing hint from now, capped', () => {
    expect(nextPollDelay(state({ retryAfterMs: 4000, sinceSentMs: 300 }), schedule, low)).toBe(4000);
    expect(nextPollDelay(state({ retryAfterMs: 10 * 60_000 }), schedule, low)).toBe(60_000);
    // A hint shorter than our floor does not make us poll faster.
    expect(nextPollDelay(state({ retryAfterMs: 200 }), schedule, low)).toBe(1000);
  });

  it('steps towards a predicted finish in equal steps no shorter than the floor', () => {
    expect(nextPollDelay(state({ predictedRemainingMs: 1700 }), schedule, high)).toBe(1700);
    expect(nextPollDelay(state({ predictedRemainingMs: 3500 }), schedule, high)).toBe(1750);
    expect(nextPollDelay(state({ predictedRemainingMs: 9000 }), schedule, high)).toBe(1800);
    // Due sooner than the floor: the earliest poll the rate cap allows.
    expect(nextPollDelay(state({ predictedRemainingMs: 300 }), schedule, high)).toBe(1000);
    // Already past: back to the plain cadence.
    expect(nextPollDelay(state({ predictedRemainingMs: -50 }), schedule, low)).toBe(1000);
  });

  it('never polls more than once a second in any state', () => {
    for (const status of ['in_queue', 'in_progress'] as const) {
      for (let index = 0; index < 200; index++) {
        const delay = nextPollDelay(
          state({
            status,
            pollsInStatus: 1 + (index % 7),
            queuePosition: index % 3,
            predictedRemainingMs: (index * 97) % 7000,
          }),
          schedule,
        );
        expect(delay).toBeGreaterThanOrEqual(1000);
      }
    }
  });

  it('keeps the stepping cap at least twice the floor', () => {
    expect(
      resolvePollSchedule({ minIntervalMs: 1500, inProgressMaxIntervalMs: 1000 }).inProgressMaxIntervalMs,
    ).toBe(3000);
    expect(() => resolvePollSchedule({ firstPollMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('CompletionEstimator', () => {
  it('predicts nothing before a job completed', () => {
    expect(new CompletionEstimator().targetMs()).toBeUndefined();
  });

  it('probes below the upper bound while the bracket is wide', () => {
    const estimator = new CompletionEstimator({ probeMs: 250, toleranceMs: 60, guardMs: 25 });
    estimator.observe({ notDoneMs: 3500, doneMs: 4500 });
    expect(estimator.targetMs()).toBe(4250);
    estimator.observe({ notDoneMs: 3600, doneMs: 4250 });
    expect(estimator.bracket()).toEqual({ lowMs: 3600, highMs: 4250 });
  });

  it('converges on a fixed processing time, then aims just past it', () => {
    const trueLatency = 4010;
    const estimator = new CompletionEstimator();
    estimator.observe({ notDoneMs: 3500, doneMs: 4500 });
    // Simulate jobs polled exactly at the target, then a second later if that was too early.
    for (let job = 0; job < 12; job++) {
      const target = estimator.targetMs() ?? 0;
      if (target >= trueLatency) estimator.observe({ notDoneMs: undefined, doneMs: target });
      else estimator.observe({ notDoneMs: target, doneMs: target + 1000 });
    }
    const target = estimator.targetMs() ?? 0;
    expect(target).toBeGreaterThanOrEqual(trueLatency);
    // Within the tolerance plus the guard: close enough to stop risking a one-second miss.
    expect(target - trueLatency).toBeLessThanOrEqual(180);
  });

  it('restarts from the latest job when the service changes speed', () => {
    const estimator = new CompletionEstimator();
    estimator.observe({ notDoneMs: 3950, doneMs: 4000 });
    // Now jobs take ~6 s: the old bracket is contradicted.
    estimator.observe({ notDoneMs: 5900, doneMs: 6100 });
    expect(estimator.bracket()).toEqual({ lowMs: 5900, highMs: 6100 });
  });

  it('ignores nonsense observations', () => {
    const estimator = new CompletionEstimator();
    estimator.observe({ notDoneMs: 5000, doneMs: 4000 });
    estimator.observe({ notDoneMs: undefined, doneMs: Number.NaN });
    expect(estimator.targetMs()).toBeUndefined();
  });
});
