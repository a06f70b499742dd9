import type { PlaceRequest, PlaceResult } from '@reanimate/panel-ui/host-bridge';
import {
  framesIn,
  offsetFrames,
  parseTicks,
  ticksToSeconds,
  timeFromTicks,
} from '@reanimate/panel-ui/host-rules';
import { hostError } from '../shared/result';
import {
  findProjectItem,
  frameTicksOf,
  requireProject,
  requireSequence,
  requireVideoClip,
  timeOfTicks,
} from './common';

/** All projectItem.setInPoint/setOutPoint media types (1 video, 2 audio, 4 all). */
const ALL_MEDIA = 4;

function overlaps(track: Track, startTicks: number, endTicks: number): boolean {
  const clips = track.clips;
  for (let c = 0; c < clips.numItems; c++) {
    const clip = clips[c];
    if (clip && parseTicks(clip.start.ticks) < endTicks && parseTicks(clip.end.ticks) > startTicks) {
      return true;
    }
  }
  return false;
}

function isLocked(track: Track): boolean {
  return typeof track.isLocked === 'function' && track.isLocked();
}

/** The clip of `item` that now starts at `startTicks` on `track` (within half a frame), if any. */
function placedClip(
  track: Track,
  item: ProjectItem,
  startTicks: number,
  frameTicks: number,
): TrackItem | null {
  const clips = track.clips;
  for (let c = 0; c < clips.numItems; c++) {
    const clip = clips[c];
    if (
      clip?.projectItem &&
      clip.projectItem.nodeId === item.nodeId &&
      Math.abs(parseTicks(clip.start.ticks) - startTicks) < frameTicks / 2
    ) {
      return clip;
    }
  }
  return null;
}

/** The audio track the original's sound is on (its first linked audio item), or -1. */
function linkedAudioTrack(sequence: Sequence, clip: TrackItem): number {
  const linked = clip.getLinkedItems();
  if (!linked) {
    return -1;
  }
  for (let i = 0; i < linked.numItems; i++) {
    const item = linked[i];
    if (!item || item.nodeId === clip.nodeId) {
      continue;
    }
    const tracks = sequence.audioTracks;
    for (let t = 0; t < tracks.numTracks; t++) {
      const clips = tracks[t].clips;
      for (let c = 0; c < clips.numItems; c++) {
        if (clips[c] && clips[c].nodeId === item.nodeId) {
          return t;
        }
      }
    }
  }
  return -1;
}

/** The first unlocked audio track with nothing over [start, end), or -1. */
function freeAudioTrack(sequence: Sequence, startTicks: number, endTicks: number): number {
  const tracks = sequence.audioTracks;
  for (let t = 0; t < tracks.numTracks; t++) {
    if (!isLocked(tracks[t]) && !overlaps(tracks[t], startTicks, endTicks)) {
      return t;
    }
  }
  return -1;
}

/** The audio item linked to the placed video item, if Premiere linked one. */
function linkedSound(placed: TrackItem): TrackItem | null {
  const linked = placed.getLinkedItems();
  if (!linked) {
    return null;
  }
  for (let i = 0; i < linked.numItems; i++) {
    if (linked[i] && linked[i].nodeId !== placed.nodeId) {
      return linked[i];
    }
  }
  return null;
}

/** Disables the clip and the audio linked to it: `disabled` on a video item is the video switch only. */
function disableWithSound(clip: TrackItem): void {
  clip.disabled = true;
  const linked = clip.getLinkedItems();
  if (linked) {
    for (let i = 0; i < linked.numItems; i++) {
      if (linked[i]) {
        linked[i].disabled = true;
      }
    }
  }
}

/** Clears the item's in/out so the bin item plays whole again; a build without clear* gets the whole media. */
function clearMarks(item: ProjectItem): void {
  try {
    if (typeof item.clearInPoint === 'function' && typeof item.clearOutPoint === 'function') {
      item.clearInPoint();
      item.clearOutPoint();
    }
  } catch (_error) {}
}

/** The length the item plays when placed (its in..out), or null when Premiere does not say. */
function playedLength(item: ProjectItem): number | null {
  try {
    const length = parseTicks(item.getOutPoint().ticks) - parseTicks(item.getInPoint().ticks);
    return length > 0 ? length : null;
  } catch (_error) {
    return null;
  }
}

/**
 * Puts the imported result over (or in place of) the original, its sound on an audio track free over the span.
 * Never changeMediaPath: it would repoint every use of the original's source in the project.
 */
export function placeResult(request: PlaceRequest): PlaceResult {
  const project = requireProject();
  const sequence = requireSequence(project);
  const original = requireVideoClip(sequence, request.clipId);
  const item = findProjectItem(project.rootItem, request.itemId);
  if (!item) {
    throw hostError('not_found', 'The imported result is no longer in the project');
  }
  const frameTicks = frameTicksOf(sequence);
  const clipStartTicks = parseTicks(original.clip.start.ticks);
  const endTicks = parseTicks(original.clip.end.ticks);
  const clipFrames = framesIn(endTicks - clipStartTicks, frameTicks);
  const offset = offsetFrames(request.offsetSec || 0, clipFrames, ticksToSeconds(frameTicks));
  const startTicks = clipStartTicks + offset * frameTicks;
  // Never past the original's end: a longer file would overwrite its neighbours. A shorter one plays whole.
  const known = playedLength(item);
  const lengthTicks = known !== null && known < endTicks - startTicks ? known : endTicks - startTicks;
  if (request.mode === 'replace') {
    // Replace swaps the whole clip: a part (a segment of a split clip) would leave the rest of the original
    // behind, and offsets are measured from a start that the first overwrite moves. Segments go above.
    if (offset !== 0) {
      throw hostError('bad_request', 'Replace mode places a whole clip (offset 0); place segments above');
    }
    if (endTicks - startTicks - lengthTicks > frameTicks * 1.5) {
      throw hostError(
        'bad_request',
        'Replace mode needs a result as long as the clip; place it above instead',
      );
    }
  }

  let trackIndex = original.trackIndex;
  if (request.mode === 'above') {
    trackIndex = -1;
    const tracks = sequence.videoTracks;
    for (let t = original.trackIndex + 1; t < tracks.numTracks; t++) {
      if (!isLocked(tracks[t]) && !overlaps(tracks[t], startTicks, startTicks + lengthTicks)) {
        trackIndex = t;
        break;
      }
    }
    if (trackIndex < 0) {
      // The documented API cannot add tracks (only the unsupported QE DOM can).
      throw hostError('place_failed', 'No free video track above the clip: add a video track and try again');
    }
  } else if (isLocked(original.track)) {
    throw hostError('place_failed', 'The clip\u2019s track is locked');
  }

  // Where the sound goes. Sequence.overwriteClip always places it somewhere, so even "video only" needs a track
  // that can take it for a moment without losing anything; the sound is taken off again right after.
  const replacing = request.mode === 'replace';
  const ownAudio = replacing ? linkedAudioTrack(sequence, original.clip) : -1;
  const audioTrack =
    ownAudio >= 0 && !isLocked(sequence.audioTracks[ownAudio])
      ? ownAudio
      : freeAudioTrack(sequence, startTicks, startTicks + lengthTicks);
  if (audioTrack < 0) {
    throw hostError(
      'place_failed',
      'No free audio track over the clip for the result\u2019s sound: add an audio track and try again',
    );
  }

  const track = sequence.videoTracks[trackIndex];
  let written = false;
  try {
    // Time objects from ticks: a tick string would be read as seconds (PG#6, S#83) and never clamp anything.
    item.setInPoint(timeOfTicks(0), ALL_MEDIA);
    item.setOutPoint(timeOfTicks(lengthTicks), ALL_MEDIA);
    written = sequence.overwriteClip(item, timeOfTicks(startTicks), trackIndex, audioTrack) !== false;
  } catch (error) {
    clearMarks(item);
    throw hostError('place_failed', `Premiere refused to place the result: ${String(error)}`);
  }
  clearMarks(item);
  // The return value is not trustworthy across versions: check the timeline itself, start and end.
  const placed = written ? placedClip(track, item, startTicks, frameTicks) : null;
  if (!placed) {
    throw hostError('place_failed', `The result did not land on video track ${trackIndex + 1}`);
  }
  const placedEnd = parseTicks(placed.end.ticks);
  if (placedEnd - (startTicks + lengthTicks) >= frameTicks / 2) {
    throw hostError(
      'place_failed',
      `The result ends ${framesIn(placedEnd - startTicks - lengthTicks, frameTicks)} frame(s) past the original: undo (Ctrl/Cmd+Z) and try again`,
    );
  }
  let soundTrack: number | null = audioTrack;
  const sound = linkedSound(placed);
  if (request.audio === 'none' && sound) {
    sound.remove(false, false);
    soundTrack = null;
  } else if (!sound) {
    soundTrack = null;
  }
  if (request.mode === 'above' && request.disableOriginal) {
    disableWithSound(original.clip);
  }
  return {
    trackIndex: trackIndex,
    start: timeFromTicks(parseTicks(placed.start.ticks)),
    end: timeFromTicks(placedEnd),
    audioTrackIndex: soundTrack,
  };
}
