import type { JobRecord, JournalStatus } from '@reanimate/core';
import { describe, expect, it } from 'vitest';
import { decide, nextAttempt, type ProcessOptions } from '../src/decide.js';

/** A journal record as the pipeline writes it for a CLI row. */
function record(status: JournalStatus, attempt = 1, requestId: string | undefined = 'req-1'): JobRecord {
  return {
    version: 1,
    jobId: `job-${attempt}`,
    revision: 1,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    input: {
      video_url: 'https://x/v.mp4',
      audio_url: 'https://x/a.wav',
      emotion: 'neutral',
      model_mode: 'face',
      lipsync_mode: 'bounce',
      temperature: 0.5,
    },
    inputHash: 'h',
    status,
    ...(requestId ? { requestId } : {}),
    meta: {
      app: 'reanimate-cli',
      key: 'row:1',
      attempt,
      out: '/out/a.mp4',
      conflict: 'replace',
      sources: { video: { kind: 'url' }, audio: { kind: 'url' } },
      shown: { video: 'https://x/v.mp4', audio: 'https://x/a.wav' },
      uploaded: [],
    },
  };
}

const batch: ProcessOptions = { split: false, concurrency: 3, policy: 'batch', retryFailed: false };
const run: ProcessOptions = { ...batch, policy: 'run' };
const resume: ProcessOptions = { ...batch, policy: 'resume' };

describe('the batch decision table', () => {
  it('submits a row never seen, as attempt 1', () => {
    expect(decide([], batch, false)).toEqual({ kind: 'submit', attempt: 1 });
    expect(decide([], resume, false)).toEqual({ kind: 'never-submitted', record: undefined });
  });

  it('follows a row in flight, whoever submitted it, and never submits it again', () => {
    for (const status of ['in_queue', 'in_progress', 'completed', 'submitting'] as const) {
      for (const options of [batch, run, resume])
        expect(decide([record(status)], options, false).kind).toBe('follow');
    }
  });

  it('skips a downloaded row whose file is there; downloads it again when the file is gone; `run` runs it anew', () => {
    expect(decide([record('downloaded')], batch, true).kind).toBe('skip');
    expect(decide([record('downloaded')], batch, false).kind).toBe('follow');
    expect(decide([record('downloaded', 2)], run, true)).toEqual({ kind: 'submit', attempt: 3 });
    expect(decide([record('downloaded')], resume, true).kind).toBe('skip');
  });

  it('reports failed and cancelled rows unless asked to retry them; a retry is the next attempt', () => {
    expect(decide([record('failed')], batch, false).kind).toBe('failed-before');
    expect(decide([record('cancelled')], batch, false).kind).toBe('failed-before');
    expect(decide([record('failed')], { ...batch, retryFailed: true }, false)).toEqual({
      kind: 'submit',
      attempt: 2,
    });
    expect(decide([record('failed')], run, false)).toEqual({ kind: 'submit', attempt: 2 });
    expect(decide([record('failed')], { ...resume, retryFailed: true }, false).kind).toBe('never-submitted');
  });

  it('never re-sends an ambiguous submit; a refused one is sent again as a new attempt', () => {
    for (const options of [batch, run, resume]) {
      expect(decide([record('ambiguous', 1, undefined)], options, false).kind).toBe('ambiguous');
    }
    expect(decide([record('not_submitted', 1, undefined)], batch, false)).toEqual({
      kind: 'submit',
      attempt: 2,
    });
  });

  it('numbers attempts past the highest any record carries', () => {
    expect(nextAttempt([])).toBe(1);
    expect(nextAttempt([record('failed', 3), record('failed', 1)])).toBe(4);
  });
});
