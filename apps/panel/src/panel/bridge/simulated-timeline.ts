import type { ClipSelection, HostTime } from '@reanimate/panel-ui/host-bridge';

export const TICKS_PER_SECOND = 254016000000n;

export function hostTime(seconds: number): HostTime {
  // Ticks from whole milliseconds keep the BigInt arithmetic exact.
  return { seconds, ticks: ((BigInt(Math.round(seconds * 1000)) * TICKS_PER_SECOND) / 1000n).toString() };
}

/** A clip of the simulated timeline: the selection the host would report, plus the sample media behind it. */
export interface SimulatedClip {
  selection: ClipSelection;
  /** Sample file (under the dev server's media path) the simulated export hands back. */
  media: string | null;
  /** Sample file standing in for the clip's own timeline audio. */
  audio: string | null;
  /** Why the host cannot re-animate it, for titles and the like. */
  unsupported?: string;
  /** What a ranged export hands back instead of `media` (a browser cannot cut a file). */
  rangedMedia?: string;
}

export function simulatedClip(
  clipId: string,
  clipName: string,
  startSec: number,
  durationSec: number,
  trackIndex: number,
  media: string | null,
): ClipSelection {
  return {
    clipId,
    clipName,
    containerId: 'seq-1',
    containerName: 'Edit v3',
    start: hostTime(startSec),
    end: hostTime(startSec + durationSec),
    inPoint: hostTime(0),
    outPoint: hostTime(durationSec),
    durationSec,
    fps: 24,
    mediaPath: media ? `/Media/${media}` : null,
    projectItemId: media ? `item-${clipId}` : null,
    speed: 1,
    reversed: false,
    trackIndex,
    hasLinkedAudio: media !== null,
  };
}

/**
 * A face close-up (4 s), a 16 s take (needs a split), a title (unsupported), a second short face clip, and two
 * clips the face check warns about: a cut to a shot without a face, and two faces in one shot.
 */
export const SIMULATED_CLIPS: readonly SimulatedClip[] = [
  {
    selection: simulatedClip('clip1', 'Interview A', 0, 4.022, 0, 'face.mp4'),
    media: 'face.mp4',
    audio: 'dub.wav',
  },
  {
    selection: simulatedClip('clip2', 'Long take', 4.022, 16.064, 0, 'long-16s.mp4'),
    media: 'long-16s.mp4',
    audio: 'long-16s.mp3',
  },
  {
    selection: simulatedClip('title', 'Lower third', 1, 3, 1, null),
    media: null,
    audio: null,
    unsupported: 'Lower third is a title: it has no footage to re-animate.',
  },
  {
    selection: simulatedClip('clip3', 'Interview B', 20.086, 4.022, 0, 'face.mov'),
    media: 'face.mp4',
    audio: 'dub.wav',
  },
  {
    selection: simulatedClip('clip4', 'Cutaway', 24.108, 4, 0, 'face-cut.mp4'),
    media: 'face-cut.mp4',
    audio: 'dub.wav',
  },
  {
    selection: simulatedClip('clip5', 'Two-shot', 28.108, 4, 0, 'two-faces.mp4'),
    media: 'two-faces.mp4',
    audio: 'dub.wav',
  },
];
