import type { RetryPolicy } from '../client/retry-policy.js';
import { redactUrl } from '../redact.js';
import type { Sleep } from '../sleep.js';
import type { S3ErrorContext } from './s3-errors.js';
import type { S3Settings } from './settings.js';
import { type PresignMethod, presignUrl } from './sigv4.js';

/** Lifetime of the URLs we use ourselves (PUT, HEAD, DELETE): long enough for a slow 100 MB upload to start. */
const INTERNAL_URL_EXPIRES_SEC = 900;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * What every step of the S3 host works with: validated settings, the injected transport and clocks, and the
 * bucket's addressing. Built once per host; each step (requests, upload, connection check) is a function of it.
 */
export interface S3Context {
  settings: S3Settings;
  endpoint: URL;
  /** `https://endpoint/bucket/` (path style) or `https://bucket.endpoint/`. */
  baseUrl: string;
  fetch: FetchLike;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  policy: RetryPolicy;
  objectUrl(key: string): string;
  presign(method: PresignMethod, key: string, expiresInSec?: number): Promise<string>;
  errorContext(action: string): S3ErrorContext;
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export function createS3Context(
  settings: S3Settings,
  deps: { fetch: FetchLike; sleep: Sleep; now: () => number; random: () => number; policy: RetryPolicy },
): S3Context {
  const credentials = {
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    sessionToken: settings.sessionToken,
    region: settings.region,
  };
  const endpoint = new URL(settings.endpoint);
  const baseUrl = settings.pathStyle
    ? `${endpoint.origin}/${settings.bucket}/`
    : `${endpoint.protocol}//${settings.bucket}.${endpoint.host}/`;
  const objectUrl = (key: string) => `${baseUrl}${encodeKey(key)}`;
  return {
    settings,
    endpoint,
    baseUrl,
    ...deps,
    objectUrl,
    presign: (method, key, expiresInSec) =>
      presignUrl(credentials, {
        method,
        url: objectUrl(key),
        expiresInSec:
          expiresInSec ?? (method === 'GET' ? settings.urlExpiresInSec : INTERNAL_URL_EXPIRES_SEC),
        now: new Date(deps.now()),
      }),
    errorContext: (action) => ({
      action,
      endpoint: redactUrl(settings.endpoint),
      bucket: settings.bucket,
      secrets: [settings.secretAccessKey, settings.sessionToken],
    }),
  };
}

/** The key of a URL this host made, if it is one: same origin, bucket, and under our prefix. */
export function ownKey(ctx: Pick<S3Context, 'baseUrl' | 'settings'>, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(ctx.baseUrl);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  let key: string;
  try {
    key = parsed.pathname.slice(base.pathname.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
  const { prefix } = ctx.settings;
  if (!key.startsWith(prefix) || key.length === prefix.length) return undefined;
  return key;
}

/** Discards a response body so the connection can be reused; failures do not matter. */
export async function drain(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // ignore
  }
}

/** Waits between attempts; an abort meanwhile rejects with what `aborted` says (after its clean-up). */
export async function sleepOrAbort(
  ctx: Pick<S3Context, 'sleep'>,
  ms: number,
  signal: AbortSignal | undefined,
  aborted: () => Promise<unknown>,
) {
  try {
    await ctx.sleep(ms, signal);
  } catch (error) {
    if (signal?.aborted) throw await aborted();
    throw error;
  }
}
