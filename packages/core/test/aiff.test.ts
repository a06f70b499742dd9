import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aiffToWav, isAiff, MediaError, probeBytes } from '../src/index.js';

// Real AIFF files from ffmpeg (what After Effects' "AIFF 48kHz" template writes is 16-bit PCM AIFF), and WAV files
// of the same sound from ffmpeg as the reference the conversion must equal, sample for sample.
const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const dir = mkdtempSync(join(tmpdir(), 'reanimate-aiff-'));
const tone = "aevalsrc='0.6*sin(2*PI*440*t)|0.3*sin(2*PI*660*t)':s=48000:d=1.5";

function render(name: string, args: string[]): Uint8Array {
  const path = join(dir, name);
  execFileSync(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    tone,
    ...args,
    path,
  ]);
  return new Uint8Array(readFileSync(path));
}

/** The PCM bytes of a WAV file ffmpeg wrote (its data chunk, wherever it is). */
function pcmOf(wav: Uint8Array): Uint8Array {
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = String.fromCharCode(...wav.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'data') return wav.subarray(at + 8, at + 8 + size);
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

let cases: { name: string; aiff: Uint8Array; wav: Uint8Array }[];
beforeAll(() => {
  cases = [
    {
      name: '16-bit',
      aiff: render('a16.aif', ['-c:a', 'pcm_s16be']),
      wav: render('a16.wav', ['-c:a', 'pcm_s16le']),
    },
    {
      name: '24-bit',
      aiff: render('a24.aif', ['-c:a', 'pcm_s24be']),
      wav: render('a24.wav', ['-c:a', 'pcm_s24le']),
    },
    {
      name: 'AIFF-C sowt (little-endian)',
      aiff: render('sowt.aifc', ['-c:a', 'pcm_s16le', '-f', 'aiff']),
      wav: render('sowt.wav', ['-c:a', 'pcm_s16le']),
    },
  ];
}, 30_000);

describe('aiffToWav', () => {
  it.each([0, 1, 2])('turns ffmpeg\u2019s AIFF into the very samples of its WAV (case %i)', (index) => {
    const { aiff, wav } = cases[index] as (typeof cases)[number];
    expect(isAiff(aiff)).toBe(true);
    const converted = aiffToWav(aiff);
    expect(Buffer.from(pcmOf(converted)).equals(Buffer.from(pcmOf(wav)))).toBe(true);
  });

  it('writes a WAV that pre-flight reads as 1.5 s of stereo 48 kHz sound', async () => {
    const probe = await probeBytes(aiffToWav((cases[0] as (typeof cases)[number]).aiff), {
      fileName: 'clip.wav',
    });
    expect(probe).toMatchObject({ container: 'wav', hasAudio: true, hasVideo: false });
    expect(probe.durationSec).toBeCloseTo(1.5, 2);
    expect(probe.audio).toMatchObject({ sampleRate: 48000, channels: 2 });
  });

  it('refuses what is not AIFF, a truncated header, and compressed AIFF-C, with MediaErrors', () => {
    expect(() => aiffToWav(new TextEncoder().encode('RIFF....WAVEfmt '))).toThrow(MediaError);
    const aiff = (cases[0] as (typeof cases)[number]).aiff;
    expect(() => aiffToWav(aiff.subarray(0, 30))).toThrow(/not a readable AIFF file/);
    const ima = render('ima.aifc', ['-c:a', 'adpcm_ima_qt', '-f', 'aiff']);
    expect(() => aiffToWav(ima)).toThrow(/compressed AIFF-C \(ima4\)/);
  });
});
