/**
 * Our own error classes. Every error that leaves core is one of these: never ky's (whose messages carry the URL
 * and whose request carries the Authorization header), never a bare Error.
 *
 * `isInstance` checks a brand registered with `Symbol.for`, so it works across duplicate bundles and CEP
 * iframes, where `instanceof` does not.
 */

const BRAND = Symbol.for('reanimate.error');

export type ErrorCode =
  | 'input'
  | 'auth'
  | 'api'
  | 'rate_limit'
  | 'network'
  | 'response_schema'
  | 'ambiguous_submit'
  | 'job_failed'
  | 'job_cancelled'
  | 'deadline_exceeded'
  | 'download'
  | 'journal'
  | 'media'
  | 'hosting'
  | 'insufficient_balance'
  | 'request_lost'
  | 'output_expired'
  | 'service_unreachable'
  /** The local face check could not run (its detector did not start); the job itself is not affected. */
  | 'face_check'
  /** Not one of ours: a bug, or a platform's own error (its message is kept). */
  | 'unexpected';

export interface ReanimateErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class ReanimateError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  declare readonly cause: unknown;

  constructor(code: ErrorCode, message: string, options: ReanimateErrorOptions = {}) {
    super(message);
    this.name = 'ReanimateError';
    this.code = code;
    this.hint = options.hint;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true });
    }
    Object.defineProperty(this, BRAND, { value: code, enumerable: false });
  }

  static isInstance(value: unknown): value is ReanimateError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  /** Message and hint in one line pair, for CLIs and panels. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

function brandCheck<T extends ReanimateError>(code: ErrorCode) {
  return (value: unknown): value is T =>
    ReanimateError.isInstance(value) && (value as unknown as Record<symbol, unknown>)[BRAND] === code;
}

/**
 * What a pre-flight finding is, for code to act on (offer a split for `too_long`, re-encode for `too_big`)
 * without reading the message. Schema issues of the request body carry no code: their `field` says it.
 */
export type IssueCode =
  | 'too_long'
  | 'too_big'
  | 'no_video_stream'
  | 'no_audio_stream'
  | 'unreadable'
  | 'unreachable'
  | 'not_media'
  | 'bad_url';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `temperature`; `(root)` for the object itself. */
  field: string;
  /** What is wrong and what is allowed. */
  message: string;
  /** A stable code for pre-flight findings about the media (see IssueCode). */
  code?: IssueCode;
  /** For a limit that was crossed: the limit and the input's value, in the limit's unit (seconds, bytes). */
  limit?: number;
  actual?: number;
}

/** Bad input from the caller: nothing was sent anywhere. */
export class InputError extends ReanimateError {
  readonly issues: readonly FieldIssue[];
  constructor(message: string, options: ReanimateErrorOptions & { issues?: readonly FieldIssue[] } = {}) {
    super('input', message, options);
    this.name = 'InputError';
    this.issues = options.issues ?? [];
  }
  static override isInstance = brandCheck<InputError>('input');
}

/** 401/403 from the service, or no token at all (`status` undefined: nothing was sent). */
export class AuthError extends ReanimateError {
  readonly status: number | undefined;
  /** RunComfy's `error_code` (400004, 401001, 403001, 403003), when it sent one. */
  readonly serviceCode: number | undefined;
  constructor(
    status: number | undefined,
    message: string,
    options: ReanimateErrorOptions & { serviceCode?: number } = {},
  ) {
    super('auth', message, {
      hint: 'Check RUNCOMFY_API_TOKEN: it must be a valid RunComfy API token (manage keys in your RunComfy profile).',
      ...options,
    });
    this.name = 'AuthError';
    this.status = status;
    this.serviceCode = options.serviceCode;
  }
  static override isInstance = brandCheck<AuthError>('auth');
}

/** Any other non-2xx answer from the service. */
export class ApiError extends ReanimateError {
  readonly status: number;
  /** The service's own message, when it sent one. */
  readonly serviceMessage: string | undefined;
  /** Field-level details of a 422, when the service sent them. */
  readonly details: unknown;
  /** RunComfy's numeric `error_code` (e.g. 404001, 422001), when it sent one. */
  readonly serviceCode: number | undefined;
  constructor(
    status: number,
    message: string,
    options: ReanimateErrorOptions & {
      serviceMessage?: string;
      details?: unknown;
      serviceCode?: number;
    } = {},
  ) {
    super('api', message, options);
    this.name = 'ApiError';
    this.status = status;
    this.serviceMessage = options.serviceMessage;
    this.details = options.details;
    this.serviceCode = options.serviceCode;
  }
  static override isInstance = brandCheck<ApiError>('api');
}

/** 429 (or 503 with Retry-After) after retries ran out. */
export class RateLimitError extends ReanimateError {
  /** Milliseconds the service asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  readonly status: number;
  constructor(
    status: number,
    message: string,
    options: ReanimateErrorOptions & { retryAfterMs?: number } = {},
  ) {
    super('rate_limit', message, { hint: 'The service is busy: wait a little and try again.', ...options });
    this.name = 'RateLimitError';
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
  }
  static override isInstance = brandCheck<RateLimitError>('rate_limit');
}

/** The service could not be reached, or the connection broke while reading. */
export class NetworkError extends ReanimateError {
  constructor(message: string, options: ReanimateErrorOptions = {}) {
    super('network', message, {
      hint: 'Check the network connection and RUNCOMFY_BASE_URL, then try again.',
      ...options,
    });
    this.name = 'NetworkError';
  }
  static override isInstance = brandCheck<NetworkError>('network');
}

/** The service answered with a body we do not understand. */
export class ResponseSchemaError extends ReanimateError {
  readonly issues: readonly FieldIssue[];
  constructor(message: string, options: ReanimateErrorOptions & { issues?: readonly FieldIssue[] } = {}) {
    super('response_schema', message, {
      hint: 'The service answered in an unexpected form; update Reanimate, or report this with the request id.',
      ...options,
    });
    this.name = 'ResponseSchemaError';
    this.issues = options.issues ?? [];
  }
  static override isInstance = brandCheck<ResponseSchemaError>('response_schema');
}

/**
 * The submit POST may have reached the service but its answer was lost. Re-sending could bill twice, so we
 * stop and tell the user how to check.
 */
export class AmbiguousSubmitError extends ReanimateError {
  /** Our local job id (journal key), so the user can find the record. */
  readonly jobId: string | undefined;
  readonly submittedAt: string | undefined;
  constructor(
    message: string,
    options: ReanimateErrorOptions & { jobId?: string; submittedAt?: string } = {},
  ) {
    super('ambiguous_submit', message, {
      hint:
        'The request may have been accepted. It was NOT sent again, to avoid paying twice. Check your RunComfy ' +
        'dashboard for a react-1 request made at that time before submitting again.',
      ...options,
    });
    this.name = 'AmbiguousSubmitError';
    this.jobId = options.jobId;
    this.submittedAt = options.submittedAt;
  }
  static override isInstance = brandCheck<AmbiguousSubmitError>('ambiguous_submit');
}

/** The job ran and failed; `reason` is the service's. */
export class JobFailedError extends ReanimateError {
  readonly requestId: string;
  readonly reason: string;
  constructor(requestId: string, reason: string, options: ReanimateErrorOptions = {}) {
    super('job_failed', `react-1 request ${requestId} failed: ${reason}`, options);
    this.name = 'JobFailedError';
    this.requestId = requestId;
    this.reason = reason;
  }
  static override isInstance = brandCheck<JobFailedError>('job_failed');
}

export class JobCancelledError extends ReanimateError {
  readonly requestId: string;
  constructor(requestId: string, options: ReanimateErrorOptions = {}) {
    super('job_cancelled', `react-1 request ${requestId} was cancelled.`, options);
    this.name = 'JobCancelledError';
    this.requestId = requestId;
  }
  static override isInstance = brandCheck<JobCancelledError>('job_cancelled');
}

/** We stopped waiting. The remote job was neither cancelled nor forgotten: resume it by id. */
export class DeadlineExceededError extends ReanimateError {
  readonly requestId: string;
  constructor(requestId: string, waitedMs: number, options: ReanimateErrorOptions = {}) {
    super(
      'deadline_exceeded',
      `Stopped waiting for react-1 request ${requestId} after ${Math.round(waitedMs)} ms.`,
      {
        hint: `The job is still running on the service; resume it later with its request id ${requestId}.`,
        ...options,
      },
    );
    this.name = 'DeadlineExceededError';
    this.requestId = requestId;
  }
  static override isInstance = brandCheck<DeadlineExceededError>('deadline_exceeded');
}

/** The account cannot pay (HTTP 402, or RunComfy's 400002): a definite refusal, nothing was submitted or charged. */
export class InsufficientBalanceError extends ReanimateError {
  readonly status: number;
  readonly serviceMessage: string | undefined;
  constructor(
    status: number,
    message: string,
    options: ReanimateErrorOptions & { serviceMessage?: string } = {},
  ) {
    super('insufficient_balance', message, {
      hint: 'Top up your RunComfy balance (Profile → Billing), then run it again. Nothing was submitted or charged.',
      ...options,
    });
    this.name = 'InsufficientBalanceError';
    this.status = status;
    this.serviceMessage = options.serviceMessage;
  }
  static override isInstance = brandCheck<InsufficientBalanceError>('insufficient_balance');
}

/**
 * The service no longer knows a request it accepted (404, RunComfy's 404001: nonexistent, deleted or expired).
 * Terminal: following it again cannot help.
 */
export class RequestLostError extends ReanimateError {
  readonly requestId: string;
  readonly serviceMessage: string | undefined;
  constructor(requestId: string, options: ReanimateErrorOptions & { serviceMessage?: string } = {}) {
    const said = options.serviceMessage ? `: ${options.serviceMessage}` : '';
    super('request_lost', `The service no longer knows react-1 request ${requestId}${said}.`, {
      hint:
        'Check your RunComfy dashboard for it. If it is gone, running the job again is a new, paid job; ' +
        'forget this one first.',
      ...options,
    });
    this.name = 'RequestLostError';
    this.requestId = requestId;
    this.serviceMessage = options.serviceMessage;
  }
  static override isInstance = brandCheck<RequestLostError>('request_lost');
}

/** The job finished, but its output is gone (the URL answers 403/404/410 even after a fresh `/result`). */
export class OutputExpiredError extends ReanimateError {
  readonly requestId: string;
  constructor(requestId: string, options: ReanimateErrorOptions = {}) {
    super('output_expired', `The output video of react-1 request ${requestId} is gone from the service.`, {
      hint: 'Outputs are kept for a limited time (about 7 days). Running the job again is a new, paid job.',
      ...options,
    });
    this.name = 'OutputExpiredError';
    this.requestId = requestId;
  }
  static override isInstance = brandCheck<OutputExpiredError>('output_expired');
}

/**
 * The service stayed unreachable (refused connections, timeouts, 5xx) for longer than the outage budget while we
 * followed a submitted, paid job. The job itself may well be running: resume it later.
 */
export class ServiceUnreachableError extends ReanimateError {
  readonly requestId: string;
  /** When the outage began (epoch ms, the client's clock). */
  readonly since: number;
  constructor(requestId: string, since: number, options: ReanimateErrorOptions = {}) {
    super(
      'service_unreachable',
      `The service has been unreachable since ${new Date(since).toISOString()}; stopped following react-1 request ${requestId}, which may still be running (and is billed).`,
      {
        hint: 'Resume the job once the service is back: it is collected, never submitted again.',
        ...options,
      },
    );
    this.name = 'ServiceUnreachableError';
    this.requestId = requestId;
    this.since = since;
  }
  static override isInstance = brandCheck<ServiceUnreachableError>('service_unreachable');
}
