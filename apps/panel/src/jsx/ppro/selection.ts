import type { ClipSelection, SelectionState } from '@reanimate/panel-ui/host-bridge';
import { fpsFromFrameTicks, parseTicks, ticksToSeconds, timeFromTicks } from '@reanimate/panel-ui/host-rules';
import { frameTicksOf, mediaPathOf, unsupportedReason } from './common';

function hasLinkedAudio(clip: TrackItem): boolean {
  try {
    const linked = clip.getLinkedItems();
    if (!linked) {
      return false;
    }
    for (let i = 0; i < linked.numItems; i++) {
      const item = linked[i];
      if (item && (item.mediaType === 'Audio' || item.type === 2)) {
        return true;
      }
    }
  } catch (_error) {
    // Unlinkable items (some synthetics) throw; they have no linked audio.
  }
  return false;
}

function trackIndexOf(sequence: Sequence, clip: TrackItem): number {
  const tracks = sequence.videoTracks;
  for (let t = 0; t < tracks.numTracks; t++) {
    const clips = tracks[t].clips;
    for (let c = 0; c < clips.numItems; c++) {
      if (clips[c] && clips[c].nodeId === clip.nodeId) {
        return t;
      }
    }
  }
  return typeof clip.parentTrackIndex === 'number' ? clip.parentTrackIndex : -1;
}

export function describeClip(sequence: Sequence, clip: TrackItem): ClipSelection {
  const frameTicks = frameTicksOf(sequence);
  const start = parseTicks(clip.start.ticks);
  const end = parseTicks(clip.end.ticks);
  const item = clip.projectItem;
  return {
    clipId: clip.nodeId,
    clipName: clip.name,
    containerId: sequence.sequenceID,
    containerName: sequence.name,
    start: timeFromTicks(start),
    end: timeFromTicks(end),
    inPoint: timeFromTicks(parseTicks(clip.inPoint.ticks)),
    outPoint: timeFromTicks(parseTicks(clip.outPoint.ticks)),
    durationSec: ticksToSeconds(end - start),
    fps: fpsFromFrameTicks(frameTicks),
    mediaPath: mediaPathOf(item),
    projectItemId: item ? item.nodeId : null,
    speed: typeof clip.getSpeed === 'function' ? clip.getSpeed() : 1,
    reversed: typeof clip.isSpeedReversed === 'function' ? Number(clip.isSpeedReversed()) === 1 : false,
    trackIndex: trackIndexOf(sequence, clip),
    hasLinkedAudio: hasLinkedAudio(clip),
  };
}

/** Selected video track items of the sequence, in timeline order, without Premiere's 'anonymous' entries. */
export function selectedVideoClips(sequence: Sequence): TrackItem[] {
  const selected = sequence.getSelection();
  const clips: TrackItem[] = [];
  if (!selected) {
    return clips;
  }
  for (let i = 0; i < selected.length; i++) {
    const clip = selected[i];
    if (clip && clip.name !== 'anonymous' && (clip.mediaType === 'Video' || clip.type === 1)) {
      clips.push(clip);
    }
  }
  return clips;
}

export function readSelection(): SelectionState {
  const project = app.project;
  const open = typeof app.isDocumentOpen === 'function' ? app.isDocumentOpen() : true;
  if (!project || !open || !project.rootItem) {
    return { state: 'no-project' };
  }
  const sequence = project.activeSequence;
  if (!sequence) {
    return { state: 'no-sequence' };
  }
  const clips = selectedVideoClips(sequence);
  if (clips.length === 0) {
    return { state: 'none' };
  }
  const usable: ClipSelection[] = [];
  let firstReason = '';
  for (let i = 0; i < clips.length; i++) {
    const reason = unsupportedReason(clips[i]);
    if (reason === null) {
      usable.push(describeClip(sequence, clips[i]));
    } else if (firstReason === '') {
      firstReason = reason;
    }
  }
  if (usable.length === 0) {
    return { state: 'unsupported', reason: firstReason };
  }
  return usable.length === 1 ? { state: 'single', clip: usable[0] } : { state: 'multiple', clips: usable };
}
