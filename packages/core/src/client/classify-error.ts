import { redactSecrets } from '../redact.js';

/**
 * What a failed fetch tells us about whether the request reached the server. This decides whether a submit may
 * be sent again, so only failures that provably happen before the first byte is written count as `not_sent`.
 *
 * Observed with Node 20's fetch (undici) against a local server:
 * - refused port:               TypeError('fetch failed') ← Error{code:'ECONNREFUSED', syscall:'connect'}
 * - unknown host:               TypeError('fetch failed') ← Error{code:'ENOTFOUND', syscall:'getaddrinfo'}
 * - accepted then RST:          TypeError('fetch failed') ← Error{code:'ECONNRESET', syscall:'connect'}
 * - body read, socket closed:   TypeError('fetch failed') ← SocketError{code:'UND_ERR_SOCKET', 'other side closed'}
 * - reset after the body:       TypeError('fetch failed') ← Error{code:'ECONNRESET', syscall:'read'}
 * - reply cut mid-body:         TypeError('terminated')   ← SocketError{code:'UND_ERR_SOCKET'}
 * undici writes the request only after the connect callback, so any error raised by the `connect` or
 * `getaddrinfo` syscalls is pre-send. Browsers' "Failed to fetch" carries no cause: always `maybe_sent`.
 */

export type SendState = 'not_sent' | 'maybe_sent';

export interface TransportFailure {
  sent: SendState;
  /** The most specific error code found on the cause chain, e.g. `ECONNREFUSED`. */
  code: string | undefined;
  /** ky's per-attempt timeout fired. */
  timedOut: boolean;
  /** A short description that carries no URL query, header or token. */
  message: string;
  /** The original error's name, for the sanitized cause. */
  name: string;
}

/** Codes that only arise while resolving or connecting, before anything is written. */
export const PRE_SEND_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  // TLS verification fails during the handshake, before the HTTP request is written.
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const PRE_SEND_SYSCALLS: ReadonlySet<string> = new Set(['connect', 'getaddrinfo']);

interface ErrorFacts {
  name: string | undefined;
  message: string | undefined;
  code: string | undefined;
  syscall: string | undefined;
}

function facts(value: unknown): ErrorFacts | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { name: text('name'), message: text('message'), code: text('code'), syscall: text('syscall') };
}

/** The error and its causes, depth-first, including AggregateError members (happy-eyeballs connects). */
function chain(error: unknown): ErrorFacts[] {
  const out: ErrorFacts[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || seen.has(value)) return;
    seen.add(value);
    const found = facts(value);
    if (!found) return;
    out.push(found);
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.errors)) for (const member of record.errors) visit(member, depth + 1);
    if ('cause' in record) visit(record.cause, depth + 1);
  };
  visit(error, 0);
  return out;
}

export function isTimeoutError(error: unknown): boolean {
  return facts(error)?.name === 'TimeoutError';
}

/** Classifies an error thrown by fetch (or by ky around it) for one attempt. */
export function classifyTransportError(
  error: unknown,
  secrets: ReadonlyArray<string | undefined> = [],
): TransportFailure {
  const links = chain(error);
  const top = links[0];
  const timedOut = isTimeoutError(error);
  const withCode = links.filter((link) => link.code !== undefined);
  const deepest = withCode[withCode.length - 1] ?? links[links.length - 1] ?? top;
  // Only a fetch-level TypeError (or its cause) is a transport failure we understand; anything else is unknown.
  const isFetchFailure = top?.name === 'TypeError' || links.some((link) => link.code !== undefined);
  const preSend =
    !timedOut &&
    isFetchFailure &&
    withCode.length > 0 &&
    withCode.every(
      (link) =>
        PRE_SEND_CODES.has(link.code ?? '') ||
        (link.syscall !== undefined && PRE_SEND_SYSCALLS.has(link.syscall)),
    );
  const rawMessage = timedOut
    ? 'the request timed out'
    : (deepest?.message ?? top?.message ?? 'unknown error');
  return {
    sent: preSend ? 'not_sent' : 'maybe_sent',
    code: deepest?.code,
    timedOut,
    // ky's TimeoutError message embeds the URL; we never copy it.
    message: redactSecrets(stripUrls(rawMessage), secrets),
    name: top?.name ?? 'Error',
  };
}

/** Removes URLs (which may carry presigned queries) from a transport message, keeping host:port text. */
function stripUrls(text: string): string {
  return text.replace(/\bhttps?:\/\/\S+/g, '<url>');
}
