import type { PlaceRequest, PlaceResult } from '../../shared/bridge';
import { offsetFrames } from '../shared/range';
import { hostError } from '../shared/result';
import { formatTicks, framesIn, parseTicks, ticksToSeconds, timeFromTicks } from '../shared/ticks';
import { findProjectItem, frameTicksOf, requireProject, requireSequence, requireVideoClip } from './common';

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
 * Puts the imported result over (or in place of) the original. Never changeMediaPath: it would repoint every
 * use of the original's source in the project.
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

  item.setInPoint(formatTicks(0), ALL_MEDIA);
  item.setOutPoint(formatTicks(lengthTicks), ALL_MEDIA);

  const track = sequence.videoTracks[trackIndex];
  const at = new Time();
  at.ticks = formatTicks(startTicks);
  let written = false;
  try {
    written = track.overwriteClip(item, at) !== false;
  } catch (error) {
    throw hostError('place_failed', `Premiere refused to place the result: ${String(error)}`);
  }
  // The return value is not trustworthy across versions: check the timeline itself.
  const placed = written ? placedClip(track, item, startTicks, frameTicks) : null;
  if (!placed) {
    throw hostError('place_failed', `The result did not land on video track ${trackIndex + 1}`);
  }
  if (request.mode === 'above' && request.disableOriginal) {
    original.clip.disabled = true;
  }
  return {
    trackIndex: trackIndex,
    start: timeFromTicks(parseTicks(placed.start.ticks)),
    end: timeFromTicks(parseTicks(placed.end.ticks)),
  };
}
