import { HostError } from '@reanimate/panel-ui';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { segmentRanges } from '@reanimate/panel-ui/pipeline/run-generation.ts';
import { describe, expect, it } from 'vitest';
import { createCepBridge, loadHostScripts, parseHostResult } from '../../src/panel/bridge/cep-bridge.ts';
import { type CepEvent, CSInterface } from '../../src/panel/bridge/csinterface.ts';
import { hostTime } from '../../src/panel/bridge/simulated-timeline.ts';
import { themeFromHost } from '../../src/panel/theme.ts';

describe("segmentRanges (core's split plan as export ranges)", () => {
  it('cuts 16.064 s at 12 fps into two frame-aligned segments that meet, 96 and 97 frames', () => {
    // 16.064 s × 12 = 192.768 → 193 frames; two segments of 97 and 96 frames (worked out by hand).
    expect(segmentRanges(16.064, 12)).toEqual([
      { startSec: 0, endSec: 97 / 12 },
      { startSec: 97 / 12, endSec: 193 / 12 },
    ]);
  });
  it('leaves a short clip whole; 30 s at 25 fps is three 10 s segments, never two of exactly 15 s', () => {
    expect(segmentRanges(4, 24)).toEqual([{ startSec: 0, endSec: 4 }]);
    expect(segmentRanges(30, 25)).toEqual([
      { startSec: 0, endSec: 10 },
      { startSec: 10, endSec: 20 },
      { startSec: 20, endSec: 30 },
    ]);
  });
});

describe('hostTime', () => {
  it('converts seconds to exact Premiere ticks', () => {
    expect(hostTime(1).ticks).toBe('254016000000');
    expect(hostTime(4.022).ticks).toBe('1021652352000');
  });
});

function fakeCep(answer: (script: string) => string) {
  const listeners = new Map<string, (event: CepEvent) => void>();
  const scripts: string[] = [];
  const cep = {
    evalScript: (script: string, cb: (r: string) => void) => {
      scripts.push(script);
      cb(answer(script));
    },
    addEventListener: (type: string, fn: (event: CepEvent) => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
    getHostEnvironment: () =>
      JSON.stringify({
        appName: 'PPRO',
        appVersion: '25.0',
        appSkinInfo: { panelBackgroundColor: { color: { red: 35, green: 35, blue: 35, alpha: 255 } } },
      }),
    getSystemPath: () => 'file:///Users/ed/Library/Application%20Support',
  };
  return { csi: new CSInterface(cep), listeners, scripts };
}

describe('CEP bridge', () => {
  it('calls $.reanimate.<fn> with a JSON argument and unwraps HostResult', async () => {
    const { csi, scripts } = fakeCep(() =>
      JSON.stringify({ ok: true, value: { itemId: 'n1', name: 'x', binName: 'B' } }),
    );
    const bridge = createCepBridge(csi, 'ppro');
    await expect(bridge.importResult({ path: '/a "b".mp4', binName: 'B', tags: {} })).resolves.toMatchObject({
      itemId: 'n1',
    });
    expect(scripts[0]).toBe('$.reanimate.importResult({"path":"/a \\"b\\".mp4","binName":"B","tags":{}})');
  });

  it('loads the host scripts from the extension folder and refuses when they did not define $.reanimate', async () => {
    const loaded = fakeCep(() => 'object');
    await loadHostScripts(loaded.csi);
    expect(loaded.scripts[0]).toBe(
      '$.evalFile("/Users/ed/Library/Application Support/jsx/reanimate.jsx"); typeof $.reanimate',
    );
    await expect(loadHostScripts(fakeCep(() => 'undefined').csi)).rejects.toThrow(/did not load/);
  });

  it('turns host refusals and EvalScript errors into HostError with a code', () => {
    expect(() =>
      parseHostResult('{"ok":false,"error":{"code":"no_sequence","message":"Open a sequence"}}'),
    ).toThrow(expect.objectContaining({ code: 'no_sequence', message: 'Open a sequence' }));
    expect(() => parseHostResult('EvalScript error.')).toThrow(HostError);
    expect(() => parseHostResult('<html>')).toThrow(/not JSON/);
  });

  it('relays selection events (string or parsed data) and unsubscribes', () => {
    const { csi, listeners } = fakeCep(() => '');
    const seen: string[] = [];
    const stop = createCepBridge(csi, 'ppro').onSelectionChanged((s) => seen.push(s.state));
    listeners.get(HOST_EVENTS.selectionChanged)?.({ type: 't', data: '{"state":"none"}' });
    listeners.get(HOST_EVENTS.selectionChanged)?.({ type: 't', data: { state: 'no-sequence' } });
    stop();
    expect(seen).toEqual(['none', 'no-sequence']);
    expect(listeners.has(HOST_EVENTS.selectionChanged)).toBe(false);
  });

  it('reads the host skin as a dark theme and decodes system paths', () => {
    const { csi } = fakeCep(() => '');
    expect(themeFromHost(csi.getHostEnvironment())).toEqual({ mode: 'dark', background: '#232323' });
    expect(csi.getSystemPath('userData')).toBe('/Users/ed/Library/Application Support');
  });
});

describe('hostCall (the evalScript text)', () => {
  it('escapes U+2028/U+2029, line terminators inside an ES3 string literal, so the call still parses', async () => {
    const { hostCall } = await import('../../src/panel/bridge/cep-bridge.ts');
    const { parse } = await import('acorn');
    const call = hostCall('importResult', {
      path: '/Out/a.mp4',
      binName: 'Dubs',
      tags: { source: 'Take\u2028two\u2029' },
    });
    expect(call.includes('\u2028') || call.includes('\u2029')).toBe(false);
    expect(() => parse(call, { ecmaVersion: 3 })).not.toThrow();
    // The host still reads the same value back.
    const literal = call.slice(call.indexOf('(') + 1, -1);
    expect(JSON.parse(literal).tags.source).toBe('Take\u2028two\u2029');
  });
});
