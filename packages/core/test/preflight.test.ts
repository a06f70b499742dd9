import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { describe, expect, it } from 'vitest';
import { assessProbe, checkInputs, type MediaProbe } from '../src/index.js';
import { checkInputNode, checkInputsNode } from '../src/node.js';
import { refusal, withTempDir, writeBigMoovAtEndMp4 } from './media-fixtures.js';

const file = (path: string) => ({ kind: 'file' as const, path });

async function onlyIssue(inputs: Parameters<typeof checkInputsNode>[0]) {
  const error = await refusal(checkInputsNode(inputs));
  expect(error.issues).toHaveLength(1);
  return error.issues[0]!;
}

describe('checkInputNode: one input on its own', () => {
  it('accepts a video without its dub, and refuses an audio file as the video with its code', async () => {
    const checked = await checkInputNode('video', file(samples.faceMp4));
    expect(checked).toMatchObject({ role: 'video', label: 'face.mp4', verified: true });
    expect(checked.probe?.durationSec).toBe(4);
    const error = await refusal(checkInputNode('video', file(samples.dubWav)));
    expect(error.issues.map((issue) => issue.code)).toEqual(['no_video_stream']);
    expect(error.message).toMatch(/^This video cannot be used with react-1:\n {2}- /);
    expect(error.hint).toBe('Fix the video and check it again; nothing was uploaded or sent.');
  });
});

describe('checkInputsNode with local files', () => {
  it('accepts a face video and a dub, with what probing found', async () => {
    const checked = await checkInputsNode({ video: file(samples.faceMp4), audio: file(samples.dubWav) });
    expect(checked.video).toMatchObject({
      role: 'video',
      label: 'face.mp4',
      remote: false,
      verified: true,
      notes: [],
    });
    expect(checked.video.probe).toMatchObject({ container: 'mp4', hasVideo: true });
    expect(checked.audio.probe).toMatchObject({ container: 'wav', durationSec: 4.5 });
  });

  it('accepts the audio of a video file as the audio input', async () => {
    const checked = await checkInputsNode({ video: file(samples.faceMov), audio: file(samples.faceWebm) });
    expect(checked.audio.probe).toMatchObject({ container: 'webm', hasVideo: true, hasAudio: true });
  });

  it('accepts a clip of exactly 15 s whose AAC priming makes the movie header read longer', async () => {
    const checked = await checkInputsNode({
      video: file(samples.edge15sMp4),
      audio: file(samples.edge15sMp4),
    });
    expect(checked.video.probe?.durationSec).toBeCloseTo(15, 3);
    expect(checked.audio.probe?.hasAudio).toBe(true);
  });

  it('refuses a video over 15 s, saying by how much and what to do', async () => {
    const issue = await onlyIssue({ video: file(samples.long16sMp4), audio: file(samples.dubWav) });
    expect(issue).toEqual({
      field: 'video',
      code: 'too_long',
      limit: 15,
      actual: expect.closeTo(16, 1),
      message:
        "video long-16s.mp4 is 16.0 s long, 1.0 s over react-1's 15 s limit: trim it to 15 s or less, or use the " +
        'split option to process it in segments.',
    });
  });

  it('refuses audio over 15 s', async () => {
    const issue = await onlyIssue({ video: file(samples.faceMp4), audio: file(samples.long16sMp3) });
    expect(issue.field).toBe('audio');
    expect(issue.message).toMatch(
      /^audio long-16s\.mp3 is 16\.1 s long, 1\.1 s over react-1's 15 s limit: trim it/,
    );
  });

  it('refuses a video input with no video stream', async () => {
    const issue = await onlyIssue({ video: file(samples.dubM4a), audio: file(samples.dubWav) });
    expect(issue).toEqual({
      field: 'video',
      code: 'no_video_stream',
      message:
        'video dub.m4a has no video stream (it holds only audio): react-1 needs a video of a face; choose a video file.',
    });
  });

  it('refuses an audio input with no audio stream', async () => {
    const issue = await onlyIssue({ video: file(samples.faceMp4), audio: file(samples.silentMp4) });
    expect(issue).toEqual({
      field: 'audio',
      code: 'no_audio_stream',
      message:
        'audio silent.mp4 has no audio stream (it is a video without sound): choose a file with the speech to ' +
        'sync to (the sound of a video file works too).',
    });
  });

  it('refuses empty, corrupt and unsupported files with what to do', async () => {
    const empty = await onlyIssue({ video: file(samples.emptyMp4), audio: file(samples.dubWav) });
    expect(empty.message).toBe('video empty.mp4 is empty (0 bytes): export, copy or download it again.');
    const corrupt = await onlyIssue({ video: file(samples.truncatedMp4), audio: file(samples.dubWav) });
    expect(corrupt.message).toMatch(
      /^video truncated\.mp4 looks like an MP4\/MOV file but cannot be read \(.+\): .*export or download it again\.$/,
    );
    const unsupported = await onlyIssue({ video: file(samples.faceMp4), audio: file(samples.notMediaMp4) });
    expect(unsupported.field).toBe('audio');
    expect(unsupported.message).toMatch(
      /^audio not-media\.mp4 is not a media file react-1 can take: it looks like text\. Supported: /,
    );
    expect(unsupported.message).toContain('convert it to one of these');
  });

  it('names a missing file by its full path', async () => {
    const missing = join(samples.faceMp4, '..', 'no-such-clip.mp4');
    const issue = await onlyIssue({ video: file(missing), audio: file(samples.dubWav) });
    expect(issue.message).toBe(`video ${missing} does not exist: check the path.`);
  });

  it('refuses a video over 100 MB', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'huge.mp4');
      writeBigMoovAtEndMp4(path, 110_000_000);
      const issue = await onlyIssue({ video: file(path), audio: file(samples.dubWav) });
      expect(issue.message).toBe(
        "video huge.mp4 is 110.0 MB, over react-1's 100 MB limit for video: re-encode it at a lower bitrate or " +
          'resolution, or trim it.',
      );
    });
  });

  it('lists every problem with both inputs in one error', async () => {
    const error = await refusal(
      checkInputsNode({ video: file(samples.dubMp3), audio: file(samples.long16sMp4) }),
    );
    expect(error.issues.map((issue) => issue.field)).toEqual(['video', 'audio']);
    expect(error.message).toBe(
      'These inputs cannot be used with react-1:\n' +
        `  - ${error.issues[0]!.message}\n` +
        `  - ${error.issues[1]!.message}`,
    );
    expect(error.message).toContain('video dub.mp3 has no video stream');
    expect(error.message).toContain('audio long-16s.mp4 is 16.0 s long');
    expect(error.hint).toBe('Fix the inputs listed above and try again; nothing was uploaded or sent.');
  });

  it('reports several problems with one input', async () => {
    const error = await refusal(
      checkInputsNode({ video: file(samples.long16sMp3), audio: file(samples.dubWav) }),
    );
    expect(error.issues.map((issue) => issue.message.split(':')[0])).toEqual([
      'video long-16s.mp3 has no video stream (it holds only audio)',
      "video long-16s.mp3 is 16.1 s long, 1.1 s over react-1's 15 s limit",
    ]);
  });
});

describe('checkInputs (universal)', () => {
  const blob = (path: string, name: string) => ({
    kind: 'blob' as const,
    blob: new Blob([readFileSync(path)]),
    name,
  });

  it('checks Blobs and Files without Node', async () => {
    const video = { kind: 'blob' as const, blob: new File([readFileSync(samples.faceM4v)], 'face.m4v') };
    const checked = await checkInputs({ video, audio: blob(samples.dubAac, 'dub.aac') });
    expect(checked.video).toMatchObject({ label: 'face.m4v', verified: true, probe: { container: 'm4v' } });
    expect(checked.audio.probe).toMatchObject({ container: 'aac', hasAudio: true });
  });

  it('refuses Blobs by the same rules', async () => {
    const error = await refusal(
      checkInputs({
        video: blob(samples.silentMp4, 'take-2.mp4'),
        audio: blob(samples.silentMp4, 'take-2.mp4'),
      }),
    );
    expect(error.issues).toEqual([
      {
        field: 'audio',
        code: 'no_audio_stream',
        message: expect.stringMatching(/^audio take-2\.mp4 has no audio stream/),
      },
    ]);
  });

  it('accepts, but marks unverified, a file that does not state its duration', async () => {
    const webm = new Uint8Array(readFileSync(samples.faceWebm));
    webm.set(
      [0xec, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      Buffer.from(webm).indexOf(Buffer.from([0x44, 0x89, 0x88])),
    );
    const checked = await checkInputs({
      video: { kind: 'blob', blob: new Blob([webm]), name: 'rec.webm' },
      audio: blob(samples.dubWav, 'dub.wav'),
    });
    expect(checked.video.verified).toBe(false);
    expect(checked.video.notes).toEqual([
      'could not tell how long rec.webm is (it does not say); react-1 refuses inputs over 15 s',
    ]);
  });

  it('says how to check local files where none can be read', async () => {
    const error = await refusal(
      checkInputs({ video: file('/clips/face.mp4'), audio: blob(samples.dubWav, 'dub.wav') }),
    );
    expect(error.issues[0]?.message).toBe(
      'video face.mp4 is a local file, which cannot be read here: check it with checkInputsNode from ' +
        '@reanimate/core/node, or pass it as a Blob.',
    );
  });
});

describe('assessProbe', () => {
  const probe = (overrides: Partial<MediaProbe>): MediaProbe => ({
    container: 'mp4',
    durationSec: 10,
    hasVideo: true,
    hasAudio: true,
    sizeBytes: 1_000_000,
    mimeType: 'video/mp4',
    ...overrides,
  });

  it('finds nothing wrong with a usable input, up to exactly 15 s and 100 MB', () => {
    expect(assessProbe('video', probe({ durationSec: 15, sizeBytes: 100_000_000 }), 'a.mp4')).toEqual([]);
    expect(assessProbe('audio', probe({ durationSec: undefined }), 'a.mp4')).toEqual([]);
  });

  it('shows enough decimals that a small excess never reads as zero', () => {
    const [issue] = assessProbe('audio', probe({ durationSec: 15.02 }), 'a.wav');
    expect(issue?.message).toMatch(/^audio a\.wav is 15\.02 s long, 0\.02 s over react-1's 15 s limit/);
  });

  it('says "a fraction of a second" rather than a zero excess', () => {
    const [issue] = assessProbe('video', probe({ durationSec: 15.0001 }), 'a.mp4');
    expect(issue?.message).toMatch(
      /^video a\.mp4 is 15\.000 s long, a fraction of a second over react-1's 15 s limit/,
    );
  });

  it('shows bytes when a size barely over the limit would round to it', () => {
    const [issue] = assessProbe('video', probe({ sizeBytes: 100_000_001 }), 'a.mp4');
    expect(issue?.message).toMatch(/^video a\.mp4 is 100000001 bytes, over react-1's 100 MB limit for video/);
  });

  it('does not apply the video size limit to audio', () => {
    expect(assessProbe('audio', probe({ sizeBytes: 500_000_000 }), 'a.mov')).toEqual([]);
  });
});
