import type { ModelPrice } from '../client/price.js';
import { ApiError, NetworkError } from '../errors.js';
import type { UploadSource } from '../hosting/types.js';
import type { React1Options } from '../schema/index.js';
import { defaultSleep } from '../sleep.js';

/**
 * A client of the team server (apps/server): what the CLI's `--server` and the panels use instead of running the
 * job themselves. The server owns the RunComfy token and the job; this only submits, follows and fetches.
 */
export interface TeamJob {
  id: string;
  label: string | null;
  requestedBy: string;
  createdAt: string;
  deduplicated: boolean;
  state: string;
  run: {
    id: string;
    attempt: number;
    requestId: string | null;
    estimatedUsd: number | null;
    chargedUsd: number | null;
    error: { code: string; message: string } | null;
    createdAt: string;
    finishedAt: string | null;
  };
  resultUrl: string | null;
}

export interface TeamSubmission {
  video: { url: string };
  audio: { url: string };
  options?: Partial<React1Options>;
  /** Pay again for work that already has a job. */
  rerun?: boolean;
  /** Pay again only if the work's latest job failed, was lost or expired (a live or done one is joined). */
  retryFailed?: boolean;
  label?: string;
}

export interface TeamClientOptions {
  /** The server's address, e.g. https://reanimate.studio.internal. */
  url: string;
  /** The editor's API key (`rk_…`). Sent only to `url`, as a bearer token. */
  key: string;
  fetch?: typeof globalThis.fetch;
}

/** The states a team job ends in (the server's FINAL_STATES). */
export const TEAM_FINAL_STATES = [
  'done',
  'failed',
  'refused',
  'not_submitted',
  'cancelled',
  'ambiguous',
  'lost',
  'expired',
] as const;

export interface TeamClient {
  estimate(
    body: Omit<TeamSubmission, 'label'>,
  ): Promise<{ estimatedUsd: number | null; deduplicates: boolean }>;
  submit(body: TeamSubmission): Promise<TeamJob>;
  job(id: string): Promise<TeamJob>;
  /** The editor's jobs, newest first; `all` (an admin's key only) lists everyone's. */
  jobs(options?: { all?: boolean; limit?: number }): Promise<TeamJob[]>;
  /** Follows a job over the server's event stream until it ends; reconnects when the stream breaks. */
  follow(id: string, options?: { onUpdate?: (job: TeamJob) => void; signal?: AbortSignal }): Promise<TeamJob>;
  cancel(id: string): Promise<'cancelled' | 'not_cancellable'>;
  /** The service's price, as the server reads it with the team's account. */
  price(): Promise<ModelPrice>;
  /**
   * A local file into the team's bucket through the server (which holds the storage keys): its URL for a
   * submission. Content-addressed on the server, so sending it again is harmless.
   */
  upload(
    source: UploadSource,
    options?: { signal?: AbortSignal },
  ): Promise<{ url: string; sha256: string; sizeBytes: number }>;
  /** A fetch that adds the key for the server's own origin only: give it to a download of `resultUrl`. */
  readonly fetch: typeof globalThis.fetch;
  /** The absolute URL of a job's result. */
  resultUrl(job: TeamJob): string;
}

export function createTeamClient(options: TeamClientOptions): TeamClient {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  const inner = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const keyed: typeof globalThis.fetch = (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input), base);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    // The key never goes anywhere but the team server (a redirect to the service's CDN gets none).
    if (target.origin === base.origin) headers.set('authorization', `Bearer ${options.key}`);
    return inner(target, { ...init, headers });
  };
  const call = async <T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    let response: Response;
    try {
      response = await keyed(new URL(path, base), {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw new NetworkError(
        `The team server at ${base.origin} could not be reached: ${(error as Error).message}.`,
        {
          hint: 'Check the server address (--server / server.url) and that the server is running.',
        },
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; hint?: string } } | undefined)
        ?.error;
      throw new ApiError(
        response.status,
        `The team server refused: ${error?.message ?? `HTTP ${response.status}`}`,
        {
          ...(error?.hint
            ? { hint: error.hint }
            : response.status === 401
              ? { hint: 'Check your team server key (server.key).' }
              : {}),
          ...(error?.message ? { serviceMessage: error.message } : {}),
          ...(error?.code ? { details: { code: error.code } } : {}),
        },
      );
    }
    return parsed as T;
  };
  const final = (job: TeamJob) => (TEAM_FINAL_STATES as readonly string[]).includes(job.state);
  const client: TeamClient = {
    fetch: keyed,
    estimate: (body) => call('v1/estimates', body),
    submit: async (body) => (await call<{ job: TeamJob }>('v1/jobs', body)).job,
    job: async (id) => (await call<{ job: TeamJob }>(`v1/jobs/${encodeURIComponent(id)}`)).job,
    async jobs(listOptions = {}) {
      const query = new URLSearchParams();
      if (listOptions.all) query.set('all', 'true');
      if (listOptions.limit !== undefined) query.set('limit', String(listOptions.limit));
      const path = query.size > 0 ? `v1/jobs?${query}` : 'v1/jobs';
      return (await call<{ jobs: TeamJob[] }>(path)).jobs;
    },
    price: () => call<ModelPrice>('v1/price'),
    async upload(source, uploadOptions = {}) {
      const body = await source.openBody();
      let response: Response;
      try {
        response = await keyed(new URL(`v1/uploads?name=${encodeURIComponent(source.name)}`, base), {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(source.sizeBytes) },
          // A file from disk streams (flat memory); a Blob goes as it is.
          ...(body.kind === 'blob' ? { body: body.blob } : { body: body.stream, duplex: 'half' }),
          ...(uploadOptions.signal ? { signal: uploadOptions.signal } : {}),
        } as RequestInit);
      } catch (error) {
        throw new NetworkError(
          `Uploading ${source.name} to the team server failed: ${(error as Error).message}.`,
        );
      }
      const answer = (await response.json().catch(() => undefined)) as
        | { url: string; sha256: string; sizeBytes: number; error?: { message?: string; hint?: string } }
        | undefined;
      if (!response.ok || !answer?.url) {
        throw new ApiError(
          response.status,
          `The team server refused the upload of ${source.name}: ${answer?.error?.message ?? `HTTP ${response.status}`}`,
          {
            ...(answer?.error?.hint ? { hint: answer.error.hint } : {}),
          },
        );
      }
      return answer;
    },
    cancel: async (id) =>
      (await call<{ outcome: 'cancelled' | 'not_cancellable' }>(`v1/jobs/${id}/cancel`, {})).outcome,
    resultUrl: (job) => new URL(job.resultUrl ?? `v1/jobs/${job.id}/result`, base).toString(),
    async follow(id, followOptions = {}) {
      const { signal, onUpdate } = followOptions;
      let last: TeamJob | undefined;
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await keyed(new URL(`v1/jobs/${encodeURIComponent(id)}/events`, base), {
            headers: { accept: 'text/event-stream' },
            ...(signal ? { signal } : {}),
          });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffered += value;
            for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
              const event = buffered.slice(0, end);
              buffered = buffered.slice(end + 2);
              const data = event
                .split('\n')
                .filter((line) => line.startsWith('data: '))
                .map((line) => line.slice(6))
                .join('\n');
              if (!data) continue;
              last = JSON.parse(data) as TeamJob;
              onUpdate?.(last);
              if (final(last)) return last;
            }
          }
        } catch (error) {
          if (signal?.aborted) throw error;
        }
        // The stream ended early (the server restarted): read the job, then listen again.
        last = await client.job(id);
        if (final(last)) {
          onUpdate?.(last);
          return last;
        }
        await defaultSleep(Math.min(5_000, 500 * 2 ** Math.min(attempt, 4)), signal);
      }
    },
  };
  return client;
}
