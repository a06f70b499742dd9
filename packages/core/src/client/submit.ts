import { throwIfAborted } from '../abort.js';
import { AmbiguousSubmitError, ResponseSchemaError } from '../errors.js';
import { MODEL_ID } from '../limits.js';
import {
  parseReact1Input,
  parseResponse,
  type React1Input,
  type React1Request,
  submitResponseSchema,
} from '../schema/index.js';
import type { ClientContext, RequestOptions } from './context.js';
import { jsonBody } from './request-id.js';
import { errorFromAnswer, networkErrorFrom, sanitizedCause, serviceCodeOf } from './response-errors.js';
import { decideSubmitRetry } from './retry-policy.js';

export interface Submission {
  requestId: string;
  statusUrl: string | undefined;
  resultUrl: string | undefined;
  cancelUrl: string | undefined;
  /** When the accepted POST was sent, by the client's clock (epoch ms). */
  sentAt: number;
  /**
   * When its answer arrived (client clock). The service answers as soon as the job is queued, so this is the
   * steadiest reference for how long jobs take: under load, sends wait in the client's connection pool for a while.
   */
  acceptedAt: number;
}

export interface SubmitOptions extends RequestOptions {
  /** Local job id, carried by an AmbiguousSubmitError so the user can find the journal record. */
  jobId?: string;
}

const WHAT = 'submitting the react-1 request';

/** Validates the input (throws InputError, nothing sent), then submits it. */
export async function submit(
  context: ClientContext,
  input: React1Input,
  options: SubmitOptions = {},
): Promise<Submission> {
  return submitValidated(context, parseReact1Input(input), options);
}

/**
 * POST /v1/models/sync/react-1. Sent again only after a failure that proves no job was created (see
 * retry-policy.ts). Anything else that is not a clear answer throws AmbiguousSubmitError and is NOT re-sent.
 *
 * The caller's signal is honoured before each attempt and during waits, but it does not cut a POST that is on the
 * wire: that would turn a job we are about to learn the id of into an ambiguous one. The attempt is bounded by the
 * request timeout instead; check the signal after this resolves.
 */
export async function submitValidated(
  context: ClientContext,
  request: React1Request,
  options: SubmitOptions = {},
): Promise<Submission> {
  const ambiguous = (message: string, sentAt: number, cause?: unknown) =>
    new AmbiguousSubmitError(message, {
      submittedAt: new Date(sentAt).toISOString(),
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      ...(cause === undefined ? {} : { cause }),
    });

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    const sentAt = context.now();
    const result = await context.http.send({ method: 'POST', path: `v1/models/${MODEL_ID}`, json: request });

    if (result.kind === 'answer' && result.answer.status >= 200 && result.answer.status < 300) {
      // An HTTP 200 that carries RunComfy's error_code and no request id is a definite refusal (reference §3):
      // no job exists, so it is not an unknown outcome.
      if (serviceCodeOf(result.answer.text) !== undefined && !hasRequestId(result.answer.text)) {
        throw errorFromAnswer(result.answer, WHAT, context.secrets, context.now());
      }
      try {
        const body = parseResponse(submitResponseSchema, jsonBody(result.answer.text), 'submit');
        return {
          requestId: body.request_id,
          statusUrl: body.status_url,
          resultUrl: body.result_url,
          cancelUrl: body.cancel_url,
          sentAt,
          acceptedAt: context.now(),
        };
      } catch (error) {
        // The service said yes but we cannot read the id: a job may exist, so this is ambiguous, not retryable.
        const detail = ResponseSchemaError.isInstance(error) ? error.message : 'unreadable body';
        throw ambiguous(
          `The service accepted the submit (HTTP ${result.answer.status}) but its answer had no usable request id (${detail})`,
          sentAt,
          error,
        );
      }
    }

    const outcome =
      result.kind === 'answer'
        ? { kind: 'response' as const, status: result.answer.status, headers: result.answer.headers }
        : result;
    const decision = decideSubmitRetry(outcome, attempt, context.retry, context.now(), context.random);
    if (decision.retry) {
      await context.sleep(decision.delayMs, options.signal);
      continue;
    }

    if (result.kind === 'transport') {
      if (result.failure.sent === 'not_sent') throw networkErrorFrom(result.failure, WHAT);
      const why = result.failure.timedOut
        ? `no answer came within the request timeout`
        : `the connection failed after the request was sent (${result.failure.code ?? result.failure.message})`;
      throw ambiguous(
        `The submit may have reached the service: ${why}.`,
        sentAt,
        sanitizedCause(result.failure),
      );
    }
    const status = result.answer.status;
    // A 408 or a 5xx (bar a 503 that told us when to come back) may come from a gateway after the service took it.
    if (
      status === 408 ||
      (status >= 500 && !(status === 503 && result.answer.headers.get('retry-after') !== null))
    ) {
      const definitive = errorFromAnswer(result.answer, WHAT, context.secrets, context.now());
      throw ambiguous(
        `The submit may have reached the service: it answered HTTP ${status}, which does not say whether the job was created.`,
        sentAt,
        definitive,
      );
    }
    throw errorFromAnswer(result.answer, WHAT, context.secrets, context.now());
  }
}

function hasRequestId(text: string): boolean {
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    return typeof body?.request_id === 'string' && body.request_id !== '';
  } catch {
    return false;
  }
}
