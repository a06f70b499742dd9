import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../src/journal/journal-error.js';
import { createFileJournal } from '../src/node.js';
import { type Fixture, routes, startFixture, TOKEN } from './client-fixture.js';
import { spawnTs } from './journal-helpers.js';

let fixture: Fixture;
let dir: string;
beforeAll(async () => {
  fixture = await startFixture({ processing: { fixedMs: 1500 } });
  dir = await mkdtemp(join(tmpdir(), 'reanimate-resume-'));
});
afterAll(async () => {
  await fixture.close();
  await rm(dir, { recursive: true, force: true });
});

describe('crash and resume across processes', () => {
  it('a process SIGKILLed mid-poll is resumed from the file journal with exactly one submit', async () => {
    const journalDir = join(dir, 'journal');
    const child = spawnTs(
      'test/client-run-child.ts',
      [fixture.emulator.url, journalDir, fixture.input.video_url, fixture.input.audio_url],
      {
        RUNCOMFY_API_TOKEN: TOKEN,
      },
    );
    const first = await child.firstLine;
    expect(first.requestId).toEqual(expect.any(String));
    child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const requestId = String(first.requestId);
    // The job is still running on the service; the dead process's claim is still on disk.
    expect(fixture.emulator.getJob(requestId)?.status).toMatch(/in_queue|in_progress/);
    expect(await readdir(journalDir)).toContain(`${first.jobId}.lock`);

    const journal = createFileJournal({ dir: journalDir });
    const unfinished = await journal.listUnfinished();
    expect(unfinished).toHaveLength(1);
    expect(unfinished[0]).toMatchObject({ jobId: first.jobId, requestId });

    const client = fixture.client();
    const outcome = await client.resumeJob(unfinished[0]!, { journal });
    expect(outcome).toMatchObject({ requestId, jobId: first.jobId });
    expect(outcome.outputs).toHaveLength(1);
    expect((await journal.get(String(first.jobId)))?.status).toBe('completed');
    expect(routes(fixture.emulator, 'submit')).toHaveLength(1);
    expect(fixture.emulator.listJobs()).toHaveLength(1);
    expect(await journal.listUnfinished()).toMatchObject([{ status: 'completed' }]);
    // Nothing left claimed.
    expect((await readdir(journalDir)).filter((name) => name.endsWith('.lock'))).toEqual([]);
  }, 20_000);

  it('a job already followed in this process cannot be resumed twice at once', async () => {
    const journal = createFileJournal({ dir: join(dir, 'journal-2') });
    const client = fixture.client();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = client.runJob(fixture.input, {
      journal,
      onUpdate: async () => {
        await gate;
      },
    });
    let record = (await journal.list())[0];
    for (let tries = 0; !record?.requestId && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = (await journal.list())[0];
    }
    const second = await client.resumeJob(record!, { journal }).catch((error: unknown) => error);
    expect(JournalError.isInstance(second)).toBe(true);
    expect((second as Error).message).toMatch(/being handled by another run/);
    release();
    await running;
  });
});
