/**
 * A fake `require('premierepro')` written to the slice in src/host/premiere-api.ts (which Adobe's typings are
 * checked against), with the documented semantics and the harsher reading where the reference is silent
 * (AdobeDocs/uxp-premiere-pro: ppro-reference and changelog; AdobeDocs/uxp-premiere-pro-samples):
 *  - getters are synchronous, calls return Promises;
 *  - `create*Action` outside `project.lockedAccess` throws (26.3: "create*Action calls must run inside
 *    lockedAccess"), and so does `executeTransaction` (the samples always nest it there);
 *  - an action changes nothing until it is added to the compound action of an `executeTransaction`;
 *  - `Sequence.setSelection` is synchronous (26.3);
 *  - `createOverwriteItemAction(item, time, v, a)` puts the picture on V(v+1) and the sound on A(a+1), over what
 *    is there; the item plays its in/out marks (`createSetInOutPointsAction`) or the whole media;
 *  - objects handed out are fresh wrappers each time (identity means nothing), as UXP proxies are.
 */
import type {
  UxpAction,
  UxpClipProjectItem,
  UxpClipTrackItem,
  UxpCompoundAction,
  UxpFolderItem,
  UxpPremiere,
  UxpProject,
  UxpProjectItem,
  UxpSequence,
  UxpSequenceEditor,
  UxpTickTime,
  UxpTrack,
  UxpTrackItemSelection,
  UxpVideoClipTrackItem,
} from '../src/host/premiere-api.ts';

export const TPS = 254016000000;
export const FPS = 25;
export const FRAME = TPS / FPS;

export class Tick implements UxpTickTime {
  constructor(readonly value: number) {}
  get ticks(): string {
    return String(this.value);
  }
  get seconds(): number {
    return this.value / TPS;
  }
}

export interface FakeMedia {
  id: string;
  name: string;
  path: string;
  lengthTicks: number;
  hasAudio: boolean;
  /** createSetInOutPointsAction's marks, in ticks; null: none. */
  marks: [number, number] | null;
  /** Premiere's private project metadata (an XMP packet); reference: Metadata.getProjectMetadata. */
  metadata?: string;
  bin: FakeBin;
}

export interface FakeBin {
  id: string;
  name: string;
  children: (FakeMedia | FakeBin)[];
}

export interface FakeClip {
  media: FakeMedia;
  kind: 'video' | 'audio';
  track: number;
  start: number;
  end: number;
  inPoint: number;
  disabled: boolean;
  selected: boolean;
  speed: number;
}

export interface FakeSequenceState {
  guid: string;
  name: string;
  video: FakeClip[][];
  audio: FakeClip[][];
  inPoint: number;
  outPoint: number;
  lengthTicks: number;
}

export interface UxpWorld {
  log: { name: string; args: unknown[] }[];
  locked: boolean;
  sequences: FakeSequenceState[];
  active: FakeSequenceState | null;
  root: FakeBin;
  project: { name: string; path: string } | null;
  files: Map<string, string>;
  exportBehaviour: 'write' | 'false' | 'nothing';
  /**
   * Media Encoder: jobs queued with QUEUE_TO_AME wait here until a test finishes them (`ame.finish(i)` writes the
   * file and fires RENDER_COMPLETE; `ame.fail(i)` fires RENDER_ERROR). The event object says nothing about which
   * job (the reference documents no payload): the harsher reading.
   */
  ame: {
    queued: { outputFile: string; seconds: number }[];
    finish(index: number): void;
    fail(index: number): void;
  };
  listeners: Map<string, Set<(event?: object) => void>>;
  /** Media the fake imports: how long each file is and whether it has sound. */
  importable: Map<string, { lengthTicks: number; hasAudio: boolean }>;
  ppro: UxpPremiere;
}

let nextId = 1;
const mediaOf = (seconds: number) => `media of ${seconds.toFixed(6)} s`;

function requireLocked(world: UxpWorld, what: string): void {
  if (!world.locked) throw new Error(`${what} must be called inside project.lockedAccess() (Premiere 26.3)`);
}

/** An action: a deferred change, applied only by a transaction. */
class Action implements UxpAction {
  constructor(
    readonly label: string,
    readonly apply: () => void,
  ) {}
}

function action(world: UxpWorld, label: string, apply: () => void): UxpAction {
  requireLocked(world, label);
  world.log.push({ name: `create ${label}`, args: [] });
  return new Action(label, apply);
}

function clearSpan(track: FakeClip[], start: number, end: number): void {
  for (let i = track.length - 1; i >= 0; i--) {
    const clip = track[i] as FakeClip;
    if (clip.start < end && clip.end > start) track.splice(i, 1);
  }
}

function clipWrapper(world: UxpWorld, clip: FakeClip): UxpVideoClipTrackItem {
  return {
    getName: async () => clip.media.name,
    getStartTime: async () => new Tick(clip.start),
    getEndTime: async () => new Tick(clip.end),
    getInPoint: async () => new Tick(clip.inPoint),
    getOutPoint: async () => new Tick(clip.inPoint + (clip.end - clip.start) * clip.speed),
    getTrackIndex: async () => clip.track,
    getProjectItem: async () => projectItem(world, clip.media),
    isDisabled: async () => clip.disabled,
    createSetDisabledAction: (disabled) =>
      action(world, `SetDisabled(${clip.kind} ${clip.track})`, () => {
        clip.disabled = disabled;
      }),
    getSpeed: async () => clip.speed,
    isSpeedReversed: async () => 0,
    isAdjustmentLayer: async () => false,
    // Where the fake finds its own clip back; not part of Adobe's API.
    ...({ fakeClip: clip } as object),
  } as UxpVideoClipTrackItem;
}

function projectItem(_world: UxpWorld, media: FakeMedia | FakeBin): UxpProjectItem {
  return { name: media.name, getId: () => media.id, ...({ fake: media } as object) } as UxpProjectItem;
}

const fakeOf = <T>(wrapper: unknown): T => (wrapper as { fake: T }).fake;

function trackWrapper(world: UxpWorld, clips: FakeClip[], name: string): UxpTrack<UxpVideoClipTrackItem> {
  return {
    name,
    getTrackItems: () => clips.map((clip) => clipWrapper(world, clip)),
  };
}

function selectionOf(world: UxpWorld, state: FakeSequenceState): UxpTrackItemSelection {
  const items: FakeClip[] = [...state.video.flat(), ...state.audio.flat()].filter((clip) => clip.selected);
  return selectionWrapper(world, items);
}

function selectionWrapper(world: UxpWorld, items: FakeClip[]): UxpTrackItemSelection & { items: FakeClip[] } {
  return {
    items,
    addItem: (trackItem: UxpClipTrackItem) => {
      items.push((trackItem as unknown as { fakeClip: FakeClip }).fakeClip);
      return true;
    },
    getTrackItems: async () => items.map((clip) => clipWrapper(world, clip)),
  };
}

function sequenceWrapper(world: UxpWorld, state: FakeSequenceState): UxpSequence {
  return {
    name: state.name,
    guid: { toString: () => state.guid },
    getSelection: async () => selectionOf(world, state),
    setSelection: (selection) => {
      world.log.push({ name: 'Sequence.setSelection', args: [] });
      const chosen = (selection as unknown as { items: FakeClip[] }).items;
      for (const clip of [...state.video.flat(), ...state.audio.flat()])
        clip.selected = chosen.includes(clip);
      return true;
    },
    getInPoint: async () => new Tick(state.inPoint),
    getOutPoint: async () => new Tick(state.outPoint),
    getEndTime: async () => new Tick(state.lengthTicks),
    createSetInPointAction: (time) =>
      action(world, 'SetInPoint', () => {
        state.inPoint = Number(time.ticks);
      }),
    createSetOutPointAction: (time) =>
      action(world, 'SetOutPoint', () => {
        state.outPoint = Number(time.ticks);
      }),
    getTimebase: async () => String(FRAME),
    getFrameSize: async () => ({ width: 1920, height: 1080 }),
    getVideoTrackCount: async () => state.video.length,
    getAudioTrackCount: async () => state.audio.length,
    getVideoTrack: async (index) => trackWrapper(world, state.video[index] ?? [], `V${index + 1}`),
    getAudioTrack: async (index) => trackWrapper(world, state.audio[index] ?? [], `A${index + 1}`),
    createSubsequence: async () => {
      world.log.push({ name: 'Sequence.createSubsequence', args: [] });
      const picked = (clip: FakeClip) =>
        clip.selected && clip.start < state.outPoint && clip.end > state.inPoint;
      const shift = (clip: FakeClip): FakeClip => ({
        ...clip,
        selected: false,
        start: Math.max(clip.start, state.inPoint) - state.inPoint,
        end: Math.min(clip.end, state.outPoint) - state.inPoint,
        inPoint: clip.inPoint + Math.max(0, state.inPoint - clip.start),
      });
      const sub: FakeSequenceState = {
        guid: `seq-${nextId++}`,
        name: `${state.name} Subsequence`,
        video: state.video.map((track) => track.filter(picked).map(shift)),
        audio: state.audio.map((track) => track.filter(picked).map(shift)),
        inPoint: 0,
        outPoint: state.outPoint - state.inPoint,
        lengthTicks: state.outPoint - state.inPoint,
      };
      world.sequences.push(sub);
      return sequenceWrapper(world, sub);
    },
  };
}

const stateOf = (world: UxpWorld, sequence: UxpSequence) =>
  world.sequences.find((state) => state.guid === sequence.guid.toString());

function walk(bin: FakeBin): (FakeMedia | FakeBin)[] {
  return bin.children.flatMap((child) => ('children' in child ? [child, ...walk(child)] : [child]));
}

export function uxpWorld(): UxpWorld & { sequence: FakeSequenceState; clip: FakeClip; sound: FakeClip } {
  const world = {
    log: [],
    locked: false,
    sequences: [],
    active: null,
    root: { id: 'root', name: 'Root', children: [] },
    project: { name: 'Documentary', path: '/Projects/Documentary.prproj' },
    files: new Map<string, string>(),
    exportBehaviour: 'write',
    importable: new Map(),
    listeners: new Map(),
  } as unknown as UxpWorld;
  const fire = (event: string) => {
    for (const handler of [...(world.listeners.get(event) ?? [])]) handler({});
  };
  world.ame = {
    queued: [],
    finish(index) {
      const job = world.ame.queued[index];
      if (job) world.files.set(job.outputFile, mediaOf(job.seconds));
      fire('EVENT_RENDER_COMPLETE');
    },
    fail() {
      fire('EVENT_RENDER_ERROR');
    },
  };
  const footage: FakeBin = { id: `bin-${nextId++}`, name: 'Footage', children: [] };
  world.root.children.push(footage);
  const interview: FakeMedia = {
    id: `item-${nextId++}`,
    name: 'Interview.mp4',
    path: '/Media/Interview.mp4',
    lengthTicks: 60 * TPS,
    hasAudio: true,
    marks: null,
    bin: footage,
  };
  const music: FakeMedia = {
    ...interview,
    id: `item-${nextId++}`,
    name: 'Music.wav',
    path: '/Media/Music.wav',
  };
  footage.children.push(interview, music);
  // 25 fps, 10 s: V1 the interview 2–6 s (source from 10 s), its sound on A1, music on A2 0–10 s, V2 a title 3–5 s.
  const clip: FakeClip = {
    media: interview,
    kind: 'video',
    track: 0,
    start: 2 * TPS,
    end: 6 * TPS,
    inPoint: 10 * TPS,
    disabled: false,
    selected: true,
    speed: 1,
  };
  const sound: FakeClip = { ...clip, kind: 'audio' };
  const title: FakeMedia = {
    ...interview,
    id: `item-${nextId++}`,
    name: 'Lower third',
    path: '',
    hasAudio: false,
  };
  const sequence: FakeSequenceState = {
    guid: `seq-${nextId++}`,
    name: 'Edit',
    video: [[clip], [{ ...clip, media: title, track: 1, start: 3 * TPS, end: 5 * TPS, selected: false }], []],
    audio: [
      [sound],
      [{ ...sound, media: music, track: 1, start: 0, end: 10 * TPS, selected: false, inPoint: 0 }],
      [],
    ],
    inPoint: 1 * TPS,
    outPoint: 9 * TPS,
    lengthTicks: 10 * TPS,
  };
  world.sequences.push(sequence);
  world.active = sequence;

  const project: UxpProject = {
    get name() {
      return world.project?.name ?? '';
    },
    get path() {
      return world.project?.path ?? '';
    },
    getActiveSequence: async () => (world.active ? sequenceWrapper(world, world.active) : (null as never)),
    setActiveSequence: async (next) => {
      world.log.push({ name: 'Project.setActiveSequence', args: [next.name] });
      world.active = stateOf(world, next) ?? world.active;
      return true;
    },
    deleteSequence: async (gone) => {
      world.log.push({ name: 'Project.deleteSequence', args: [gone.name] });
      world.sequences = world.sequences.filter((state) => state.guid !== gone.guid.toString());
      if (world.active && world.active.guid === gone.guid.toString()) world.active = null;
      return true;
    },
    getRootItem: async () => folderWrapper(world, world.root),
    // Reference: a new sequence of the clips in `targetBin`; not said to open it, so (harsher) it does not.
    createSequenceFromMedia: async (name, items, targetBin) => {
      world.log.push({
        name: 'Project.createSequenceFromMedia',
        args: [name, items?.length, targetBin?.name],
      });
      const media = (items ?? []).map((item) => fakeOf<FakeMedia>(item));
      const length = media.reduce((sum, m) => sum + m.lengthTicks, 0);
      const state: FakeSequenceState = {
        guid: `seq-${nextId++}`,
        name,
        video: [[], [], []],
        audio: [[], [], []],
        inPoint: 0,
        outPoint: length,
        lengthTicks: length,
      };
      let at = 0;
      for (const m of media) {
        const clip: FakeClip = {
          media: m,
          kind: 'video',
          track: 0,
          start: at,
          end: at + m.lengthTicks,
          inPoint: 0,
          disabled: false,
          selected: false,
          speed: 1,
        };
        state.video[0]!.push(clip);
        if (m.hasAudio) state.audio[0]!.push({ ...clip, kind: 'audio' });
        at += m.lengthTicks;
      }
      world.sequences.push(state);
      return sequenceWrapper(world, state);
    },
    importFiles: async (paths, _suppressUI, targetBin) => {
      world.log.push({ name: 'Project.importFiles', args: [[...paths], targetBin?.name] });
      const bin = targetBin ? (fakeOf<FakeBin>(targetBin) ?? world.root) : world.root;
      for (const path of paths) {
        const known = world.importable.get(path);
        if (!world.files.has(path) && !known) return false;
        const seconds = /^media of ([\d.]+) s$/.exec(world.files.get(path) ?? '')?.[1];
        bin.children.push({
          id: `item-${nextId++}`,
          name: path.split('/').pop() ?? path,
          path,
          lengthTicks: known?.lengthTicks ?? Math.round(Number(seconds ?? 4) * TPS),
          hasAudio: known?.hasAudio ?? /\.(mp4|mov)$/i.test(path),
          marks: null,
          bin,
        });
      }
      return true;
    },
    executeTransaction: (callback, undoString) => {
      requireLocked(world, 'executeTransaction');
      const actions: Action[] = [];
      const compound: UxpCompoundAction = {
        addAction: (added) => {
          actions.push(added as Action);
          return true;
        },
      };
      callback(compound);
      world.log.push({ name: 'Project.executeTransaction', args: [undoString, actions.map((a) => a.label)] });
      for (const change of actions) change.apply();
      return true;
    },
    lockedAccess: (callback) => {
      world.locked = true;
      try {
        callback();
      } finally {
        world.locked = false;
      }
    },
  };

  function folderWrapper(w: UxpWorld, bin: FakeBin): UxpFolderItem {
    return {
      name: bin.name,
      ...({ fake: bin } as object),
      getItems: async () => bin.children.map((child) => projectItem(w, child)),
      createBinAction: (name, _unique) =>
        action(w, `CreateBin(${name})`, () => {
          bin.children.push({ id: `bin-${nextId++}`, name, children: [] });
        }),
      createRemoveItemAction: (item) =>
        action(w, `RemoveItem(${item.name})`, () => {
          const gone = fakeOf<FakeMedia | FakeBin>(item);
          bin.children = bin.children.filter((child) => child !== gone);
        }),
    } as UxpFolderItem;
  }

  const clipItem = (item: UxpProjectItem): UxpClipProjectItem => {
    const media = fakeOf<FakeMedia>(item);
    return {
      name: media.name,
      ...({ fake: media } as object),
      getMediaFilePath: async () => media.path,
      isSequence: async () => false,
      isOffline: async () => false,
      createSetInOutPointsAction: (inPoint, outPoint) =>
        action(world, `SetInOutPoints(${media.name})`, () => {
          media.marks = [Number(inPoint.ticks), Number(outPoint.ticks)];
        }),
      createClearInOutPointsAction: () =>
        action(world, `ClearInOutPoints(${media.name})`, () => {
          media.marks = null;
        }),
      getInPoint: async () => new Tick(media.marks?.[0] ?? 0),
      getOutPoint: async () => new Tick(media.marks?.[1] ?? media.lengthTicks),
    };
  };

  const editor = (sequence: UxpSequence): UxpSequenceEditor => ({
    createOverwriteItemAction: (item, time, videoTrack, audioTrack) =>
      action(world, `Overwrite(V${videoTrack + 1}/A${audioTrack + 1})`, () => {
        const state = stateOf(world, sequence);
        const media = fakeOf<FakeMedia>(item);
        if (!state) throw new Error('no such sequence');
        const [from, to] = media.marks ?? [0, media.lengthTicks];
        const start = Number(time.ticks);
        const end = start + (to - from);
        while (state.video.length <= videoTrack) state.video.push([]);
        const video = state.video[videoTrack] as FakeClip[];
        clearSpan(video, start, end);
        const placed: FakeClip = {
          media,
          kind: 'video',
          track: videoTrack,
          start,
          end,
          inPoint: from,
          disabled: false,
          selected: false,
          speed: 1,
        };
        video.push(placed);
        if (media.hasAudio) {
          while (state.audio.length <= audioTrack) state.audio.push([]);
          const audio = state.audio[audioTrack] as FakeClip[];
          clearSpan(audio, start, end);
          audio.push({ ...placed, kind: 'audio', track: audioTrack });
        }
      }),
  });

  world.ppro = {
    Metadata: {
      getProjectMetadata: async (item) => fakeOf<FakeMedia>(item).metadata ?? '',
      createSetProjectMetadataAction: (item, metadata, fields) =>
        action(world, `SetProjectMetadata(${fields.join(',')})`, () => {
          fakeOf<FakeMedia>(item).metadata = metadata;
        }),
      addPropertyToProjectMetadataSchema: async (name, label, type) => {
        world.log.push({ name: 'Metadata.addPropertyToProjectMetadataSchema', args: [name, label, type] });
        return true;
      },
    },
    Project: { getActiveProject: async () => (world.project ? project : (null as never)) },
    TickTime: { createWithTicks: (ticks) => new Tick(Number(ticks)), TIME_ZERO: new Tick(0) },
    SequenceEditor: { getEditor: editor },
    EventManager: {
      addEventListener: (_target, event, handler) => {
        const set = world.listeners.get(event) ?? new Set();
        set.add(handler);
        world.listeners.set(event, set);
      },
      removeEventListener: (_target, event, handler) => {
        world.listeners.get(event)?.delete(handler);
      },
    },
    EncoderManager: {
      EVENT_RENDER_COMPLETE: 'EVENT_RENDER_COMPLETE',
      EVENT_RENDER_ERROR: 'EVENT_RENDER_ERROR',
      EVENT_RENDER_CANCEL: 'EVENT_RENDER_CANCEL',
      // The extension from the preset's name, as the fake's presets are named after what they write.
      getExportFileExtension: async (_sequence, preset) =>
        /waveform/i.test(preset)
          ? 'wav'
          : /quicktime|prores/i.test(preset)
            ? 'mov'
            : /h\.?264|match source/i.test(preset)
              ? 'mp4'
              : '',
      getManager: () => ({
        exportSequence: async (sequence, exportType, outputFile, presetFile, exportFull) => {
          world.log.push({
            name: 'EncoderManager.exportSequence',
            args: [sequence.name, exportType, outputFile, presetFile, exportFull],
          });
          if (world.exportBehaviour === 'false') return false;
          const state = stateOf(world, sequence);
          if (exportType === 0 && state && outputFile) {
            // QUEUE_TO_AME: queued, nothing written yet.
            const span = exportFull ? state.lengthTicks : state.outPoint - state.inPoint;
            world.ame.queued.push({ outputFile, seconds: span / TPS });
            return true;
          }
          if (state && outputFile && world.exportBehaviour === 'write') {
            const span = exportFull ? state.lengthTicks : state.outPoint - state.inPoint;
            world.files.set(outputFile, mediaOf(span / TPS));
          }
          return true;
        },
      }),
    },
    ClipProjectItem: { cast: clipItem },
    FolderItem: { cast: (item) => folderWrapper(world, fakeOf<FakeBin>(item)) },
    TrackItemSelection: {
      createEmptySelection: (callback) => {
        callback(selectionWrapper(world, []));
        return true;
      },
    },
    Constants: {
      TrackItemType: { CLIP: 1 },
      ExportType: { QUEUE_TO_AME: 0, IMMEDIATELY: 2 },
      MediaType: { VIDEO: 2 },
    },
  };
  void walk;
  return Object.assign(world, { sequence, clip, sound });
}
