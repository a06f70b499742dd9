import { inspect } from 'node:util';
import { type Emulator, type EmulatorOptions, startEmulator, startMediaServer } from '@reanimate/emulator';
import { mediaDir } from '@reanimate/samples';
import { expect } from 'vitest';
import { type ClientOptions, createClient, type ReanimateClient } from '../src/client/index.js';

/** A token distinctive enough that finding it anywhere is a real leak. */
export const TOKEN = 'tok-SECRET-7f3a9c1d2e';

/** Fast polling for tests that are not about the poll schedule itself. */
export const FAST_POLL = {
  firstPollMs: 50,
  minIntervalMs: 100,
  queuedIntervalMs: 100,
  inProgressIntervalMs: 100,
  inProgressMaxIntervalMs: 200,
} as const;

export interface Fixture {
  emulator: Emulator;
  input: { video_url: string; audio_url: string };
  client(options?: Partial<ClientOptions>): ReanimateClient;
  close(): Promise<void>;
}

/** The emulator plus a media server for its inputs, over real HTTP on free ports. */
export async function startFixture(options: EmulatorOptions = {}): Promise<Fixture> {
  const media = await startMediaServer({ dir: mediaDir });
  const emulator = await startEmulator({
    tokens: [TOKEN],
    ffmpegPath: false,
    processing: { fixedMs: 300 },
    ...options,
  });
  return {
    emulator,
    input: { video_url: media.urlFor('face.mp4'), audio_url: media.urlFor('dub.wav') },
    client: (overrides = {}) =>
      createClient({ token: TOKEN, baseUrl: emulator.url, poll: FAST_POLL, ...overrides }),
    async close() {
      await emulator.close();
      await media.close();
    },
  };
}

export function routes(emulator: Emulator, route: string) {
  return emulator.requests.filter((request) => request.route === route);
}

/** Rejections as values, so tests can assert on the error itself. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Asserts the token appears nowhere: message, hint, JSON, and the whole inspected cause chain. */
export function expectNoToken(error: unknown): void {
  const views = [String(error), JSON.stringify(error) ?? '', inspect(error, { depth: 12, showHidden: true })];
  for (let cause: unknown = error, depth = 0; cause && depth < 12; depth++) {
    views.push(String(cause), JSON.stringify(cause) ?? '');
    cause = (cause as { cause?: unknown }).cause;
  }
  for (const view of views) expect(view).not.toContain(TOKEN);
  for (const view of views) expect(view.toLowerCase()).not.toContain('authorization');
}

/**
 * Between tests: no faults, no jobs still running (a job left over would take job-level faults meant for the next
 * test), and an empty request log.
 */
export async function settleEmulator(emulator: Emulator): Promise<void> {
  emulator.clearFaults();
  await Promise.all(emulator.listJobs().map((job) => emulator.waitForJob(job.id).catch(() => undefined)));
  emulator.clearRequests();
}
