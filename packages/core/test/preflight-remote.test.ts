import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInputs, isAbortError } from '../src/index.js';
import { refusal, writeBigMoovAtEndMp4 } from './media-fixtures.js';
import { type MediaServer, startMediaServer } from './preflight-server.js';

let server: MediaServer;
let dir: string;
let url: (path: string) => string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reanimate-preflight-'));
  const big = join(dir, 'big.mp4');
  const huge = join(dir, 'huge.mp4');
  writeBigMoovAtEndMp4(big, 60_000_000);
  writeBigMoovAtEndMp4(huge, 110_000_000);
  server = await startMediaServer({
    'face.mp4': samples.faceMp4,
    'dub.wav': samples.dubWav,
    'dub.mp3': samples.dubMp3,
    'silent.mp4': samples.silentMp4,
    'long-16s.mp4': samples.long16sMp4,
    'truncated.mp4': samples.truncatedMp4,
    'big.mp4': big,
    'huge.mp4': huge,
  });
  url = (path) => `${server.base}${path}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const noNetwork: typeof fetch = () => {
  throw new Error('no request should have been made');
};

describe('remote inputs', () => {
  it('accepts URLs a server serves with HEAD and Range, probing their content', async () => {
    const checked = await checkInputs({ video: url('/media/face.mp4'), audio: url('/media/dub.wav') });
    expect(checked.video).toMatchObject({
      remote: true,
      verified: true,
      notes: [],
      label: url('/media/face.mp4'),
    });
    expect(checked.video.probe).toMatchObject({
      container: 'mp4',
      hasVideo: true,
      sizeBytes: statSync(samples.faceMp4).size,
    });
    expect(checked.video.probe?.durationSec).toBeCloseTo(4.02, 1);
    expect(checked.audio.probe).toMatchObject({ container: 'wav', durationSec: 4.5 });
    const served = server.requests.filter((request) => request.path === '/media/face.mp4');
    expect(served.map((request) => [request.method, request.range])).toEqual([
      ['HEAD', undefined],
      ['GET', 'bytes=0-2097151'],
    ]);
  });

  it('follows an MP4 to its moov at the end with one more Range request, not the whole 60 MB', async () => {
    const before = server.requests.length;
    const checked = await checkInputs({ video: url('/media/big.mp4'), audio: url('/media/dub.mp3') });
    expect(checked.video).toMatchObject({ verified: true, probe: { durationSec: 2, hasVideo: true } });
    const served = server.requests.slice(before).filter((request) => request.path === '/media/big.mp4');
    expect(served.map((request) => request.method)).toEqual(['HEAD', 'GET', 'GET']);
    const total = served.reduce((sum, request) => sum + request.bytesSent, 0);
    expect(total).toBeLessThan(4_000_000);
  });

  it('refuses too-long and stream-less remote inputs by the same rules as local ones', async () => {
    const error = await refusal(
      checkInputs({ video: url('/media/long-16s.mp4'), audio: url('/media/silent.mp4') }),
    );
    expect(error.issues).toEqual([
      {
        field: 'video',
        code: 'too_long',
        limit: 15,
        actual: expect.closeTo(16, 1),
        message:
          `video ${url('/media/long-16s.mp4')} is 16.0 s long, 1.0 s over react-1's 15 s limit: trim it to 15 s ` +
          'or less, or use the split option to process it in segments.',
      },
      {
        field: 'audio',
        code: 'no_audio_stream',
        message: expect.stringMatching(
          /^audio http:\/\/127\.0\.0\.1:\d+\/media\/silent\.mp4 has no audio stream/,
        ),
      },
    ]);
  });

  it('refuses a remote video over 100 MB', async () => {
    const error = await refusal(checkInputs({ video: url('/media/huge.mp4'), audio: url('/media/dub.wav') }));
    expect(error.issues[0]).toMatchObject({ code: 'too_big', limit: 100_000_000, actual: 110_004_219 });
    expect(error.issues.map((issue) => issue.message)).toEqual([
      `video ${url('/media/huge.mp4')} is 110.0 MB, over react-1's 100 MB limit for video: re-encode it at a lower ` +
        'bitrate or resolution, or trim it.',
    ]);
  });

  it('refuses 404 and 403 (the service could not fetch them either), without showing query strings', async () => {
    const error = await refusal(
      checkInputs({
        video: url('/missing/face.mp4?X-Amz-Signature=topsecret'),
        audio: url('/private/dub.wav?token=topsecret'),
      }),
    );
    expect(error.issues).toEqual([
      {
        field: 'video',
        code: 'unreachable',
        message: `video ${url('/missing/face.mp4')}?… was not found on its server (HTTP 404): react-1 could not fetch it either; check the URL.`,
      },
      {
        field: 'audio',
        code: 'unreachable',
        message:
          `audio ${url('/private/dub.wav')}?… is refused by its server (HTTP 403): react-1 fetches it without any ` +
          'login, so it would be refused too; use a public or presigned URL.',
      },
    ]);
    expect(error.message).not.toContain('topsecret');
  });

  it('refuses a web page given instead of a media file', async () => {
    const error = await refusal(checkInputs({ video: url('/page'), audio: url('/media/dub.wav') }));
    expect(error.issues[0]?.message).toMatch(
      /^video http:\/\/127\.0\.0\.1:\d+\/page is not a media file react-1 can take: it looks like a web page \(HTML\) although it is labelled text\/html; charset=utf-8\./,
    );
  });

  it('refuses a corrupt remote file', async () => {
    const error = await refusal(
      checkInputs({ video: url('/media/truncated.mp4'), audio: url('/media/dub.wav') }),
    );
    expect(error.issues[0]?.message).toMatch(
      /^video http:\/\/.+\/truncated\.mp4 looks like an MP4\/MOV file but cannot be read/,
    );
  });

  it('accepts a presigned URL whose HEAD is 403: only the ranged GET can refuse', async () => {
    const checked = await checkInputs({
      video: url('/presigned/face.mp4?X-Amz-Signature=abc'),
      audio: url('/presigned/dub.wav?X-Amz-Signature=abc'),
    });
    expect(checked.video).toMatchObject({ verified: true, probe: { container: 'mp4' } });
    expect(checked.video.notes).toEqual(['the server did not answer HEAD (HTTP 403)']);
  });

  it('still probes when the server refuses HEAD, and says so', async () => {
    const checked = await checkInputs({ video: url('/no-head/face.mp4'), audio: url('/no-head/dub.wav') });
    expect(checked.video).toMatchObject({ verified: true, probe: { container: 'mp4' } });
    expect(checked.video.notes).toEqual(['the server did not answer HEAD (HTTP 405)']);
  });

  it('uses the whole body when a server ignores Range but the file is small', async () => {
    const checked = await checkInputs({ video: url('/no-range/face.mp4'), audio: url('/no-range/dub.wav') });
    expect(checked.audio).toMatchObject({ verified: true, notes: [], probe: { durationSec: 4.5 } });
  });

  it('does not refuse a big file it cannot look into, but marks it not verified, and stops downloading', async () => {
    const before = server.requests.length;
    const checked = await checkInputs({ video: url('/no-range/big.mp4'), audio: url('/media/dub.wav') });
    expect(checked.video).toMatchObject({ verified: false, remote: true });
    expect(checked.video.probe).toBeUndefined();
    expect(checked.video.notes).toEqual([
      'the server does not support Range requests, so only its size could be checked',
    ]);
    const get = server.requests
      .slice(before)
      .find((request) => request.path === '/no-range/big.mp4' && request.method === 'GET');
    // The 2 MB we read, plus whatever socket buffers held when we cancelled; far from the file's 60 MB.
    expect(get?.bytesSent).toBeLessThan(10_000_000);
  });

  it('still refuses by size when the server ignores Range, from HEAD or from the GET itself', async () => {
    const error = await refusal(
      checkInputs({ video: url('/no-range/huge.mp4'), audio: url('/media/dub.wav') }),
    );
    expect(error.issues[0]?.message).toMatch(
      /^video http:\/\/.+\/no-range\/huge\.mp4 is 110\.0 MB, over react-1's 100 MB limit/,
    );
    const bare = await refusal(checkInputs({ video: url('/bare/huge.mp4'), audio: url('/media/dub.wav') }));
    expect(bare.issues[0]?.message).toMatch(
      /^video http:\/\/.+\/bare\/huge\.mp4 is 110\.0 MB, over react-1's 100 MB limit/,
    );
  });

  it('refuses an unreachable URL, or only notes it when asked to', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/face.mp4`;
    const error = await refusal(checkInputs({ video: dead, audio: url('/media/dub.wav') }));
    expect(error.issues[0]?.message).toBe(
      `video ${dead} cannot be reached from here (connection refused): check the URL; react-1 fetches it from ` +
        'the internet and would most likely fail too.',
    );
    const checked = await checkInputs(
      { video: dead, audio: url('/media/dub.wav') },
      { unreachable: 'unverified' },
    );
    expect(checked.video).toMatchObject({ verified: false });
    expect(checked.video.notes[0]).toMatch(/^could not reach it from here \(connection refused\)/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const error = await refusal(
      checkInputs({ video: url('/hang'), audio: url('/media/dub.wav') }, { timeoutMs: 300 }),
    );
    expect(error.issues[0]?.message).toContain('cannot be reached from here (no answer within 300 ms)');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = checkInputs(
      { video: url('/hang'), audio: url('/media/dub.wav') },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    const error = await pending.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isAbortError(error)).toBe(true);
  });

  it('refuses bad URLs before any request: plain http off this computer, other schemes, non-URLs', async () => {
    const error = await refusal(
      checkInputs(
        { video: 'http://cdn.example.com/face.mp4?sig=topsecret', audio: 'ftp://example.com/dub.wav' },
        { fetch: noNetwork },
      ),
    );
    expect(error.issues).toEqual([
      {
        field: 'video',
        code: 'bad_url',
        message:
          'video http://cdn.example.com/face.mp4?… uses plain http://: react-1 fetches inputs over https only; use ' +
          'the https:// address of the file.',
      },
      {
        field: 'audio',
        code: 'bad_url',
        message:
          'audio ftp://example.com/dub.wav cannot be fetched by react-1, which takes only https:// URLs: give an ' +
          'https:// URL or a local file.',
      },
    ]);
    const notUrl = await refusal(
      checkInputs({ video: 'face.mp4', audio: 'https://user:pw@example.com/a.wav' }, { fetch: noNetwork }),
    );
    expect(notUrl.issues.map((issue) => issue.message)).toEqual([
      'video "face.mp4" is neither an http(s) URL nor a file: give an https:// URL or a local file.',
      'audio https://example.com/a.wav contains a user name or password, which would be sent to the service: use a presigned or public URL.',
    ]);
  });

  it('mixes local and remote inputs in one report', async () => {
    const { checkInputsNode } = await import('../src/node.js');
    const error = await refusal(
      checkInputsNode({ video: { kind: 'file', path: samples.long16sMp4 }, audio: url('/missing/dub.wav') }),
    );
    expect(error.issues.map((issue) => issue.field)).toEqual(['video', 'audio']);
  });
});
