import { formatTicks, parseTicks } from '@reanimate/panel-ui/host-rules';
import { hostError } from '../shared/result';

/** Premiere lookups shared by the entry points. Premiere returns 0/null/undefined for "none", so test truthiness. */

export function requireProject(): Project {
  const project = app.project;
  const open = typeof app.isDocumentOpen === 'function' ? app.isDocumentOpen() : true;
  if (!project || !open || !project.rootItem) {
    throw hostError('no_project', 'No project is open in Premiere Pro');
  }
  return project;
}

export function requireSequence(project: Project): Sequence {
  const sequence = project.activeSequence;
  if (!sequence) {
    throw hostError('no_sequence', 'No sequence is active: open the sequence with the clip');
  }
  return sequence;
}

/** Ticks of one frame of the sequence (its timebase). */
export function frameTicksOf(sequence: Sequence): number {
  try {
    const settings = sequence.getSettings();
    if (settings?.videoFrameRate) {
      const ticks = parseTicks(settings.videoFrameRate.ticks);
      if (ticks > 0) {
        return ticks;
      }
    }
  } catch (_error) {
    // Older builds throw from getSettings on some sequences; the timebase string says the same thing.
  }
  return parseTicks(sequence.timebase);
}

export interface LocatedClip {
  clip: TrackItem;
  track: Track;
  trackIndex: number;
}

/** The video track item with this nodeId, and where it sits. */
export function findVideoClip(sequence: Sequence, nodeId: string): LocatedClip | null {
  const tracks = sequence.videoTracks;
  for (let t = 0; t < tracks.numTracks; t++) {
    const track = tracks[t];
    const clips = track.clips;
    for (let c = 0; c < clips.numItems; c++) {
      const clip = clips[c];
      if (clip && clip.nodeId === nodeId) {
        return { clip: clip, track: track, trackIndex: t };
      }
    }
  }
  return null;
}

export function requireVideoClip(sequence: Sequence, nodeId: string): LocatedClip {
  const located = findVideoClip(sequence, nodeId);
  if (!located) {
    throw hostError('not_found', 'The clip is no longer in the active sequence');
  }
  return located;
}

/** Depth-first search of the project panel for an item with this nodeId. */
export function findProjectItem(root: ProjectItem, nodeId: string): ProjectItem | null {
  const children = root.children;
  if (!children) {
    return null;
  }
  for (let i = 0; i < children.numItems; i++) {
    const child = children[i];
    if (!child) {
      continue;
    }
    if (child.nodeId === nodeId) {
      return child;
    }
    if (child.type === ProjectItemType.BIN) {
      const found = findProjectItem(child, nodeId);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

export function mediaPathOf(item: ProjectItem | null | undefined): string | null {
  if (!item) {
    return null;
  }
  try {
    const path = item.getMediaPath();
    return typeof path === 'string' && path !== '' ? path : null;
  } catch (_error) {
    return null;
  }
}

/** Why a track item cannot be re-animated, or null when it can. */
export function unsupportedReason(clip: TrackItem): string | null {
  if (clip.isAdjustmentLayer?.()) {
    return `"${clip.name}" is an adjustment layer`;
  }
  const item = clip.projectItem;
  if (!item) {
    return `"${clip.name}" has no project item`;
  }
  if (item.isSequence?.()) {
    return `"${clip.name}" is a nested sequence`;
  }
  if (mediaPathOf(item) === null) {
    return `"${clip.name}" has no media file (title or graphic)`;
  }
  return null;
}

/**
 * A Time holding exactly these ticks. Premiere reads a bare number or string as seconds (PG#6, S#83) and
 * truncates seconds to a frame (R#314): a Time built from a tick string is the only exact way in.
 */
export function timeOfTicks(ticks: number): Time {
  const time = new Time();
  time.ticks = formatTicks(ticks);
  return time;
}
