import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobUpdateWithId } from '../src/client/index.js';
import { DeadlineExceededError, NetworkError } from '../src/errors.js';
import { createMemoryJournal } from '../src/journal/memory.js';
import { createFileJournal, download } from '../src/node.js';
import { caught, type Fixture, routes, settleEmulator, startFixture, TOKEN } from './client-fixture.js';

let fixture: Fixture;
let dir: string;
beforeAll(async () => {
  fixture = await startFixture({ workers: 4, processing: { fixedMs: 600 } });
});
afterAll(async () => {
  await fixture.close();
});
beforeEach(async () => {
  await settleEmulator(fixture.emulator);
  dir = await mkdtemp(join(tmpdir(), 'reanimate-flow-'));
  return () => rm(dir, { recursive: true, force: true });
});

describe('runJob against the emulator', () => {
  it('submits, polls, journals every step before telling the caller, and downloads the output', async () => {
    const journal = createFileJournal({ dir: join(dir, 'journal') });
    const seenInJournal: string[] = [];
    const updates: JobUpdateWithId[] = [];
    const outcome = await fixture.client().runJob(fixture.input, {
      journal,
      meta: { out: 'clip.mp4' },
      onUpdate: async (update) => {
        updates.push(update);
        // Write-ahead: by the time we hear of a state, the journal already holds it.
        seenInJournal.push((await journal.get(update.jobId ?? ''))?.status ?? 'missing');
      },
    });
    expect(outcome.outputs).toHaveLength(1);
    expect(outcome.record).toMatchObject({
      status: 'completed',
      requestId: outcome.requestId,
      meta: { out: 'clip.mp4' },
    });
    expect(updates.at(-1)).toMatchObject({ status: 'completed', requestId: outcome.requestId });
    expect(updates.some((update) => update.status === 'in_progress')).toBe(true);
    for (const [index, update] of updates.entries()) expect(seenInJournal[index]).toBe(update.status);
    expect(updates.map((update) => update.elapsedMs)).toEqual(
      [...updates.map((update) => update.elapsedMs)].sort((a, b) => a - b),
    );
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
    expect(routes(fixture.emulator, 'result')).toHaveLength(1);

    const dest = join(dir, 'clip.mp4');
    const saved = await download(outcome.outputs[0] ?? '', dest);
    expect(saved.bytes).toBeGreaterThan(1000);
    expect((await readFile(dest)).subarray(4, 8).toString('latin1')).toBe('ftyp');
    const final = await journal.update(outcome.jobId ?? '', { status: 'downloaded', localPath: dest });
    expect(await journal.listUnfinished()).toEqual([]);
    expect(final.status).toBe('downloaded');
    const onDisk = await readFile(join(dir, 'journal', `${outcome.jobId}.json`), 'utf8');
    expect(onDisk).not.toContain(TOKEN);
  });

  it('an output download cut off on every attempt leaves no partial file', async () => {
    const outcome = await fixture.client().runJob(fixture.input);
    fixture.emulator.injectFault({ kind: 'reset', route: 'output', times: 'always' });
    const dest = join(dir, 'clip.mp4');
    const error = await caught(download(outcome.outputs[0] ?? '', dest, { sleep: async () => undefined }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('Signature=');
    expect(routes(fixture.emulator, 'output')).toHaveLength(3);
    expect(await readdir(dir)).toEqual([]);
  });

  it('polls at most once a second per job with the default schedule, queued or running', async () => {
    const client = fixture.client({ poll: {} });
    // Six jobs on four workers: some wait in the queue first.
    const submissions = await Promise.all(Array.from({ length: 6 }, () => client.submit(fixture.input)));
    const queuedSeen: boolean[] = [];
    await Promise.all(
      submissions.map(({ requestId }, index) =>
        client.waitForCompletion(requestId, {
          onUpdate: (update) => {
            if (update.status === 'in_queue') queuedSeen[index] = true;
          },
        }),
      ),
    );
    expect(queuedSeen.some(Boolean)).toBe(true);
    for (const { requestId } of submissions) {
      const times = routes(fixture.emulator, 'status')
        .filter((request) => request.requestId === requestId)
        .map((request) => request.time);
      expect(times.length).toBeGreaterThanOrEqual(1);
      for (let index = 1; index < times.length; index++) {
        // Intervals run send to send on the client; arrival jitter on a busy machine eats a few ms.
        expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(950);
      }
    }
  });

  it('honours Retry-After on a read, in seconds and as an HTTP date (measured at the server)', async () => {
    const { requestId } = await fixture.client().submit(fixture.input);
    for (const format of ['seconds', 'date'] as const) {
      fixture.emulator.clearRequests();
      fixture.emulator.injectFault({
        kind: 'http',
        route: 'status',
        status: 503,
        retryAfterSec: 2,
        retryAfterFormat: format,
      });
      await fixture.client().getStatus(requestId);
      const [first, second] = routes(fixture.emulator, 'status');
      expect(first?.status).toBe(503);
      expect(second?.status).toBe(200);
      // An HTTP date has whole seconds, so "2 s" may be as little as 1 s away.
      const floor = format === 'seconds' ? 1950 : 950;
      expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(floor);
      expect((second?.time ?? 0) - (first?.time ?? 0)).toBeLessThan(4000);
    }
  });

  it('retries a submit the service refused with 503 + Retry-After, creating exactly one job', async () => {
    fixture.emulator.injectFault({ kind: 'http', route: 'submit', status: 503, retryAfterSec: 1 });
    const before = fixture.emulator.listJobs().length;
    const submission = await fixture.client().submit(fixture.input);
    expect(routes(fixture.emulator, 'submit').map((request) => request.status)).toEqual([503, 200]);
    expect(fixture.emulator.listJobs()).toHaveLength(before + 1);
    expect(fixture.emulator.getJob(submission.requestId)).toBeDefined();
  });

  it('stops at once when aborted mid-poll: no request after the abort, the job left resumable', async () => {
    const journal = createMemoryJournal();
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = fixture
      .client({ poll: { firstPollMs: 50, minIntervalMs: 1000, inProgressIntervalMs: 1000 } })
      .runJob(fixture.input, {
        journal,
        signal: controller.signal,
        onUpdate: () => {
          abortedAt = Date.now();
          setTimeout(() => controller.abort(), 100);
        },
      });
    const error = await caught(pending);
    const returnedAfter = Date.now() - abortedAt;
    expect((error as Error).name).toBe('AbortError');
    // The abort ended a one-second sleep, not waited it out.
    expect(returnedAfter).toBeLessThan(600);
    const countAtAbort = routes(fixture.emulator, 'status').length;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(routes(fixture.emulator, 'status')).toHaveLength(countAtAbort);
    const [record] = await journal.list();
    expect(record?.status).toMatch(/in_queue|in_progress/);
    expect(record?.requestId).toBeDefined();
  });

  it('an abort during the submit POST lets it finish, journals the request id, then rejects', async () => {
    fixture.emulator.injectFault({ kind: 'latency', route: 'submit', ms: 400 });
    const journal = createMemoryJournal();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await caught(
      fixture.client().runJob(fixture.input, { journal, signal: controller.signal }),
    );
    expect((error as Error).name).toBe('AbortError');
    const [record] = await journal.list();
    expect(record).toMatchObject({ status: 'in_queue', requestId: expect.any(String) });
    expect(fixture.emulator.getJob(record?.requestId ?? '')).toBeDefined();
    expect(routes(fixture.emulator, 'status')).toHaveLength(0);
  });

  it('rejects before any request when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fixture.client().runJob(fixture.input, { signal: controller.signal })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it('deadline: stops waiting with the request id, leaves the job running, and resumes it later', async () => {
    const journal = createFileJournal({ dir: join(dir, 'journal') });
    const client = fixture.client();
    const error = await caught(client.runJob(fixture.input, { journal, deadline: Date.now() + 250 }));
    expect(DeadlineExceededError.isInstance(error)).toBe(true);
    const requestId = (error as DeadlineExceededError).requestId;
    expect(fixture.emulator.getJob(requestId)?.status).toMatch(/in_queue|in_progress/);
    expect(routes(fixture.emulator, 'cancel')).toHaveLength(0);
    const [record] = await journal.listUnfinished();
    expect(record).toMatchObject({ requestId, status: expect.stringMatching(/in_queue|in_progress/) });

    const resumed = await client.resumeJob(record!, { journal });
    expect(resumed).toMatchObject({ requestId, jobId: record?.jobId });
    expect(resumed.outputs).toHaveLength(1);
    expect((await journal.get(record?.jobId ?? ''))?.status).toBe('completed');
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
  });

  it('resumeJob by request id waits without submitting, and finds the journal record holding that id', async () => {
    const journal = createMemoryJournal();
    const client = fixture.client();
    const error = await caught(client.runJob(fixture.input, { journal, deadline: Date.now() + 100 }));
    const requestId = (error as DeadlineExceededError).requestId;
    const outcome = await client.resumeJob(requestId, { journal });
    expect(outcome.record).toMatchObject({ status: 'completed', requestId });
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
    const bare = await client.resumeJob(requestId);
    expect(bare).toMatchObject({ requestId, jobId: undefined, record: undefined });
    expect(bare.outputs).toEqual(outcome.outputs);
  });
});
