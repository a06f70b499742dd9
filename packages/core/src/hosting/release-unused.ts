import type { Journal, JournalStatus } from '../journal/index.js';
import type { InputHost } from './types.js';

/** A job in one of these states may still have its inputs fetched by the service. */
const INPUTS_MAY_BE_FETCHED: readonly JournalStatus[] = [
  'submitting',
  'ambiguous',
  'in_queue',
  'in_progress',
];

/** The object a URL names, without its query (a presigned URL's signature and expiry change every time). */
export function hostedObjectKey(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export interface ReleaseUnusedOptions {
  /** Every job this app knows; an unfinished one keeps the objects its input URLs name. */
  journal: Journal;
  /** Object keys (`hostedObjectKey`) the caller is still using outside the journal, e.g. uploads not yet submitted. */
  inUse?: { has(key: string): boolean };
  signal?: AbortSignal;
}

/**
 * Job-end clean-up for uploads. Keys are content-addressed, so two jobs with the same bytes share one object:
 * deleting it when the first ends would leave the second (still queued, its input not yet fetched) pointing at
 * nothing. So an object is released only when no unfinished job in the journal, and nothing in `inUse`, refers to
 * it. The host still decides (`keep`, URLs that are not its objects). Returns the URLs it released.
 */
export async function releaseUnused(
  host: InputHost,
  urls: readonly string[],
  options: ReleaseUnusedOptions,
): Promise<string[]> {
  const needed = new Set<string>();
  for (const record of await options.journal.list()) {
    if (!INPUTS_MAY_BE_FETCHED.includes(record.status)) continue;
    needed.add(hostedObjectKey(record.input.video_url));
    needed.add(hostedObjectKey(record.input.audio_url));
  }
  const released: string[] = [];
  for (const url of new Set(urls)) {
    const key = hostedObjectKey(url);
    if (needed.has(key) || options.inUse?.has(key)) continue;
    const request = options.signal ? { signal: options.signal } : undefined;
    if (await host.release(url, request)) released.push(url);
  }
  return released;
}
