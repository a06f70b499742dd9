/**
 * After Effects host code against fakes that behave as Adobe documents (AG = docsforadobe after-effects-scripting-
 * guide; sources cited in kit/aeft-fakes.ts; shared/reference/adobe-host-notes.md §10). Each of these failed on the
 * host code before its fix.
 */

import type { ExportResult, PlaceResult, SelectionState } from '@reanimate/panel-ui/host-bridge';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  aeWorld,
  FakeAVLayer,
  FakeCompItem,
  FakeFootageItem,
  loadAe,
  RQItemStatus,
} from './kit/aeft-fakes.ts';
import type { LoadedHost } from './kit/es3-context.ts';

type World = ReturnType<typeof aeWorld>;

let world: World;
let host: LoadedHost;

beforeEach(() => {
  world = aeWorld();
  host = loadAe(world);
});

const clipId = () => `${world.comp.id}:${world.layer.id}`;
const exportRequest = () => ({ clipId: clipId(), videoPath: '/Out/clip.mp4', audioPath: '/Out/clip.wav' });

describe('rendering, as After Effects documents it', () => {
  it('exports the sound with the AIFF template, never sets Format, and answers the path AE wrote (.aif)', () => {
    const outcome = host.call<ExportResult>('exportSelection', exportRequest());
    expect(outcome).toMatchObject({
      ok: true,
      value: { videoPath: '/Out/clip.mp4', audioPath: '/Out/clip.aif' },
    });
    expect(world.log.named('OutputModule.applyTemplate').map((call) => call.args[0])).toEqual([
      'H.264 – Renderingeinstellungen entsprechen – 15 Mbit/s',
      'AIFF 48 kHz',
    ]);
    expect(
      world.log.named('OutputModule.setSettings').filter((call) => 'Format' in (call.args[0] as object)),
    ).toEqual([]);
    expect(world.fs.has('/Out/clip.aif')).toBe(true);
  });

  it('counts a render only when the item ends DONE: a stopped render (no exception, a partial file) fails', () => {
    world.renderBehaviour = 'stopped';
    const outcome = host.call<ExportResult>('exportSelection', exportRequest());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'export_failed' } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(/stopped/i);
    expect(world.queue).toEqual([world.userItem]);
    expect(RQItemStatus.DONE).not.toBe(RQItemStatus.USER_STOPPED);
  });

  it('renders with "Best Settings" (here the German "Optimale Einstellungen"), not the user\u2019s draft default', () => {
    expect(host.call<ExportResult>('exportSelection', exportRequest())).toMatchObject({ ok: true });
    expect(world.rendered.map((render) => render.renderTemplate)).toEqual([
      'Optimale Einstellungen',
      'Optimale Einstellungen',
    ]);
  });

  it('clamps the span to the comp: a layer running past the comp end renders up to the end', () => {
    const late = world.comp.addLayer(
      new FakeAVLayer(world.comp, 'Late.mp4', world.layer.source as FakeFootageItem, 8, 12),
    );
    const outcome = host.call<ExportResult>('exportSelection', {
      ...exportRequest(),
      clipId: `${world.comp.id}:${late.id}`,
    });
    expect(outcome).toMatchObject({ ok: true, value: { frames: 50, durationSec: 2 } });
    expect(world.rendered.map((render) => [render.timeSpanStart, render.timeSpanDuration])).toEqual([
      [8, 2],
      [8, 2],
    ]);
  });
});

describe('the selection, as After Effects documents it', () => {
  it('keeps following the last comp seen when several Project-panel items are selected (activeItem is null)', () => {
    expect(host.call<SelectionState>('getSelection')).toMatchObject({ ok: true, value: { state: 'single' } });
    world.severalProjectItemsSelected = true;
    expect(host.call<SelectionState>('getSelection')).toMatchObject({
      ok: true,
      value: { state: 'single', clip: { clipName: 'Interview.mp4' } },
    });
  });

  it('says no composition is open when none was ever active', () => {
    world.project.activeItem = null;
    const fresh = aeWorld();
    fresh.severalProjectItemsSelected = true;
    const freshHost = loadAe(fresh);
    expect(freshHost.call<SelectionState>('getSelection')).toMatchObject({
      ok: true,
      value: { state: 'no-sequence' },
    });
    expect(world.comp).toBeInstanceOf(FakeCompItem);
  });
});

describe('placing, as After Effects documents it', () => {
  it("turns the original's sound off with its picture: `enabled` is the video switch only (AG avlayer.md)", () => {
    const result = world.root.add(
      new FakeFootageItem(world, 'result.mp4', { fsName: '/Out/result.mp4' }, 4.12),
    );
    const outcome = host.call<PlaceResult>('placeResult', {
      itemId: String(result.id),
      clipId: clipId(),
      mode: 'above',
      disableOriginal: true,
    });
    expect(outcome).toMatchObject({ ok: true });
    expect([world.layer.enabled, world.layer.audioEnabled]).toEqual([false, false]);
  });

  it('places video only on request: the new layer\u2019s sound is off', () => {
    const result = world.root.add(
      new FakeFootageItem(world, 'result.mp4', { fsName: '/Out/result.mp4' }, 4.12),
    );
    const outcome = host.call<PlaceResult>('placeResult', {
      itemId: String(result.id),
      clipId: clipId(),
      mode: 'above',
      audio: 'none',
    });
    expect(outcome).toMatchObject({ ok: true });
    const placed = world.comp.layerList.find((layer) => layer.name === 'result.mp4');
    expect(placed?.audioEnabled).toBe(false);
    expect(world.layer.audioEnabled).toBe(true);
  });
});

describe('renders that cannot pass for what an earlier one left', () => {
  it('removes the file AE will write (its forced .aif) before rendering: a stale one never counts', () => {
    world.fs.add('/Out/clip.aif', 'an earlier render');
    world.renderBehaviour = 'nothing';
    const outcome = host.call<ExportResult>('exportSelection', exportRequest());
    expect(outcome).toMatchObject({ ok: false, error: { code: 'export_failed' } });
    expect(world.fs.has('/Out/clip.aif')).toBe(false);
  });
});
