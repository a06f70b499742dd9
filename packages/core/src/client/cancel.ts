import { cancelResponseSchema, type JobStatus, parseResponse } from '../schema/index.js';
import type { ClientContext, RequestOptions } from './context.js';
import { jsonBody, requestPath } from './request-id.js';
import { sendRead } from './send-read.js';

export interface CancelOutcome {
  requestId: string;
  /** The state the service reports after the request, when it says. */
  status: JobStatus | undefined;
  /** The service's own word on the outcome, when it sends one. */
  outcome: string | undefined;
}

/**
 * POST /v1/requests/{id}/cancel. Cancelling is idempotent, so it is retried like a read. Only queued jobs can be
 * cancelled: the service refuses in-progress ones (an ApiError). Cancel is a request, not a fact: read the status.
 */
export async function cancel(
  context: ClientContext,
  requestId: string,
  options: RequestOptions = {},
): Promise<CancelOutcome> {
  const path = requestPath(requestId, 'cancel');
  const answer = await sendRead(
    context,
    { method: 'POST', path },
    { ...options, what: `cancelling request ${requestId}` },
  );
  const text = answer.text.trim();
  if (text === '') return { requestId, status: undefined, outcome: undefined };
  const body = parseResponse(cancelResponseSchema, jsonBody(text), `cancel (request ${requestId})`);
  return { requestId, status: body.status, outcome: body.outcome ?? body.message };
}
