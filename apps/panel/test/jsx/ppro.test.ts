import type {
  AudioItem,
  ClipSelection,
  ExportResult,
  ImportResult,
  PlaceResult,
  ProjectInfo,
  SelectionState,
} from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LoadedHost } from './kit/es3-context.ts';
import {
  FakeProjectItem,
  FakeTime,
  FakeTrackItem,
  FRAME,
  H264_PRESET,
  loadPpro,
  ProjectItemType,
  pproWorld,
  presetXml,
  SYSTEM_PRESETS,
  TPS,
  WAV_PRESET,
} from './kit/ppro-fakes.ts';

type World = ReturnType<typeof pproWorld>;

let world: World;
let host: LoadedHost;

beforeEach(() => {
  world = pproWorld();
  host = loadPpro(world);
});

/** A time argument the host passed: always a Time built from ticks (a bare number would be seconds). */
const secondsOf = (time: unknown) => {
  expect(time).toBeInstanceOf(FakeTime);
  return (time as FakeTime).seconds;
};

const exportRequest = {
  clipId: 'clip-a',
  videoPath: '/Out/clip.mp4',
  audioPath: '/Out/clip.wav',
};

function expectFailure(outcome: { ok: boolean; error?: { code: string } }, code: string) {
  expect(outcome.ok).toBe(false);
  expect(outcome.error?.code).toBe(code);
}

/** The sequence is as the user left it: in/out, selection, active sequence, no temporary sequence. */
function expectRestored() {
  expect(world.sequence.inTicks).toBe(1 * TPS);
  expect(world.sequence.outTicks).toBe(9 * TPS);
  expect(world.sequence.selectedIds()).toEqual(['clip-a', 'clip-a-audio']);
  expect(world.project.activeSequence).toBe(world.sequence);
  expect(world.project.sequenceList).toEqual([world.sequence]);
  expect(world.project.rootItem.childItems.map((item) => item.name)).not.toContain('Edit Subsequence');
}

describe('projectInfo', () => {
  it('describes the open project and the active sequence frame rate', () => {
    const outcome = host.call<ProjectInfo>('projectInfo');
    expect(outcome).toEqual({
      ok: true,
      value: {
        app: 'ppro',
        hostVersion: '24.6.1',
        open: true,
        name: 'Documentary.prproj',
        path: '/Projects/Documentary.prproj',
        fps: 25,
      },
    });
  });

  it('reports no open project and an unsaved project without failing', () => {
    world.project.path = '';
    expect(host.call<ProjectInfo>('projectInfo')).toMatchObject({
      ok: true,
      value: { open: true, path: null },
    });
    world.documentOpen = false;
    expect(host.call<ProjectInfo>('projectInfo')).toMatchObject({
      ok: true,
      value: { open: false, name: null },
    });
  });
});

describe('getSelection', () => {
  it('describes the selected clip in seconds and exact ticks', () => {
    const outcome = host.call<SelectionState>('getSelection');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok || outcome.value.state !== 'single') {
      throw new Error(`expected a single selection, got ${JSON.stringify(outcome)}`);
    }
    const clip: ClipSelection = outcome.value.clip;
    expect(clip).toEqual({
      clipId: 'clip-a',
      clipName: 'Interview.mp4',
      containerId: world.sequence.sequenceID,
      containerName: 'Edit',
      start: { seconds: 2, ticks: String(2 * TPS) },
      end: { seconds: 6, ticks: String(6 * TPS) },
      inPoint: { seconds: 10, ticks: String(10 * TPS) },
      outPoint: { seconds: 14, ticks: String(14 * TPS) },
      durationSec: 4,
      fps: 25,
      mediaPath: '/Media/Interview.mp4',
      projectItemId: world.clip.projectItem!.nodeId,
      speed: 1,
      reversed: false,
      trackIndex: 0,
      hasLinkedAudio: true,
    });
  });

  it('reports the states without a usable clip', () => {
    world.documentOpen = false;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'no-project' } });
    world.documentOpen = true;
    world.project.activeSequence = null;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'no-sequence' } });
    world.project.activeSequence = world.sequence;
    world.clip.selected = false;
    world.audio.selected = false;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'none' } });
  });

  it('ignores audio-only selections and calls a lone title unsupported', () => {
    world.clip.selected = false;
    expect(host.call('getSelection')).toEqual({ ok: true, value: { state: 'none' } });
    world.sequence.videoTrackList[1]!.items[0]!.selected = true;
    expect(host.call('getSelection')).toEqual({
      ok: true,
      value: { state: 'unsupported', reason: '"Lower third" has no media file (title or graphic)' },
    });
  });

  it('skips unsupported items next to a usable clip and lists several clips', () => {
    world.sequence.videoTrackList[1]!.items[0]!.selected = true;
    expect(host.call<SelectionState>('getSelection')).toMatchObject({ ok: true, value: { state: 'single' } });
    const second = world.sequence.videoTrackList[0]!.add(
      new FakeTrackItem(world, 'clip-b', 'Interview.mp4', 7 * TPS, 8 * TPS, world.clip.projectItem),
    );
    second.selected = true;
    const outcome = host.call<SelectionState>('getSelection');
    expect(
      outcome.ok && outcome.value.state === 'multiple' && outcome.value.clips.map((c) => c.clipId),
    ).toEqual(['clip-a', 'clip-b']);
  });

  it('calls adjustment layers and nested sequences unsupported', () => {
    world.clip.adjustment = true;
    expect(host.call('getSelection')).toMatchObject({ value: { state: 'unsupported' } });
    world.clip.adjustment = false;
    world.clip.projectItem!.sequence = true;
    expect(host.call('getSelection')).toMatchObject({
      value: { state: 'unsupported', reason: '"Interview.mp4" is a nested sequence' },
    });
  });

  it('encodes names with quotes, backslashes, control and line-separator characters as valid JSON', () => {
    const name = 'Take "2" \\ left\nright\t\u2028end \u00e9\u0001';
    world.clip.name = name;
    const raw = host.callRaw('getSelection');
    expect(raw).not.toContain('\u2028');
    const parsed = JSON.parse(raw) as { value: { clip: ClipSelection } };
    expect(parsed.value.clip.clipName).toBe(name);
  });

  it('relays selection changes to the panel as CSXSEvents', () => {
    const bind = world.log
      .named('app.bind')
      .find((call) => call.args[0] === 'onActiveSequenceSelectionChanged');
    expect(bind).toBeDefined();
    (bind!.args[1] as () => void)();
    expect(world.log.named('ExternalObject').map((call) => call.args[0])).toContain(
      'lib:PlugPlugExternalObject',
    );
    expect(world.events).toHaveLength(1);
    expect(world.events[0]).toMatchObject({
      type: HOST_EVENTS.selectionChanged,
      data: { state: 'single', clip: { clipId: 'clip-a' } },
    });
  });
});

/** What the sequence looked like when the temporary sequence was made. */
function captureSubsequence(): () => unknown {
  let snapshot: unknown = null;
  const original = world.sequence.createSubsequence.bind(world.sequence);
  world.sequence.createSubsequence = (ignore: boolean) => {
    const sub = original(ignore);
    snapshot = sub === 0 ? null : sub.subsequenceOf;
    return sub;
  };
  return () => snapshot;
}

describe('exportSelection', () => {
  it('isolates the clip in a temporary sequence, exports video and audio, and restores everything', () => {
    const outcome = host.call<ExportResult>('exportSelection', exportRequest);
    expect(outcome).toEqual({
      ok: true,
      value: {
        videoPath: '/Out/clip.mp4',
        audioPath: '/Out/clip.wav',
        durationSec: 4,
        frames: 100,
        method: 'render',
        notes: [],
      },
    });
    expect(world.log.named('Sequence.createSubsequence').map((call) => call.args)).toEqual([[true]]);
    const exports = world.log.named('Sequence.exportAsMediaDirect').map((call) => call.args);
    expect(exports).toEqual([
      ['Edit Subsequence', '/Out/clip.mp4', H264_PRESET, 0],
      ['Edit Subsequence', '/Out/clip.wav', WAV_PRESET, 0],
    ]);
    expect(world.log.named('Project.deleteSequence').map((call) => call.args)).toEqual([
      ['Edit Subsequence'],
    ]);
    expectRestored();
  });

  it('gives the user back their wider selection after isolating the clip', () => {
    world.sequence.videoTrackList[1]!.items[0]!.selected = true;
    world.sequence.audioTrackList[1]!.items[0]!.selected = true;
    expect(host.call('exportSelection', exportRequest).ok).toBe(true);
    expect(world.log.named('Sequence.setInPoint').map((call) => secondsOf(call.args[1]))).toEqual([2, 1]);
    expect(world.log.named('Sequence.setOutPoint').map((call) => secondsOf(call.args[1]))).toEqual([6, 9]);
    expect(world.sequence.selectedIds()).toEqual(['clip-a', 'clip-a-audio', 'music', 'title']);
  });

  it('records exactly the clip and its linked audio as the subsequence content', () => {
    world.sequence.videoTrackList[1]!.items[0]!.selected = true;
    const snapshot = captureSubsequence();
    host.call('exportSelection', exportRequest);
    expect(snapshot()).toEqual({ selected: ['clip-a', 'clip-a-audio'], inTicks: 2 * TPS, outTicks: 6 * TPS });
  });

  it('reopens the original sequence when the temporary one became active', () => {
    world.subsequenceActivates = true;
    expect(host.call('exportSelection', exportRequest).ok).toBe(true);
    expect(world.log.named('Project.openSequence').map((call) => call.args)).toEqual([
      [world.sequence.sequenceID],
    ]);
    expectRestored();
  });

  it('reports progress for each phase as CSXSEvents', () => {
    host.call('exportSelection', exportRequest);
    const progress = world.events.filter((event) => event.type === HOST_EVENTS.exportProgress);
    expect(progress.map((event) => event.data)).toEqual([
      { phase: 'video', fraction: null },
      { phase: 'video', fraction: 1 },
      { phase: 'audio', fraction: null },
      { phase: 'audio', fraction: 1 },
    ]);
  });

  it('exports no audio when the user brings a dub file', () => {
    const outcome = host.call<ExportResult>('exportSelection', { ...exportRequest, audioPath: null });
    expect(outcome).toMatchObject({ ok: true, value: { audioPath: null, method: 'render' } });
    expect(world.log.count('Sequence.exportAsMediaDirect')).toBe(1);
  });

  it.each([
    ['return-false', 'returns false'],
    ['throw', 'throws'],
    ['true-without-file', 'claims success but writes nothing'],
  ] as const)(
    'fails with export_failed and restores the project when the export %s (%s)',
    (behaviour, _what) => {
      world.exportBehaviour = behaviour;
      const outcome = host.call('exportSelection', exportRequest);
      expectFailure(outcome, 'export_failed');
      expect(world.log.count('Project.deleteSequence')).toBe(1);
      expectRestored();
    },
  );

  it('fails with export_failed and restores in/out when no temporary sequence can be made', () => {
    world.subsequenceFails = true;
    expectFailure(host.call('exportSelection', exportRequest), 'export_failed');
    expect(world.log.count('Sequence.exportAsMediaDirect')).toBe(0);
    expectRestored();
  });

  it('refuses to export when Premiere does not land the in point on the clip start', () => {
    world.snapInOut = FRAME;
    const outcome = host.call('exportSelection', exportRequest);
    expectFailure(outcome, 'export_failed');
    expect(world.log.count('Sequence.createSubsequence')).toBe(0);
    // The user's in/out (1 s, 9 s) are written back even though this fake host keeps shifting in points.
    expect(world.log.named('Sequence.setInPoint').map((call) => secondsOf(call.args[1]))).toEqual([2, 1]);
    expect(world.log.named('Sequence.setOutPoint').map((call) => secondsOf(call.args[1]))).toEqual([6, 9]);
    expect(world.sequence.selectedIds()).toEqual(['clip-a', 'clip-a-audio']);
  });

  it('removes a temporary project item that deleteSequence left behind', () => {
    world.project.leaveSequenceItemOnDelete = true;
    expect(host.call('exportSelection', exportRequest).ok).toBe(true);
    expect(world.log.named('ProjectItem.deleteBin').map((call) => call.args)).toEqual([
      ['Reanimate temporary'],
    ]);
    expectRestored();
  });

  it('renders even when an old panel asks for the removed fast path: the untrimmed source is never sent', () => {
    const outcome = host.call<ExportResult>('exportSelection', {
      ...exportRequest,
      audioPath: null,
      allowFastPath: true,
    });
    expect(outcome).toMatchObject({ ok: true, value: { videoPath: '/Out/clip.mp4', method: 'render' } });
    expect(world.log.count('Sequence.createSubsequence')).toBe(1);
  });

  it("uses Premiere's own system presets, each checked to write MP4 / WAV, whatever its name says", () => {
    // A decoy named like H.264 that writes QuickTime, found before the real one.
    world.fs.add(`${SYSTEM_PRESETS}/0000_MooV/H.264 - Match Source (QuickTime).epr`, presetXml('MooV'));
    expect(host.call('exportSelection', exportRequest).ok).toBe(true);
    expect(world.log.named('Sequence.exportAsMediaDirect').map((call) => call.args[2])).toEqual([
      H264_PRESET,
      WAV_PRESET,
    ]);
    expect(world.log.named('Sequence.getExportFileExtension').map((call) => call.args[0])).toContain(
      H264_PRESET,
    );
  });

  it('finds the presets through app.path on Windows, where Folder.appPackage is not documented', () => {
    const windows = 'C:\\Program Files\\Adobe\\Adobe Premiere Pro 2024';
    world.fs.files.clear();
    world.fs.add(
      `${windows}/MediaIO/systempresets/4E49434B_48323634/Match Source - Adaptive High Bitrate.epr`,
      presetXml('H264'),
    );
    world.fs.add(
      `${windows}/MediaIO/systempresets/3F3F3F3F_57415645/Waveform Audio 48kHz 16-bit.epr`,
      presetXml('WAVE'),
    );
    (world.app as { path: string }).path = windows;
    (world.globals.Folder as unknown as { appPackage: unknown }).appPackage = undefined;
    const fresh = loadPpro(world);
    expect(fresh.call('exportSelection', exportRequest).ok).toBe(true);
    const forward = (path: unknown) => String(path).replace(/\\/g, '/');
    expect(world.log.named('Sequence.exportAsMediaDirect').map((call) => forward(call.args[2]))).toEqual([
      forward(`${windows}/MediaIO/systempresets/4E49434B_48323634/Match Source - Adaptive High Bitrate.epr`),
      forward(`${windows}/MediaIO/systempresets/3F3F3F3F_57415645/Waveform Audio 48kHz 16-bit.epr`),
    ]);
  });

  it('fails before touching the sequence when no preset can be found', () => {
    world.fs.files.delete(H264_PRESET);
    const outcome = host.call('exportSelection', exportRequest);
    expectFailure(outcome, 'export_failed');
    expect(outcome.ok === false && outcome.error.message).toMatch(/No H\.264 \(MP4\) export preset/);
    expect(world.log.count('Sequence.setInPoint')).toBe(0);
  });

  it('exports from an unsaved project because the request carries absolute paths', () => {
    world.project.path = '';
    expect(host.call('exportSelection', exportRequest).ok).toBe(true);
  });

  it('refuses bad requests and missing context with specific codes', () => {
    expectFailure(host.call('exportSelection'), 'bad_request');
    expectFailure(host.call('exportSelection', { ...exportRequest, videoPath: 'clip.mp4' }), 'bad_request');
    expectFailure(
      host.call('exportSelection', { ...exportRequest, audioPath: 'C:relative.wav' }),
      'bad_request',
    );
    expectFailure(host.call('exportSelection', { ...exportRequest, clipId: 'gone' }), 'not_found');
    expectFailure(host.call('exportSelection', { ...exportRequest, clipId: 'title' }), 'unsupported');
    world.project.activeSequence = null;
    expectFailure(host.call('exportSelection', exportRequest), 'no_sequence');
    world.documentOpen = false;
    expectFailure(host.call('exportSelection', exportRequest), 'no_project');
    expect(world.log.count('Sequence.exportAsMediaDirect')).toBe(0);
  });

  it('accepts Windows paths', () => {
    const outcome = host.call<ExportResult>('exportSelection', {
      ...exportRequest,
      videoPath: 'C:\\Out\\clip.mp4',
      audioPath: '\\\\server\\share\\clip.wav',
    });
    expect(outcome.ok).toBe(true);
  });
});

describe('exportSelection through Media Encoder', () => {
  const request = { ...exportRequest, encoder: 'media-encoder' };
  const temporaryExists = () => world.project.sequenceList.some((seq) => seq.name === 'Edit Subsequence');

  it('queues both jobs on the isolated clip, returns at once and restores the sequence', () => {
    const outcome = host.call<ExportResult>('exportSelection', request);
    expect(outcome).toMatchObject({ ok: true, value: { method: 'encoder', frames: 100, durationSec: 4 } });
    expect(world.log.named('Encoder.encodeSequence').map((call) => call.args)).toEqual([
      ['Edit Subsequence', '/Out/clip.mp4', H264_PRESET, 0, 1],
      ['Edit Subsequence', '/Out/clip.wav', WAV_PRESET, 0, 1],
    ]);
    expect(world.log.count('Sequence.exportAsMediaDirect')).toBe(0);
    expect(world.sequence.inTicks).toBe(1 * TPS);
    expect(world.sequence.outTicks).toBe(9 * TPS);
    expect(world.sequence.selectedIds()).toEqual(['clip-a', 'clip-a-audio']);
    // Media Encoder still reads the temporary sequence.
    expect(temporaryExists()).toBe(true);
  });

  it('relays progress and completion, and deletes the temporary sequence after the last job', () => {
    host.call('exportSelection', request);
    world.events.length = 0;
    world.encoder.fire('onEncoderJobQueued', 'job-1');
    expect(world.log.count('Encoder.startBatch')).toBe(1);
    world.encoder.fire('onEncoderJobProgress', 'job-1', 0.25);
    world.encoder.fire('onEncoderJobProgress', 'job-2', 50);
    world.encoder.fire('onEncoderJobProgress', 'job-99', 0.5);
    world.encoder.fire('onEncoderJobComplete', 'job-1', '/Out/clip.mp4');
    expect(temporaryExists()).toBe(true);
    world.encoder.fire('onEncoderJobError', 'job-2', 'Disk full');
    expect(world.events).toEqual([
      { type: HOST_EVENTS.exportProgress, data: { phase: 'video', fraction: 0.25 } },
      { type: HOST_EVENTS.exportProgress, data: { phase: 'audio', fraction: 0.5 } },
      { type: HOST_EVENTS.exportProgress, data: { phase: 'video', fraction: 1 } },
      {
        type: HOST_EVENTS.exportFinished,
        data: { phase: 'video', ok: true, path: '/Out/clip.mp4', error: null },
      },
      {
        type: HOST_EVENTS.exportFinished,
        data: { phase: 'audio', ok: false, path: null, error: 'Disk full' },
      },
    ]);
    expect(temporaryExists()).toBe(false);
    expect(world.project.rootItem.childItems.map((item) => item.name)).not.toContain('Edit Subsequence');
  });

  it('fails with export_failed and cleans up at once when Media Encoder refuses the first job', () => {
    world.encoder.refuseFrom = 1;
    expectFailure(host.call('exportSelection', request), 'export_failed');
    expectRestored();
  });

  it('keeps the temporary sequence for a queued job when the second job is refused', () => {
    world.encoder.refuseFrom = 2;
    expectFailure(host.call('exportSelection', request), 'export_failed');
    expect(temporaryExists()).toBe(true);
    world.encoder.fire('onEncoderJobComplete', 'job-1', '/Out/clip.mp4');
    expect(temporaryExists()).toBe(false);
  });

  it('renders directly when Media Encoder is not installed, and starts it when it is not running', () => {
    world.ameStatus = 'ISNOTINSTALLED';
    expect(host.call('exportSelection', request)).toMatchObject({ ok: true, value: { method: 'render' } });
    expect(world.log.count('Encoder.encodeSequence')).toBe(0);
    world.ameStatus = 'ISNOTRUNNING';
    expect(host.call('exportSelection', request)).toMatchObject({ ok: true, value: { method: 'encoder' } });
    expect(world.log.count('Encoder.launchEncoder')).toBe(1);
  });

  it('refuses an unknown encoder', () => {
    expectFailure(host.call('exportSelection', { ...exportRequest, encoder: 'ffmpeg' }), 'bad_request');
  });
});

describe('exportSelection with a range', () => {
  const ranged = (range: unknown, extra: Record<string, unknown> = {}) =>
    host.call<ExportResult>('exportSelection', { ...exportRequest, range, ...extra });

  it('sets in/out to the clip start plus the range, exports that many frames and restores in/out', () => {
    const snapshot = captureSubsequence();
    const outcome = ranged({ startSec: 1, endSec: 3 });
    expect(outcome).toMatchObject({ ok: true, value: { frames: 50, durationSec: 2, method: 'render' } });
    expect(snapshot()).toEqual({ selected: ['clip-a', 'clip-a-audio'], inTicks: 3 * TPS, outTicks: 5 * TPS });
    expect(world.log.named('Sequence.setInPoint').map((call) => secondsOf(call.args[1]))).toEqual([3, 1]);
    expect(world.log.named('Sequence.setOutPoint').map((call) => secondsOf(call.args[1]))).toEqual([5, 9]);
    expect(world.log.count('Sequence.exportAsMediaDirect')).toBe(2);
    expectRestored();
  });

  it('snaps the range to frames and accepts an end up to half a frame past the clip', () => {
    const snapshot = captureSubsequence();
    // 25.3 and 74.7 frames from the clip start: frames 25 and 75.
    expect(ranged({ startSec: 1.012, endSec: 2.988 })).toMatchObject({ ok: true, value: { frames: 50 } });
    expect(snapshot()).toMatchObject({ inTicks: 3 * TPS, outTicks: 5 * TPS });
    const tail = captureSubsequence();
    expect(ranged({ startSec: 2, endSec: 4.015 })).toMatchObject({
      ok: true,
      value: { frames: 50, durationSec: 2 },
    });
    expect(tail()).toMatchObject({ inTicks: 4 * TPS, outTicks: 6 * TPS });
    expectRestored();
  });

  it('tiles a 16 s clip into two 8 s segments without a gap or an overlap', () => {
    world.clip.endTicks = 18 * TPS;
    world.audio.endTicks = 18 * TPS;
    const first = captureSubsequence();
    expect(ranged({ startSec: 0, endSec: 8 })).toMatchObject({ ok: true, value: { frames: 200 } });
    expect(first()).toMatchObject({ inTicks: 2 * TPS, outTicks: 10 * TPS });
    const second = captureSubsequence();
    expect(ranged({ startSec: 8, endSec: 16 })).toMatchObject({ ok: true, value: { frames: 200 } });
    expect(second()).toMatchObject({ inTicks: 10 * TPS, outTicks: 18 * TPS });
  });

  it.each([
    ['a negative start', { startSec: -0.1, endSec: 2 }],
    ['an empty range', { startSec: 2, endSec: 2 }],
    ['a reversed range', { startSec: 3, endSec: 1 }],
    ['an end past the clip', { startSec: 0, endSec: 4.03 }],
    ['a start past the clip', { startSec: 5, endSec: 6 }],
    ['less than a frame', { startSec: 0.001, endSec: 0.01 }],
    ['non-numbers', { startSec: '0', endSec: 2 }],
    ['not an object', 'all'],
  ])('refuses %s with bad_request before touching the sequence', (_what, range) => {
    expectFailure(ranged(range), 'bad_request');
    expect(world.log.count('Sequence.setInPoint')).toBe(0);
    expect(world.log.count('Sequence.createSubsequence')).toBe(0);
  });

  it('queues the range in Media Encoder and restores in/out at once', () => {
    const snapshot = captureSubsequence();
    const outcome = ranged({ startSec: 1, endSec: 3 }, { encoder: 'media-encoder' });
    expect(outcome).toMatchObject({ ok: true, value: { method: 'encoder', frames: 50 } });
    expect(snapshot()).toMatchObject({ inTicks: 3 * TPS, outTicks: 5 * TPS });
    expect(world.log.count('Encoder.encodeSequence')).toBe(2);
    expect(world.sequence.inTicks).toBe(1 * TPS);
    expect(world.sequence.outTicks).toBe(9 * TPS);
  });

  it('restores in/out and selection when a ranged export fails', () => {
    world.exportBehaviour = 'throw';
    expectFailure(ranged({ startSec: 1, endSec: 3 }), 'export_failed');
    expectRestored();
  });
});

describe('importResult', () => {
  const request = {
    path: '/Out/result.mp4',
    binName: 'Reanimate',
    tags: { sourceClip: 'clip-a', requestId: 'req-42', emotion: 'happy' },
  };

  beforeEach(() => {
    world.fs.add('/Out/result.mp4');
  });

  function bin(name: string): FakeProjectItem | undefined {
    return world.project.rootItem.childItems.find(
      (item) => item.type === ProjectItemType.BIN && item.name === name,
    );
  }

  it('creates the bin, imports without UI and returns the new item', () => {
    const outcome = host.call<ImportResult>('importResult', request);
    const created = bin('Reanimate');
    expect(created?.childItems).toHaveLength(1);
    const item = created!.childItems[0]!;
    expect(outcome).toEqual({
      ok: true,
      value: { itemId: item.nodeId, name: 'result.mp4', binName: 'Reanimate' },
    });
    expect(world.log.named('Project.importFiles').map((call) => call.args)).toEqual([
      [['/Out/result.mp4'], true, 'Reanimate', false],
    ]);
  });

  it('tags the item in project metadata', () => {
    host.call<ImportResult>('importResult', request);
    const item = bin('Reanimate')!.childItems[0]!;
    const set = world.log.named('ProjectItem.setProjectMetadata');
    expect(set).toHaveLength(1);
    expect(set[0]!.args[1]).toEqual(['ReanimateSourceClip', 'ReanimateRequestId', 'ReanimateEmotion']);
    const ns = 'http://ns.adobe.com/premierePrivateProjectMetaData/1.0/';
    expect(JSON.parse(item.metadata)).toEqual({
      [`${ns}ReanimateSourceClip`]: 'clip-a',
      [`${ns}ReanimateRequestId`]: 'req-42',
      [`${ns}ReanimateEmotion`]: 'happy',
    });
    expect(world.log.count('Project.addPropertyToProjectMetadataSchema')).toBe(3);
  });

  it('reuses an existing bin and picks the new item when the same file was imported before', () => {
    const existing = world.project.rootItem.createBin('Reanimate') as FakeProjectItem;
    const old = existing.add(
      new FakeProjectItem(world, 'result.mp4', ProjectItemType.CLIP, '/Out/result.mp4'),
    );
    world.log.calls.length = 0;
    const outcome = host.call<ImportResult>('importResult', request);
    expect(world.log.count('ProjectItem.createBin')).toBe(0);
    expect(existing.childItems).toHaveLength(2);
    expect(outcome.ok && outcome.value.itemId).toBe(existing.childItems[1]!.nodeId);
    expect(outcome.ok && outcome.value.itemId).not.toBe(old.nodeId);
  });

  it('uses the project, not the return value, to judge the import', () => {
    world.project.importBehaviour = 'return-false-but-import';
    expect(host.call('importResult', request).ok).toBe(true);
  });

  it('moves the item into the bin when Premiere ignored the target bin', () => {
    world.project.importBehaviour = 'ignore-bin';
    const outcome = host.call<ImportResult>('importResult', request);
    expect(outcome.ok).toBe(true);
    expect(bin('Reanimate')!.childItems.map((item) => item.name)).toEqual(['result.mp4']);
    expect(world.log.count('ProjectItem.moveBin')).toBe(1);
  });

  it.each(['return-nothing', 'throw'] as const)(
    'fails with import_failed when the import %s',
    (behaviour) => {
      world.project.importBehaviour = behaviour;
      expectFailure(host.call('importResult', request), 'import_failed');
    },
  );

  it('fails with import_failed for a missing file and bad_request for a relative path', () => {
    expectFailure(host.call('importResult', { ...request, path: '/Out/missing.mp4' }), 'import_failed');
    expectFailure(host.call('importResult', { ...request, path: 'result.mp4' }), 'bad_request');
    expect(world.log.count('Project.importFiles')).toBe(0);
  });

  it('defaults the bin name', () => {
    const outcome = host.call<ImportResult>('importResult', {
      path: '/Out/result.mp4',
      binName: '',
      tags: {},
    });
    expect(outcome).toMatchObject({ ok: true, value: { binName: 'Reanimate' } });
    expect(bin('Reanimate')).toBeDefined();
  });
});

describe('placeResult', () => {
  let resultItem: FakeProjectItem;

  beforeEach(() => {
    const results = world.project.rootItem.createBin('Reanimate') as FakeProjectItem;
    // 4 s 3 frames: longer than the 4 s clip, as a provider may return.
    resultItem = results.add(
      new FakeProjectItem(world, 'result.mp4', ProjectItemType.CLIP, '/Out/result.mp4', 4 * TPS + 3 * FRAME),
    );
  });

  const place = (extra: Record<string, unknown> = {}) =>
    host.call<PlaceResult>('placeResult', {
      itemId: resultItem.nodeId,
      clipId: 'clip-a',
      mode: 'above',
      ...extra,
    });

  it('overwrites on the first free track above, clamped to the clip length, and verifies it', () => {
    const outcome = place();
    expect(outcome).toEqual({
      ok: true,
      value: {
        trackIndex: 2,
        start: { seconds: 2, ticks: String(2 * TPS) },
        end: { seconds: 6, ticks: String(6 * TPS) },
        audioTrackIndex: null,
      },
    });
    const marks = (name: string) =>
      world.log.named(name).map((call) => [(call.args[0] as FakeTime).ticks, call.args[1]]);
    expect(marks('ProjectItem.setInPoint')).toEqual([['0', 4]]);
    expect(marks('ProjectItem.setOutPoint')).toEqual([[String(4 * TPS), 4]]);
    expect(world.sequence.videoTrackList[2]!.items.map((clip) => [clip.startTicks, clip.endTicks])).toEqual([
      [2 * TPS, 6 * TPS],
    ]);
    // The title on V2 and the original on V1 are untouched.
    expect(world.sequence.videoTrackList[1]!.items.map((clip) => clip.nodeId)).toEqual(['title']);
    expect(world.sequence.videoTrackList[0]!.items.map((clip) => clip.nodeId)).toEqual(['clip-a']);
    expect(world.clip.disabled).toBe(false);
    expect(world.log.count('ProjectItem.changeMediaPath')).toBe(0);
  });

  it('skips locked tracks and disables the original on request', () => {
    world.sequence.videoTrackList[1]!.items.length = 0;
    world.sequence.videoTrackList[1]!.locked = true;
    const outcome = place({ disableOriginal: true });
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    expect(world.clip.disabled).toBe(true);
  });

  it('replaces the original in place', () => {
    const outcome = place({ mode: 'replace' });
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 0 } });
    const v1 = world.sequence.videoTrackList[0]!.items;
    expect(v1).toHaveLength(1);
    expect(v1[0]!.projectItem).toBe(resultItem);
    expect(world.log.count('ProjectItem.changeMediaPath')).toBe(0);
  });

  it('fails with place_failed when every track above is occupied', () => {
    world.sequence.videoTrackList[2]!.add(
      new FakeTrackItem(world, 'broll', 'B-roll', 5 * TPS, 7 * TPS, world.clip.projectItem),
    );
    expectFailure(place(), 'place_failed');
    expect(world.log.count('Sequence.overwriteClip')).toBe(0);
  });

  it.each(['silently-nothing', 'return-false'] as const)(
    'fails with place_failed when the overwrite %s and the clip is not on the track',
    (behaviour) => {
      world.sequence.videoTrackList[2]!.overwrite = behaviour;
      expectFailure(place({ disableOriginal: true }), 'place_failed');
      expect(world.clip.disabled).toBe(false);
    },
  );

  it('fails with not_found for an unknown item or clip, and bad_request for an unknown mode', () => {
    expectFailure(place({ itemId: 'nope' }), 'not_found');
    expectFailure(place({ clipId: 'nope' }), 'not_found');
    expectFailure(place({ mode: 'sideways' }), 'bad_request');
  });
});

describe('placeResult with an offset', () => {
  const results = () => world.project.rootItem.childItems.find((item) => item.name === 'Reanimate')!;
  const result = (name: string, seconds: number) =>
    results().add(new FakeProjectItem(world, name, ProjectItemType.CLIP, `/Out/${name}`, seconds * TPS));

  beforeEach(() => {
    world.project.rootItem.createBin('Reanimate');
  });

  const place = (item: FakeProjectItem, extra: Record<string, unknown> = {}) =>
    host.call<PlaceResult>('placeResult', { itemId: item.nodeId, clipId: 'clip-a', mode: 'above', ...extra });

  const spans = (track: number) =>
    world.sequence.videoTrackList[track]!.items.map((clip) => [
      clip.name,
      clip.startTicks / TPS,
      clip.endTicks / TPS,
    ]);

  it('starts the result at the clip start plus the offset and clamps it to the clip end', () => {
    const item = result('long.mp4', 4);
    const outcome = place(item, { offsetSec: 1 });
    expect(outcome).toEqual({
      ok: true,
      value: {
        trackIndex: 2,
        start: { seconds: 3, ticks: String(3 * TPS) },
        end: { seconds: 6, ticks: String(6 * TPS) },
        audioTrackIndex: null,
      },
    });
    expect(
      world.log
        .named('ProjectItem.setOutPoint')
        .map((call) => [(call.args[0] as FakeTime).ticks, call.args[1]]),
    ).toEqual([[String(3 * TPS), 4]]);
    expect(
      world.log
        .named('Sequence.overwriteClip')
        .map((call) => String((call.args[1] as { ticks: string }).ticks)),
    ).toEqual([String(3 * TPS)]);
  });

  it('places the segments of a split clip side by side on one track, each at its offset', () => {
    const first = result('segment-1.mp4', 2);
    const second = result('segment-2.mp4', 2);
    expect(place(first, { offsetSec: 0 })).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    expect(place(second, { offsetSec: 2 })).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    expect(spans(2)).toEqual([
      ['segment-1.mp4', 2, 4],
      ['segment-2.mp4', 4, 6],
    ]);
    // Shorter than the rest of the clip: the result plays whole, its out point is not pushed past its media.
    expect(
      world.log.named('ProjectItem.setOutPoint').map((call) => (call.args[0] as FakeTime).ticks),
    ).toEqual([String(2 * TPS), String(2 * TPS)]);
    expect(spans(0)).toEqual([['Interview.mp4', 2, 6]]);
  });

  it('snaps the offset to a frame', () => {
    const item = result('segment.mp4', 2);
    expect(place(item, { offsetSec: 1.013 })).toMatchObject({
      ok: true,
      value: { start: { ticks: String(3 * TPS) }, end: { ticks: String(5 * TPS) } },
    });
  });

  it('only needs the span the result covers to be free on the track', () => {
    // B-roll on V3 from 4.5 s: a 2 s result at offset 0 (2–4 s) still fits there.
    world.sequence.videoTrackList[2]!.add(
      new FakeTrackItem(world, 'broll', 'B-roll', 4.5 * TPS, 7 * TPS, world.clip.projectItem),
    );
    expect(place(result('segment.mp4', 2))).toMatchObject({ ok: true, value: { trackIndex: 2 } });
  });

  it.each([
    ['negative', -1],
    ['at the clip end', 4],
    ['within half a frame of the end', 3.99],
    ['past the clip', 10],
    ['not a number', '1'],
  ])('refuses an offset %s with bad_request and changes nothing', (_what, offsetSec) => {
    expectFailure(place(result('segment.mp4', 2), { offsetSec }), 'bad_request');
    expect(world.log.count('Sequence.overwriteClip')).toBe(0);
    expect(world.log.count('ProjectItem.setOutPoint')).toBe(0);
  });

  it('refuses replace mode with an offset or with a result shorter than the clip', () => {
    expectFailure(place(result('segment.mp4', 2), { mode: 'replace', offsetSec: 2 }), 'bad_request');
    expectFailure(place(result('half.mp4', 2), { mode: 'replace' }), 'bad_request');
    expect(world.log.count('Sequence.overwriteClip')).toBe(0);
    expect(spans(0)).toEqual([['Interview.mp4', 2, 6]]);
    // One frame short is tolerated (providers may drop a frame); offset 0 is the plain replace.
    const whole = place(result('whole.mp4', 4 - 1 / 25), { mode: 'replace', offsetSec: 0 });
    expect(whole).toMatchObject({ ok: true, value: { trackIndex: 0 } });
  });
});

describe('listAudioItems', () => {
  function bin(parent: FakeProjectItem, name: string): FakeProjectItem {
    return parent.add(new FakeProjectItem(world, name, ProjectItemType.BIN));
  }

  it('lists clips with a sound-capable media file, with their bin path, in project panel order', () => {
    const root = world.project.rootItem;
    const dubs = bin(root, 'Dubs');
    const french = bin(dubs, 'French');
    const fr = french.add(
      new FakeProjectItem(world, 'fr take 2', ProjectItemType.CLIP, '/Dubs/fr.wav', 5 * TPS),
    );
    const de = dubs.add(
      new FakeProjectItem(world, 'de.m4a', ProjectItemType.CLIP, 'C:\\Dubs\\de.m4a', 3 * TPS),
    );
    de.inTicks = TPS;
    de.outTicks = 2.5 * TPS;
    dubs.add(new FakeProjectItem(world, 'still.png', ProjectItemType.CLIP, '/Dubs/still.png', 5 * TPS));
    const offline = dubs.add(
      new FakeProjectItem(world, 'lost.wav', ProjectItemType.CLIP, '/Dubs/lost.wav', TPS),
    );
    offline.offline = true;
    const nested = dubs.add(new FakeProjectItem(world, 'Nest', ProjectItemType.CLIP, '/Dubs/nest.mov', TPS));
    nested.sequence = true;
    const unknownLength = root.add(
      new FakeProjectItem(world, 'voice.mp3', ProjectItemType.CLIP, '/Dubs/voice.mp3'),
    );

    const outcome = host.call<AudioItem[]>('listAudioItems');
    expect(outcome.ok).toBe(true);
    const interview = world.clip.projectItem!;
    const music = world.sequence.audioTrackList[1]!.items[0]!.projectItem!;
    expect(outcome.ok && outcome.value).toEqual([
      {
        itemId: interview.nodeId,
        name: 'Interview.mp4',
        mediaPath: '/Media/Interview.mp4',
        binPath: 'Footage',
        durationSec: 60,
      },
      {
        itemId: music.nodeId,
        name: 'Music.wav',
        mediaPath: '/Media/Music.wav',
        binPath: 'Footage',
        durationSec: 60,
      },
      {
        itemId: fr.nodeId,
        name: 'fr take 2',
        mediaPath: '/Dubs/fr.wav',
        binPath: 'Dubs/French',
        durationSec: 5,
      },
      { itemId: de.nodeId, name: 'de.m4a', mediaPath: 'C:\\Dubs\\de.m4a', binPath: 'Dubs', durationSec: 1.5 },
      {
        itemId: unknownLength.nodeId,
        name: 'voice.mp3',
        mediaPath: '/Dubs/voice.mp3',
        binPath: '',
        durationSec: null,
      },
    ]);
    // The title (no media) and the sequence "Edit" are not listed.
  });

  it('answers an empty list for a project without media, and no_project without a project', () => {
    world.project.rootItem.childItems.length = 0;
    expect(host.call('listAudioItems')).toEqual({ ok: true, value: [] });
    world.documentOpen = false;
    expectFailure(host.call('listAudioItems'), 'no_project');
  });
});

describe('host detection', () => {
  it('falls back to the shape of app when BridgeTalk is unusable', () => {
    const fresh = pproWorld();
    fresh.globals.BridgeTalk = undefined;
    const loaded = loadPpro(fresh);
    expect(loaded.call<ProjectInfo>('projectInfo')).toMatchObject({ ok: true, value: { app: 'ppro' } });
  });

  it('answers with an error result, not an exception, in an unknown host', () => {
    const fresh = pproWorld();
    fresh.globals.BridgeTalk = { appName: 'photoshop' };
    fresh.globals.app = {};
    const loaded = loadPpro(fresh);
    expectFailure(loaded.call('getSelection'), 'internal');
  });

  it('turns an unexpected host exception into an internal error result', () => {
    Object.defineProperty(world.sequence, 'videoTracks', {
      get() {
        throw new Error('Premiere blew up');
      },
    });
    const outcome = host.call('getSelection');
    expectFailure(outcome, 'internal');
    expect(outcome.ok === false && outcome.error.message).toContain('Premiere blew up');
  });
});
