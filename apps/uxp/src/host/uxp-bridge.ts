import { HostError, hostRules, type PollOptions, pollForChanges } from '@reanimate/panel-ui';
import type {
  AudioItem,
  ClipSelection,
  ExportResult,
  HostBridge,
  ImportResult,
  PlaceResult,
  ProjectInfo,
  SelectionState,
  SelfTestCleanup,
  SelfTestSetup,
} from '@reanimate/panel-ui/host-bridge';
import {
  fpsFromFrameTicks,
  offsetFrames,
  rangeFrames,
  TICKS_PER_SECOND,
  timeFromTicks,
} from '@reanimate/panel-ui/host-rules';
import type {
  UxpClipTrackItem,
  UxpPremiere,
  UxpProject,
  UxpProjectItem,
  UxpSequence,
  UxpVideoClipTrackItem,
} from './premiere-api.ts';
import { fieldName, withFields } from './project-metadata.ts';

/** What the plugin's platform gives the bridge: its files (UXP `fs`), and Premiere's export presets. */
export interface UxpBridgeDeps {
  ppro: UxpPremiere;
  files: {
    exists(path: string): Promise<boolean>;
    size(path: string): Promise<number>;
    remove(path: string): Promise<void>;
  };
  /**
   * Candidate H.264 (MP4) and Waveform (WAV) presets for exportSequence, best first; each is used only when
   * `EncoderManager.getExportFileExtension` says mp4 / wav. Without a video preset Premiere applies its standard
   * export rules (EncoderManager reference); without a WAV preset the sound is taken from the MP4.
   */
  presets(): Promise<{ video?: string[]; audio?: string[] }>;
  hostVersion: string;
  poll?: PollOptions;
  /** A file's length read from the file itself (core's probe); how Media Encoder's exports are known to be done. */
  probeDuration?: (path: string) => Promise<number | undefined>;
  /** How often to look at Media Encoder's files, and how long to wait for them, ms (5 s, 30 min). */
  encoderWatch?: { everyMs?: number; timeoutMs?: number };
}

/** Metadata.addPropertyToProjectMetadataSchema's type for text (as in the CEP host). */
const TEXT_PROPERTY = 2;
const fail = (code: HostError['code'], message: string) => new HostError({ code, message });

interface Located {
  item: UxpVideoClipTrackItem;
  trackIndex: number;
  start: number;
  end: number;
}

/**
 * A clip's id in the plugin: `<video track>:<start ticks>`. UXP hands out fresh wrapper objects on every call and
 * documents no stable track-item id, while no two clips on one track start on the same tick.
 */
const clipIdOf = (trackIndex: number, startTicks: number) => `${trackIndex}:${startTicks}`;

/**
 * The HostBridge on Premiere's UXP API (Premiere Pro 25.6+): the selected clip and its range in ticks, export of
 * the isolated range, import into a bin, placement through SequenceEditor actions committed in a transaction
 * under lockedAccess, and the user's in/out, selection and active sequence put back on every path.
 */
export function createUxpBridge(deps: UxpBridgeDeps): HostBridge {
  const { ppro } = deps;

  const project = async (): Promise<UxpProject> => {
    const found = await ppro.Project.getActiveProject();
    if (!found) throw fail('no_project', 'No project is open in Premiere Pro');
    return found;
  };
  const sequenceOf = async (p: UxpProject): Promise<UxpSequence> => {
    const found = await p.getActiveSequence();
    if (!found) throw fail('no_sequence', 'No sequence is active: open the sequence with the clip');
    return found;
  };
  /** One transaction under lockedAccess, as Premiere 26.3 requires for every action. */
  const transact = (p: UxpProject, undo: string, build: () => unknown[]) => {
    let ok = false;
    p.lockedAccess(() => {
      ok = p.executeTransaction((compound) => {
        for (const change of build()) compound.addAction(change as object);
      }, undo);
    });
    if (!ok) throw fail('internal', `Premiere refused "${undo}"`);
  };
  const frameTicksOf = async (sequence: UxpSequence) => Number(await sequence.getTimebase());

  async function videoClips(sequence: UxpSequence): Promise<Located[]> {
    const found: Located[] = [];
    const count = await sequence.getVideoTrackCount();
    for (let trackIndex = 0; trackIndex < count; trackIndex++) {
      const track = await sequence.getVideoTrack(trackIndex);
      for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
        found.push({
          item,
          trackIndex,
          start: Number((await item.getStartTime()).ticks),
          end: Number((await item.getEndTime()).ticks),
        });
      }
    }
    return found;
  }

  async function audioClips(sequence: UxpSequence): Promise<(Located & { item: UxpClipTrackItem })[]> {
    const found: (Located & { item: UxpClipTrackItem })[] = [];
    const count = await sequence.getAudioTrackCount();
    for (let trackIndex = 0; trackIndex < count; trackIndex++) {
      const track = await sequence.getAudioTrack(trackIndex);
      for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
        found.push({
          item: item as UxpVideoClipTrackItem,
          trackIndex,
          start: Number((await item.getStartTime()).ticks),
          end: Number((await item.getEndTime()).ticks),
        });
      }
    }
    return found;
  }

  /** The sound linked to a picture: same project item, same span (UXP documents no linked-items call). */
  async function linkedSound(
    sequence: UxpSequence,
    clip: Located,
    sounds?: (Located & { item: UxpClipTrackItem })[],
  ) {
    const id = (await clip.item.getProjectItem()).getId();
    for (const sound of sounds ?? (await audioClips(sequence))) {
      if (
        sound.start === clip.start &&
        sound.end === clip.end &&
        (await sound.item.getProjectItem()).getId() === id
      )
        return sound;
    }
    return undefined;
  }

  async function requireClip(sequence: UxpSequence, clipId: string): Promise<Located> {
    const found = (await videoClips(sequence)).find(
      (clip) => clipIdOf(clip.trackIndex, clip.start) === clipId,
    );
    if (!found) throw fail('not_found', 'The clip is no longer in the active sequence');
    return found;
  }

  async function describeClip(sequence: UxpSequence, clip: Located): Promise<ClipSelection> {
    const frameTicks = await frameTicksOf(sequence);
    const projectItem = await clip.item.getProjectItem();
    const media = ppro.ClipProjectItem.cast(projectItem);
    const path = await media.getMediaFilePath().catch(() => '');
    return {
      clipId: clipIdOf(clip.trackIndex, clip.start),
      clipName: await clip.item.getName(),
      containerId: sequence.guid.toString(),
      containerName: sequence.name,
      start: timeFromTicks(clip.start),
      end: timeFromTicks(clip.end),
      inPoint: timeFromTicks(Number((await clip.item.getInPoint()).ticks)),
      outPoint: timeFromTicks(Number((await clip.item.getOutPoint()).ticks)),
      durationSec: (clip.end - clip.start) / TICKS_PER_SECOND,
      fps: fpsFromFrameTicks(frameTicks),
      mediaPath: path || null,
      projectItemId: projectItem.getId(),
      speed: await clip.item.getSpeed(),
      reversed: (await clip.item.isSpeedReversed()) === 1,
      trackIndex: clip.trackIndex,
      hasLinkedAudio: (await linkedSound(sequence, clip)) !== undefined,
    };
  }

  async function readSelection(): Promise<SelectionState> {
    const p = await ppro.Project.getActiveProject();
    if (!p) return { state: 'no-project' };
    const sequence = await p.getActiveSequence();
    if (!sequence) return { state: 'no-sequence' };
    const clips = await readSelectionOf(sequence);
    if (clips.length === 0) return { state: 'none' };
    if (clips.length > 1) return { state: 'multiple', clips };
    const [clip] = clips as [ClipSelection];
    if (!clip.mediaPath)
      return { state: 'unsupported', reason: `${clip.clipName} has no media file to re-animate.` };
    return { state: 'single', clip };
  }

  /** The picture clips selected in a sequence. */
  async function readSelectionOf(sequence: UxpSequence): Promise<ClipSelection[]> {
    const selected = await (await sequence.getSelection()).getTrackItems();
    const video = await videoClips(sequence);
    const clips: ClipSelection[] = [];
    for (const item of selected) {
      const start = Number((await item.getStartTime()).ticks);
      const trackIndex = await item.getTrackIndex();
      const id = (await item.getProjectItem()).getId();
      // The selection mixes pictures and sounds, and track indices do not say which: a picture is the video clip
      // of the same media at that track and start (a linked sound finds its picture and counts once).
      let picture: Located | undefined;
      for (const clip of video) {
        if (
          clip.trackIndex === trackIndex &&
          clip.start === start &&
          (await clip.item.getProjectItem()).getId() === id
        ) {
          picture = clip;
          break;
        }
      }
      const pictureId = picture ? clipIdOf(picture.trackIndex, picture.start) : undefined;
      if (picture && !clips.some((clip) => clip.clipId === pictureId))
        clips.push(await describeClip(sequence, picture));
    }
    return clips;
  }

  async function readProjectInfo(): Promise<ProjectInfo> {
    const p = await ppro.Project.getActiveProject();
    if (!p)
      return { app: 'ppro', hostVersion: deps.hostVersion, open: false, name: null, path: null, fps: null };
    const sequence = await p.getActiveSequence();
    const frameTicks = sequence ? await frameTicksOf(sequence) : 0;
    return {
      app: 'ppro',
      hostVersion: deps.hostVersion,
      open: true,
      name: p.name || null,
      path: p.path || null,
      fps: frameTicks > 0 ? fpsFromFrameTicks(frameTicks) : null,
    };
  }

  async function findItem(p: UxpProject, id: string): Promise<UxpProjectItem | undefined> {
    const walk = async (items: UxpProjectItem[]): Promise<UxpProjectItem | undefined> => {
      for (const item of items) {
        if (item.getId() === id) return item;
        const children = await ppro.FolderItem.cast(item)
          .getItems()
          .catch(() => [] as UxpProjectItem[]);
        const found = children.length > 0 ? await walk(children) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    return walk(await (await p.getRootItem()).getItems());
  }

  /**
   * Waits for Media Encoder's files. Its events say that some job ended, not which (no payload is documented), and
   * the user's own queue runs in the same Media Encoder: so the files decide — each complete media of the clip's
   * length (within two frames). An error or cancel event with our files incomplete fails the export; nothing at all
   * for `timeoutMs` too.
   */
  async function waitForEncoder(paths: string[], seconds: number, frameSec: number, signal?: AbortSignal) {
    const probe = deps.probeDuration;
    if (!probe) throw fail('export_failed', 'Media Encoder exports need a way to read the files back');
    const manager = ppro.EncoderManager.getManager();
    const everyMs = deps.encoderWatch?.everyMs ?? 5000;
    const timeoutMs = deps.encoderWatch?.timeoutMs ?? 30 * 60_000;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const events: [string, (event?: object) => void][] = [
        [ppro.EncoderManager.EVENT_RENDER_COMPLETE, () => void check()],
        [ppro.EncoderManager.EVENT_RENDER_ERROR, () => void check('reported an error')],
        [ppro.EncoderManager.EVENT_RENDER_CANCEL, () => void check('was cancelled')],
      ];
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const [name, handler] of events) ppro.EventManager.removeEventListener(manager, name, handler);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => settle(signal?.reason instanceof Error ? signal.reason : new Error('Stopped.'));
      async function check(trouble?: string) {
        if (settled) return;
        const lengths = await Promise.all(paths.map((path) => probe?.(path).catch(() => undefined)));
        if (lengths.every((length) => length !== undefined && Math.abs(length - seconds) <= 2 * frameSec)) {
          settle();
        } else if (trouble) {
          settle(fail('export_failed', `Media Encoder ${trouble} before the export was complete: try again`));
        } else if (Date.now() - started >= timeoutMs) {
          settle(
            fail(
              'export_failed',
              `Media Encoder has not finished the export after ${Math.round(timeoutMs / 60_000) || 'a few'} minute(s): check its queue (other queued jobs run first), then try again.`,
            ),
          );
        } else {
          timer = setTimeout(() => void check(), everyMs);
        }
      }
      for (const [name, handler] of events) ppro.EventManager.addEventListener(manager, name, handler);
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => void check(), everyMs);
    });
  }

  /** Tags into Premiere's project metadata, as Reanimate<Key> text columns (the CEP host's fields). */
  async function tag(p: UxpProject, item: UxpProjectItem, tags: Record<string, string>): Promise<void> {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(tags)) {
      const field = fieldName(key);
      await ppro.Metadata.addPropertyToProjectMetadataSchema(field, `Reanimate ${key}`, TEXT_PROPERTY);
      fields[field] = value;
    }
    if (Object.keys(fields).length === 0) return;
    const packet = withFields(await ppro.Metadata.getProjectMetadata(item), fields);
    transact(p, 'Reanimate: tag result', () => [
      ppro.Metadata.createSetProjectMetadataAction(item, packet, Object.keys(fields)),
    ]);
  }

  /** Picture clips selected in a sequence, by id, sorted: what "the selection is as before" compares. */
  async function selectedIds(sequence: UxpSequence): Promise<string> {
    return (await readSelectionOf(sequence))
      .map((clip) => clip.clipId)
      .sort()
      .join(',');
  }

  let selfTest:
    | {
        bin: UxpProjectItem;
        binName: string;
        sequence: UxpSequence | null;
        user: { guid: string; inPoint: string; outPoint: string; selected: string } | null;
        userSequence: UxpSequence | null;
      }
    | undefined;

  /** Removes the self-test's sequence and bin (with the sample and the test's imports) and checks the user's. */
  async function cleanupSelfTest(p: UxpProject): Promise<SelfTestCleanup> {
    const made = selfTest;
    selfTest = undefined;
    const result: SelfTestCleanup = {
      removed: [],
      activeRestored: false,
      marksRestored: false,
      selectionRestored: false,
      problems: [],
    };
    if (!made) {
      result.problems.push('There was no self-test to clean up.');
      return result;
    }
    if (made.sequence) {
      if (await p.deleteSequence(made.sequence).catch(() => false))
        result.removed.push(`sequence "${made.binName}"`);
      else result.problems.push('The self-test sequence could not be deleted.');
    }
    try {
      const root = await p.getRootItem();
      transact(p, 'Reanimate: remove self-test bin', () => [root.createRemoveItemAction(made.bin)]);
      result.removed.push(`bin "${made.binName}" with the sample and the test's imports`);
    } catch (error) {
      result.problems.push(
        `The self-test bin could not be deleted: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!made.user || !made.userSequence) {
      result.activeRestored = true;
      result.marksRestored = true;
      result.selectionRestored = true;
      return result;
    }
    await p.setActiveSequence(made.userSequence).catch(() => false);
    const active = await p.getActiveSequence().catch(() => undefined);
    result.activeRestored = !!active && active.guid.toString() === made.user.guid;
    result.marksRestored =
      (await made.userSequence.getInPoint()).ticks === made.user.inPoint &&
      (await made.userSequence.getOutPoint()).ticks === made.user.outPoint;
    result.selectionRestored = (await selectedIds(made.userSequence)) === made.user.selected;
    if (!result.activeRestored) result.problems.push('Your sequence could not be made active again.');
    if (!result.marksRestored) result.problems.push('Your sequence\u2019s in/out points changed.');
    if (!result.selectionRestored) result.problems.push('Your selection changed.');
    return result;
  }

  return {
    app: 'ppro',
    projectInfo: readProjectInfo,
    getSelection: readSelection,

    async exportSelection(request, options) {
      const p = await project();
      const sequence = await sequenceOf(p);
      const clip = await requireClip(sequence, request.clipId);
      const frameTicks = await frameTicksOf(sequence);
      const clipFrames = Math.round((clip.end - clip.start) / frameTicks);
      const span = hostRules(() =>
        rangeFrames(
          request.range,
          clipFrames,
          frameTicks / TICKS_PER_SECOND,
          (clip.end - clip.start) / TICKS_PER_SECOND,
        ),
      );
      const startTicks = clip.start + span.startFrame * frameTicks;
      const endTicks = span.endFrame === clipFrames ? clip.end : clip.start + span.endFrame * frameTicks;
      const candidates = await deps.presets();
      /** The first candidate that writes `extension`, as Premiere says. */
      const pick = async (list: string[] | undefined, extension: string) => {
        for (const preset of list ?? []) {
          const written = await ppro.EncoderManager.getExportFileExtension(sequence, preset).catch(() => '');
          if (written.replace(/^\./, '').toLowerCase() === extension) return preset;
        }
        return undefined;
      };
      const presets = {
        video: await pick(candidates.video, 'mp4'),
        audio: await pick(candidates.audio, 'wav'),
      };
      const savedIn = (await sequence.getInPoint()).ticks;
      const savedOut = (await sequence.getOutPoint()).ticks;
      const savedSelection = await sequence.getSelection();
      let temporary: UxpSequence | undefined;
      let pending: UxpSequence | undefined;
      const queued = request.encoder === 'media-encoder';
      let outputs: ['video' | 'audio', string, string | undefined][] = [];
      try {
        // In/out from ticks (TickTime.createWithTicks): never float seconds, which can land a frame off.
        transact(p, 'Reanimate: export range', () => [
          sequence.createSetInPointAction(ppro.TickTime.createWithTicks(String(startTicks))),
          sequence.createSetOutPointAction(ppro.TickTime.createWithTicks(String(endTicks))),
        ]);
        const readIn = Number((await sequence.getInPoint()).ticks);
        const readOut = Number((await sequence.getOutPoint()).ticks);
        if (
          Math.abs(readIn - startTicks) >= frameTicks / 2 ||
          Math.abs(readOut - endTicks) >= frameTicks / 2
        ) {
          throw fail('export_failed', 'Premiere did not accept the clip bounds as in/out points');
        }
        // Only the clip and its sound: createSubsequence takes the selection within in/out.
        const sound = await linkedSound(sequence, clip);
        let only: Parameters<UxpSequence['setSelection']>[0] | undefined;
        ppro.TrackItemSelection.createEmptySelection((selection) => {
          selection.addItem(clip.item);
          if (sound) selection.addItem(sound.item);
          only = selection;
        });
        if (!only) throw fail('internal', 'Premiere could not make a selection');
        sequence.setSelection(only);
        temporary = await sequence.createSubsequence(true);
        if (!temporary)
          throw fail('export_failed', 'Premiere could not isolate the clip into a temporary sequence');
        outputs = [['video', request.videoPath, presets.video]];
        if (request.audioPath !== null && presets.audio)
          outputs.push(['audio', request.audioPath, presets.audio]);
        for (const [phase, path, preset] of outputs) {
          options?.onProgress?.({ phase, fraction: null });
          // A stale file must never pass for this export's.
          if (await deps.files.exists(path)) await deps.files.remove(path);
          const ok = await ppro.EncoderManager.getManager().exportSequence(
            temporary,
            queued ? ppro.Constants.ExportType.QUEUE_TO_AME : ppro.Constants.ExportType.IMMEDIATELY,
            path,
            preset,
            true,
          );
          if (!ok)
            throw fail('export_failed', `Premiere could not ${queued ? 'queue' : 'export'} the ${phase}`);
          if (queued) continue;
          if (!(await deps.files.exists(path)) || (await deps.files.size(path)) <= 0) {
            throw fail('export_failed', `Premiere could not export the ${phase} to ${path}`);
          }
          options?.onProgress?.({ phase, fraction: 1 });
        }
        if (queued) {
          // Media Encoder reads the temporary sequence until it is done: it goes after the wait, not before.
          pending = temporary;
          temporary = undefined;
        }
      } finally {
        // Each step on its own, so one failing restore neither hides the error nor skips the others.
        if (temporary) await p.deleteSequence(temporary).catch(() => false);
        try {
          transact(p, 'Reanimate: restore in/out', () => [
            sequence.createSetInPointAction(ppro.TickTime.createWithTicks(savedIn)),
            sequence.createSetOutPointAction(ppro.TickTime.createWithTicks(savedOut)),
          ]);
        } catch {}
        try {
          sequence.setSelection(savedSelection);
        } catch {}
        const active = await p.getActiveSequence().catch(() => undefined);
        if (!active || active.guid.toString() !== sequence.guid.toString())
          await p.setActiveSequence(sequence);
      }
      const frames = span.endFrame - span.startFrame;
      if (pending) {
        const waiting = pending;
        try {
          await waitForEncoder(
            outputs.map(([, path]) => path),
            (frames * frameTicks) / TICKS_PER_SECOND,
            frameTicks / TICKS_PER_SECOND,
            options?.signal,
          );
          for (const [phase] of outputs) options?.onProgress?.({ phase, fraction: 1 });
        } finally {
          await p.deleteSequence(waiting).catch(() => false);
        }
      }
      const result: ExportResult = {
        videoPath: request.videoPath,
        // No WAV preset: the MP4's own sound is the clip's timeline audio (core takes a video file as the audio).
        audioPath: request.audioPath === null ? null : presets.audio ? request.audioPath : request.videoPath,
        durationSec: (frames * frameTicks) / TICKS_PER_SECOND,
        frames,
        method: queued ? 'encoder' : 'render',
      };
      return result;
    },

    async importResult(request): Promise<ImportResult> {
      const p = await project();
      const binOf = async () => {
        for (const item of await (await p.getRootItem()).getItems())
          if (item.name === request.binName) return item;
        return undefined;
      };
      if (!(await binOf())) {
        const root = await p.getRootItem();
        transact(p, 'Reanimate: create bin', () => [root.createBinAction(request.binName, false)]);
      }
      const bin = await binOf();
      if (!bin) throw fail('import_failed', `Premiere did not create the bin "${request.binName}"`);
      if (!(await p.importFiles([request.path], true, bin, false))) {
        throw fail('import_failed', `Premiere did not import ${request.path}`);
      }
      // The project decides, not the return value: the newest item of that file in the bin.
      const items = await ppro.FolderItem.cast(bin).getItems();
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i] as UxpProjectItem;
        const path = await ppro.ClipProjectItem.cast(item)
          .getMediaFilePath()
          .catch(() => '');
        if (path === request.path) {
          await tag(p, item, request.tags).catch(() => undefined); // a good import is not undone by its tags
          return { itemId: item.getId(), name: item.name, binName: request.binName };
        }
      }
      throw fail('import_failed', `The imported ${request.path} is not in "${request.binName}"`);
    },

    async placeResult(request): Promise<PlaceResult> {
      const p = await project();
      const sequence = await sequenceOf(p);
      const original = await requireClip(sequence, request.clipId);
      const item = await findItem(p, request.itemId);
      if (!item) throw fail('not_found', 'The imported result is no longer in the project');
      const media = ppro.ClipProjectItem.cast(item);
      const frameTicks = await frameTicksOf(sequence);
      const clipFrames = Math.round((original.end - original.start) / frameTicks);
      const offset = hostRules(() =>
        offsetFrames(request.offsetSec ?? 0, clipFrames, frameTicks / TICKS_PER_SECOND),
      );
      if (request.mode === 'replace' && offset !== 0) {
        throw fail('bad_request', 'Replace mode places a whole clip (offset 0); place segments above');
      }
      const startTicks = original.start + offset * frameTicks;
      const mediaLength =
        Number((await media.getOutPoint(ppro.Constants.MediaType.VIDEO)).ticks) -
        Number((await media.getInPoint(ppro.Constants.MediaType.VIDEO)).ticks);
      // Never past the original's end: a longer result would overwrite what follows.
      const lengthTicks = Math.min(
        mediaLength > 0 ? mediaLength : original.end - startTicks,
        original.end - startTicks,
      );
      const endTicks = startTicks + lengthTicks;
      const video = await videoClips(sequence);
      const audio = await audioClips(sequence);
      const overlaps = (clips: Located[], track: number) =>
        clips.some((clip) => clip.trackIndex === track && clip.start < endTicks && clip.end > startTicks);
      let trackIndex = original.trackIndex;
      if (request.mode === 'above') {
        const count = await sequence.getVideoTrackCount();
        trackIndex = -1;
        for (let t = original.trackIndex + 1; t < count; t++) {
          if (!overlaps(video, t)) {
            trackIndex = t;
            break;
          }
        }
        if (trackIndex < 0)
          throw fail('place_failed', 'No free video track above the clip: add a video track and try again');
      }
      const originalSound = await linkedSound(sequence, original, audio);
      const ownSound = request.mode === 'replace' ? originalSound : undefined;
      let audioTrack = ownSound ? ownSound.trackIndex : -1;
      if (audioTrack < 0) {
        const count = await sequence.getAudioTrackCount();
        for (let t = 0; t < count; t++) {
          if (!overlaps(audio, t)) {
            audioTrack = t;
            break;
          }
        }
      }
      if (audioTrack < 0) {
        throw fail(
          'place_failed',
          'No free audio track over the clip for the result\u2019s sound: add an audio track and try again',
        );
      }
      transact(p, 'Reanimate: place result', () => [
        media.createSetInOutPointsAction(
          ppro.TickTime.TIME_ZERO,
          ppro.TickTime.createWithTicks(String(lengthTicks)),
        ),
        ppro.SequenceEditor.getEditor(sequence).createOverwriteItemAction(
          item,
          ppro.TickTime.createWithTicks(String(startTicks)),
          trackIndex,
          audioTrack,
        ),
        // The bin item plays whole again afterwards.
        media.createClearInOutPointsAction(),
        ...(request.mode === 'above' && request.disableOriginal
          ? [
              original.item.createSetDisabledAction(true),
              ...(originalSound ? [originalSound.item.createSetDisabledAction(true)] : []),
            ]
          : []),
      ]);
      // The timeline decides: a clip of the item from the start to the end it should have.
      const placed = (await videoClips(sequence)).find(
        (clip) => clip.trackIndex === trackIndex && Math.abs(clip.start - startTicks) < frameTicks / 2,
      );
      if (!placed || (await placed.item.getProjectItem()).getId() !== item.getId()) {
        throw fail('place_failed', `The result did not land on video track ${trackIndex + 1}`);
      }
      if (Math.abs(placed.end - endTicks) >= frameTicks / 2) {
        throw fail(
          'place_failed',
          'The result does not end where the original does: undo (Ctrl/Cmd+Z) and try again',
        );
      }
      let soundTrack: number | null = null;
      const placedSound = await linkedSound(sequence, placed);
      if (placedSound) {
        soundTrack = placedSound.trackIndex;
        if (request.audio === 'none') {
          // Video only: its sound stays in the sequence, switched off.
          transact(p, 'Reanimate: video only', () => [placedSound.item.createSetDisabledAction(true)]);
          soundTrack = null;
        }
      }
      return {
        trackIndex,
        start: timeFromTicks(placed.start),
        end: timeFromTicks(placed.end),
        audioTrackIndex: soundTrack,
      };
    },

    async listAudioItems(): Promise<AudioItem[]> {
      const p = await project();
      const found: AudioItem[] = [];
      const walk = async (items: UxpProjectItem[], binPath: string) => {
        for (const item of items) {
          if (!(await isClip(item))) {
            const children = await ppro.FolderItem.cast(item)
              .getItems()
              .catch(() => [] as UxpProjectItem[]);
            await walk(children, binPath ? `${binPath}/${item.name}` : item.name);
            continue;
          }
          const clip = ppro.ClipProjectItem.cast(item);
          const path = await clip.getMediaFilePath().catch(() => '');
          if (!path || (await clip.isSequence()) || (await clip.isOffline())) continue;
          if (!/\.(wav|aif|aiff|mp3|m4a|aac|flac|mp4|mov|mxf)$/i.test(path)) continue;
          const length =
            Number((await clip.getOutPoint(ppro.Constants.MediaType.VIDEO)).ticks) -
            Number((await clip.getInPoint(ppro.Constants.MediaType.VIDEO)).ticks);
          found.push({
            itemId: item.getId(),
            name: item.name,
            mediaPath: path,
            binPath,
            durationSec: length > 0 ? length / TICKS_PER_SECOND : null,
          });
        }
      };
      const isClip = async (item: UxpProjectItem) => {
        // A bin cast to a clip has no media path (Premiere may answer '' or nothing at all).
        const path: unknown = await ppro.ClipProjectItem.cast(item)
          .getMediaFilePath()
          .catch(() => '');
        return typeof path === 'string' && path !== '';
      };
      await walk(await (await p.getRootItem()).getItems(), '');
      return found;
    },

    // UXP has event listeners for some of this, not documented for the selection: follow it by polling.
    onSelectionChanged: (listener) => pollForChanges(readSelection, listener, deps.poll),
    onProjectChanged: (listener) =>
      pollForChanges(readProjectInfo, listener, { intervalMs: 2000, ...deps.poll }),
    async selfTestSetup(request): Promise<SelfTestSetup> {
      const p = await project();
      if (selfTest) await cleanupSelfTest(p).catch(() => undefined);
      const user = await p.getActiveSequence();
      const saved = user
        ? {
            guid: user.guid.toString(),
            inPoint: (await user.getInPoint()).ticks,
            outPoint: (await user.getOutPoint()).ticks,
            selected: await selectedIds(user),
          }
        : null;
      const name = `Reanimate self-test ${Date.now()}`;
      const root = await p.getRootItem();
      transact(p, 'Reanimate: self-test bin', () => [root.createBinAction(name, false)]);
      const bin = (await (await p.getRootItem()).getItems()).find((item) => item.name === name);
      if (!bin) throw fail('internal', 'Premiere could not create the self-test bin');
      selfTest = { bin, binName: name, sequence: null, user: saved, userSequence: user ?? null };
      if (!(await p.importFiles([request.samplePath], true, bin, false))) {
        throw fail('import_failed', `Premiere did not import the self-test sample ${request.samplePath}`);
      }
      let sample: UxpProjectItem | undefined;
      for (const item of await ppro.FolderItem.cast(bin).getItems()) {
        const path = await ppro.ClipProjectItem.cast(item)
          .getMediaFilePath()
          .catch(() => '');
        if (path === request.samplePath) sample = item;
      }
      if (!sample) throw fail('import_failed', 'The self-test sample is not in its bin');
      const sequence = await p.createSequenceFromMedia(name, [ppro.ClipProjectItem.cast(sample)], bin);
      if (!sequence) throw fail('internal', 'Premiere could not make a sequence of the self-test sample');
      selfTest.sequence = sequence;
      // Not documented to open by itself: made active, so the entry points work on it.
      await p.setActiveSequence(sequence);
      const [clip] = await videoClips(sequence);
      if (!clip) throw fail('internal', 'The self-test sequence has no clip on V1');
      const frameTicks = await frameTicksOf(sequence);
      return {
        clipId: clipIdOf(clip.trackIndex, clip.start),
        binName: name,
        containerName: name,
        fps: fpsFromFrameTicks(frameTicks),
      };
    },
    async selfTestCleanup(): Promise<SelfTestCleanup> {
      return cleanupSelfTest(await project());
    },
  };
}
