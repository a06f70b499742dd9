import { pollForChanges } from '@reanimate/panel-ui/bridge/poll-host.ts';
import { describe, expect, it, vi } from 'vitest';
import { createCepBridge } from '../../src/panel/bridge/cep-bridge.ts';
import { CSInterface } from '../../src/panel/bridge/csinterface.ts';

/** Lets the poller's timers and its pending readings run for `ms`. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('pollForChanges (After Effects has no selection or project events)', () => {
  it('reports each change once, skips failed readings, reads nothing while hidden, and stops', async () => {
    vi.useFakeTimers();
    try {
      const answers: (string | Error)[] = ['a', 'a', new Error('busy'), 'b', 'b', 'c'];
      let reads = 0;
      const read = vi.fn(async () => {
        const answer = answers[Math.min(reads++, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return { selected: answer };
      });
      let visible = true;
      const seen: unknown[] = [];
      const stop = pollForChanges(read, (value) => seen.push(value), {
        intervalMs: 100,
        isVisible: () => visible,
      });
      await advance(0); // first reading: the baseline, not a change
      await advance(100); // 'a' again
      await advance(100); // busy: skipped
      await advance(100); // 'b': a change
      expect(seen).toEqual([{ selected: 'b' }]);
      visible = false;
      await advance(1000);
      expect(read).toHaveBeenCalledTimes(4);
      visible = true;
      await advance(100); // 'b' again
      await advance(100); // 'c'
      expect(seen).toEqual([{ selected: 'b' }, { selected: 'c' }]);
      stop();
      await advance(1000);
      expect(read).toHaveBeenCalledTimes(6);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the CEP bridge in After Effects', () => {
  it('follows the selection by asking the host, since After Effects dispatches no selection events', async () => {
    vi.useFakeTimers();
    try {
      const selections = [{ state: 'none' }, { state: 'none' }, { state: 'single', clip: { clipId: '7:3' } }];
      let calls = 0;
      const scripts: string[] = [];
      const csi = new CSInterface({
        evalScript(script: string, callback: (result: string) => void) {
          scripts.push(script);
          const value = selections[Math.min(calls++, selections.length - 1)];
          callback(JSON.stringify({ ok: true, value }));
        },
        addEventListener: () => {},
        removeEventListener: () => {},
        getHostEnvironment: () => '{}',
        getSystemPath: () => '/Ext',
      });
      const bridge = createCepBridge(csi, 'aeft', { poll: { intervalMs: 500, isVisible: () => true } });
      const seen: unknown[] = [];
      const stop = bridge.onSelectionChanged((selection) => seen.push(selection));
      await vi.advanceTimersByTimeAsync(1100);
      expect(seen).toEqual([{ state: 'single', clip: { clipId: '7:3' } }]);
      expect(scripts.every((script) => script === '$.reanimate.getSelection()')).toBe(true);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
