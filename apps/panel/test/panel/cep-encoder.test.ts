import { HostError } from '@reanimate/panel-ui';
import {
  type AudioItem,
  type ExportFinished,
  type ExportProgress,
  type ExportRequest,
  type ExportResult,
  HOST_EVENTS,
} from '@reanimate/panel-ui/host-bridge';
import { describe, expect, it } from 'vitest';
import { createCepBridge } from '../../src/panel/bridge/cep-bridge.ts';
import { type CepEvent, CSInterface } from '../../src/panel/bridge/csinterface.ts';

/** A fake `window.__adobe_cep__`: evalScript answers asynchronously, and the test dispatches CSXSEvents. */
function fakeCep(answer: (script: string) => unknown) {
  const listeners = new Map<string, Set<(event: CepEvent) => void>>();
  const scripts: string[] = [];
  const cep = {
    evalScript: (script: string, cb: (r: string) => void) => {
      scripts.push(script);
      setTimeout(() => cb(JSON.stringify({ ok: true, value: answer(script) })), 0);
    },
    addEventListener: (type: string, fn: (event: CepEvent) => void) => {
      const set = listeners.get(type) ?? new Set();
      set.add(fn);
      listeners.set(type, set);
    },
    removeEventListener: (type: string, fn: (event: CepEvent) => void) => listeners.get(type)?.delete(fn),
    getHostEnvironment: () => '{}',
    getSystemPath: () => '/x',
  };
  // Like CEP: event data arrives as a JSON string.
  const dispatch = (type: string, data: unknown) => {
    for (const fn of [...(listeners.get(type) ?? [])]) fn({ type, data: JSON.stringify(data) });
  };
  const listening = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { csi: new CSInterface(cep), scripts, dispatch, listening };
}

const request: ExportRequest = {
  clipId: 'c1',
  videoPath: '/tmp/r/clip.mp4',
  audioPath: '/tmp/r/clip.wav',
  preset: 'h264-mp4',
  encoder: 'media-encoder',
};
const queued: ExportResult = {
  videoPath: '/tmp/r/clip.mp4',
  audioPath: '/tmp/r/clip.wav',
  durationSec: 4,
  frames: 96,
  method: 'encoder',
};
const finished = (
  phase: ExportFinished['phase'],
  ok = true,
  error: string | null = null,
): ExportFinished => ({
  phase,
  ok,
  path: ok ? `/tmp/r/clip.${phase === 'video' ? 'mp4' : 'wav'}` : null,
  error,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const settledState = (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    () => {
      state = 'rejected';
    },
  );
  return () => state;
};

describe('CEP bridge with Media Encoder', () => {
  it('waits for the exportFinished of video and audio, forwarding progress meanwhile', async () => {
    const { csi, scripts, dispatch, listening } = fakeCep(() => queued);
    const progress: ExportProgress[] = [];
    const pending = createCepBridge(csi, 'ppro').exportSelection(request, {
      onProgress: (p) => progress.push(p),
    });
    const state = settledState(pending);
    await tick();
    expect(scripts[0]).toContain('"encoder":"media-encoder"');
    dispatch(HOST_EVENTS.exportProgress, { phase: 'video', fraction: 0.5 });
    dispatch(HOST_EVENTS.exportFinished, finished('video'));
    await tick();
    expect(state()).toBe('pending'); // the audio job is still running
    dispatch(HOST_EVENTS.exportProgress, { phase: 'audio', fraction: 0.25 });
    dispatch(HOST_EVENTS.exportFinished, finished('audio'));
    await expect(pending).resolves.toMatchObject({ method: 'encoder', videoPath: '/tmp/r/clip.mp4' });
    expect(progress).toEqual([
      { phase: 'video', fraction: 0.5 },
      { phase: 'audio', fraction: 0.25 },
    ]);
    expect(listening()).toBe(0);
  });

  it('waits for the video only when no audio is exported, and returns at once for a direct export', async () => {
    const video = fakeCep(() => ({ ...queued, audioPath: null }));
    const pending = createCepBridge(video.csi, 'ppro').exportSelection({ ...request, audioPath: null });
    await tick();
    video.dispatch(HOST_EVENTS.exportFinished, finished('video'));
    await expect(pending).resolves.toMatchObject({ audioPath: null });

    const direct = fakeCep(() => ({ ...queued, method: 'render' }));
    await expect(createCepBridge(direct.csi, 'ppro').exportSelection(request)).resolves.toMatchObject({
      method: 'render',
    });
    expect(direct.listening()).toBe(0);
  });

  it('fails with Media Encoder’s message when a job ends with ok: false', async () => {
    const { csi, dispatch, listening } = fakeCep(() => queued);
    const pending = createCepBridge(csi, 'ppro').exportSelection(request);
    await tick();
    dispatch(HOST_EVENTS.exportFinished, finished('audio', false, 'Disk full'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({
      code: 'export_failed',
      message: expect.stringMatching(/audio: Disk full/),
    });
    expect(listening()).toBe(0);
  });

  it('stops waiting when aborted', async () => {
    const { csi, dispatch, listening } = fakeCep(() => queued);
    const controller = new AbortController();
    const pending = createCepBridge(csi, 'ppro').exportSelection(request, { signal: controller.signal });
    await tick();
    dispatch(HOST_EVENTS.exportFinished, finished('video'));
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(listening()).toBe(0);
  });

  it('lists the project’s audio items through $.reanimate.listAudioItems()', async () => {
    const items: AudioItem[] = [
      { itemId: '000f4242', name: 'dub.wav', mediaPath: '/d/dub.wav', binPath: 'Dubs', durationSec: 4 },
    ];
    const { csi, scripts } = fakeCep(() => items);
    await expect(createCepBridge(csi, 'ppro').listAudioItems()).resolves.toEqual(items);
    expect(scripts).toEqual(['$.reanimate.listAudioItems()']);
  });
});

describe("the Media Encoder watchdog (another panel may re-bind AME's handlers; the user's queue runs first)", () => {
  it('counts the export done when the files are complete media of the clip\u2019s length, though no event came', async () => {
    const { csi, listening } = fakeCep(() => queued);
    const looked: string[] = [];
    let complete = false;
    const bridge = createCepBridge(csi, 'ppro', {
      encoderWatch: {
        everyMs: 10,
        timeoutMs: 5000,
        probeOutput: async (path) => {
          looked.push(path);
          return complete ? { durationSec: 4.01 } : undefined;
        },
      },
    });
    const pending = bridge.exportSelection(request);
    const state = settledState(pending);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(state()).toBe('pending');
    complete = true;
    await expect(pending).resolves.toMatchObject({
      videoPath: '/tmp/r/clip.mp4',
      audioPath: '/tmp/r/clip.wav',
    });
    expect(new Set(looked)).toEqual(new Set(['/tmp/r/clip.mp4', '/tmp/r/clip.wav']));
    expect(listening()).toBe(0);
  });

  it('does not take a partial file (shorter than the clip) for a finished one', async () => {
    const { csi } = fakeCep(() => queued);
    const bridge = createCepBridge(csi, 'ppro', {
      encoderWatch: { everyMs: 10, timeoutMs: 80, probeOutput: async () => ({ durationSec: 1.5 }) },
    });
    await expect(bridge.exportSelection(request)).rejects.toMatchObject({
      code: 'export_failed',
      message: expect.stringMatching(/Media Encoder has not finished the export .*check its queue/),
    });
  });
});
