import { InputError } from '../errors.js';

/** Checks a request id before it goes into a URL path. */
export function requestPath(requestId: string, suffix: 'status' | 'result' | 'cancel'): string {
  if (typeof requestId !== 'string' || requestId.trim() === '') {
    throw new InputError('A request id is required (the request_id the service returned on submit).', {
      issues: [{ field: 'requestId', message: 'must be a non-empty string' }],
    });
  }
  return `v1/requests/${encodeURIComponent(requestId)}/${suffix}`;
}

/** The service's JSON body, or a ResponseSchema-ready undefined when it is not JSON. */
export function jsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
