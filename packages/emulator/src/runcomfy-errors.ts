/**
 * RunComfy's error bodies: `{ error_code, error_message }`, plus a FastAPI-style `detail` array on validation
 * errors. Codes from RunComfy's Model API docs (../../../shared/reference/runcomfy-react-1-api.md §3, VERIFIED);
 * the ones marked INFERRED are not published and follow the documented `<status>0NN` pattern.
 */
export const ERROR_CODES = {
  /** VERIFIED: unknown model id. */
  badModel: 400001,
  /** VERIFIED: the account's balance cannot pay for the job. */
  insufficientBalance: 400002,
  /** VERIFIED: missing, expired or revoked token, or an inactive account. */
  badToken: 400004,
  /** VERIFIED (general family): unauthorized. */
  unauthorized: 401001,
  /** VERIFIED: the request belongs to another user. */
  otherUsersRequest: 403001,
  /** VERIFIED (general family). */
  forbidden: 403003,
  /** VERIFIED: request id nonexistent, deleted or expired. */
  requestNotFound: 404001,
  /** INFERRED: a path no route answers. */
  noRoute: 404000,
  /** INFERRED. */
  methodNotAllowed: 405001,
  /** INFERRED. */
  payloadTooLarge: 413001,
  /** VERIFIED (general family): validation; read `detail`. */
  validation: 422001,
  /** INFERRED: no rate-limit figures or codes are published. */
  rateLimited: 429001,
  /** VERIFIED (general family): internal error, retry with backoff. */
  internal: 500001,
} as const;

/** FastAPI's validation detail: where, what, which kind of problem. */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface ErrorBody {
  error_code: number;
  error_message: string;
  detail?: ValidationDetail[];
}

export function errorBody(code: number, message: string, detail?: ValidationDetail[]): ErrorBody {
  return { error_code: code, error_message: message, ...(detail ? { detail } : {}) };
}

/** The code an injected HTTP error carries, by status (INFERRED where RunComfy publishes none). */
export function codeForStatus(status: number): number {
  switch (status) {
    case 400:
      return ERROR_CODES.validation;
    case 401:
      return ERROR_CODES.unauthorized;
    case 402:
      // RunComfy's ComfyUI nodes read HTTP 402 as "insufficient balance"; the code is the documented one.
      return ERROR_CODES.insufficientBalance;
    case 403:
      return ERROR_CODES.forbidden;
    case 404:
      return ERROR_CODES.requestNotFound;
    case 422:
      return ERROR_CODES.validation;
    case 429:
      return ERROR_CODES.rateLimited;
    default:
      return status >= 500 ? ERROR_CODES.internal : status * 1000 + 1;
  }
}
