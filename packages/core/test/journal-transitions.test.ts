import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashInput } from '../src/journal/hash.js';
import { JOB_ID_PATTERN, newJobId } from '../src/journal/job-id.js';
import { JournalError } from '../src/journal/journal-error.js';
import {
  applyPatch,
  canTransition,
  isUnfinished,
  newRecord,
  TRANSITIONS,
} from '../src/journal/transitions.js';
import { JOURNAL_STATUSES, type JobRecord, type JournalStatus } from '../src/journal/types.js';

const input = {
  video_url: 'https://example.com/v.mp4',
  audio_url: 'https://example.com/a.wav',
  emotion: 'happy',
  model_mode: 'face',
  lipsync_mode: 'bounce',
  temperature: 0.5,
} as const;
const NOW = '2026-01-01T00:00:00.000Z';
const base = (): JobRecord => newRecord({ jobId: 'job-1', input, inputHash: 'h' }, NOW);
const walk = (record: JobRecord, ...patches: Parameters<typeof applyPatch>[1][]) =>
  patches.reduce<JobRecord>((current, patch) => applyPatch(current, patch, NOW), record);

describe('journal state machine', () => {
  it('starts at submitting, revision 1', () => {
    expect(base()).toMatchObject({ status: 'submitting', revision: 1, createdAt: NOW, meta: {} });
  });

  it('walks the happy path, bumping the revision and clearing the queue position', () => {
    const done = walk(
      base(),
      { status: 'in_queue', requestId: 'r1', queuePosition: 2 },
      { status: 'in_queue', queuePosition: 1 },
      { status: 'in_progress' },
      { status: 'completed', outputs: ['https://cdn/x.mp4'] },
      { status: 'downloaded', localPath: '/tmp/x.mp4' },
    );
    expect(done).toMatchObject({
      status: 'downloaded',
      revision: 6,
      requestId: 'r1',
      localPath: '/tmp/x.mp4',
    });
    expect(done.queuePosition).toBeUndefined();
  });

  it('refuses transitions out of terminal states and backwards jumps to submitting', () => {
    for (const from of ['failed', 'cancelled', 'not_submitted', 'downloaded'] as JournalStatus[]) {
      for (const to of JOURNAL_STATUSES)
        if (to !== from) expect(canTransition(from, to), `${from}->${to}`).toBe(false);
    }
    for (const from of JOURNAL_STATUSES)
      if (from !== 'submitting') expect(canTransition(from, 'submitting')).toBe(false);
    const failed = walk(
      base(),
      { status: 'in_queue', requestId: 'r' },
      { status: 'failed', error: { code: 'job_failed', message: 'no face' } },
    );
    expect(() => applyPatch(failed, { status: 'in_progress' }, NOW)).toThrow(JournalError);
  });

  it('lets an ambiguous job be resolved only by the user: an id found, or confirmed absent', () => {
    expect(TRANSITIONS.ambiguous).toContain('in_queue');
    expect(TRANSITIONS.ambiguous).toContain('not_submitted');
    expect(TRANSITIONS.ambiguous).not.toContain('submitting');
  });

  it('enforces what each state must carry', () => {
    expect(() => applyPatch(base(), { status: 'in_queue' }, NOW)).toThrow(/without a request id/);
    const queued = applyPatch(base(), { status: 'in_queue', requestId: 'r' }, NOW);
    expect(() => applyPatch(queued, { status: 'completed' }, NOW)).toThrow(/without outputs/);
    const completed = applyPatch(queued, { status: 'completed', outputs: ['u'] }, NOW);
    expect(() => applyPatch(completed, { status: 'downloaded' }, NOW)).toThrow(/local path/);
  });

  it('merges meta and clears fields explicitly set to undefined', () => {
    const a = walk(
      base(),
      { meta: { out: 'a.mp4' } },
      { meta: { project: 'p' }, error: { code: 'x', message: 'y' } },
    );
    expect(a.meta).toEqual({ out: 'a.mp4', project: 'p' });
    expect(applyPatch(a, { error: undefined }, NOW).error).toBeUndefined();
  });

  it('reports which states need attention', () => {
    const unfinished = JOURNAL_STATUSES.filter(isUnfinished);
    expect(unfinished).toEqual(['submitting', 'ambiguous', 'in_queue', 'in_progress', 'completed']);
  });
});

describe('input hash and job ids', () => {
  it('hashes canonical JSON with sha-256, key order irrelevant', async () => {
    const shuffled = {
      temperature: 0.5,
      audio_url: input.audio_url,
      lipsync_mode: 'bounce',
      video_url: input.video_url,
      model_mode: 'face',
      emotion: 'happy',
    };
    expect(canonicalJson(shuffled)).toBe(canonicalJson(input));
    const expected = createHash('sha256').update(canonicalJson(input)).digest('hex');
    expect(await hashInput(shuffled)).toBe(expected);
    expect(await hashInput({ ...input, temperature: 0.6 })).not.toBe(expected);
    expect(canonicalJson({ b: [1, { d: 1, c: undefined }], a: null })).toBe('{"a":null,"b":[1,{"d":1}]}');
  });

  it('mints file-name-safe unique ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newJobId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(JOB_ID_PATTERN);
  });
});
