/**
 * Premiere Pro host code against fakes that behave as Adobe documents (sources cited in kit/ppro-fakes.ts;
 * shared/reference/adobe-host-notes.md §10). Each of these failed on the host code before the fixes they name.
 */

import type { ExportResult, PlaceResult } from '@reanimate/panel-ui/host-bridge';
import { HOST_EVENTS } from '@reanimate/panel-ui/host-bridge';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LoadedHost } from './kit/es3-context.ts';
import {
  FakeProjectItem,
  FakeTrackItem,
  FRAME,
  loadPpro,
  ProjectItemType,
  pproWorld,
  TPS,
  UNSET_IN_OUT_SECONDS,
} from './kit/ppro-fakes.ts';

type World = ReturnType<typeof pproWorld>;

let world: World;
let host: LoadedHost;

beforeEach(() => {
  world = pproWorld();
  host = loadPpro(world);
});

const spans = (tracks: 'videoTrackList' | 'audioTrackList', index: number) =>
  world.sequence[tracks][index]!.items.map((clip) => [
    clip.nodeId,
    clip.startTicks / TPS,
    clip.endTicks / TPS,
  ]);

describe('placing a result, as Premiere documents it', () => {
  let result: FakeProjectItem;

  beforeEach(() => {
    const bin = world.project.rootItem.createBin('Reanimate') as FakeProjectItem;
    // 4 s 3 frames with sound: longer than the 4 s clip, as react-1 may return.
    result = bin.add(
      new FakeProjectItem(world, 'result.mp4', ProjectItemType.CLIP, '/Out/result.mp4', 4 * TPS + 3 * FRAME),
    );
    result.hasAudio = true;
  });

  const place = (extra: Record<string, unknown> = {}) =>
    host.call<PlaceResult>('placeResult', {
      itemId: result.nodeId,
      clipId: 'clip-a',
      mode: 'above',
      ...extra,
    });

  it('clamps a longer result to the clip with Time objects, so it never overwrites the next clip', () => {
    // The next shot on V3 starts where the original ends.
    world.sequence.videoTrackList[2]!.add(
      new FakeTrackItem(world, 'next', 'Next shot', 6 * TPS, 8 * TPS, world.clip.projectItem),
    );
    // V3 is taken from 6 s: only the span 2–6 s must be free, so the result goes there.
    const outcome = place();
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 2, end: { ticks: String(6 * TPS) } } });
    expect(spans('videoTrackList', 2).map(([, start, end]) => [start, end])).toEqual([
      [2, 6],
      [6, 8],
    ]);
    // A Time, never a tick string (which Premiere reads as seconds: PG#6, S#83).
    const [outPoint] = world.log.named('ProjectItem.setOutPoint')[0]!.args as [{ ticks: string }];
    expect(typeof outPoint).toBe('object');
    expect(outPoint.ticks).toBe(String(4 * TPS));
  });

  it('verifies the placed end as well as the start, and fails when the result ran past the clip', () => {
    // A host that ignores the out point: the clip lands at the right start but 3 frames too long.
    result.setOutPoint = () => {};
    const outcome = place();
    expect(outcome).toMatchObject({ ok: false, error: { code: 'place_failed' } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(/ends .* past the original/);
  });

  it("clears the result item's in/out after placing, so the bin item plays whole again", () => {
    expect(place()).toMatchObject({ ok: true });
    expect([result.inTicks, result.outTicks]).toEqual([null, null]);
    expect(world.log.count('ProjectItem.clearInPoint')).toBe(1);
    expect(world.log.count('ProjectItem.clearOutPoint')).toBe(1);
  });

  it('puts the sound on an audio track free over the span, never over the dialogue or the music', () => {
    const outcome = place();
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    // A1 holds the original's dialogue, A2 the music (0–10 s): both untouched.
    expect(spans('audioTrackList', 0)).toEqual([['clip-a-audio', 2, 6]]);
    expect(spans('audioTrackList', 1)).toEqual([['music', 0, 10]]);
    expect(spans('audioTrackList', 2).map(([, start, end]) => [start, end])).toEqual([[2, 6]]);
    expect(world.log.count('Track.overwriteClip')).toBe(0);
    expect(world.log.named('Sequence.overwriteClip')[0]!.args.slice(2)).toEqual([2, 2]);
  });

  it('refuses when no audio track is free over the span, and changes nothing', () => {
    world.sequence.audioTrackList[2]!.add(
      new FakeTrackItem(world, 'fx', 'Room tone', 0, 10 * TPS, world.clip.projectItem, 'Audio'),
    );
    const outcome = place();
    expect(outcome).toMatchObject({ ok: false, error: { code: 'place_failed' } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(/No free audio track/);
    expect(spans('videoTrackList', 2)).toEqual([]);
    expect([result.inTicks, result.outTicks]).toEqual([null, null]);
  });

  it('places video only on request: the sound it brought is taken off again', () => {
    const outcome = place({ audio: 'none' });
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 2 } });
    expect(spans('videoTrackList', 2)).toHaveLength(1);
    expect(spans('audioTrackList', 2)).toEqual([]);
    expect(spans('audioTrackList', 0)).toEqual([['clip-a-audio', 2, 6]]);
  });

  it("disables the original's linked audio along with its video", () => {
    expect(place({ disableOriginal: true })).toMatchObject({ ok: true });
    expect(world.clip.disabled).toBe(true);
    expect(world.audio.disabled).toBe(true);
  });

  it('replaces in place with the sound on the original’s own audio track', () => {
    const outcome = place({ mode: 'replace' });
    expect(outcome).toMatchObject({ ok: true, value: { trackIndex: 0 } });
    expect(spans('audioTrackList', 0).map(([, start, end]) => [start, end])).toEqual([[2, 6]]);
    expect(world.sequence.audioTrackList[0]!.items[0]!.projectItem).toBe(result);
    expect(spans('audioTrackList', 1)).toEqual([['music', 0, 10]]);
  });
});

describe("the sequence's in/out, as Premiere documents it", () => {
  const request = { clipId: 'clip-a', videoPath: '/Out/clip.mp4', audioPath: '/Out/clip.wav' };

  /** Moves the selected clip (and its audio) to start at `frame`, 4 s long. */
  function clipAt(frame: number) {
    for (const item of [world.clip, world.audio]) {
      item.startTicks = frame * FRAME;
      item.endTicks = frame * FRAME + 4 * TPS;
    }
  }

  it('sets in/out frame-exact from ticks where seconds would land a frame early (66.96 s at 25 fps, R#314)', () => {
    clipAt(1674); // 66.96 s
    const outcome = host.call<ExportResult>('exportSelection', request);
    expect(outcome).toMatchObject({ ok: true, value: { frames: 100 } });
    expect(world.log.count('Sequence.createSubsequence')).toBe(1);
    const setIn = world.log.named('Sequence.setInPoint')[0]!.args[1] as { ticks: string };
    expect(setIn.ticks).toBe(String(1674 * FRAME));
  });

  it('lands every frame position of an hour at 25 fps (set from seconds, 5.1 % of them land a frame early)', () => {
    let early = 0;
    let checked = 0;
    for (let frame = 0; frame < 90_000; frame += 97) {
      world = pproWorld();
      host = loadPpro(world);
      clipAt(frame);
      // What the old code did: seconds, which Premiere truncates to the frame at or before (R#314).
      if (Math.floor(((frame * FRAME) / TPS) * 25) !== frame) early++;
      const outcome = host.call<ExportResult>('exportSelection', request);
      expect(outcome.ok, `frame ${frame}`).toBe(true);
      const setIn = world.log.named('Sequence.setInPoint')[0]!.args[1] as { ticks: string };
      expect(setIn.ticks).toBe(String(frame * FRAME));
      checked++;
    }
    // The sweep crosses the positions that fail from seconds (about 1 in 20), so this is no vacuous pass.
    expect(early).toBeGreaterThan(checked * 0.02);
  }, 60_000);

  it("restores the user's marks exactly, even where seconds would shift them a frame", () => {
    world.sequence.inTicks = 1674 * FRAME;
    world.sequence.outTicks = 1774 * FRAME;
    expect(host.call<ExportResult>('exportSelection', request)).toMatchObject({ ok: true });
    expect([world.sequence.inTicks, world.sequence.outTicks]).toEqual([1674 * FRAME, 1774 * FRAME]);
  });

  it('detects unset in/out (they read -400000) and says they could not be cleared again', () => {
    world.sequence.inTicks = null;
    world.sequence.outTicks = null;
    expect(world.sequence.getInPoint()).toBe(String(UNSET_IN_OUT_SECONDS));
    const outcome = host.call<ExportResult>('exportSelection', request);
    expect(outcome).toMatchObject({ ok: true });
    const { notes } = (outcome as { value: ExportResult }).value;
    expect(notes).toEqual([expect.stringMatching(/had no in\/out points.*cannot clear them/)]);
    // The closest to "unset": the whole sequence, never a negative position.
    expect([world.sequence.inTicks, world.sequence.outTicks]).toEqual([0, world.sequence.lengthTicks]);
  });
});

describe('staying loaded and following the project (PPP, PG application.md)', () => {
  it('asks Premiere to keep the panel loaded while hidden, once, with the manifest id', () => {
    expect(world.log.named('app.setExtensionPersistent').map((call) => call.args)).toEqual([
      ['com.reanimate.panel.main', 1],
    ]);
  });

  it('tells the panel when another project or sequence becomes active', () => {
    const bound = (event: string) =>
      world.log.named('app.bind').find((call) => call.args[0] === event)?.args[1] as (() => void) | undefined;
    world.project.name = 'Other.prproj';
    bound('onProjectChanged')?.();
    expect(world.events.map((event) => [event.type, (event.data as { name?: string }).name])).toEqual([
      [HOST_EVENTS.projectChanged, 'Other.prproj'],
    ]);
    bound('onActiveSequenceChanged')?.();
    expect(world.events.map((event) => event.type)).toEqual([
      HOST_EVENTS.projectChanged,
      HOST_EVENTS.projectChanged,
      HOST_EVENTS.selectionChanged,
    ]);
  });
});

describe('exports that cannot pass for what an earlier export left', () => {
  const request = { clipId: 'clip-a', videoPath: '/Out/job-2/clip.mp4', audioPath: '/Out/job-2/clip.wav' };

  it('removes the target before rendering: an old file never passes for a silent failure', () => {
    world.fs.add('/Out/job-2/clip.mp4', 'an earlier export');
    world.exportBehaviour = 'true-without-file';
    const outcome = host.call<ExportResult>('exportSelection', request);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'export_failed' } });
    expect(world.fs.has('/Out/job-2/clip.mp4')).toBe(false);
  });

  it('refuses an empty file as an export', () => {
    world.exportBehaviour = 'empty-file';
    const outcome = host.call<ExportResult>('exportSelection', request);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'export_failed' } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(/empty/);
  });

  it("binds Media Encoder's handlers again before each job: another panel may have re-bound them", () => {
    const queued = { ...request, encoder: 'media-encoder' };
    expect(host.call<ExportResult>('exportSelection', queued)).toMatchObject({ ok: true });
    // Another extension takes over the completion handler (one ExtendScript engine for all panels).
    world.encoder.handlers.onEncoderJobComplete = () => {};
    world.events.length = 0;
    expect(
      host.call<ExportResult>('exportSelection', { ...queued, videoPath: '/Out/job-3/clip.mp4' }),
    ).toMatchObject({
      ok: true,
    });
    world.encoder.fire('onEncoderJobComplete', 'job-3', '/Out/job-3/clip.mp4');
    expect(world.events.some((event) => event.type === HOST_EVENTS.exportFinished)).toBe(true);
  });
});
