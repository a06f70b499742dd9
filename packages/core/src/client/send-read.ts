import { throwIfAborted } from '../abort.js';
import type { ReanimateError } from '../errors.js';
import type { ClientContext } from './context.js';
import type { HttpRequest } from './http.js';
import { errorFromAnswer, type HttpAnswer, networkErrorFrom, serviceCodeOf } from './response-errors.js';
import { decideReadRetry } from './retry-policy.js';

export interface ReadOptions {
  signal?: AbortSignal | undefined;
  /** Says what we were doing, for messages: "checking the status of request abc". */
  what: string;
  /** Epoch ms (by the client's clock) after which no retry wait may end; `onDeadline` supplies the error. */
  deadline?: number | undefined;
  onDeadline?: (() => ReanimateError) | undefined;
}

/**
 * A read (status, result, cancel) with retries per the policy. Resolves with a 2xx answer or throws our error;
 * every wait is the injected, abortable sleep.
 */
export async function sendRead(
  context: ClientContext,
  request: HttpRequest,
  options: ReadOptions,
): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    const result = await context.http.send({
      ...request,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.kind === 'answer' && result.answer.status >= 200 && result.answer.status < 300) {
      // "Some RunComfy APIs signal errors with HTTP 200 plus a top-level error_code" (reference §3).
      if (serviceCodeOf(result.answer.text) !== undefined) {
        throw errorFromAnswer(result.answer, options.what, context.secrets, context.now());
      }
      return result.answer;
    }
    const outcome =
      result.kind === 'answer'
        ? { kind: 'response' as const, status: result.answer.status, headers: result.answer.headers }
        : result;
    const decision = decideReadRetry(outcome, attempt, context.retry, context.now(), context.random);
    if (!decision.retry) {
      throw result.kind === 'answer'
        ? errorFromAnswer(result.answer, options.what, context.secrets, context.now())
        : networkErrorFrom(result.failure, options.what);
    }
    if (
      options.deadline !== undefined &&
      options.onDeadline &&
      context.now() + decision.delayMs > options.deadline
    ) {
      throw options.onDeadline();
    }
    await context.sleep(decision.delayMs, options.signal);
  }
}
