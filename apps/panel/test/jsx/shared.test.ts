import { runInNewContext } from 'node:vm';
import {
  formatTicks,
  fpsFromFrameTicks,
  framesIn,
  MAX_EXACT_TICKS,
  offsetFrames,
  parseTicks,
  rangeFrames,
  secondsToTicks,
  TICKS_PER_SECOND,
} from '@reanimate/panel-ui/host-rules';
import { describe, expect, it } from 'vitest';
import { stringify } from '../../src/jsx/shared/json.ts';
import { mayHaveAudio } from '../../src/jsx/shared/media.ts';
import { isAbsolutePath, joinPath, parentOf, samePath } from '../../src/jsx/shared/paths.ts';
import { fail, ok, runEntry } from '../../src/jsx/shared/result.ts';

// These run the TypeScript sources directly; the built bundle is exercised by the host tests.

describe('stringify', () => {
  it.each([
    ['plain objects and arrays', { a: 1, b: [true, false, null], c: { d: 'e' } }],
    ['empty containers', { a: {}, b: [] }],
    ['numbers', [0, -1, 1.5, 1e21, 254016000000 * 30, -0.000001]],
    [
      'escapes',
      ['"quoted"', 'back\\slash', 'line\nbreak\r\t', '\u0000\u001f', 'caf\u00e9 \ud83d\ude00', '/'],
    ],
    ['unicode keys', { 'k\u00e9y "x"': 1 }],
  ])('matches JSON.stringify for %s', (_what, value) => {
    expect(stringify(value)).toBe(JSON.stringify(value));
    expect(JSON.parse(stringify(value))).toEqual(value);
  });

  it('drops undefined and function members, and writes non-finite numbers and holes as null', () => {
    const value = { a: undefined, b: () => 1, c: Number.NaN, d: Number.POSITIVE_INFINITY, e: [undefined, 1] };
    expect(stringify(value)).toBe(JSON.stringify(value));
    expect(stringify(undefined)).toBe('null');
  });

  it('escapes U+2028/U+2029, which older JavaScript parsers treat as line ends', () => {
    expect(stringify('a\u2028b\u2029')).toBe('"a\\u2028b\\u2029"');
  });

  it('recognises arrays made in another engine context', () => {
    const foreign = runInNewContext('[1, "two"]') as unknown[];
    expect(stringify({ list: foreign })).toBe('{"list":[1,"two"]}');
  });

  it('skips inherited properties', () => {
    const value = Object.create({ inherited: 1 }) as Record<string, unknown>;
    value.own = 2;
    expect(stringify(value)).toBe('{"own":2}');
  });

  it('refuses cycles instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringify(cyclic)).toThrow(/nesting/);
  });
});

describe('results', () => {
  it('encodes values, refusals and unexpected exceptions', () => {
    expect(JSON.parse(runEntry(() => ({ n: 1 })))).toEqual(ok({ n: 1 }));
    expect(JSON.parse(runEntry(() => fail('no_project', 'x')))).toEqual(ok(fail('no_project', 'x')));
    expect(
      JSON.parse(
        runEntry(() => {
          throw { reanimateCode: 'not_found', message: 'gone' };
        }),
      ),
    ).toEqual(fail('not_found', 'gone'));
    const thrown = Object.assign(new Error('boom'), { line: 42 });
    expect(
      JSON.parse(
        runEntry(() => {
          throw thrown;
        }),
      ),
    ).toEqual(fail('internal', 'boom (line 42)'));
    expect(
      JSON.parse(
        runEntry(() => {
          throw 'plain string';
        }),
      ),
    ).toEqual(fail('internal', 'plain string'));
  });
});

describe('ticks', () => {
  it('converts seconds, frames and frame rates exactly', () => {
    expect(secondsToTicks(1)).toBe(TICKS_PER_SECOND);
    expect(framesIn(4 * TICKS_PER_SECOND, TICKS_PER_SECOND / 25)).toBe(100);
    expect(fpsFromFrameTicks(TICKS_PER_SECOND / 25)).toBe(25);
    // 29.97 fps: one frame is 1001/30000 s.
    expect(fpsFromFrameTicks((TICKS_PER_SECOND * 1001) / 30000)).toBe(29.97);
    expect(fpsFromFrameTicks((TICKS_PER_SECOND * 1001) / 24000)).toBe(23.976);
  });

  it('formats tick counts as plain decimal strings and parses them back', () => {
    const nineHours = 9 * 3600 * TICKS_PER_SECOND;
    expect(formatTicks(nineHours)).toBe('8230118400000000');
    expect(parseTicks(formatTicks(nineHours))).toBe(nineHours);
    expect(formatTicks(-400000)).toBe('-400000');
    expect(parseTicks('-400000')).toBe(-400000);
  });

  it('refuses tick counts beyond 2^53 instead of rounding them', () => {
    expect(() => parseTicks(String(MAX_EXACT_TICKS * 2))).toThrow();
    expect(() => parseTicks('not ticks')).toThrow();
  });
});

describe('ranges and offsets', () => {
  const ntscFrame = 1001 / 30000;

  it('tiles a 29.97 fps clip into segments on frame boundaries', () => {
    // 480 frames = 16.016 s, split by the panel into two halves of 8.008 s.
    const clipSec = 480 * ntscFrame;
    expect(rangeFrames(undefined, 480, ntscFrame, clipSec)).toEqual({ startFrame: 0, endFrame: 480 });
    expect(rangeFrames({ startSec: 0, endSec: clipSec / 2 }, 480, ntscFrame, clipSec)).toEqual({
      startFrame: 0,
      endFrame: 240,
    });
    expect(rangeFrames({ startSec: clipSec / 2, endSec: clipSec }, 480, ntscFrame, clipSec)).toEqual({
      startFrame: 240,
      endFrame: 480,
    });
  });

  it('clamps an end within half a frame of the clip end and refuses anything outside the clip', () => {
    expect(rangeFrames({ startSec: 3, endSec: 4.019 }, 100, 0.04, 4)).toEqual({
      startFrame: 75,
      endFrame: 100,
    });
    expect(() => rangeFrames({ startSec: 3, endSec: 4.021 }, 100, 0.04, 4)).toThrow();
    expect(() => rangeFrames({ startSec: -0.001, endSec: 1 }, 100, 0.04, 4)).toThrow();
    expect(() => rangeFrames({ startSec: Number.NaN, endSec: 1 }, 100, 0.04, 4)).toThrow();
    expect(() => rangeFrames({ startSec: 1, endSec: 1.01 }, 100, 0.04, 4)).toThrow();
  });

  it('rounds offsets to frames and refuses those that leave less than a frame', () => {
    expect(offsetFrames(0, 100, 0.04)).toBe(0);
    expect(offsetFrames(1.013, 100, 0.04)).toBe(25);
    expect(offsetFrames(3.97, 100, 0.04)).toBe(99);
    expect(() => offsetFrames(3.99, 100, 0.04)).toThrow();
    expect(() => offsetFrames(-0.01, 100, 0.04)).toThrow();
  });
});

describe('media types', () => {
  it('takes audio files and video containers, not stills or project files', () => {
    expect(['/a/dub.WAV', 'C:\\a\\take.mov', '/a/voice.m4a', '/a/b.mxf'].map(mayHaveAudio)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['/a/still.png', '/a/logo.psd', '/a/edit.prproj', '/a/noext'].map(mayHaveAudio)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('paths', () => {
  it('tells absolute paths on macOS and Windows', () => {
    expect(['/Users/a.mp4', 'C:\\a.mp4', 'd:/a.mp4', '\\\\server\\share\\a.mp4'].map(isAbsolutePath)).toEqual(
      [true, true, true, true],
    );
    expect(['a.mp4', '~/a.mp4', 'C:a.mp4', ''].map(isAbsolutePath)).toEqual([false, false, false, false]);
  });

  it('compares Windows paths without case and separator differences, POSIX paths exactly', () => {
    expect(samePath('C:\\Out\\Result.MP4', 'c:/out/result.mp4')).toBe(true);
    expect(samePath('/Out/Result.mp4', '/out/result.mp4')).toBe(false);
  });

  it('joins and splits paths with the separator they already use', () => {
    expect(joinPath('C:\\Ext', 'epr')).toBe('C:\\Ext\\epr');
    expect(joinPath('/Ext/', 'epr')).toBe('/Ext/epr');
    expect(parentOf('/Ext/jsx/reanimate.jsx')).toBe('/Ext/jsx');
  });
});
