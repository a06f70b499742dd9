import { abortReason } from '../abort.js';

/** How remote probing talks HTTP: the caller's fetch and signal, and a limit per request. */
export interface HttpContext {
  fetch: typeof fetch;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

/** The URL could not be reached at all (DNS, refused connection, TLS, no answer in time). */
export class Unreachable extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'Unreachable';
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Up to `maxBytes` of the body (none for HEAD). */
  bytes: Uint8Array;
  /** True when `bytes` is the whole body. */
  complete: boolean;
}

/**
 * One request, its body read up to `maxBytes` and the rest cancelled (a server that ignores Range must not make
 * us download 100 MB). Throws Unreachable for network failures, or the signal's reason (an AbortError) when the caller
 * aborted.
 */
export async function request(
  context: HttpContext,
  url: string,
  init: { method: 'HEAD' | 'GET'; headers?: Record<string, string> },
  maxBytes: number,
): Promise<HttpAnswer> {
  if (context.signal?.aborted) throw abortReason(context.signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, context.timeoutMs);
  const onAbort = () => controller.abort();
  context.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await context.fetch(url, {
      method: init.method,
      headers: init.headers ?? {},
      redirect: 'follow',
      signal: controller.signal,
    });
    const body =
      init.method === 'HEAD'
        ? { bytes: new Uint8Array(0), complete: true }
        : await readAtMost(response, maxBytes);
    return { status: response.status, headers: response.headers, ...body };
  } catch (error) {
    if (context.signal?.aborted) throw abortReason(context.signal);
    if (timedOut) throw new Unreachable(`no answer within ${formatDelay(context.timeoutMs)}`);
    throw new Unreachable(networkDetail(error));
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onAbort);
  }
}

async function readAtMost(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (!response.body) {
    const all = new Uint8Array(await response.arrayBuffer());
    return { bytes: all.subarray(0, maxBytes), complete: all.byteLength <= maxBytes };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total > maxBytes) {
      complete = false;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(total, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return { bytes, complete };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
};

/** A short reason for a failed fetch. Node's undici hides the system error code in `cause`. */
function networkDetail(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return NETWORK_CODES[code] ?? code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'network error';
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
