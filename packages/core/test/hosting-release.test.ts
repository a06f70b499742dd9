import { describe, expect, it } from 'vitest';
import {
  createMemoryJournal,
  type HostedInput,
  hostedObjectKey,
  type InputHost,
  type Journal,
  parseReact1Input,
  releaseUnused,
} from '../src/index.js';

const BUCKET = 'https://bucket.example.com/reanimate/';
const signed = (key: string, signature: string) =>
  `${BUCKET}${key}?X-Amz-Expires=3600&X-Amz-Signature=${signature}`;

/** Records what it was asked to release; releases only objects under its bucket, as the real hosts do. */
function recordingHost(): InputHost & { released: string[] } {
  const released: string[] = [];
  return {
    kind: 's3',
    released,
    put: async (): Promise<HostedInput> => {
      throw new Error('not used');
    },
    delete: async () => false,
    release: async (url) => {
      if (!url.startsWith(BUCKET)) return false;
      released.push(hostedObjectKey(url));
      return true;
    },
  };
}

async function job(
  journal: Journal,
  jobId: string,
  video: string,
  audio: string,
  status: 'in_queue' | 'completed',
) {
  const input = parseReact1Input({ video_url: video, audio_url: audio });
  await journal.create({ jobId, input, inputHash: jobId });
  await journal.update(jobId, { status: 'in_queue', requestId: `req-${jobId}` });
  if (status === 'completed') {
    await journal.update(jobId, { status: 'in_progress' });
    await journal.update(jobId, { status: 'completed', outputs: ['https://cdn.example.com/out.mp4'] });
  }
}

describe('releaseUnused: job-end clean-up of content-addressed uploads', () => {
  it('keeps an object that a queued job still needs, whatever its URL signature, and releases the rest', async () => {
    const journal = createMemoryJournal();
    // Both jobs use the same dub (same bytes → same key), each with its own presigned URL.
    await job(journal, 'done', signed('face-a.mp4', 'aaa'), signed('dub.wav', 'bbb'), 'completed');
    await job(journal, 'queued', signed('face-b.mp4', 'ccc'), signed('dub.wav', 'ddd'), 'in_queue');
    const host = recordingHost();
    const released = await releaseUnused(host, [signed('face-a.mp4', 'aaa'), signed('dub.wav', 'bbb')], {
      journal,
    });
    expect(host.released).toEqual([`${BUCKET}face-a.mp4`]);
    expect(released).toEqual([signed('face-a.mp4', 'aaa')]);
  });

  it('releases a shared object once the last job using it has finished', async () => {
    const journal = createMemoryJournal();
    await job(journal, 'one', signed('face.mp4', '1'), signed('dub.wav', '2'), 'completed');
    await job(journal, 'two', signed('face.mp4', '3'), signed('dub.wav', '4'), 'completed');
    const host = recordingHost();
    await releaseUnused(host, [signed('face.mp4', '3'), signed('dub.wav', '4'), signed('dub.wav', '4')], {
      journal,
    });
    expect(host.released).toEqual([`${BUCKET}face.mp4`, `${BUCKET}dub.wav`]);
  });

  it('keeps what the caller still uses outside the journal, and leaves URLs that are not the host’s alone', async () => {
    const journal = createMemoryJournal();
    const host = recordingHost();
    const inUse = new Set([`${BUCKET}face.mp4`]);
    const released = await releaseUnused(
      host,
      [signed('face.mp4', 'x'), 'https://elsewhere.example.com/dub.wav', signed('dub.wav', 'y')],
      { journal, inUse },
    );
    expect(host.released).toEqual([`${BUCKET}dub.wav`]);
    expect(released).toEqual([signed('dub.wav', 'y')]);
  });
});
