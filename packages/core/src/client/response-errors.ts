import {
  ApiError,
  AuthError,
  InsufficientBalanceError,
  NetworkError,
  RateLimitError,
  type ReanimateError,
} from '../errors.js';
import { redactSecrets } from '../redact.js';
import type { TransportFailure } from './classify-error.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * Our errors from an HTTP answer or a transport failure. Nothing from ky travels with them: no URL beyond the
 * path we chose, no headers, no request object. Causes are rebuilt as plain errors holding name, code and message.
 */

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const MAX_SERVICE_MESSAGE = 300;

function looksLikeHtml(answer: HttpAnswer): boolean {
  const type = answer.headers.get('content-type') ?? '';
  return type.includes('html') || /^\s*</.test(answer.text);
}

function stringFrom(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message;
    if (typeof record.msg === 'string') return record.msg;
  }
  return undefined;
}

/** The service's own words about the failure, if it sent any readable ones. */
export function serviceMessageOf(
  answer: HttpAnswer,
  secrets: ReadonlyArray<string | undefined>,
): string | undefined {
  if (answer.text.trim() === '' || looksLikeHtml(answer)) return undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(answer.text) as unknown;
    if (typeof body === 'object' && body !== null) {
      const record = body as Record<string, unknown>;
      // RunComfy's `error_message` first; `message` is prose too; `error` is often only a code, so it comes last.
      message =
        stringFrom(record.error_message) ??
        stringFrom(record.message) ??
        stringFrom(record.error) ??
        stringFrom(record.detail);
      if (!message && Array.isArray(record.detail)) {
        message = record.detail
          .map(stringFrom)
          .filter((text): text is string => text !== undefined)
          .join('; ');
      }
    } else if (typeof body === 'string') {
      message = body;
    }
  } catch {
    message = answer.text;
  }
  if (!message) return undefined;
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > MAX_SERVICE_MESSAGE ? `${oneLine.slice(0, MAX_SERVICE_MESSAGE)}…` : oneLine;
  return redactSecrets(short, secrets);
}

function detailsOf(answer: HttpAnswer): unknown {
  if (answer.status !== 422 && answer.status !== 400) return undefined;
  try {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    return body.details ?? body.detail ?? body.errors ?? body.issues;
  } catch {
    return undefined;
  }
}

/** RunComfy's numeric `error_code`, when the body has one (numbers or numeric strings). */
export function serviceCodeOf(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null) return undefined;
    const code = (body as Record<string, unknown>).error_code;
    const value = typeof code === 'string' && /^\d+$/.test(code.trim()) ? Number(code) : code;
    return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** RunComfy's codes for an account or token problem (reference §3). */
const AUTH_CODES = new Set([400004, 401001, 403001, 403003]);
const INSUFFICIENT_BALANCE = 400002;

/**
 * Maps a non-2xx answer (or a 2xx that carries RunComfy's `error_code`) to our error. `what` says what we were doing, e.g. "checking request abc", and becomes
 * part of the message.
 */
export function errorFromAnswer(
  answer: HttpAnswer,
  what: string,
  secrets: ReadonlyArray<string | undefined>,
  nowMs: number,
): ReanimateError {
  const serviceMessage = serviceMessageOf(answer, secrets);
  const said = serviceMessage ? `: ${serviceMessage}` : looksLikeHtml(answer) ? ' (an HTML error page)' : '';
  const status = answer.status;
  const serviceCode = serviceCodeOf(answer.text);
  const coded = serviceCode === undefined ? '' : ` (error ${serviceCode})`;
  if (status === 402 || serviceCode === INSUFFICIENT_BALANCE) {
    return new InsufficientBalanceError(
      status,
      `The service refused while ${what}: insufficient balance${said ? said : ''}${coded}.`,
      serviceMessage === undefined ? {} : { serviceMessage },
    );
  }
  if (status === 401 || status === 403 || (serviceCode !== undefined && AUTH_CODES.has(serviceCode))) {
    return new AuthError(
      status,
      `The service refused the API token (HTTP ${status}${serviceCode === undefined ? '' : `, error ${serviceCode}`}) while ${what}${said}.`,
      serviceCode === undefined ? {} : { serviceCode },
    );
  }
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), nowMs);
  if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
    const wait =
      retryAfterMs === undefined ? '' : ` It asked us to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new RateLimitError(
      status,
      `The service is rate limiting us (HTTP ${status}) while ${what}${said}.${wait}`,
      {
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  }
  const hint =
    status === 404
      ? 'The request id is unknown to the service: check it, and note that finished requests expire.'
      : status >= 500
        ? 'The service had a problem; try again in a few minutes.'
        : status === 400 || status === 422
          ? 'The service rejected the input; fix the fields it names and try again.'
          : undefined;
  return new ApiError(status, `The service answered HTTP ${status}${coded} while ${what}${said}.`, {
    ...(serviceMessage === undefined ? {} : { serviceMessage }),
    ...(serviceCode === undefined ? {} : { serviceCode }),
    ...(hint === undefined ? {} : { hint }),
    details: detailsOf(answer),
  });
}

/** A plain error holding only what is safe to keep from a transport failure. */
export function sanitizedCause(failure: TransportFailure): Error {
  const cause = new Error(failure.message);
  cause.name = failure.name;
  if (failure.code !== undefined)
    Object.defineProperty(cause, 'code', { value: failure.code, enumerable: true });
  return cause;
}

export function networkErrorFrom(failure: TransportFailure, what: string): NetworkError {
  const code = failure.code ? ` (${failure.code})` : '';
  const text = failure.timedOut ? 'the request timed out' : failure.message;
  return new NetworkError(`Could not reach the service while ${what}: ${text}${code}.`, {
    cause: sanitizedCause(failure),
  });
}
