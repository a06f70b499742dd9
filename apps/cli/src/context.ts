import {
  AuthError,
  createClient,
  createPipeline,
  createTeamClient,
  createTeamPipeline,
  InputError,
  type InputHost,
  type Journal,
  type ModelPrice,
  type Pipeline,
  type Platform,
  type ReanimateClient,
  SharedRateLimiter,
  type TeamClient,
} from '@reanimate/core';
import { createNodeInputHost, nodePlatform } from '@reanimate/core/node';
import { type CliSettings, type Env, findSetting, journalDir, missingStorageError } from './config.js';
import type { Printer } from './output.js';
import type { ProgressRenderer } from './progress.js';

/** Everything a command needs, built once per process. Client and storage are made on first use. */
export interface RunContext {
  env: Env;
  settings: CliSettings;
  printer: Printer;
  progress: ProgressRenderer;
  /** Node's platform for core: the file journal under the CLI's home, the transport, downloads. */
  platform: Platform;
  journal: Journal;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
  /** When the command started (epoch ms), for the summary's elapsed time. */
  startedAt: number;
  limiter: SharedRateLimiter;
  /** The API client; throws an auth error (exit 3) when no token is set. */
  client(): ReanimateClient;
  /** Storage for local files; throws an input error (exit 2) naming the settings to set. */
  host(files: readonly string[]): InputHost;
  /**
   * Core's job pipeline on this context's platform, client and storage (made on first use) — or, with a team
   * server, core's team pipeline: the server submits with the team's account, local files go up through it.
   */
  pipeline(): Pipeline;
  /** The service's price: RunComfy's with this machine's token, or the team server's. */
  price(signal?: AbortSignal): Promise<ModelPrice>;
  /** The team server jobs go to (`--server` or `server.url`), when there is one. */
  team: TeamServer | undefined;
}

/** A team server and its client, with the editor's key. */
export interface TeamServer {
  url: string;
  client: TeamClient;
}

/** A team server to send jobs to, and what the command asked of it. */
export interface TeamTarget {
  url: string;
  /** Pay again for work that already has a job (--rerun). */
  rerun?: boolean;
  /** Pay again for work whose latest job failed (--retry-failed). */
  retryFailed?: boolean;
}

/** A hidden knob for local emulators and tests, in ms; ignored for any non-loopback service. */
function loopbackNumber(env: Env, baseUrl: string, name: string): number | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const value = Number(raw);
  let loopback = false;
  try {
    const host = new URL(baseUrl).hostname;
    loopback = host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    loopback = false;
  }
  return loopback && Number.isFinite(value) && value >= 10 ? value : undefined;
}

/** Faster polling against the local emulator (tests). */
function pollOverride(env: Env, baseUrl: string): { firstPollMs: number; minIntervalMs: number } | undefined {
  const value = loopbackNumber(env, baseUrl, 'REANIMATE_POLL_INTERVAL_MS');
  return value === undefined ? undefined : { firstPollMs: value, minIntervalMs: value };
}

export function createContext(options: {
  env: Env;
  settings: CliSettings;
  printer: Printer;
  progress: ProgressRenderer;
  signal: AbortSignal;
  server?: TeamTarget | undefined;
}): RunContext {
  const { env, settings, server, ...io } = options;
  const limiter = new SharedRateLimiter();
  let client: ReanimateClient | undefined;
  let host: InputHost | undefined;
  let pipeline: Pipeline | undefined;
  const platform = nodePlatform({
    journalDir: journalDir(settings.home),
    onCorruptRecord: (movedTo, problem) =>
      options.printer.err(`warning: ${problem} Moved it aside to ${movedTo}; the other jobs are unaffected.`),
  });
  const team = server
    ? { url: server.url, client: teamClientFor(settings, server.url, platform) }
    : undefined;
  const context: RunContext = {
    ...io,
    env,
    settings,
    startedAt: Date.now(),
    platform,
    journal: platform.journal,
    limiter,
    team,
    pipeline() {
      pipeline ??= team
        ? createTeamPipeline({
            team: team.client,
            platform,
            rerun: server?.rerun === true,
            retryFailed: server?.retryFailed === true,
          })
        : createPipeline({
            platform,
            client: () => context.client(),
            inputHost: (files) => context.host(files),
          });
      return pipeline;
    },
    price: (signal) => (team ? team.client.price() : context.client().getPrice(signal ? { signal } : {})),
    client() {
      if (client) return client;
      if (!settings.token) {
        throw new AuthError(undefined, 'No RunComfy API token is set.', {
          hint:
            'Set RUNCOMFY_API_TOKEN, or save it with `reanimate config set token -` (reads it from stdin). ' +
            'Manage keys in your RunComfy profile.',
        });
      }
      const poll = pollOverride(env, settings.baseUrl);
      const interval = poll?.minIntervalMs;
      const outage = loopbackNumber(env, settings.baseUrl, 'REANIMATE_OUTAGE_BUDGET_MS');
      client = createClient({
        token: settings.token,
        baseUrl: settings.baseUrl,
        fetch: limiter.wrapFetch(),
        ...(outage !== undefined ? { outageBudgetMs: outage } : {}),
        ...(poll && interval !== undefined
          ? {
              poll: {
                ...poll,
                queuedIntervalMs: interval,
                queuedMaxIntervalMs: interval * 2,
                inProgressIntervalMs: interval,
                inProgressMaxIntervalMs: interval * 2,
              },
            }
          : {}),
      });
      return client;
    },
    host(files) {
      if (host) return host;
      if (!settings.s3) throw missingStorageError(settings, files);
      try {
        host = createNodeInputHost({ provider: 's3', s3: settings.s3 });
      } catch (error) {
        throw InputError.isInstance(error) ? storageSettingsError(error, files) : error;
      }
      return host;
    },
  };
  return context;
}

/** The team server's client, or the error saying how to get a key (no RunComfy token is needed on this machine). */
function teamClientFor(settings: CliSettings, url: string, platform: Platform): TeamClient {
  const key = settings.server.key;
  if (!key) {
    throw new InputError('No key for the team server.', {
      hint: 'Ask your admin for one, then `reanimate config set server.key -` (reads it from stdin) or set REANIMATE_SERVER_KEY.',
    });
  }
  return createTeamClient({ url, key, fetch: platform.fetch });
}

/** Core names S3 fields (`bucket`); the user sets config keys (`s3.bucket`) or env vars: name those. */
function storageSettingsError(error: InputError, files: readonly string[]): InputError {
  const lines = error.issues.map((issue) => {
    const spec = findSetting(`s3.${issue.field}`);
    const where = spec ? `${spec.key} (env ${spec.env})` : issue.field;
    return `  - ${where}: ${issue.message}`;
  });
  const what = files.length > 0 ? `Uploading ${files.join(' and ')} needs` : 'Uploads need';
  return new InputError(`${what} valid S3 storage settings:\n${lines.join('\n')}`, {
    issues: error.issues,
    hint: 'Fix them with `reanimate config set <key> <value>` or the environment variables; nothing was uploaded.',
  });
}
