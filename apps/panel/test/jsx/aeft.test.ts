import type {
  AudioItem,
  ExportResult,
  ImportResult,
  PlaceResult,
  ProjectInfo,
  SelectionState,
} from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  aeWorld,
  FakeAVLayer,
  FakeCompItem,
  FakeFolderItem,
  FakeFootageItem,
  loadAe,
} from './kit/aeft-fakes.ts';
import type { LoadedHost } from './kit/es3-context.ts';

type World = ReturnType<typeof aeWorld>;
const TPS = 254016000000;

let world: World;
let host: LoadedHost;

beforeEach(() => {
  world = aeWorld();
  host = loadAe(world);
});

const clipId = () => `${world.comp.id}:${world.layer.id}`;
const exportRequest = () => ({ clipId: clipId(), videoPath: '/Out/clip.mp4', audioPath: '/Out/clip.wav' });

function expectFailure(outcome: { ok: boolean; error?: { code: string } }, code: string) {
  expect(outcome.ok).toBe(false);
  expect(outcome.error?.code).toBe(code);
}

function expectUndoGroupClosed(name: string) {
  expect(world.log.named('app.beginUndoGroup').map((call) => call.args[0])).toEqual([name]);
  expect(world.log.count('app.endUndoGroup')).toBe(1);
}

/** The render queue and the comp are as the user left them. */
function expectQueueRestored() {
  expect(world.queue).toEqual([world.userItem]);
  expect(world.userItem.render).toBe(true);
  expect(world.comp.layerList.filter((layer) => layer.solo)).toEqual([]);
}

describe('projectInfo', () => {
  it('describes the saved project and the active comp', () => {
    expect(host.call<ProjectInfo>('projectInfo')).toEqual({
      ok: true,
      value: {
        app: 'aeft',
        hostVersion: '25.2.0',
        open: true,
        name: 'Promo cut.aep',
        path: '/Projects/Promo%20cut.aep',
        fps: 25,
      },
    });
  });

  it('reports an unsaved project and no comp without failing', () => {
    world.project.file = null;
    world.project.activeItem = null;
    expect(host.call<ProjectInfo>('projectInfo')).toMatchObject({
      ok: true,
      value: { open: true, name: null, path: null, fps: null },
    });
  });
});

describe('getSelection', () => {
  it('describes the selected footage layer as a time span', () => {
    expect(host.call<SelectionState>('getSelection')).toEqual({
      ok: true,
      value: {
        state: 'single',
        clip: {
          clipId: clipId(),
          clipName: 'Interview.mp4',
          containerId: String(world.comp.id),
          containerName: 'Interview',
          start: { seconds: 2, ticks: String(2 * TPS) },
          end: { seconds: 6, ticks: String(6 * TPS) },
          inPoint: { seconds: 1, ticks: String(TPS) },
          outPoint: { seconds: 5, ticks: String(5 * TPS) },
          durationSec: 4,
          fps: 25,
          mediaPath: '/Media/Interview.mp4',
          projectItemId: String((world.layer.source as FakeFootageItem).id),
          speed: 1,
          reversed: false,
          trackIndex: 2,
          hasLinkedAudio: true,
        },
      },
    });
  });

  it('reports no project, no comp and nothing selected as states', () => {
    world.layer.selected = false;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'none' } });
    world.project.activeItem = world.root.children[0];
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'no-sequence' } });
    world.projectOpen = false;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'no-project' } });
  });

  it('calls text layers and precomps unsupported and lists several footage layers', () => {
    world.layer.selected = false;
    world.title.selected = true;
    expect(host.call('getSelection')).toMatchObject({ value: { state: 'unsupported' } });
    const pre = world.comp.addLayer(
      new FakeAVLayer(world.comp, 'Precomp', new FakeCompItem(world, 'Pre'), 0, 1),
    );
    world.title.selected = false;
    pre.selected = true;
    expect(host.call('getSelection')).toEqual({
      ok: true,
      value: { state: 'unsupported', reason: '"Precomp" is a nested composition' },
    });
    world.layer.selected = true;
    world.music.selected = true;
    const outcome = host.call<SelectionState>('getSelection');
    expect(
      outcome.ok && outcome.value.state === 'multiple' && outcome.value.clips.map((c) => c.clipName),
    ).toEqual(['Interview.mp4', 'Music.wav']);
  });

  it('reports retimed layers with their speed and direction', () => {
    world.layer.stretch = -200;
    const outcome = host.call<SelectionState>('getSelection');
    expect(outcome).toMatchObject({ ok: true, value: { clip: { speed: 0.5, reversed: true } } });
  });
});

describe('exportSelection', () => {
  it('renders only our items through the render queue and restores the user queue', () => {
    const outcome = host.call<ExportResult>('exportSelection', exportRequest());
    expect(outcome).toEqual({
      ok: true,
      value: {
        videoPath: '/Out/clip.mp4',
        // Stock AE writes the sound as AIFF and forces the extension.
        audioPath: '/Out/clip.aif',
        durationSec: 4,
        frames: 100,
        method: 'render',
      },
    });
    expect(world.log.count('RenderQueue.render')).toBe(1);
    // The user's queued item was not rendered; ours covered exactly the layer's span with only it soloed.
    expect(world.rendered).toEqual([
      {
        label: 'ours 1',
        timeSpanStart: 2,
        timeSpanDuration: 4,
        file: '/Out/clip.mp4',
        soloed: ['Interview.mp4'],
        renderTemplate: 'Optimale Einstellungen',
      },
      {
        label: 'ours 2',
        timeSpanStart: 2,
        timeSpanDuration: 4,
        file: '/Out/clip.aif',
        soloed: ['Interview.mp4'],
        renderTemplate: 'Optimale Einstellungen',
      },
    ]);
    expectQueueRestored();
    expectUndoGroupClosed('Reanimate: export clip');
  });

  it('chooses output-module templates by matching the localized names it is offered', () => {
    host.call('exportSelection', exportRequest());
    expect(world.log.named('OutputModule.applyTemplate').map((call) => call.args[0])).toEqual([
      'H.264 – Renderingeinstellungen entsprechen – 15 Mbit/s',
      'AIFF 48 kHz',
    ]);
    // The Format of an output module cannot be set by script (AG): the template decides it.
    expect(world.log.count('OutputModule.setSettings')).toBe(0);
  });

  it('prefers a WAV template when there is one', () => {
    world.templates['WAV 48kHz (Reanimate)'] = 'WAV';
    host.call('exportSelection', exportRequest());
    expect(world.log.named('OutputModule.applyTemplate').map((call) => call.args[0])[1]).toBe(
      'WAV 48kHz (Reanimate)',
    );
    expect(world.log.count('OutputModule.setSettings')).toBe(0);
  });

  it('reports progress events', () => {
    host.call('exportSelection', exportRequest());
    expect(world.events.filter((e) => e.type === HOST_EVENTS.exportProgress).map((e) => e.data)).toEqual([
      { phase: 'video', fraction: null },
      { phase: 'audio', fraction: null },
      { phase: 'video', fraction: 1 },
      { phase: 'audio', fraction: 1 },
    ]);
  });

  it('renders video only when the user brings a dub file', () => {
    const outcome = host.call('exportSelection', { ...exportRequest(), audioPath: null });
    expect(outcome).toMatchObject({ ok: true, value: { audioPath: null } });
    expect(world.rendered.map((r) => r.file)).toEqual(['/Out/clip.mp4']);
  });

  it.each([
    ['the render throws', () => Object.assign(world, { renderBehaviour: 'throw' })],
    ['the render writes nothing', () => Object.assign(world, { renderBehaviour: 'nothing' })],
    [
      'there is no H.264 template',
      () => Object.assign(world, { templates: { 'Hohe Qualität': 'QuickTime' } }),
    ],
    [
      'there is no audio-only template',
      () =>
        Object.assign(world, {
          templates: { 'H.264 – Renderingeinstellungen entsprechen – 15 Mbit/s': 'H.264' },
        }),
    ],
  ])('fails with export_failed and restores queue, solo and undo group when %s', (_what, arrange) => {
    world.music.solo = false;
    arrange();
    expectFailure(host.call('exportSelection', exportRequest()), 'export_failed');
    expectQueueRestored();
    expectUndoGroupClosed('Reanimate: export clip');
  });

  it('restores solo states the user had set', () => {
    world.music.solo = true;
    host.call('exportSelection', exportRequest());
    expect(world.rendered[0]!.soloed).toEqual(['Interview.mp4']);
    expect(world.comp.layerList.filter((layer) => layer.solo).map((layer) => layer.name)).toEqual([
      'Music.wav',
    ]);
  });

  it('renders even when an old panel asks for the removed fast path: the untrimmed source is never sent', () => {
    const outcome = host.call<ExportResult>('exportSelection', {
      ...exportRequest(),
      audioPath: null,
      allowFastPath: true,
    });
    expect(outcome).toMatchObject({
      ok: true,
      value: { videoPath: exportRequest().videoPath, method: 'render' },
    });
    expect(world.log.count('RQItemCollection.add')).toBe(1);
  });

  it('refuses unknown clips, unsupported layers and a closed project', () => {
    expectFailure(
      host.call('exportSelection', { ...exportRequest(), clipId: `${world.comp.id}:99999` }),
      'not_found',
    );
    expectFailure(
      host.call('exportSelection', { ...exportRequest(), clipId: `${world.comp.id}:${world.title.id}` }),
      'unsupported',
    );
    world.projectOpen = false;
    expectFailure(host.call('exportSelection', exportRequest()), 'no_project');
    expect(world.log.count('RenderQueue.render')).toBe(0);
  });
});

describe('exportSelection with a range', () => {
  const ranged = (range: unknown, extra: Record<string, unknown> = {}) =>
    host.call<ExportResult>('exportSelection', { ...exportRequest(), range, ...extra });

  it('renders only the range: our items start at the layer in point plus the range start', () => {
    const outcome = ranged({ startSec: 1, endSec: 3 });
    expect(outcome).toMatchObject({ ok: true, value: { frames: 50, durationSec: 2, method: 'render' } });
    expect(world.rendered.map((r) => [r.label, r.timeSpanStart, r.timeSpanDuration])).toEqual([
      ['ours 1', 3, 2],
      ['ours 2', 3, 2],
    ]);
    // Our items are gone again and nothing of the comp's own timing was changed.
    expectQueueRestored();
    expect([world.comp.workAreaStart, world.comp.workAreaDuration]).toEqual([0, 10]);
    expect([world.layer.inPoint, world.layer.outPoint]).toEqual([2, 6]);
    expectUndoGroupClosed('Reanimate: export clip');
  });

  it('snaps the range to comp frames and tolerates half a frame past the end', () => {
    expect(ranged({ startSec: 1.012, endSec: 4.015 })).toMatchObject({ ok: true, value: { frames: 75 } });
    expect(world.rendered[0]).toMatchObject({ timeSpanStart: 3, timeSpanDuration: 3 });
  });

  it.each([
    ['a negative start', { startSec: -1, endSec: 2 }],
    ['an empty range', { startSec: 1, endSec: 1 }],
    ['an end past the layer', { startSec: 0, endSec: 4.1 }],
    ['less than a frame', { startSec: 0, endSec: 0.01 }],
    ['a missing end', { startSec: 0 }],
  ])('refuses %s with bad_request before touching the render queue', (_what, range) => {
    expectFailure(ranged(range), 'bad_request');
    expect(world.log.count('RQItemCollection.add')).toBe(0);
    expect(world.log.count('app.beginUndoGroup')).toBe(0);
    expectQueueRestored();
  });
});

describe('importResult', () => {
  const request = {
    path: '/Out/result.mp4',
    binName: 'Reanimate',
    tags: { sourceClip: 'Interview', emotion: 'calm' },
  };

  beforeEach(() => {
    world.fs.add('/Out/result.mp4');
  });

  const folder = () =>
    world.root.children.find((item) => item instanceof FakeFolderItem && item.name === 'Reanimate') as
      | FakeFolderItem
      | undefined;

  it('imports into a new "Reanimate" folder and tags the item', () => {
    const outcome = host.call<ImportResult>('importResult', request);
    const imported = folder()!.children[0]!;
    expect(outcome).toEqual({
      ok: true,
      value: { itemId: String(imported.id), name: 'result.mp4', binName: 'Reanimate' },
    });
    expect(imported.comment).toBe('Reanimate; sourceClip=Interview; emotion=calm');
    expectUndoGroupClosed('Reanimate: import result');
  });

  it('reuses an existing folder', () => {
    world.root.add(new FakeFolderItem(world, 'Reanimate'));
    host.call('importResult', request);
    expect(world.log.count('ItemCollection.addFolder')).toBe(0);
    expect(folder()!.children).toHaveLength(1);
  });

  it.each(['null', 'throw'] as const)('fails with import_failed when importFile returns %s', (behaviour) => {
    world.importBehaviour = behaviour;
    expectFailure(host.call('importResult', request), 'import_failed');
    expectUndoGroupClosed('Reanimate: import result');
  });

  it('fails with import_failed for a missing file', () => {
    expectFailure(host.call('importResult', { ...request, path: '/Out/missing.mp4' }), 'import_failed');
    expect(world.log.count('Project.importFile')).toBe(0);
  });
});

describe('placeResult', () => {
  let result: FakeFootageItem;

  beforeEach(() => {
    result = world.root.add(new FakeFootageItem(world, 'result.mp4', { fsName: '/Out/result.mp4' }, 4.12));
  });

  const place = (extra: Record<string, unknown> = {}) =>
    host.call<PlaceResult>('placeResult', {
      itemId: String(result.id),
      clipId: clipId(),
      mode: 'above',
      ...extra,
    });

  it('adds the result right above the original, aligned and clamped, in one undo group', () => {
    const outcome = place();
    expect(outcome).toEqual({
      ok: true,
      value: {
        trackIndex: 2,
        start: { seconds: 2, ticks: String(2 * TPS) },
        end: { seconds: 6, ticks: String(6 * TPS) },
      },
    });
    expect(world.comp.layerList.map((layer) => layer.name)).toEqual([
      'Lower third',
      'result.mp4',
      'Interview.mp4',
      'Music.wav',
    ]);
    const added = world.comp.layerList[1]!;
    expect([added.startTime, added.inPoint, added.outPoint]).toEqual([2, 2, 6]);
    expect(world.layer.enabled).toBe(true);
    expectUndoGroupClosed('Reanimate: place result');
  });

  it('disables the original on request and removes it in replace mode', () => {
    place({ disableOriginal: true });
    expect(world.layer.enabled).toBe(false);
    const again = aeWorld();
    const loaded = loadAe(again);
    const replacement = again.root.add(new FakeFootageItem(again, 'r.mp4', { fsName: '/Out/r.mp4' }, 4));
    const outcome = loaded.call<PlaceResult>('placeResult', {
      itemId: String(replacement.id),
      clipId: `${again.comp.id}:${again.layer.id}`,
      mode: 'replace',
    });
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    expect(again.comp.layerList.map((layer) => layer.name)).toEqual(['Lower third', 'r.mp4', 'Music.wav']);
  });

  it('fails with place_failed, removes the stray layer and closes the undo group when timing does not stick', () => {
    world.ignoreLayerTiming = true;
    expectFailure(place({ disableOriginal: true }), 'place_failed');
    expect(world.comp.layerList.map((layer) => layer.name)).toEqual([
      'Lower third',
      'Interview.mp4',
      'Music.wav',
    ]);
    expect(world.layer.enabled).toBe(true);
    expectUndoGroupClosed('Reanimate: place result');
  });

  it('fails with not_found when the item or layer is gone', () => {
    expectFailure(place({ itemId: '424242' }), 'not_found');
    expectFailure(place({ clipId: `${world.comp.id}:424242` }), 'not_found');
  });
});

describe('placeResult with an offset', () => {
  const footage = (name: string, seconds: number) =>
    world.root.add(new FakeFootageItem(world, name, { fsName: `/Out/${name}` }, seconds));

  const place = (item: FakeFootageItem, extra: Record<string, unknown> = {}) =>
    host.call<PlaceResult>('placeResult', {
      itemId: String(item.id),
      clipId: clipId(),
      mode: 'above',
      ...extra,
    });

  const timing = (name: string) => {
    const layer = world.comp.layerList.find((l) => l.name === name)!;
    return [layer.startTime, layer.inPoint, layer.outPoint];
  };

  it('starts the layer at the original in point plus the offset and ends it with the original', () => {
    const outcome = place(footage('long.mp4', 4.12), { offsetSec: 1 });
    expect(outcome).toEqual({
      ok: true,
      value: {
        trackIndex: 2,
        start: { seconds: 3, ticks: String(3 * TPS) },
        end: { seconds: 6, ticks: String(6 * TPS) },
      },
    });
    expect(timing('long.mp4')).toEqual([3, 3, 6]);
    expectUndoGroupClosed('Reanimate: place result');
  });

  it('places the segments of a split clip one after the other above the original', () => {
    expect(place(footage('segment-1.mp4', 2), { offsetSec: 0 }).ok).toBe(true);
    expect(place(footage('segment-2.mp4', 2), { offsetSec: 2 }).ok).toBe(true);
    expect(timing('segment-1.mp4')).toEqual([2, 2, 4]);
    expect(timing('segment-2.mp4')).toEqual([4, 4, 6]);
    expect(world.comp.layerList.map((layer) => layer.name)).toEqual([
      'Lower third',
      'segment-1.mp4',
      'segment-2.mp4',
      'Interview.mp4',
      'Music.wav',
    ]);
  });

  it('snaps the offset to a comp frame', () => {
    expect(place(footage('segment.mp4', 2), { offsetSec: 0.99 })).toMatchObject({
      ok: true,
      value: { start: { seconds: 3 }, end: { seconds: 5 } },
    });
  });

  it.each([
    ['negative', -0.5],
    ['at the end of the clip', 4],
    ['past the clip', 12],
  ])('refuses an offset %s with bad_request and adds no layer', (_what, offsetSec) => {
    expectFailure(place(footage('segment.mp4', 2), { offsetSec }), 'bad_request');
    expect(world.log.count('LayerCollection.add')).toBe(0);
  });

  it('refuses replace mode with an offset or a short result, keeping the original', () => {
    expectFailure(place(footage('segment.mp4', 2), { mode: 'replace', offsetSec: 2 }), 'bad_request');
    expectFailure(place(footage('half.mp4', 2), { mode: 'replace' }), 'bad_request');
    expect(world.log.count('LayerCollection.add')).toBe(0);
    expect(world.comp.layerList).toContain(world.layer);
    expect(place(footage('whole.mp4', 4), { mode: 'replace', offsetSec: 0 }).ok).toBe(true);
    expect(world.comp.layerList).not.toContain(world.layer);
  });
});

describe('listAudioItems', () => {
  it('lists footage with audio and a file, with its folder path, and skips the rest', () => {
    const dubs = world.root.add(new FakeFolderItem(world, 'Dubs'));
    const french = dubs.add(new FakeFolderItem(world, 'French'));
    const fr = french.add(new FakeFootageItem(world, 'fr.wav', { fsName: '/Dubs/fr.wav' }, 5));
    dubs.add(new FakeFootageItem(world, 'silent.mov', { fsName: '/Dubs/silent.mov' }, 5, false));
    const missing = dubs.add(new FakeFootageItem(world, 'lost.wav', { fsName: '/Dubs/lost.wav' }, 5));
    missing.footageMissing = true;
    dubs.add(new FakeFootageItem(world, 'Solid', null, 0));
    const still = dubs.add(new FakeFootageItem(world, 'tone.wav', { fsName: '/Dubs/tone.wav' }, 0));

    const outcome = host.call<AudioItem[]>('listAudioItems');
    const interview = world.layer.source as FakeFootageItem;
    const music = world.music.source as FakeFootageItem;
    expect(outcome).toEqual({
      ok: true,
      value: [
        {
          itemId: String(interview.id),
          name: 'Interview.mp4',
          mediaPath: '/Media/Interview.mp4',
          binPath: '',
          durationSec: 60,
        },
        {
          itemId: String(music.id),
          name: 'Music.wav',
          mediaPath: '/Media/Music.wav',
          binPath: '',
          durationSec: 60,
        },
        {
          itemId: String(fr.id),
          name: 'fr.wav',
          mediaPath: '/Dubs/fr.wav',
          binPath: 'Dubs/French',
          durationSec: 5,
        },
        {
          itemId: String(still.id),
          name: 'tone.wav',
          mediaPath: '/Dubs/tone.wav',
          binPath: 'Dubs',
          durationSec: null,
        },
      ],
    });
    // The comp "Interview" and the folders themselves are not footage.
  });

  it('answers no_project without a project', () => {
    world.projectOpen = false;
    expectFailure(host.call('listAudioItems'), 'no_project');
  });
});
