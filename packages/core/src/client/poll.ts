import { throwIfAborted } from '../abort.js';
import {
  ApiError,
  DeadlineExceededError,
  JobCancelledError,
  JobFailedError,
  NetworkError,
  RateLimitError,
  RequestLostError,
  ServiceUnreachableError,
} from '../errors.js';
import type { JobStatus } from '../schema/index.js';
import type { ClientContext } from './context.js';
import { getResult } from './get-result.js';
import { getStatus, type StatusUpdate } from './get-status.js';
import { nextPollDelay } from './poll-schedule.js';

export interface JobUpdate {
  requestId: string;
  status: JobStatus;
  queuePosition: number | undefined;
  /** Since the submit (runJob) or since waiting began (waitForCompletion, resumeJob). */
  elapsedMs: number;
}

export interface WaitOptions {
  /** Called after every status answer, awaited before the next request. */
  onUpdate?: ((update: JobUpdate) => void | Promise<void>) | undefined;
  /** Stops waiting at once; no request is sent after it fires. The remote job is left alone. */
  signal?: AbortSignal | undefined;
  /**
   * Stop waiting at this time (a Date, or epoch ms by the client's clock) with a DeadlineExceededError that
   * carries the request id. The remote job is neither cancelled nor forgotten.
   */
  deadline?: Date | number | undefined;
  /**
   * When the service accepted the job (its submit answer arrived, client clock). Set by runJob: the first poll is
   * timed from it, `elapsedMs` counts from it, and it is the reference for learning how long jobs take.
   */
  submittedAt?: number | undefined;
  /**
   * Called while the service cannot be reached (refused connections, timeouts, 5xx after the read's own retries),
   * with when the outage began; following carries on for `outageBudgetMs`, then gives up with a
   * ServiceUnreachableError. Called with `since: undefined` once the service answers again.
   */
  onUnreachable?:
    | ((outage: { requestId: string; since: number | undefined; error?: unknown }) => void)
    | undefined;
}

/** Errors that say the service is down or unreachable for now, not that the request is wrong. */
export function isOutage(error: unknown): boolean {
  if (NetworkError.isInstance(error) || RateLimitError.isInstance(error)) return true;
  return ApiError.isInstance(error) && (error.status >= 500 || error.status === 408);
}

/** While the service is down: 2 s, doubling to a minute, with a little jitter. */
function outageDelay(attempt: number, random: () => number): number {
  const base = Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return base * (0.9 + 0.2 * random());
}

/**
 * Polls until the job ends. Resolves with the `completed` status; throws JobFailedError or JobCancelledError for
 * the other terminal states, DeadlineExceededError at the deadline, the signal's reason on abort, and a
 * ResponseSchemaError for a status it does not know (rather than polling it forever).
 */
export async function waitForCompletion(
  context: ClientContext,
  requestId: string,
  options: WaitOptions = {},
): Promise<StatusUpdate> {
  const { signal } = options;
  const startedAt = options.submittedAt ?? context.now();
  const deadline = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
  const deadlineError = () => new DeadlineExceededError(requestId, context.now() - startedAt);

  // When the job (re)started waiting for a worker, as near as we can tell: the submit answer, then the last poll
  // that still saw it queued. Job latencies are measured from here.
  let startBound = options.submittedAt;
  let lastNotDoneAt: number | undefined;
  let previous: JobStatus | undefined;
  let pollsInStatus = 0;
  let unreachableSince: number | undefined;
  let outageAttempt = 0;
  let delay =
    options.submittedAt === undefined ? 0 : Math.max(0, startedAt + context.poll.firstPollMs - context.now());

  for (;;) {
    throwIfAborted(signal);
    if (delay > 0) {
      if (deadline !== undefined && context.now() + delay >= deadline) {
        await context.sleep(Math.max(0, deadline - context.now()), signal);
        throw deadlineError();
      }
      await context.sleep(delay, signal);
    }
    throwIfAborted(signal);
    if (deadline !== undefined && context.now() >= deadline) throw deadlineError();

    const sentAt = context.now();
    let update: StatusUpdate;
    try {
      update = await getStatus(context, requestId, { signal, deadline, onDeadline: deadlineError });
    } catch (error) {
      if (signal?.aborted) throw error;
      // The service forgot the request (404001: nonexistent, deleted or expired): nothing to wait for any more.
      if (ApiError.isInstance(error) && error.status === 404) {
        throw new RequestLostError(requestId, {
          ...(error.serviceMessage ? { serviceMessage: error.serviceMessage } : {}),
          cause: error,
        });
      }
      if (!isOutage(error)) throw error;
      // A paid job is still running somewhere: ride the outage out, visibly, for the budget.
      unreachableSince ??= sentAt;
      options.onUnreachable?.({ requestId, since: unreachableSince, error });
      if (context.now() - unreachableSince >= context.outageBudgetMs) {
        throw new ServiceUnreachableError(requestId, unreachableSince, { cause: error });
      }
      outageAttempt += 1;
      delay = outageDelay(outageAttempt, context.random);
      continue;
    }
    if (unreachableSince !== undefined) {
      unreachableSince = undefined;
      outageAttempt = 0;
      options.onUnreachable?.({ requestId, since: undefined });
    }
    const receivedAt = context.now();
    pollsInStatus = update.status === previous ? pollsInStatus + 1 : 1;
    previous = update.status;

    if (update.status === 'in_queue') {
      startBound = receivedAt;
      lastNotDoneAt = undefined;
    } else if (update.status === 'in_progress') {
      lastNotDoneAt = sentAt;
    }
    await options.onUpdate?.({
      requestId,
      status: update.status,
      queuePosition: update.queuePosition,
      elapsedMs: receivedAt - startedAt,
    });

    switch (update.status) {
      case 'completed':
        if (startBound !== undefined) {
          context.estimator.observe({
            notDoneMs: lastNotDoneAt === undefined ? undefined : lastNotDoneAt - startBound,
            doneMs: receivedAt - startBound,
          });
        }
        return update;
      case 'failed':
        throw new JobFailedError(
          requestId,
          update.error ?? (await failureReason(context, requestId, signal)),
        );
      case 'cancelled':
        throw new JobCancelledError(requestId);
      default: {
        const target = context.estimator.targetMs();
        const predictedRemainingMs =
          update.status === 'in_progress' && startBound !== undefined && target !== undefined
            ? startBound + target - sentAt
            : undefined;
        delay = nextPollDelay(
          {
            status: update.status,
            pollsInStatus,
            queuePosition: update.queuePosition,
            retryAfterMs: update.retryAfterMs,
            predictedRemainingMs,
            sinceSentMs: context.now() - sentAt,
          },
          context.poll,
          context.random,
        );
      }
    }
  }
}

/** The status said failed without a reason: the result endpoint may carry one. Best effort. */
async function failureReason(context: ClientContext, requestId: string, signal: AbortSignal | undefined) {
  try {
    const result = await getResult(context, requestId, signal ? { signal } : {});
    if (result.error) return result.error;
  } catch {
    // Fall through to the generic reason: the failure itself is what matters.
  }
  return 'the service gave no reason';
}
