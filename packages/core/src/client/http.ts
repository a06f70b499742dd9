import ky, { type KyInstance } from 'ky';
import { abortReason, linkedSignal, throwIfAborted } from '../abort.js';
import { classifyTransportError, type TransportFailure } from './classify-error.js';
import type { HttpAnswer } from './response-errors.js';

/**
 * One HTTP attempt on ky, nothing more: ky's own retries are off (the policy in retry-policy.ts decides, with an
 * injected clock) and HTTP errors are not thrown (ky's HTTPError carries the request and its Authorization header).
 * Either an answer comes back, or a classified transport failure; only an abort of the caller's signal throws.
 */

export type FetchFunction = (input: Request, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchFunction | typeof globalThis.fetch;
  /** Per attempt, covering the body read too. */
  timeoutMs: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Relative to the base URL, without a leading slash. */
  path: string;
  json?: unknown;
  signal?: AbortSignal;
}

export type HttpAttempt =
  | { kind: 'answer'; answer: HttpAnswer }
  | { kind: 'transport'; failure: TransportFailure };

export interface Http {
  send(request: HttpRequest): Promise<HttpAttempt>;
}

export function createHttp(options: HttpOptions): Http {
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
    retry: 0,
    throwHttpErrors: false,
    // Our own timer below covers the body read as well; ky 1.x's timeout stops at the headers.
    timeout: false,
    ...(options.fetch ? { fetch: options.fetch as typeof globalThis.fetch } : {}),
  });
  const secrets = [options.token];

  return {
    async send(request) {
      throwIfAborted(request.signal);
      // One signal per attempt: the caller's abort and our timeout both end it.
      const link = linkedSignal(request.signal, options.timeoutMs);
      try {
        const response = await api(request.path, {
          method: request.method,
          ...(request.json === undefined ? {} : { json: request.json }),
          signal: link.signal,
        });
        const text = await response.text();
        return { kind: 'answer', answer: { status: response.status, headers: response.headers, text } };
      } catch (error) {
        if (request.signal?.aborted) throw abortReason(request.signal);
        const failure = classifyTransportError(error, secrets);
        if (!link.timedOut()) return { kind: 'transport', failure };
        return {
          kind: 'transport',
          failure: {
            sent: 'maybe_sent',
            code: undefined,
            timedOut: true,
            name: 'TimeoutError',
            message: `no answer within ${options.timeoutMs} ms`,
          },
        };
      } finally {
        link.dispose();
      }
    },
  };
}
