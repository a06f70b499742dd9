import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError } from '../src/journal/journal-error.js';
import { createMemoryJournal } from '../src/journal/memory.js';
import type { Journal } from '../src/journal/types.js';
import { createFileJournal } from '../src/node.js';
import { spawnTs } from './journal-helpers.js';

const input = {
  video_url: 'https://example.com/v.mp4',
  audio_url: 'https://example.com/a.wav',
  emotion: 'neutral',
  model_mode: 'face',
  lipsync_mode: 'bounce',
  temperature: 0.5,
} as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reanimate-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['memory', () => createMemoryJournal()],
  ['file', () => createFileJournal({ dir })],
])('%s journal', (_name, make: () => Journal) => {
  it('writes, reads back, lists and updates records', async () => {
    const journal = make();
    const created = await journal.create({ jobId: 'a1', input, inputHash: 'h1', meta: { out: 'x.mp4' } });
    expect(created.status).toBe('submitting');
    await journal.update('a1', { status: 'in_queue', requestId: 'req-1', queuePosition: 3 });
    const back = await journal.get('a1');
    expect(back).toMatchObject({
      status: 'in_queue',
      requestId: 'req-1',
      queuePosition: 3,
      revision: 2,
      meta: { out: 'x.mp4' },
    });
    expect(await journal.get('nope')).toBeUndefined();
    expect((await journal.list()).map((record) => record.jobId)).toEqual(['a1']);
    await expect(journal.create({ jobId: 'a1', input, inputHash: 'h1' })).rejects.toThrow(JournalError);
    await expect(journal.update('missing', { meta: {} })).rejects.toThrow(/not in the journal/);
  });

  it('turns an orphaned submitting record into ambiguous, never back into a submit', async () => {
    const journal = make();
    await journal.create({ jobId: 'orphan', input, inputHash: 'h' });
    const unfinished = await journal.listUnfinished();
    expect(unfinished).toHaveLength(1);
    expect(unfinished[0]).toMatchObject({ status: 'ambiguous', error: { code: 'ambiguous_submit' } });
    expect((await journal.get('orphan'))?.status).toBe('ambiguous');
  });

  it('leaves a submitting record alone while its owner holds the claim', async () => {
    const journal = make();
    const claim = await journal.claim('live');
    expect(claim).toBeDefined();
    await journal.create({ jobId: 'live', input, inputHash: 'h' });
    expect((await journal.listUnfinished())[0]?.status).toBe('submitting');
    expect(await journal.claim('live')).toBeUndefined();
    await claim?.release();
    expect((await journal.listUnfinished())[0]?.status).toBe('ambiguous');
  });

  it('lists only jobs that need attention', async () => {
    const journal = make();
    for (const jobId of ['q', 'f', 'd']) {
      await journal.create({ jobId, input, inputHash: 'h' });
      await journal.update(jobId, { status: 'in_queue', requestId: `r-${jobId}` });
    }
    await journal.update('f', { status: 'failed', error: { code: 'job_failed', message: 'no face' } });
    await journal.update('d', { status: 'completed', outputs: ['u'] });
    expect((await journal.listUnfinished()).map((record) => record.jobId).sort()).toEqual(['d', 'q']);
    await journal.update('d', { status: 'downloaded', localPath: '/x.mp4' });
    expect((await journal.listUnfinished()).map((record) => record.jobId)).toEqual(['q']);
  });

  it('rejects ids that could escape the folder', async () => {
    const journal = make();
    await expect(journal.create({ jobId: '../evil', input, inputHash: 'h' })).rejects.toThrow(
      /not a valid job id/,
    );
  });
});

describe('file journal on disk', () => {
  it('never stores a token and leaves no temp files behind', async () => {
    const journal = createFileJournal({ dir });
    await journal.create({ jobId: 'j', input, inputHash: 'h' });
    await journal.update('j', { status: 'in_queue', requestId: 'r' });
    const names = await readdir(dir);
    expect(names).toEqual(['j.json']);
    const text = await readFile(join(dir, 'j.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, jobId: 'j', status: 'in_queue', revision: 2 });
    expect(text.toLowerCase()).not.toContain('bearer');
  });

  it('moves a corrupt record aside, names it, and keeps every other job', async () => {
    const journal = createFileJournal({ dir });
    await journal.create({ jobId: 'good', input, inputHash: 'h' });
    await writeFile(join(dir, 'bad.json'), '{"version":1,');
    await writeFile(join(dir, 'wrong.json'), '{"version":1,"jobId":"wrong"}');
    const reported: { movedTo: string; problem: string }[] = [];
    const listing = createFileJournal({
      dir,
      onCorrupt: (movedTo, problem) => reported.push({ movedTo, problem }),
    });
    expect((await listing.list()).map((record) => record.jobId)).toEqual(['good']);
    expect(reported.map((r) => r.movedTo).sort()).toEqual([
      join(dir, 'bad.json.corrupt'),
      join(dir, 'wrong.json.corrupt'),
    ]);
    expect(reported.find((r) => r.movedTo.includes('bad'))?.problem).toMatch(/bad\.json is not valid JSON/);
    expect((await readdir(dir)).sort()).toEqual(['bad.json.corrupt', 'good.json', 'wrong.json.corrupt']);
    // Listed again: nothing more to report.
    await listing.list();
    expect(reported).toHaveLength(2);
  });

  it('says plainly when the journal folder cannot be written, before anything else happens', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const error = await createFileJournal({ dir: join(file, 'jobs') })
      .claim('job-1')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'journal', reason: 'io' });
    expect((error as Error).message).toMatch(/journal folder \((ENOTDIR|EEXIST)\)/);
  });

  it('lets exactly one of two processes claim a job', async () => {
    const at = String(Date.now() + 1500);
    const children = [0, 1].map(() => spawnTs('test/journal-child.ts', ['race-claim', dir, 'job-x', at]));
    const lines = await Promise.all(children.map((child) => child.firstLine));
    await Promise.all(children.map((child) => child.exited));
    expect(lines.filter((line) => line.claimed === true)).toHaveLength(1);
  });

  it('takes over the claim of a process that was killed, but not of a live one', async () => {
    const child = spawnTs('test/journal-child.ts', ['claim-and-hang', dir, 'job-k']);
    expect(await child.firstLine).toMatchObject({ claimed: true });
    const journal = createFileJournal({ dir });
    expect(await journal.claim('job-k')).toBeUndefined();
    child.kill('SIGKILL');
    await child.exited;
    const claim = await journal.claim('job-k');
    expect(claim).toBeDefined();
    await claim?.release();
    expect(await readdir(dir)).not.toContain('job-k.lock');
  });

  it('takes over a claim whose heartbeat stopped (pid reused after a reboot)', async () => {
    const journal = createFileJournal({ dir, staleClaimMs: 200 });
    // Our own pid is alive, so only the stale heartbeat can free this lock.
    await writeFile(
      join(dir, 'job-h.lock'),
      JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 't', at: '' }),
    );
    expect(await journal.claim('job-h')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const claim = await journal.claim('job-h');
    expect(claim).toBeDefined();
    await claim?.release();
  });

  it('keeps a live claim fresh with its heartbeat', async () => {
    const journal = createFileJournal({ dir, staleClaimMs: 300 });
    const claim = await journal.claim('job-b');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const other = createFileJournal({ dir, staleClaimMs: 300 });
    expect(await other.claim('job-b')).toBeUndefined();
    await claim?.release();
  });

  it('never shows a torn record to a reader in another process', async () => {
    const journal = createFileJournal({ dir });
    await journal.create({ jobId: 'hot', input, inputHash: 'h', meta: { counter: -1 } });
    const reader = spawnTs('test/journal-child.ts', ['read-many', dir, 'hot', '3000']);
    const writer = spawnTs('test/journal-child.ts', ['write-many', dir, 'hot', '300']);
    const [read, wrote] = await Promise.all([reader.firstLine, writer.firstLine]);
    expect(wrote).toMatchObject({ done: true });
    expect(read.errors).toBe(0);
    expect(read.reads).toBeGreaterThan(50);
    expect(read.wentBackwards).toBe(false);
    expect((await journal.get('hot'))?.meta.counter).toBe(299);
    await Promise.all([reader.exited, writer.exited]);
  }, 20_000);
});
