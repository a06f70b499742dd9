import { describe, expect, it } from 'vitest';
import { createKeyValueJournal, createMemoryKeyValueStore as createMemoryStore } from '../src/index.js';

const input = {
  video_url: 'https://x/v.mp4',
  audio_url: 'https://x/a.wav',
  emotion: 'happy' as const,
  model_mode: 'face' as const,
  lipsync_mode: 'bounce' as const,
  temperature: 0.5,
};

describe('store journal', () => {
  it('keeps records across panel sessions and applies core transitions', async () => {
    const store = createMemoryStore();
    const first = createKeyValueJournal(store);
    await first.create({ jobId: 'job1', input, inputHash: 'h', meta: { project: '/p.prproj' } });
    await first.update('job1', { status: 'in_queue', requestId: 'r1', queuePosition: 2 });

    const second = createKeyValueJournal(store); // the panel reloaded
    const unfinished = await second.listUnfinished();
    expect(unfinished.map((r) => [r.jobId, r.status, r.requestId])).toEqual([['job1', 'in_queue', 'r1']]);
    await expect(second.update('job1', { status: 'submitting' })).rejects.toThrow(/cannot go from in_queue/);
    await second.update('job1', { status: 'completed', outputs: ['https://o'] });
    await second.update('job1', { status: 'downloaded', localPath: '/out.mp4' });
    expect(await second.listUnfinished()).toEqual([]);
  });

  it('turns a submit interrupted by a reload into ambiguous, never re-sent', async () => {
    const store = createMemoryStore();
    const first = createKeyValueJournal(store);
    const claim = await first.claim('job2');
    await first.create({ jobId: 'job2', input, inputHash: 'h' });
    expect((await first.listUnfinished())[0]?.status).toBe('submitting'); // still ours
    await claim?.release();

    const [record] = await createKeyValueJournal(store).listUnfinished();
    expect(record?.status).toBe('ambiguous');
    expect(record?.error?.code).toBe('ambiguous_submit');
  });
});
