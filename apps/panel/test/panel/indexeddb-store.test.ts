import { createKeyValueJournal } from '@reanimate/core';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createIndexedDbStore } from '../../src/panel/platform/indexeddb-store.ts';

// fake-indexeddb implements the IndexedDB spec in memory (its own test suite is the W3C one): a real store to
// run the browser harness's settings and journal against, without a browser.
describe('the IndexedDB store of the browser harness', () => {
  it('keeps JSON values by key, lists by prefix, deletes, and survives reopening the database', async () => {
    const factory = new IDBFactory();
    const store = createIndexedDbStore('panel', factory);
    await store.set('settings', { outputFolder: '/out', binName: 'R' });
    await store.set('last-choice', { emotion: 'sad' });
    expect(await store.get('settings')).toEqual({ outputFolder: '/out', binName: 'R' });
    expect(await store.get('missing')).toBeUndefined();
    expect((await store.keys('last')).sort()).toEqual(['last-choice']);
    await store.delete('last-choice');
    expect(await store.keys('')).toEqual(['settings']);
    // A reload opens the same database afresh.
    const reopened = createIndexedDbStore('panel', factory);
    expect(await reopened.get('settings')).toEqual({ outputFolder: '/out', binName: 'R' });
  });

  it("holds core's journal across a reload; a submit cut short by the reload becomes ambiguous, never re-sent", async () => {
    const factory = new IDBFactory();
    const input = {
      video_url: 'https://x/v.mp4',
      audio_url: 'https://x/a.wav',
      emotion: 'happy' as const,
      model_mode: 'face' as const,
      lipsync_mode: 'bounce' as const,
      temperature: 0.5,
    };
    const before = createKeyValueJournal(createIndexedDbStore('jobs', factory));
    await before.create({ jobId: 'queued', input, inputHash: 'h' });
    await before.update('queued', { status: 'in_queue', requestId: 'r1' });
    await before.create({ jobId: 'cut-short', input, inputHash: 'h' });
    const after = createKeyValueJournal(createIndexedDbStore('jobs', factory));
    const unfinished = await after.listUnfinished();
    expect(unfinished.map((record) => [record.jobId, record.status]).sort()).toEqual([
      ['cut-short', 'ambiguous'],
      ['queued', 'in_queue'],
    ]);
  });
});
