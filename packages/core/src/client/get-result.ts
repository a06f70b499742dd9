import {
  type JobStatus,
  outputVideos,
  parseResponse,
  type React1Output,
  resultResponseSchema,
} from '../schema/index.js';
import type { ClientContext, RequestOptions } from './context.js';
import { jsonBody, requestPath } from './request-id.js';
import { sendRead } from './send-read.js';

export interface JobResult {
  requestId: string;
  /** `completed` with outputs; otherwise the job's current state (the service answers that while it runs). */
  status: JobStatus;
  /** Every output video URL. Hosted outputs expire (about 7 days): download them promptly. */
  outputs: string[];
  output: React1Output | undefined;
  error: string | undefined;
  /** What the job was charged, USD, when asked for (`includeCost`) and the service said. */
  cost: number | undefined;
}

/** GET /v1/requests/{id}/result, retried as a read. */
export async function getResult(
  context: ClientContext,
  requestId: string,
  options: RequestOptions & { includeCost?: boolean } = {},
): Promise<JobResult> {
  const path = `${requestPath(requestId, 'result')}${options.includeCost ? '?include_cost=true' : ''}`;
  const answer = await sendRead(
    context,
    { method: 'GET', path },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      what: `fetching the result of request ${requestId}`,
    },
  );
  const body = parseResponse(resultResponseSchema, jsonBody(answer.text), `result (request ${requestId})`);
  return {
    requestId,
    status: body.status,
    outputs: outputVideos(body.output),
    output: body.output ?? undefined,
    error: body.error,
    cost: typeof body.cost === 'number' && Number.isFinite(body.cost) ? body.cost : undefined,
  };
}
