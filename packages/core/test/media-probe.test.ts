import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { samples } from '@reanimate/samples';
import { Log } from 'mp4box';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaError, type MediaProbe, probeBlob, probeBytes, probeSource } from '../src/index.js';
import { channelsFromAudioSpecificConfig } from '../src/media/probe-isobmff.js';
import type { ByteSource } from '../src/media/source.js';
import { openFileSource, probeFile } from '../src/node.js';
import { withTempDir, writeBigMoovAtEndMp4, writeLongWav } from './media-fixtures.js';

type Expected = Pick<MediaProbe, 'container' | 'hasVideo' | 'hasAudio' | 'mimeType'> & {
  durationSec: number;
};

const ffprobePath = (ffprobeInstaller as { path: string }).path;

const EXPECTED: Record<string, Expected & { path: string }> = {
  'face.mp4': {
    path: samples.faceMp4,
    container: 'mp4',
    durationSec: 4,
    hasVideo: true,
    hasAudio: true,
    mimeType: 'video/mp4',
  },
  'dub.wav': {
    path: samples.dubWav,
    container: 'wav',
    durationSec: 4.5,
    hasVideo: false,
    hasAudio: true,
    mimeType: 'audio/wav',
  },
  'face.mov': {
    path: samples.faceMov,
    container: 'mov',
    durationSec: 1,
    hasVideo: true,
    hasAudio: true,
    mimeType: 'video/quicktime',
  },
  'face.m4v': {
    path: samples.faceM4v,
    container: 'm4v',
    durationSec: 1,
    hasVideo: true,
    hasAudio: true,
    mimeType: 'video/x-m4v',
  },
  'face.webm': {
    path: samples.faceWebm,
    container: 'webm',
    durationSec: 1.01,
    hasVideo: true,
    hasAudio: true,
    mimeType: 'video/webm',
  },
  'silent.mp4': {
    path: samples.silentMp4,
    container: 'mp4',
    durationSec: 2,
    hasVideo: true,
    hasAudio: false,
    mimeType: 'video/mp4',
  },
  'dub.mp3': {
    path: samples.dubMp3,
    container: 'mp3',
    durationSec: 2.04,
    hasVideo: false,
    hasAudio: true,
    mimeType: 'audio/mpeg',
  },
  'dub.m4a': {
    path: samples.dubM4a,
    container: 'm4a',
    durationSec: 2,
    hasVideo: false,
    hasAudio: true,
    mimeType: 'audio/mp4',
  },
  'dub.aac': {
    path: samples.dubAac,
    container: 'aac',
    // ADTS states no length: the oracle is ffprobe's packet count (1024 samples each), not our own estimate.
    durationSec: adtsSecondsByFfprobe(samples.dubAac),
    hasVideo: false,
    hasAudio: true,
    mimeType: 'audio/aac',
  },
  'long-16s.mp4': {
    path: samples.long16sMp4,
    container: 'mp4',
    durationSec: 16,
    hasVideo: true,
    hasAudio: true,
    mimeType: 'video/mp4',
  },
  'long-16s.mp3': {
    path: samples.long16sMp3,
    container: 'mp3',
    durationSec: 16.09,
    hasVideo: false,
    hasAudio: true,
    mimeType: 'audio/mpeg',
  },
};

/** ffprobe counts the AAC packets (1024 samples each): the file's true length, independent of our reader. */
function adtsSecondsByFfprobe(path: string): number {
  const [rate, packets] = execFileSync(
    ffprobePath,
    [
      '-v',
      'error',
      '-count_packets',
      '-show_entries',
      'stream=sample_rate,nb_read_packets',
      '-of',
      'csv=p=0',
      path,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split(',')
    .map(Number);
  return ((packets as number) * 1024) / (rate as number);
}

const bytesOf = (path: string) => new Uint8Array(readFileSync(path));

const PROBES: Record<string, (path: string, name: string) => Promise<MediaProbe>> = {
  probeFile: (path) => probeFile(path),
  probeBytes: (path, name) => probeBytes(bytesOf(path), { fileName: name }),
  probeBlob: (path, name) => probeBlob(new File([bytesOf(path)], name)),
};

async function reasonOf(promise: Promise<unknown>): Promise<MediaError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(MediaError.isInstance(error)).toBe(true);
  return error as MediaError;
}

describe.each(Object.keys(PROBES))('%s', (probeName) => {
  const probe = PROBES[probeName]!;

  it.each(Object.keys(EXPECTED))('reads %s: container, duration, streams and size', async (name) => {
    const { path, durationSec, ...rest } = EXPECTED[name]!;
    const result = await probe(path, name);
    expect(result).toMatchObject({ ...rest, sizeBytes: statSync(path).size });
    // ISO-BMFF files state their length exactly (as ffprobe reads it, edit lists applied); MP3 and ADTS are estimates.
    const exact = ['mp4', 'mov', 'm4v', 'm4a', 'wav'].includes(rest.container);
    expect(result.durationSec).toBeCloseTo(durationSec, exact ? 3 : 1);
  });

  it('refuses a 0-byte file as empty, naming it', async () => {
    const error = await reasonOf(probe(samples.emptyMp4, 'empty.mp4'));
    expect(error.reason).toBe('empty');
    expect(error.message).toBe('empty.mp4 is empty (0 bytes): export, copy or download it again.');
  });

  it('refuses text named .mp4 as unsupported, listing what is supported', async () => {
    const error = await reasonOf(probe(samples.notMediaMp4, 'not-media.mp4'));
    expect(error.reason).toBe('unsupported');
    expect(error.message).toMatch(/^not-media\.mp4 is not a media file react-1 can take: it looks like text/);
    expect(error.message).toContain('Supported: MP4, MOV, M4V or WebM video, or WAV, MP3, M4A or AAC audio');
  });

  it('refuses an MP4 cut off after 600 bytes as corrupt', async () => {
    const error = await reasonOf(probe(samples.truncatedMp4, 'truncated.mp4'));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toBe(
      'truncated.mp4 looks like an MP4/MOV file but cannot be read (its movie header (moov) is cut short): ' +
        'it may be damaged or cut short; export or download it again.',
    );
  });
});

describe('probe details', () => {
  it('fills codec, frame size, frame rate and audio format from MP4', async () => {
    const result = await probeFile(samples.faceMp4);
    expect(result.video).toEqual({ codec: 'avc1.640016', width: 320, height: 240, fps: 24 });
    // The sample entry says 2 channels by convention; the AAC config says the truth: mono.
    expect(result.audio).toEqual({ codec: 'mp4a.40.2', sampleRate: 48000, channels: 1 });
  });

  it('fills WebM tracks from music-metadata', async () => {
    const result = await probeFile(samples.faceWebm);
    expect(result.video).toEqual({ codec: 'VP9', width: 160, height: 120 });
    expect(result.audio).toEqual({ codec: 'OPUS', sampleRate: 48000, channels: 1 });
  });

  it('reads AAC channel configurations', () => {
    expect(channelsFromAudioSpecificConfig(new Uint8Array([0x11, 0x88]))).toBe(1); // AAC-LC 48 kHz mono
    expect(channelsFromAudioSpecificConfig(new Uint8Array([0x12, 0x10]))).toBe(2); // AAC-LC 44.1 kHz stereo
    expect(channelsFromAudioSpecificConfig(new Uint8Array([0x11, 0xb8]))).toBe(8); // configuration 7: 7.1
    expect(channelsFromAudioSpecificConfig(new Uint8Array([0x11]))).toBeUndefined();
  });

  it('goes by content, not by file name or declared type', async () => {
    const mp3 = await probeBytes(bytesOf(samples.dubMp3), { fileName: 'dub.m4a', mimeType: 'audio/mp4' });
    expect(mp3.container).toBe('mp3');
    const wav = await probeBlob(new File([bytesOf(samples.dubWav)], 'clip.mp4', { type: 'video/mp4' }));
    expect(wav).toMatchObject({ container: 'wav', durationSec: 4.5 });
  });

  it('reports an unnamed or mislabelled file sensibly', async () => {
    const error = await reasonOf(probeBlob(new Blob(['<!doctype html><html>'], { type: 'video/mp4' })));
    expect(error.message).toMatch(
      /^the file is not a media file react-1 can take: it looks like a web page \(HTML\) although it is labelled video\/mp4\./,
    );
  });

  it('calls a HEIC photo an unsupported image, not a corrupt movie', async () => {
    const heic = new Uint8Array([
      0,
      0,
      0,
      24,
      ...new TextEncoder().encode('ftypheic\0\0\0\0mif1heic'),
      0,
      0,
      0,
      8,
    ]);
    const error = await reasonOf(probeBytes(heic, { fileName: 'IMG_0001.HEIC' }));
    expect(error.reason).toBe('unsupported');
    expect(error.message).toMatch(
      /^IMG_0001\.HEIC is not a media file react-1 can take: it looks like a HEIC or AVIF image\./,
    );
  });

  it('accepts a WebM that does not state its duration (as MediaRecorder writes them) with no duration', async () => {
    const webm = bytesOf(samples.faceWebm);
    const at = Buffer.from(webm).indexOf(Buffer.from([0x44, 0x89, 0x88]));
    expect(at).toBeGreaterThan(0);
    // Overwrite the 11-byte Duration element with a Void element of the same length.
    webm.set([0xec, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0], at);
    const result = await probeBytes(webm, { fileName: 'recorded.webm' });
    expect(result).toMatchObject({
      container: 'webm',
      durationSec: undefined,
      hasVideo: true,
      hasAudio: true,
    });
  });

  it('names a missing file by its path', async () => {
    const error = await reasonOf(probeFile('/nonexistent-dir/face.mp4'));
    expect(error.reason).toBe('unreadable');
    expect(error.message).toBe('/nonexistent-dir/face.mp4 does not exist: check the path.');
  });

  describe('mp4box logging', () => {
    afterEach(() => vi.restoreAllMocks());

    it('stays off the console and is restored afterwards', async () => {
      const errors = vi.spyOn(console, 'error');
      const warnings = vi.spyOn(console, 'warn');
      const logError = Log.error;
      for (const path of [samples.faceMp4, samples.faceMov, samples.dubM4a, samples.truncatedMp4]) {
        await probeFile(path).catch(() => undefined);
      }
      // Garbage after a valid ftyp makes mp4box complain about invalid box types.
      const garbage = new Uint8Array(4096).fill(0x07);
      garbage.set(bytesOf(samples.faceMp4).subarray(0, 32));
      await probeBytes(garbage).catch(() => undefined);
      expect(errors).not.toHaveBeenCalled();
      expect(warnings).not.toHaveBeenCalled();
      expect(Log.error).toBe(logError);
    });
  });
});

/** Wraps a source to count the bytes read through it. */
function counting(source: ByteSource): ByteSource & { bytesRead: number } {
  const counted = {
    size: source.size,
    bytesRead: 0,
    async read(start: number, end: number) {
      const bytes = await source.read(start, end);
      counted.bytesRead += bytes.byteLength;
      return bytes;
    },
  };
  return counted;
}

describe('large files are not read whole', () => {
  it('skips a 60 MB mdat to the moov at the end of an MP4 on disk', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'big.mp4');
      const size = writeBigMoovAtEndMp4(path, 60_000_000);
      const file = await openFileSource(path);
      try {
        const source = counting(file);
        const result = await probeSource(source, { fileName: 'big.mp4' });
        expect(result).toMatchObject({ container: 'mp4', durationSec: 2, hasVideo: true, sizeBytes: size });
        expect(source.bytesRead).toBeLessThan(2_000_000);
      } finally {
        await file.close();
      }
      expect(await probeFile(path)).toMatchObject({ durationSec: 2, sizeBytes: size });
    });
  });

  it('reads a 60 MB WAV through music-metadata by its header', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'long.wav');
      const size = writeLongWav(path, 60_000_000);
      const file = await openFileSource(path);
      try {
        const source = counting(file);
        const result = await probeSource(source, { fileName: 'long.wav' });
        // 48 kHz mono 16-bit: 96,000 bytes a second.
        expect(result.durationSec).toBeCloseTo(4.5 + 60_000_000 / 96_000, 1);
        expect(result.sizeBytes).toBe(size);
        expect(source.bytesRead).toBeLessThan(2_000_000);
      } finally {
        await file.close();
      }
    });
  });

  it('slices a large Blob (a browser File) instead of reading it whole', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'big.mp4');
      const size = writeBigMoovAtEndMp4(path, 30_000_000);
      let sliced = 0;
      class CountingBlob extends Blob {
        override slice(start?: number, end?: number, type?: string): Blob {
          sliced += Math.max(0, Math.min(end ?? this.size, this.size) - (start ?? 0));
          return super.slice(start, end, type);
        }
      }
      const result = await probeBlob(new CountingBlob([readFileSync(path)]), { fileName: 'big.mp4' });
      expect(result).toMatchObject({ container: 'mp4', durationSec: 2, sizeBytes: size });
      expect(sliced).toBeLessThan(2_000_000);
    });
  });
});
