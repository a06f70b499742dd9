import { type JobStatus, parseResponse, statusResponseSchema } from '../schema/index.js';
import type { ClientContext, RequestOptions } from './context.js';
import { jsonBody, requestPath } from './request-id.js';
import { parseRetryAfter } from './retry-after.js';
import { type ReadOptions, sendRead } from './send-read.js';

export interface StatusUpdate {
  requestId: string;
  status: JobStatus;
  /** Jobs ahead of this one, while queued. */
  queuePosition: number | undefined;
  /** The service's reason, when the job failed. */
  error: string | undefined;
  /** A pacing hint: the service's `Retry-After` on a successful status answer. */
  retryAfterMs: number | undefined;
}

/** GET /v1/requests/{id}/status, retried as a read. An unknown status is a ResponseSchemaError. */
export async function getStatus(
  context: ClientContext,
  requestId: string,
  options: RequestOptions & Partial<Pick<ReadOptions, 'deadline' | 'onDeadline'>> = {},
): Promise<StatusUpdate> {
  const path = requestPath(requestId, 'status');
  const answer = await sendRead(
    context,
    { method: 'GET', path },
    { ...options, what: `checking the status of request ${requestId}` },
  );
  const body = parseResponse(statusResponseSchema, jsonBody(answer.text), `status (request ${requestId})`);
  return {
    requestId,
    status: body.status,
    queuePosition: body.queue_position ?? undefined,
    error: body.error,
    retryAfterMs: parseRetryAfter(answer.headers.get('retry-after'), context.now()),
  };
}
