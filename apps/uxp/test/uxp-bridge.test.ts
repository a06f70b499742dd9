import { beforeEach, describe, expect, it } from 'vitest';
import { createUxpBridge } from '../src/host/uxp-bridge.ts';
import { FRAME, TPS, type UxpWorld, uxpWorld } from './fake-premierepro.ts';

type World = ReturnType<typeof uxpWorld>;
let world: World;

function bridge(w: UxpWorld = world) {
  return createUxpBridge({
    ppro: w.ppro,
    probeDuration: async (path) => {
      const seconds = /^media of ([\d.]+) s$/.exec(w.files.get(path) ?? '')?.[1];
      return seconds === undefined ? undefined : Number(seconds);
    },
    encoderWatch: { everyMs: 10, timeoutMs: 1000 },
    hostVersion: '26.3.0',
    presets: async () => ({
      video: ['/Presets/H.264 QuickTime.epr', '/Presets/Match Source - Adaptive High Bitrate.epr'],
      audio: ['/Presets/Waveform Audio 48kHz 16-bit.epr'],
    }),
    files: {
      exists: async (path) => w.files.has(path),
      size: async (path) => (w.files.get(path) ?? '').length,
      remove: async (path) => {
        w.files.delete(path);
      },
    },
    poll: { isVisible: () => true },
  });
}

beforeEach(() => {
  world = uxpWorld();
});

const clipId = `0:${2 * TPS}`;

describe('the fake follows the documented rules', () => {
  it('refuses create*Action and executeTransaction outside lockedAccess (Premiere 26.3)', async () => {
    const sequence = await (await world.ppro.Project.getActiveProject()).getActiveSequence();
    expect(() => sequence.createSetInPointAction(world.ppro.TickTime.TIME_ZERO)).toThrow(
      /inside project\.lockedAccess/,
    );
    const project = await world.ppro.Project.getActiveProject();
    expect(() => project.executeTransaction(() => {})).toThrow(/inside project\.lockedAccess/);
  });
});

describe('the UXP bridge: selection', () => {
  it('describes the selected clip in exact ticks, with its media, fps and linked sound', async () => {
    const selection = await bridge().getSelection();
    expect(selection).toMatchObject({
      state: 'single',
      clip: {
        clipId,
        clipName: 'Interview.mp4',
        containerName: 'Edit',
        start: { ticks: String(2 * TPS), seconds: 2 },
        end: { ticks: String(6 * TPS), seconds: 6 },
        inPoint: { ticks: String(10 * TPS) },
        outPoint: { ticks: String(14 * TPS) },
        durationSec: 4,
        fps: 25,
        mediaPath: '/Media/Interview.mp4',
        trackIndex: 0,
        hasLinkedAudio: true,
        speed: 1,
        reversed: false,
      },
    });
  });

  it('says when nothing is selected, or no project is open', async () => {
    world.clip.selected = false;
    world.sound.selected = false;
    expect(await bridge().getSelection()).toEqual({ state: 'none' });
    world.project = null;
    expect(await bridge().getSelection()).toEqual({ state: 'no-project' });
  });
});

describe('the UXP bridge: export', () => {
  const request = { clipId, videoPath: '/Out/clip.mp4', audioPath: '/Out/clip.wav' };

  it('sets in/out from ticks inside one locked transaction, exports the isolated range, and restores everything', async () => {
    const result = await bridge().exportSelection({ ...request, range: { startSec: 1, endSec: 3 } });
    expect(result).toMatchObject({ frames: 50, durationSec: 2, method: 'render' });
    // Exported from the temporary sequence, whole: exactly the range's 2 s.
    expect(world.files.get('/Out/clip.mp4')).toBe('media of 2.000000 s');
    expect(world.files.get('/Out/clip.wav')).toBe('media of 2.000000 s');
    const exports = world.log.filter((entry) => entry.name === 'EncoderManager.exportSequence');
    // Presets as Premiere says they write: the decoy named H.264 that writes QuickTime is skipped.
    expect(exports.map((entry) => entry.args.slice(0, 4))).toEqual([
      ['Edit Subsequence', 2, '/Out/clip.mp4', '/Presets/Match Source - Adaptive High Bitrate.epr'],
      ['Edit Subsequence', 2, '/Out/clip.wav', '/Presets/Waveform Audio 48kHz 16-bit.epr'],
    ]);
    const transactions = world.log.filter((entry) => entry.name === 'Project.executeTransaction');
    expect(transactions.map((entry) => entry.args)).toEqual([
      ['Reanimate: export range', ['SetInPoint', 'SetOutPoint']],
      ['Reanimate: restore in/out', ['SetInPoint', 'SetOutPoint']],
    ]);
    // The user's sequence as before: in/out, selection, active; no temporary sequence left.
    expect([world.sequence.inPoint, world.sequence.outPoint]).toEqual([1 * TPS, 9 * TPS]);
    expect(world.clip.selected && world.sound.selected).toBe(true);
    expect(world.active).toBe(world.sequence);
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit']);
  });

  it('fails with export_failed when Premiere exports nothing, and still restores everything', async () => {
    world.exportBehaviour = 'nothing';
    world.files.set('/Out/clip.mp4', 'media of 9.000000 s'); // an earlier export must not pass for this one
    await expect(bridge().exportSelection(request)).rejects.toMatchObject({ code: 'export_failed' });
    expect(world.files.has('/Out/clip.mp4')).toBe(false);
    expect([world.sequence.inPoint, world.sequence.outPoint]).toEqual([1 * TPS, 9 * TPS]);
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit']);
    expect(world.active).toBe(world.sequence);
  });

  it('refuses a range outside the clip with bad_request before touching the sequence', async () => {
    await expect(
      bridge().exportSelection({ ...request, range: { startSec: 3, endSec: 9 } }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
    expect(world.log.filter((entry) => entry.name === 'Project.executeTransaction')).toEqual([]);
  });
});

describe('the UXP bridge: export through Media Encoder', () => {
  const queued = {
    clipId,
    videoPath: '/Out/q.mp4',
    audioPath: '/Out/q.wav',
    encoder: 'media-encoder' as const,
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('queues both files, restores the sequence at once, and waits for complete files of the clip\u2019s length', async () => {
    let settled = false;
    const pending = bridge()
      .exportSelection(queued)
      .finally(() => {
        settled = true;
      });
    await tick();
    expect(world.ame.queued.map((job) => [job.outputFile, job.seconds])).toEqual([
      ['/Out/q.mp4', 4],
      ['/Out/q.wav', 4],
    ]);
    // In/out and selection back already; the temporary sequence stays for Media Encoder.
    expect([world.sequence.inPoint, world.sequence.outPoint]).toEqual([1 * TPS, 9 * TPS]);
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit', 'Edit Subsequence']);
    world.ame.finish(0);
    await tick();
    expect(settled).toBe(false);
    world.ame.finish(1);
    await expect(pending).resolves.toMatchObject({ method: 'encoder', frames: 100 });
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit']);
  });

  it('takes complete files for done though no event came (another panel, or a missed event)', async () => {
    const pending = bridge().exportSelection(queued);
    await tick();
    world.files.set('/Out/q.mp4', 'media of 4.000000 s');
    world.files.set('/Out/q.wav', 'media of 4.000000 s');
    await expect(pending).resolves.toMatchObject({ method: 'encoder' });
  });

  it('fails on an error event while the files are incomplete, and when nothing comes in time', async () => {
    const failing = bridge().exportSelection(queued);
    await tick();
    world.files.set('/Out/q.mp4', 'media of 1.500000 s'); // partial
    world.ame.fail(0);
    await expect(failing).rejects.toMatchObject({
      code: 'export_failed',
      message: expect.stringMatching(/reported an error/),
    });
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit']);
    await expect(bridge().exportSelection(queued)).rejects.toMatchObject({
      message: expect.stringMatching(/has not finished the export .*check its queue/),
    });
  });
});

describe('the UXP bridge: import and place', () => {
  async function imported(seconds: number, tags: Record<string, string> = {}) {
    world.files.set('/Out/result.mp4', `media of ${seconds.toFixed(6)} s`);
    return bridge().importResult({ path: '/Out/result.mp4', binName: 'Reanimate', tags });
  }

  it("tags the imported item in Premiere's project metadata, with the columns in the schema", async () => {
    await imported(4, { requestId: 'req-42', emotion: 'happy' });
    const bin = world.root.children.find((child) => child.name === 'Reanimate') as {
      children: { metadata?: string }[];
    };
    const xmp = bin.children[0]?.metadata ?? '';
    expect(xmp).toContain(
      '<premierePrivateProjectMetaData:ReanimateRequestId>req-42</premierePrivateProjectMetaData:ReanimateRequestId>',
    );
    expect(xmp).toContain(
      '<premierePrivateProjectMetaData:ReanimateEmotion>happy</premierePrivateProjectMetaData:ReanimateEmotion>',
    );
    expect(
      world.log
        .filter((entry) => entry.name === 'Metadata.addPropertyToProjectMetadataSchema')
        .map((e) => e.args),
    ).toEqual([
      ['ReanimateRequestId', 'Reanimate requestId', 2],
      ['ReanimateEmotion', 'Reanimate emotion', 2],
    ]);
  });

  it('imports into a bin it creates through an action', async () => {
    const result = await imported(4);
    expect(result).toMatchObject({ name: 'result.mp4', binName: 'Reanimate' });
    expect(world.root.children.map((child) => child.name)).toEqual(['Footage', 'Reanimate']);
    expect(world.log.find((entry) => entry.name === 'Project.executeTransaction')?.args).toEqual([
      'Reanimate: create bin',
      ['CreateBin(Reanimate)'],
    ]);
  });

  it('places a longer result above, clamped to the clip, its sound on a free audio track, in one transaction', async () => {
    const { itemId } = await imported(4.12);
    const placed = await bridge().placeResult({ itemId, clipId, mode: 'above', disableOriginal: true });
    expect(placed).toEqual({
      trackIndex: 2,
      start: { seconds: 2, ticks: String(2 * TPS) },
      end: { seconds: 6, ticks: String(6 * TPS) },
      audioTrackIndex: 2,
    });
    const v3 = world.sequence.video[2]!;
    expect(v3.map((clip) => [clip.start, clip.end])).toEqual([[2 * TPS, 6 * TPS]]);
    // Dialogue (A1) and music (A2) untouched; the result's sound on A3.
    expect(world.sequence.audio[0]!.map((clip) => clip.media.name)).toEqual(['Interview.mp4']);
    expect(world.sequence.audio[1]!.map((clip) => clip.media.name)).toEqual(['Music.wav']);
    expect(world.sequence.audio[2]!.map((clip) => clip.media.name)).toEqual(['result.mp4']);
    // The original's picture and sound disabled; the bin item's marks cleared again.
    expect([world.clip.disabled, world.sound.disabled]).toEqual([true, true]);
    expect((v3[0]!.media as { marks: unknown }).marks).toBeNull();
    const place = world.log.filter((entry) => entry.name === 'Project.executeTransaction').at(-1);
    expect(place?.args).toEqual([
      'Reanimate: place result',
      [
        'SetInOutPoints(result.mp4)',
        'Overwrite(V3/A3)',
        'ClearInOutPoints(result.mp4)',
        'SetDisabled(video 0)',
        'SetDisabled(audio 0)',
      ],
    ]);
  });

  it('places video only on request, and refuses when no audio track is free', async () => {
    const { itemId } = await imported(4);
    const placed = await bridge().placeResult({ itemId, clipId, mode: 'above', audio: 'none' });
    expect(placed.audioTrackIndex).toBeNull();
    expect(world.sequence.audio[2]![0]!.disabled).toBe(true);
    world.sequence.video[2] = [];
    world.sequence.audio[2]!.push({ ...world.sound, track: 2, start: 0, end: 10 * TPS });
    await expect(bridge().placeResult({ itemId, clipId, mode: 'above' })).rejects.toMatchObject({
      code: 'place_failed',
      message: expect.stringMatching(/No free audio track/),
    });
    expect(FRAME).toBe(TPS / 25);
  });
});

describe('the UXP bridge: audio items', () => {
  it('lists the project items with a sound-capable media file, with their bin and length', async () => {
    const items = await bridge().listAudioItems();
    expect(items.map((item) => [item.name, item.binPath, item.mediaPath, item.durationSec])).toEqual([
      ['Interview.mp4', 'Footage', '/Media/Interview.mp4', 60],
      ['Music.wav', 'Footage', '/Media/Music.wav', 60],
    ]);
  });
});
